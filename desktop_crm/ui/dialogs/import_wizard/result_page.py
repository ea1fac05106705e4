"""Page 3: what happened, and the rows that were not imported, to save as a CSV file."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWizardPage

from desktop_crm.i18n import _, ngettext, translate_error
from desktop_crm.ui.dialogs.import_wizard.cell_text import cells_text
from desktop_crm.ui.dialogs.import_wizard.styles import HINT_STYLE
from desktop_crm.ui.labels import field_label
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from desktop_crm.services.imports.results import RowError
    from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard


def _problem_text(error: RowError) -> str:
    return translate_error(error.message, dict(error.params))


def error_columns(headers: Callable[[], list[str]]) -> list[Column[RowError]]:
    """Line, field, problem and the row as it was in the file (``headers``: the file's)."""
    return [
        Column(lambda: _("Line"), lambda e: str(e.line) if e.line else "", align=RIGHT),
        Column(lambda: _("Field"), lambda e: field_label(e.field) if e.field else ""),
        Column(lambda: _("Problem"), _problem_text),
        Column(lambda: _("In the file"), lambda e: cells_text(e.source, headers())),
    ]


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Import finished"))
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setStyleSheet("font-size: 16px; font-weight: 600;")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(HINT_STYLE)
        self.errors_model: ListModel[RowError] = ListModel(
            error_columns(lambda: list(wizard.preview.headers) if wizard.preview else []), self
        )
        self.errors = RecordTable(self)
        self.errors.setObjectName("import_errors")
        self.errors.setModel(self.errors_model)
        self.errors.set_column_widths([50, 90, 480])
        self.save_button = QPushButton(_("&Save problems as CSV…"), self)
        self.saved = QLabel(self)
        self.saved.setObjectName("saved_errors")
        self.saved.setStyleSheet(HINT_STYLE)
        self.saved.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.explanation)
        layout.addWidget(self.errors, 1)
        layout.addLayout(row)
        self.save_button.clicked.connect(self.save_errors)

    def initializePage(self) -> None:
        result = self._wizard.import_result
        if result is None:
            return
        problems = len(result.errors)
        parts = [
            ngettext("{count} created", "{count} created", result.created).format(
                count=result.created
            ),
            ngettext(
                "{count} already there", "{count} already there", result.skipped_existing
            ).format(count=result.skipped_existing),
            ngettext("{count} problem", "{count} problems", problems).format(count=problems),
        ]
        # Translators: the separator between the parts of a list ("2 created, 1 problem").
        self.summary.setText(_(", ").join(parts))
        if problems:
            self.explanation.setText(
                _(
                    "The rows below were not imported; the others were. Save them as a CSV "
                    "file, correct them in a spreadsheet and import that file: customers "
                    "already imported are recognised by their email or phone and skipped."
                )
            )
        elif result.skipped_existing:
            self.explanation.setText(
                _(
                    "Every row was imported or was already there (same email or phone as a "
                    "customer you have)."
                )
            )
        else:
            self.explanation.setText(_("Every row was imported."))
        self.errors_model.set_records(result.errors)
        self.errors.setVisible(bool(problems))
        self.save_button.setVisible(bool(problems))
        self.saved.clear()

    def save_errors(self) -> None:
        from desktop_crm.services.imports.error_csv import write_error_csv

        result, preview, path = self._wizard.import_result, self._wizard.preview, self._wizard.path
        if result is None or preview is None:
            return
        stem = path.stem if path else "import"
        target = self._wizard.ctx.prompts.save_file(
            _("Save problems as CSV"),
            _("{name} - problems.csv").format(name=stem),
            "CSV (*.csv)",
        )
        if target is None:
            return
        if target.suffix == "":
            target = target.with_suffix(".csv")
        try:
            write_error_csv(result, list(preview.headers), target)
        except OSError as exc:
            self._wizard.ctx.prompts.error(
                _("Save problems as CSV"),
                _("The file could not be written: {detail}").format(
                    detail=exc.strerror or str(exc)
                ),
            )
            return
        self.saved.setText(_("Saved to {path}").format(path=str(target)))
