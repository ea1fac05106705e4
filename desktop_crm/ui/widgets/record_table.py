"""The table every page uses: whole rows selected, Enter or a double-click opens a row."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget


class RecordTable(QTableView):
    row_opened = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.verticalHeader().setVisible(False)
        # Every row the same height: lets the view skip measuring 100,000 rows.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.doubleClicked.connect(lambda index: self.row_opened.emit(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_opened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def current_row(self) -> int | None:
        rows = self.selectionModel().selectedRows() if self.selectionModel() else []
        return rows[0].row() if rows else None

    def selected_rows(self) -> list[int]:
        """The selected rows in order (several when the table allows it)."""
        model = self.selectionModel()
        return sorted(index.row() for index in model.selectedRows()) if model else []

    def selected_count(self) -> int:
        """How many rows are selected, without listing them (quick with 100,000 selected)."""
        model = self.selectionModel()
        if model is None:
            return 0
        ranges = model.selection()
        return sum(ranges.at(i).height() for i in range(ranges.size()))

    def select_row(self, row: int) -> None:
        self.selectRow(row)
        self.setCurrentIndex(self.model().index(row, 0))

    def set_column_widths(self, widths: list[int]) -> None:
        for column, width in enumerate(widths):
            self.setColumnWidth(column, width)
