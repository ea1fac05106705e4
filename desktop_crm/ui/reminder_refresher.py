"""Works reminders out again after changes, off the UI thread, then tells the pages.

A change to a customer, their items or purchases, or to the rules queues the customer in the
database (services/reminder_queue); this object runs the reminders service's refresh shortly
after — several changes in a row make one run — and emits ``reminders_changed`` when it is done.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from desktop_crm.ui.context import UiContext
from desktop_crm.ui.tasks import Progress, Task, run_in_background

log = logging.getLogger(__name__)

DELAY_MS = 250


class ReminderRefresher(QObject):
    refreshed = Signal(object)  # the service's RefreshResult

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._task: Task | None = None
        self._again = False
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run_now)
        ctx.bus.customer_changed.connect(self.schedule)
        ctx.bus.customers_changed.connect(self.schedule)
        ctx.bus.rules_changed.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        """Refresh soon (changes arriving together make one run)."""
        self._timer.start()

    def stop(self) -> None:
        """No more runs (the database is about to close); a queued one waits for next time."""
        self._timer.stop()
        self._again = False
        self._stopped = True

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.finished

    def run_now(self) -> None:
        if self._stopped:
            return
        if self.busy:
            self._again = True  # one more run once this one is done
            return
        today = self.ctx.today()  # read on the UI thread: the clock may be a test's
        reminders = self.ctx.shop.reminders

        def work(_progress: Progress) -> object:
            return reminders.refresh(today)

        self._task = run_in_background(work, self._done, self._failed)

    def _done(self, result: object) -> None:
        if not shiboken6.isValid(self):  # the window closed while the run went on
            return
        self.refreshed.emit(result)
        self.ctx.bus.reminders_changed.emit()
        self._next()

    def _failed(self, error: BaseException) -> None:
        # Nothing is lost: the queue stays in the database and the next run picks it up.
        log.warning("reminders could not be worked out: %s", error)
        if shiboken6.isValid(self):
            self._next()

    def _next(self) -> None:
        if self._again and not self._stopped:
            self._again = False
            self.schedule()
