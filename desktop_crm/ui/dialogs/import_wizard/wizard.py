"""The import wizard: its three pages, loading the file, and running the import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget, QWizard

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.import_wizard.file_page import FilePage
from desktop_crm.ui.dialogs.import_wizard.mapping_page import MappingPage
from desktop_crm.ui.dialogs.import_wizard.result_page import ResultPage
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.tasks import Progress
from desktop_crm.ui.widgets.progress_dialog import ProgressJob, run_with_progress

if TYPE_CHECKING:
    from desktop_crm.services.imports.results import ImportPreview, ImportResult


class ImportWizard(QWizard):
    """``import_result`` is the ImportResult once the import ran."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import customers"))
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setMinimumSize(900, 620)
        self.resize(1000, 660)
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.import_result: ImportResult | None = None
        self.job: ProgressJob | None = None
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.result_page):
            self.addPage(page)

    def load(self, path: Path) -> None:
        """Read the start of ``path`` (raises CrmError or OSError when it cannot be)."""
        self.preview = self.ctx.shop.imports.preview(path)
        self.path = path

    def start_import(self, mapping: dict[int, str] | None) -> None:
        path = self.path
        if path is None or (self.job is not None and not self.job.finished):
            return
        imports = self.ctx.shop.imports
        staff_id = self.ctx.current_staff_id()

        def work(progress: Progress, cancelled: Callable[[], bool]) -> ImportResult:
            return imports.run(
                path, mapping, staff_id=staff_id, progress=progress, cancelled=cancelled
            )

        self.job = run_with_progress(
            self,
            _("Import customers"),
            _("Importing {file}…").format(file=path.name),
            work,
            self._imported,
            self._failed,
        )

    def _imported(self, result: ImportResult) -> None:
        if result.cancelled:
            self.ctx.prompts.info(
                _("Import cancelled"),
                _("The import was cancelled. Nothing was imported: the customers are as before."),
            )
            return
        self.import_result = result
        if result.created:
            self.ctx.bus.customers_changed.emit()
        self.next()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CrmError):
            text = error_text(error)
        else:
            text = str(error) or type(error).__name__
        self.mapping_page.show_error(
            _("The import stopped: {detail} Nothing was imported.").format(detail=text)
        )
