"""Bring customers in from a CSV or vCard file: choose it, check the columns, import, see problems.

The import itself runs off the UI thread behind a progress dialog with Cancel; a cancelled
import writes nothing. Rows that cannot be imported are listed with the reason and can be saved
as a CSV file to correct and import again (rows already imported are skipped then).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_crm.domain.contact_details import format_phone
from desktop_crm.domain.errors import CrmError, ValidationError
from desktop_crm.i18n import _, ngettext, translate_error
from desktop_crm.i18n.formatting import format_date
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import duplicate_reason, field_label, language_name
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.tasks import Progress
from desktop_crm.ui.widgets.field_form import ERROR_STYLE
from desktop_crm.ui.widgets.progress_dialog import ProgressJob, run_with_progress
from desktop_crm.ui.widgets.record_table import RecordTable

if TYPE_CHECKING:
    from desktop_crm.domain.customers import CustomerDraft
    from desktop_crm.services.transfer import ImportPreview, ImportResult, RowError

FILE_FILTERS = "{contacts} (*.csv *.txt *.vcf *.vcard);;CSV (*.csv *.txt);;vCard (*.vcf *.vcard)"
PROBLEM_BRUSH = QBrush(QColor("#c62828"))
PROBLEM_BACKGROUND = QBrush(QColor("#fdecea"))
SKIPPED_BRUSH = QBrush(QColor("#777777"))
HINT_STYLE = "color: #555;"


def one_line(text: str) -> str:
    """A cell on one table line, its line breaks shown as ⏎."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ⏎ ")


def delimiter_name(delimiter: str) -> str:
    names = {
        ",": _("comma"),
        ";": _("semicolon"),
        "\t": _("tab"),
        "|": _("vertical bar"),
    }
    return names.get(delimiter, repr(delimiter))


def _problem_text(error: RowError) -> str:
    return translate_error(error.message, dict(error.params))


def cells_text(cells: tuple[str, ...] | list[str], headers: list[str]) -> str:
    """A row's non-empty cells under their column names: "Name: Bob · Phone: 12"."""
    parts = []
    for column, cell in enumerate(cells):
        if cell.strip():
            header = headers[column] if column < len(headers) else ""
            parts.append(f"{header}: {one_line(cell)}" if header else one_line(cell))
    return " · ".join(parts)


def error_columns(headers: Callable[[], list[str]]) -> list[Column[RowError]]:
    """Line, field, problem and the row as it was in the file (``headers``: the file's)."""
    return [
        Column(lambda: _("Line"), lambda e: str(e.line) if e.line else "", align=RIGHT),
        Column(lambda: _("Field"), lambda e: field_label(e.field) if e.field else ""),
        Column(lambda: _("Problem"), _problem_text),
        Column(lambda: _("In the file"), lambda e: cells_text(e.source, headers())),
    ]


# --- page 1: the file
class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _(
                "A CSV file saved from a spreadsheet or exported by another program (Google "
                "Contacts and Outlook exports are recognised), or a vCard file from a phone or "
                "an address book."
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("File to import"))
        self.browse_button = QPushButton(_("&Browse…"), self)
        self.error = QLabel(self)
        self.error.setObjectName("error_file")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        hint = QLabel(
            _(
                "Nothing is changed until you press “Import” on the next page. Importing the "
                "same file again adds nobody twice."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(hint)
        self.browse_button.clicked.connect(self.browse)
        self.path_edit.textChanged.connect(lambda _text: self._path_edited())

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def browse(self) -> None:
        chosen = self._wizard.ctx.prompts.open_file(
            _("Import customers"), FILE_FILTERS.format(contacts=_("Contacts"))
        )
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _path_edited(self) -> None:
        self.error.setVisible(False)
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        path = self.path()
        if not path.is_file():
            self.show_error(_("There is no file at {path}.").format(path=str(path)))
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big file: a moment
        try:
            self._wizard.load(path)
        except CrmError as exc:
            self.show_error(error_text(exc))
            return False
        except OSError as exc:
            self.show_error(
                _("The file cannot be read: {detail}").format(detail=exc.strerror or str(exc))
            )
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return True


# --- page 2: the columns
@dataclass(frozen=True)
class PreviewRow:
    row: str
    values: dict[str, str]
    remark: str  # why it will not be imported, or that it is skipped as already there
    problem: bool


class MappingPage(QWizardPage):
    """What each column holds (CSV), and the first rows as they would be imported."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Check the columns"))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.details = QLabel(self)
        self.details.setObjectName("file_details")
        self.details.setStyleSheet(HINT_STYLE)
        self.mapping_table = QTableWidget(0, 3, self)
        self.mapping_table.setHorizontalHeaderLabels(
            [_("Column in the file"), _("First value"), _("Import as")]
        )
        self._plain_table(self.mapping_table)
        self.mapping_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the combos take the keys
        header = self.mapping_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.mapping_table.setColumnWidth(0, 220)
        self.mapping_table.setColumnWidth(2, 230)
        self.combos: list[QComboBox] = []
        self.warning = QLabel(self)
        self.warning.setObjectName("mapping_warning")
        self.warning.setStyleSheet(ERROR_STYLE)
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        self.preview_caption = QLabel(self)
        self.preview_caption.setStyleSheet("font-weight: 600;")
        self.preview = QTableWidget(0, 0, self)
        self.preview.setObjectName("import_preview")
        self._plain_table(self.preview)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.horizontalHeader().setStretchLastSection(True)

        self.mapping_box = QWidget(self)
        box = QVBoxLayout(self.mapping_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.mapping_table)
        box.addWidget(self.warning)
        below = QWidget(self)
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.preview_caption)
        column.addWidget(self.preview, 1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.mapping_box)
        splitter.addWidget(below)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([260, 240])
        self.error = QLabel(self)
        self.error.setObjectName("error_import")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.details)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)

    @staticmethod
    def _plain_table(table: QTableWidget) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        table.setWordWrap(False)
        table.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    # --- building
    def initializePage(self) -> None:
        preview = self._wizard.preview
        if preview is None:
            return
        self.error.setVisible(False)
        rows = ngettext("{count} row", "{count} rows", preview.total_rows).format(
            count=preview.total_rows
        )
        if preview.kind == "csv":
            self.setSubTitle(
                _(
                    "Choose what each column of the file holds; columns set to “— ignore —” "
                    "are left out. The preview below shows the first rows as they will be "
                    "imported."
                )
            )
            self.details.setText(
                _("{file}: {rows}, encoding {encoding}, columns separated by {delimiter}").format(
                    file=self._wizard.path.name if self._wizard.path else "",
                    rows=rows,
                    encoding=preview.encoding.upper(),
                    delimiter=delimiter_name(preview.delimiter),
                )
            )
            self.mapping_box.setVisible(True)
            self._build_mapping(preview)
        else:
            self.setSubTitle(_("The first contacts of the file, as they will be imported."))
            self.details.setText(
                _("{file}: {rows} (vCard)").format(
                    file=self._wizard.path.name if self._wizard.path else "", rows=rows
                )
            )
            self.mapping_box.setVisible(False)
            self.combos = []
        self.refresh_preview()

    def _build_mapping(self, preview: ImportPreview) -> None:
        from desktop_crm.domain.import_records import IMPORT_FIELDS

        self.mapping_table.setRowCount(len(preview.headers))
        self.combos = []
        for column, header in enumerate(preview.headers):
            title = QTableWidgetItem(header or _("(column {number})").format(number=column + 1))
            first = next(
                (row[column] for row in preview.sample if column < len(row) and row[column]), ""
            )
            example = QTableWidgetItem(one_line(first))
            example.setToolTip(first)
            example.setForeground(QBrush(QColor("#555")))
            self.mapping_table.setItem(column, 0, title)
            self.mapping_table.setItem(column, 1, example)
            combo = QComboBox(self.mapping_table)
            combo.addItem(_("— ignore —"), "")
            for field in IMPORT_FIELDS:
                combo.addItem(field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(preview.mapping.get(column, ""))))
            combo.currentIndexChanged.connect(lambda _index: self._mapping_changed())
            self.mapping_table.setCellWidget(column, 2, combo)
            self.combos.append(combo)
        self.mapping_table.resizeRowsToContents()
        rows_height = sum(self.mapping_table.rowHeight(r) for r in range(len(self.combos)))
        wanted = rows_height + self.mapping_table.horizontalHeader().height() + 6
        # Qt scales these to the splitter's height: the mapping gets what it needs, up to half.
        self.splitter.setSizes([min(wanted, 250), max(250, 500 - wanted)])
        if self.combos:
            self.combos[0].setFocus()

    # --- the mapping
    def mapping(self) -> dict[int, str]:
        return {
            column: str(combo.currentData())
            for column, combo in enumerate(self.combos)
            if combo.currentData()
        }

    def _mapping_changed(self) -> None:
        self.refresh_preview()
        self.completeChanged.emit()

    def _names_mapped(self) -> bool:
        return bool({"name", "first_name", "last_name"} & set(self.mapping().values()))

    def isComplete(self) -> bool:
        preview = self._wizard.preview
        if preview is None:
            return False
        return preview.kind != "csv" or self._names_mapped()

    # --- the preview
    def refresh_preview(self) -> None:
        preview = self._wizard.preview
        if preview is None:
            return
        if preview.kind == "csv":
            names = self._names_mapped()
            self.warning.setText(
                ""
                if names
                else _("Choose the column that holds the name (or the first and last names).")
            )
            self.warning.setVisible(not names)
            fields, rows = self._csv_preview(preview)
            headers = [_("Row"), *[field_label(f) for f in fields], _("Remark")]
            cells = [
                [row.row, *[row.values.get(f, "") for f in fields], row.remark] for row in rows
            ]
            problems = [row.problem for row in rows]
        else:
            headers = ["#", *preview.headers]
            cells = [[str(i + 1), *row] for i, row in enumerate(preview.sample)]
            problems = [False] * len(cells)
        self.preview_caption.setText(
            ngettext(
                "Preview of the first row", "Preview of the first {count} rows", len(cells)
            ).format(count=len(cells))
        )
        self._fill_preview(headers, cells, problems)

    def _fill_preview(
        self, headers: list[str], cells: list[list[str]], problems: list[bool]
    ) -> None:
        table = self.preview
        table.setUpdatesEnabled(False)
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(cells))
        for r, (row, problem) in enumerate(zip(cells, problems, strict=True)):
            for c, text in enumerate(row):
                item = QTableWidgetItem(one_line(text))
                item.setToolTip(text)
                if problem:
                    item.setBackground(PROBLEM_BACKGROUND)
                if c == len(row) - 1 and len(row) > 1:
                    item.setForeground(PROBLEM_BRUSH if problem else SKIPPED_BRUSH)
                table.setItem(r, c, item)
        table.resizeColumnsToContents()
        for c in range(table.columnCount() - 1):
            table.setColumnWidth(c, min(table.columnWidth(c), 200))
        table.setUpdatesEnabled(True)

    def _csv_preview(self, preview: ImportPreview) -> tuple[list[str], list[PreviewRow]]:
        from desktop_crm.domain.csv_format import CsvTable
        from desktop_crm.domain.import_records import draft_from_record, records_from_table
        from desktop_crm.services.transfer import day_first_for

        mapping = self.mapping()
        targets = set(mapping.values())
        fields = ["name", "phone", "email"]
        if targets & {"address", "street", "city", "postal_code", "region", "country"}:
            fields.append("address")
        fields += [f for f in ("birthday", "language", "tags", "notes") if f in targets]
        if targets & {"consent_mail", "consent_email", "consent_sms"}:
            fields.append("consent")
        table = CsvTable(
            headers=list(preview.headers),
            rows=[list(row) for row in preview.sample],
            encoding=preview.encoding,
            delimiter=preview.delimiter,
            line_numbers=list(range(2, len(preview.sample) + 2)),  # unknown here: rows shown
        )
        shop = self._wizard.ctx.settings()
        first = day_first_for(shop.country)
        rows = []
        seen: set[str] = set()  # emails and phones of earlier rows: those rows win
        for number, record in enumerate(records_from_table(table, mapping), start=1):
            try:
                draft = self._wizard.ctx.shop.customers.validate(draft_from_record(record, first))
            except ValidationError as exc:
                values = {
                    "name": record.name,
                    "phone": record.phone,
                    "email": record.email,
                    "address": record.address,
                    "birthday": record.birthday_text,
                    "language": record.language,
                    "notes": record.notes,
                    "tags": ", ".join(record.tags),
                }
                remark = f"{field_label(exc.field)}: {error_text(exc)}"
                rows.append(PreviewRow(str(number), values, remark, True))
                continue
            keys = {k for k in (draft.email.casefold(), draft.phone) if k}
            remark = (
                _("Already earlier in the file: skipped")
                if keys & seen
                else self._already_there(draft)
            )
            seen |= keys
            rows.append(PreviewRow(str(number), _shown(draft, shop.country), remark, False))
        return fields, rows

    def _already_there(self, draft: CustomerDraft) -> str:
        """ "Already there" when the shop has a customer with this email or phone."""
        try:
            matches = self._wizard.ctx.shop.duplicates.find(draft, None, 5)
        except CrmError:
            return ""
        match = next((m for m in matches if m.reason in ("email", "phone")), None)
        if match is None:
            return ""
        return _("Already there as {name} ({reason}): skipped").format(
            name=match.name, reason=duplicate_reason(match.reason)
        )

    # --- going ahead: the import
    def validatePage(self) -> bool:
        if self._wizard.import_result is not None:
            return True
        self.error.setVisible(False)
        self._wizard.start_import(self.mapping() if self.combos else None)
        return False

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


def _shown(draft: CustomerDraft, region: str) -> dict[str, str]:
    """A validated draft's fields as the customer view shows them."""
    consent = [
        label
        for label, given in (
            (_("mail"), draft.consent_mail),
            (_("email"), draft.consent_email),
            (_("SMS"), draft.consent_sms),
        )
        if given
    ]
    return {
        "name": draft.name,
        "phone": format_phone(draft.phone, region) if draft.phone else "",
        "email": draft.email,
        "address": draft.address,
        "birthday": format_date(draft.birthday),
        "language": language_name(draft.language) if draft.language else "",
        "tags": ", ".join(draft.tags),
        "notes": draft.notes,
        "consent": ", ".join(consent),
    }


# --- page 3: what happened
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
        self.summary.setText(", ".join(parts))
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
        from desktop_crm.services.transfer import write_error_csv

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
