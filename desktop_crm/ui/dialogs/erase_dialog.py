"""Erase a customer's personal data on their request: the user types the name to confirm."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.search_text import sort_key
from desktop_crm.i18n import _
from desktop_crm.services.customers import CustomerDetails

DANGER_STYLE = (
    "QPushButton:enabled { background: #c62828; color: white; border-radius: 4px;"
    " padding: 4px 14px; }"
)


def same_name(typed: str, name: str) -> bool:
    """Typed as shown, ignoring case, accents and spacing ("jose  sanchez" is "José Sánchez")."""
    return bool(typed.strip()) and sort_key(typed) == sort_key(name)


class EraseDialog(QDialog):
    """Accepted only once the customer's name was typed and "Erase" pressed."""

    def __init__(self, details: CustomerDetails, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("Erase personal data"))
        self.setMinimumWidth(520)
        title = QLabel(_("Erase everything personal about {name}?").format(name=details.name), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        title.setWordWrap(True)
        self.explanation = QLabel(
            _(
                "Their name, phone, email, address, birthday, notes and tags are deleted, and "
                "so is what was written about them on the timeline. Their purchases stay as "
                "anonymous amounts so the shop's totals remain right. The erasure is recorded "
                "on the audit list, without their name.\n\nThis cannot be undone. If they "
                "asked for a copy of their data, export it first."
            ),
            self,
        )
        self.explanation.setWordWrap(True)
        prompt = QLabel(_("Type their name to confirm: {name}").format(name=details.name), self)
        prompt.setWordWrap(True)
        self.confirm_edit = QLineEdit(self)
        self.confirm_edit.setPlaceholderText(details.name)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.erase_button = QPushButton(_("&Erase"), self)
        self.erase_button.setStyleSheet(DANGER_STYLE)
        self.erase_button.setAutoDefault(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.explanation)
        layout.addSpacing(8)
        layout.addWidget(prompt)
        layout.addWidget(self.confirm_edit)
        layout.addWidget(self.buttons)
        self.confirm_edit.textChanged.connect(lambda _text: self._update())
        self._update()
        self.confirm_edit.setFocus()

    def confirmed(self) -> bool:
        return same_name(self.confirm_edit.text(), self.details.name)

    def _update(self) -> None:
        self.erase_button.setEnabled(self.confirmed())

    def accept(self) -> None:
        if self.confirmed():
            super().accept()
