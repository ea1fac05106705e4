"""A date that may be left out: a check box beside a date edit."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from desktop_crm.ui.widgets.dates import from_qdate, to_qdate


class OptionalDateEdit(QWidget):
    changed = Signal()

    def __init__(self, label: str, default: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(label, self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setMinimumDate(QDate(1900, 1, 1))
        self.edit.setDate(to_qdate(default or date.today()))
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _on: self.changed.emit())
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())

    def value(self) -> date | None:
        if not self.check.isChecked():
            return None
        return from_qdate(self.edit.date())

    def set_value(self, value: date | None) -> None:
        if value is not None:
            self.edit.setDate(to_qdate(value))
        self.check.setChecked(value is not None)
