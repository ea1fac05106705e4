"""Export customers (the selected ones, those the list shows, or all) to CSV or vCard."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.tasks import Progress
from desktop_crm.ui.widgets.progress_dialog import ProgressJob, run_with_progress
from desktop_crm.ui.widgets.status import show_status

SELECTED, FILTERED, EVERYONE = "selected", "filtered", "all"
CSV, VCARD = "csv", "vcard"


class ExportDialog(QDialog):
    """Choose what and how, then where: the file is written off the UI thread."""

    def __init__(
        self,
        ctx: UiContext,
        selected_ids: list[int],
        query: CustomerQuery,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Export customers"))
        self.setMinimumWidth(460)
        self.selected_ids = list(selected_ids)
        # The list's search and filters; its order does not matter for a file.
        self.query = query
        customers = ctx.shop.customers
        filtered = customers.count(query)
        everyone = customers.count(CustomerQuery(archive=ArchiveFilter.ALL))
        self.counts = {SELECTED: len(self.selected_ids), FILTERED: filtered, EVERYONE: everyone}

        def count_text(count: int) -> str:
            return ngettext("{count} customer", "{count} customers", count).format(count=count)

        self.scope = QButtonGroup(self)
        self.scope_buttons: dict[str, QRadioButton] = {}
        which = QGroupBox(_("Which customers"), self)
        column = QVBoxLayout(which)
        for key, text in (
            (SELECTED, _("The selected ones ({count})")),
            (FILTERED, _("Those the list shows now, with its search and filters ({count})")),
            (EVERYONE, _("All customers, archived ones included ({count})")),
        ):
            button = QRadioButton(text.format(count=count_text(self.counts[key])), which)
            self.scope.addButton(button)
            self.scope_buttons[key] = button
            column.addWidget(button)
        self.scope_buttons[SELECTED].setEnabled(bool(self.selected_ids))
        default = SELECTED if len(self.selected_ids) > 1 else FILTERED
        self.scope_buttons[default].setChecked(True)

        self.format = QButtonGroup(self)
        self.format_buttons: dict[str, QRadioButton] = {}
        how = QGroupBox(_("File format"), self)
        column = QVBoxLayout(how)
        for key, text in (
            (CSV, _("CSV, for spreadsheets and other programs")),
            (VCARD, _("vCard, for phones and address books")),
        ):
            button = QRadioButton(text, how)
            self.format.addButton(button)
            self.format_buttons[key] = button
            column.addWidget(button)
        self.format_buttons[CSV].setChecked(True)

        note = QLabel(_("Exports are recorded on the audit list."), self)
        note.setStyleSheet("color: #666;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(_("E&xport…"))
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(which)
        layout.addWidget(how)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self.job: ProgressJob | None = None
        self.exported: int | None = None

    def chosen_scope(self) -> str:
        return next(k for k, b in self.scope_buttons.items() if b.isChecked())

    def chosen_format(self) -> str:
        return next(k for k, b in self.format_buttons.items() if b.isChecked())

    def export(self) -> None:
        scope, kind = self.chosen_scope(), self.chosen_format()
        if self.counts[scope] == 0:
            self.ctx.prompts.info(_("Export customers"), _("There is nobody to export."))
            return
        suffix = ".csv" if kind == CSV else ".vcf"
        filters = "CSV (*.csv)" if kind == CSV else "vCard (*.vcf)"
        path = self.ctx.prompts.save_file(_("Export customers"), _("customers") + suffix, filters)
        if path is None:
            return
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        ids: list[int] | None = None
        query: CustomerQuery | None = None
        if scope == SELECTED:
            ids = self.selected_ids
        elif scope == FILTERED:
            query = dataclasses.replace(self.query)
        else:
            query = CustomerQuery(archive=ArchiveFilter.ALL)
        exports = self.ctx.shop.exports
        write = exports.export_csv if kind == CSV else exports.export_vcard
        staff_id = self.ctx.current_staff_id()

        def work(progress: Progress, cancelled: Callable[[], bool]) -> int:
            return write(
                path, query, ids, staff_id=staff_id, progress=progress, cancelled=cancelled
            )

        self.setEnabled(False)
        job = run_with_progress(
            self.parentWidget() or self,
            _("Export customers"),
            _("Writing {file}…").format(file=path.name),
            work,
            lambda count: self._done(path, count, job.dialog.stop.is_set() and count == 0),
            self._failed,
        )
        self.job = job

    def _done(self, path: Path, count: int, cancelled: bool) -> None:
        if cancelled:
            self.setEnabled(True)
            self.ctx.prompts.info(
                _("Export cancelled"), _("The export was cancelled; no file was written.")
            )
            return
        self.exported = count
        message = ngettext(
            "Exported {count} customer to {file}", "Exported {count} customers to {file}", count
        ).format(count=count, file=str(path))
        show_status(self.parentWidget() or self, message)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.setEnabled(True)
        if isinstance(error, CrmError):
            detail = error_text(error)
        elif isinstance(error, OSError):
            detail = error.strerror or str(error)
        else:
            detail = str(error) or type(error).__name__
        self.ctx.prompts.error(
            _("Export customers"),
            _("The file could not be written: {detail}").format(detail=detail),
        )
