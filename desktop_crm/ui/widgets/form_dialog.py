"""A dialog around a FieldForm: validates as the user types, saves through a service."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError, ValidationError
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import FieldForm


class FormDialog(QDialog):
    """Subclasses build rows in ``self.form``, and implement ``check`` and ``save``.

    ``check()`` raises ValidationError while the input is bad (called on every edit, so it must
    not write); ``save()`` stores it and returns the stored record, kept in ``self.result_value``.
    Errors are shown only for fields the user has touched, but OK stays disabled until valid.
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = FieldForm(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.buttons)
        self.result_value: Any = None
        self._touched: set[str] = set()
        self._show_all = False
        for keys in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(keys, self, self.accept)

    @property
    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def check(self) -> None:
        raise NotImplementedError

    def save(self) -> Any:
        raise NotImplementedError

    def touched(self, field: str) -> None:
        """Call from a field's change signal: validate again, showing that field's errors."""
        self._touched.add(field)
        self.revalidate()

    def revalidate(self) -> bool:
        try:
            self.check()
        except ValidationError as exc:
            self.ok_button.setEnabled(False)
            if self._show_all or exc.field in self._touched:
                self.form.show_error(exc.field, error_text(exc))
            else:
                self.form.clear_errors()
            return False
        self.form.clear_errors()
        self.ok_button.setEnabled(True)
        return True

    def accept(self) -> None:
        self._show_all = True
        if not self.revalidate():
            return
        try:
            self.result_value = self.save()
        except ValidationError as exc:
            self.form.show_error(exc.field, error_text(exc))
            self.ok_button.setEnabled(False)
            return
        except CrmError as exc:
            self.form.show_error("", error_text(exc))
            return
        super().accept()

    def start(self) -> None:
        """Validate once (OK disabled if the empty form is invalid) and open window-modal."""
        self.form.finish()
        self.revalidate()
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.open()
