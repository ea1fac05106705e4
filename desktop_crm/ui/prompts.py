"""Every message box and file chooser goes through one small service, so tests inject a fake."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, translate_error


class Prompts(Protocol):
    def info(self, title: str, text: str) -> None: ...

    def error(self, title: str, text: str) -> None: ...

    def confirm(self, title: str, text: str, action: str) -> bool:
        """Ask before doing ``action`` (the label of the button that goes ahead)."""
        ...

    def open_file(self, title: str, filters: str) -> Path | None:
        """A file to read, or None when the user cancels. ``filters``: "CSV (*.csv);;..."."""
        ...

    def save_file(self, title: str, suggested_name: str, filters: str) -> Path | None:
        """Where to write a new file, or None when the user cancels."""
        ...

    def open_url(self, url: str) -> bool:
        """Hand ``url`` (mailto:, file:) to the desktop; False when nothing could open it."""
        ...


def error_text(error: CrmError) -> str:
    """An error raised by a service, in the user's language."""
    return translate_error(error.message, dict(error.params))


class QtPrompts:
    """Prompts as message boxes and file dialogs over ``parent``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self._folder = str(Path.home())  # the folder last used, offered again next time

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

    def open_file(self, title: str, filters: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self.parent, title, self._folder, filters)
        return self._remember(chosen)

    def open_url(self, url: str) -> bool:
        """Hand ``url`` (mailto:, file:) to the desktop; False when nothing could open it."""
        return QDesktopServices.openUrl(QUrl(url))

    def save_file(self, title: str, suggested_name: str, filters: str) -> Path | None:
        start = str(Path(self._folder) / suggested_name)
        chosen, _filter = QFileDialog.getSaveFileName(self.parent, title, start, filters)
        return self._remember(chosen)

    def _remember(self, chosen: str) -> Path | None:
        if not chosen:
            return None
        path = Path(chosen)
        self._folder = str(path.parent)
        return path
