"""A bar across the top of the main window saying what came due: a message, a button that goes
to it, and a close button. Not a dialog: it waits, without stopping anyone's work."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from desktop_crm.i18n import _


class NotificationBar(QFrame):
    """Hidden until ``announce``; ``show_requested`` when its button is pressed (the bar then
    closes), ``closed`` when closed with ×."""

    show_requested = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notification_bar")
        self.setStyleSheet(
            "#notification_bar { background: #fff4d6; border-bottom: 1px solid #e8c66a; }"
            "#notification_bar QLabel { color: #4a3b00; font-size: 13px; }"
            "#notification_bar QToolButton { border: none; font-size: 16px; color: #6d5a1c;"
            " padding: 0 6px; }"
            "#notification_bar QToolButton:hover { color: #000; }"
        )
        self.message = QLabel(self)
        self.message.setObjectName("notification_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton(_("Show"), self)
        self.show_button.setObjectName("notification_show")
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("notification_close")
        self.close_button.setText("×")
        self.close_button.setToolTip(_("Close"))
        self.close_button.setAccessibleName(_("Close"))
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 8, 6)
        row.addWidget(self.message, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.close_button)
        self.show_button.clicked.connect(self._show_clicked)
        self.close_button.clicked.connect(self.dismiss)
        self.hide()

    def announce(self, text: str, button: str | None = None) -> None:
        """Show ``text`` (replacing what was there), with the button captioned ``button``."""
        self.message.setText(text)
        self.show_button.setText(button or _("Show"))
        self.show()

    def dismiss(self) -> None:
        if not self.isHidden():
            self.hide()
            self.closed.emit()

    def _show_clicked(self) -> None:
        self.hide()
        self.show_requested.emit()
