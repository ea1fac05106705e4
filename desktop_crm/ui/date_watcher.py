"""Noticing that the shop's date moved while the app is open (past midnight, or a time zone
changed in Settings): the app is left running for days, and Today must follow the calendar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, QTimer, Signal

from desktop_crm.ui.context import UiContext

CHECK_MS = 30_000
"""How often the date is looked at: Today is at most half a minute late after midnight."""


class DateWatcher(QObject):
    """Emits ``date_changed(new_date)`` when ``ctx.today()`` is not the date it saw last.

    A timer calls ``check`` every ``CHECK_MS``; tests call it after moving ``ctx.clock``. Waking
    from sleep is covered too: the first check after it sees the new date.
    """

    date_changed = Signal(object)  # datetime.date

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.day: date = ctx.today()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> bool:
        """Look at the date now; True (and ``date_changed`` emitted) when it moved."""
        today = self._ctx.today()
        if today == self.day:
            return False
        self.day = today
        self.date_changed.emit(today)
        return True
