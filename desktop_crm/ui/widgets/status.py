"""A passing message in the main window's status bar ("Exported 120 customers to ...")."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

STATUS_MS = 10_000


def show_status(widget: QWidget, text: str) -> None:
    """Show ``text`` in the status bar of the main window ``widget`` is in (if any)."""
    parent: QWidget | None = widget
    while parent is not None and not isinstance(parent, QMainWindow):
        parent = parent.parentWidget()
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(text, STATUS_MS)
