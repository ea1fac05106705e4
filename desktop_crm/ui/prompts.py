"""Every message box goes through one small service, so tests inject a fake one."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, translate_error


class Prompts(Protocol):
    def info(self, title: str, text: str) -> None: ...

    def error(self, title: str, text: str) -> None: ...

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before doing ``action`` (the label of the button that goes ahead)."""
        ...


def error_text(error: CrmError) -> str:
    """An error raised by a service, in the user's language."""
    return translate_error(error.message, dict(error.params))


class QtPrompts:
    """Prompts as message boxes over ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def info(self, title: str, text: str) -> None:
        QMessageBox.information(self.parent, title, text)

    def error(self, title: str, text: str) -> None:
        QMessageBox.critical(self.parent, title, text)

    def confirm(self, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(go)
        box.exec()
        return box.clickedButton() is go
