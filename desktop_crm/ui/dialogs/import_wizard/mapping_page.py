"""Page 2: the columns (what each one holds) and a live preview of the first rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_crm.domain.errors import CrmError, ValidationError
from desktop_crm.i18n import _, ngettext
from desktop_crm.ui.dialogs.import_wizard.cell_text import one_line
from desktop_crm.ui.dialogs.import_wizard.preview_rows import PreviewRow, _shown
from desktop_crm.ui.dialogs.import_wizard.styles import (
    HINT_STYLE,
    PROBLEM_BACKGROUND,
    PROBLEM_BRUSH,
    SKIPPED_BRUSH,
)
from desktop_crm.ui.labels import duplicate_reason, field_label
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import ERROR_STYLE

if TYPE_CHECKING:
    from desktop_crm.domain.customers import CustomerDraft
    from desktop_crm.services.imports.results import ImportPreview
    from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard


def delimiter_name(delimiter: str) -> str:
    names = {
        ",": _("comma"),
        ";": _("semicolon"),
        "\t": _("tab"),
        "|": _("vertical bar"),
    }
    return names.get(delimiter, repr(delimiter))


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
        from desktop_crm.domain.import_records.record import IMPORT_FIELDS

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
        from desktop_crm.domain.import_records.drafts import draft_from_record
        from desktop_crm.domain.import_records.table_records import records_from_table
        from desktop_crm.services.imports.service import day_first_for

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
