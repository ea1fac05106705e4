"""A table with its buttons underneath, an empty-state message and a footer line."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.ui.widgets.record_table import RecordTable


class TablePanel(QWidget):
    def __init__(self, model: QAbstractItemModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = RecordTable(self)
        self.table.setModel(model)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; padding: 24px;")
        self.footer = QLabel(self)
        self._row = QHBoxLayout()
        self._row.addStretch(1)
        self._row.addWidget(self.footer)
        self._needs_selection: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(self._row)
        model.modelReset.connect(self.update_state)
        model.rowsInserted.connect(self.update_state)
        model.rowsRemoved.connect(self.update_state)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.update_state())
        self.update_state()

    def add_button(
        self, text: str, slot: Callable[[], None], *, needs_selection: bool = False, tip: str = ""
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip)
        button.clicked.connect(lambda: slot())
        self._row.insertWidget(self._row.count() - 2, button)
        if needs_selection:
            self._needs_selection.append(button)
        self.update_state()
        return button

    def set_empty_text(self, text: str) -> None:
        self.empty.setText(text)

    def update_state(self) -> None:
        rows = self.table.model().rowCount()
        self.table.setVisible(rows > 0)
        self.empty.setVisible(rows == 0)
        selected = self.table.current_row() is not None
        for button in self._needs_selection:
            button.setEnabled(selected)
