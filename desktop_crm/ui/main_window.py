"""The main window: a navigation column, the page stack, and who is at the keyboard.

It also keeps the reminders in step with the calendar: at start-up it works them out in the
background and says what came due while the app was closed; when the date changes while it runs
(past midnight) it does the same and says what came due today — in a bar across the window, and
in the system tray where there is one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.shop import Shop
from desktop_crm.services.today import DueCounts
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.date_watcher import DateWatcher
from desktop_crm.ui.pages.today_page import TodayPage
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.reminder_refresher import ReminderRefresher
from desktop_crm.ui.tasks import Task, run_in_background
from desktop_crm.ui.widgets.notification_bar import NotificationBar

if TYPE_CHECKING:
    from desktop_crm.documents.api import DocumentRequest
    from desktop_crm.ui.pages.customer_view import CustomerView
    from desktop_crm.ui.pages.customers_page import CustomersPage

log = logging.getLogger(__name__)


def _customers_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.customers_page import CustomersPage

    return CustomersPage(ctx)


def _promises_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.promises_page import PromisesPage

    return PromisesPage(ctx)


def _reminders_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.reminders_page import RemindersPage

    return RemindersPage(ctx)


def _complaints_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.complaints_page import ComplaintsPage

    return ComplaintsPage(ctx)


def _feedback_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.feedback_page import FeedbackPage

    return FeedbackPage(ctx)


def _answers_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.answers_page import AnswersPage

    return AnswersPage(ctx)


def _documents_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.documents_page import DocumentsPage

    return DocumentsPage(ctx)


def _staff_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.staff_page import StaffPage

    return StaffPage(ctx)


def _audit_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.audit_page import AuditPage

    return AuditPage(ctx)


def _settings_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


@dataclass(frozen=True)
class PageSpec:
    """A navigation entry. Pages other than the first are built when first shown."""

    key: str
    title: Callable[[], str]
    build: Callable[[UiContext], QWidget]


# Adding a page is one line here (Reports... come with their issues). The first
# one is shown at start; Ctrl+1 ... Ctrl+9 go to the first nine.
PAGES: list[PageSpec] = [
    PageSpec("today", lambda: _("Today"), lambda ctx: TodayPage(ctx)),
    PageSpec("customers", lambda: _("Customers"), _customers_page),
    PageSpec("promises", lambda: _("Promises"), _promises_page),
    PageSpec("reminders", lambda: _("Reminders"), _reminders_page),
    PageSpec("complaints", lambda: _("Complaints"), _complaints_page),
    PageSpec("feedback", lambda: _("Feedback"), _feedback_page),
    PageSpec("answers", lambda: _("Answers"), _answers_page),
    PageSpec("documents", lambda: _("Documents"), _documents_page),
    PageSpec("staff", lambda: _("Staff"), _staff_page),
    PageSpec("audit", lambda: _("Audit"), _audit_page),
    PageSpec("settings", lambda: _("Settings"), _settings_page),
]


WARM_UP_MS = 400


@dataclass(frozen=True)
class CatchUp:
    """What the background run at start-up or at a new date found."""

    today: date
    since: date | None  # the last day the app ran before, None the first time
    came_due: DueCounts | None  # what fell due in (since, today]; None when nothing to say
    changed: bool  # reminders were created, moved or removed
    error: BaseException | None  # working the reminders out failed (what is due is still told)


def catch_up(shop: Shop, today: date, since: date | None = None) -> CatchUp:
    """Work out the reminders for ``today``, count what came due since ``since`` (default: the
    last day the app ran), and remember today as the last day it ran. Runs off the UI
    thread."""
    changed, error = False, None
    try:
        result = shop.reminders.refresh(today)
        changed = bool(result.created or result.updated or result.removed)
    except Exception as exc:  # said in the notification bar; Today still shows what is due
        log.exception("working out reminders failed")
        error = exc
    if since is None:
        since = shop.today.last_seen_day()
    counts = None
    if since is not None and since < today:
        counts = shop.today.came_due(since, today)
    last_seen = shop.today.last_seen_day()
    if last_seen is None or last_seen < today:
        shop.today.remember_day(today)
    return CatchUp(today, since, counts, changed, error)


def came_due_text(counts: DueCounts) -> str:
    """ "5 reminders and 2 promises", "1 reminder", "2 promises"."""
    parts = []
    if counts.reminders:
        parts.append(
            ngettext("{count} reminder", "{count} reminders", counts.reminders).format(
                count=f"{counts.reminders:,}"
            )
        )
    if counts.promises:
        parts.append(
            ngettext("{count} promise", "{count} promises", counts.promises).format(
                count=f"{counts.promises:,}"
            )
        )
    if len(parts) == 2:
        return _("{first} and {second}").format(first=parts[0], second=parts[1])
    return parts[0] if parts else ""


def since_text(since: date, today: date) -> str:
    """The last day the app ran, as people say it: yesterday, Friday, or the date."""
    if since == today - timedelta(days=1):
        return _("yesterday")
    if today - since < timedelta(days=7):
        return format_date(since, style="EEEE")
    return format_date(since)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, pages: list[PageSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = list(pages or PAGES)
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget { border: none; background: #f2f3f5; font-size: 14px; }"
            "QListWidget::item { padding: 8px 12px; }"
            "QListWidget::item:selected { background: #dbe7fb; color: #0d47a1; }"
        )
        self.stack = QStackedWidget(self)
        for index, spec in enumerate(self.specs):
            item = QListWidgetItem(spec.title(), self.nav)
            item.setSizeHint(QSize(160, 36))
            if index < 9:
                item.setToolTip(f"Ctrl+{index + 1}")
            self.stack.addWidget(QWidget(self.stack))  # placeholder until first shown
        self.notification = NotificationBar(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.notification)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        column.addLayout(row, 1)
        self.setCentralWidget(central)

        self._customer_view: CustomerView | None = None
        self._return_to = self.specs[0].key  # the page a customer was opened from
        self.tray: QSystemTrayIcon | None = None
        self.catching_up: Task | None = None

        self.staff_combo = QComboBox(self)
        self.staff_combo.setObjectName("current_staff")
        self.staff_combo.setMinimumContentsLength(16)
        self.statusBar().addPermanentWidget(QLabel(_("At the keyboard:"), self))
        self.statusBar().addPermanentWidget(self.staff_combo)
        self._reload_staff()
        self.staff_combo.currentIndexChanged.connect(self._staff_chosen)

        self.nav.currentRowChanged.connect(self._nav_changed)
        self.nav.setCurrentRow(0)
        QShortcut(QKeySequence("Ctrl+K"), self, self.focus_search)
        for index, spec in enumerate(self.specs[:9]):
            QShortcut(
                QKeySequence(f"Ctrl+{index + 1}"), self, lambda key=spec.key: self.show_page(key)
            )
        self.notification.show_requested.connect(self.show_today)
        self._catch_up_timer = QTimer(self)
        self._catch_up_timer.setSingleShot(True)
        self._catch_up_timer.timeout.connect(self.start_catch_up)
        self.date_watcher = DateWatcher(ctx, self)
        self._shown_day = self.date_watcher.day
        self.date_watcher.date_changed.connect(self._date_changed)
        # Reminders follow changes to customers, items, purchases and rules.
        self.reminder_refresher = ReminderRefresher(ctx, self)
        ctx.bus.staff_changed.connect(self._reload_staff)
        ctx.bus.settings_changed.connect(self._update_title)
        ctx.bus.settings_changed.connect(self.date_watcher.check)  # the time zone may move it
        self._update_title()
        self.resize(1180, 720)
        # Build the customer view once the first screen is up, so the first open is quick too.
        QTimer.singleShot(WARM_UP_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        _ = self.customer_view

    # --- pages
    def page(self, key: str) -> QWidget:
        """The page of navigation entry ``key``, built on first use."""
        if key not in self.pages:
            index = next(i for i, spec in enumerate(self.specs) if spec.key == key)
            widget = self.specs[index].build(self.ctx)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[key] = widget
            self._connect_page(key, widget)
        return self.pages[key]

    def _connect_page(self, key: str, widget: QWidget) -> None:
        """Pages that list customers' things open the customer (and log a contact) here."""
        signals: dict[str, Callable[..., Any]] = {
            "open_customer": lambda customer_id: self.open_customer(customer_id, key),
            "log_contact": lambda customer_id: self.log_contact(customer_id, key),
            "show_list": self.show_page,
            "print_requested": self.show_document,
        }
        for name, slot in signals.items():
            signal = getattr(widget, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(slot)

    @property
    def customers(self) -> CustomersPage:
        from desktop_crm.ui.pages.customers_page import CustomersPage

        page = self.page("customers")
        assert isinstance(page, CustomersPage)
        return page

    @property
    def today_page(self) -> TodayPage | None:
        """The Today page (None when this window was built without one)."""
        if not any(spec.key == "today" for spec in self.specs):
            return None
        page = self.page("today")
        return page if isinstance(page, TodayPage) else None

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # _nav_changed shows it
        else:
            self._nav_changed(index)
        return self.pages[key]

    def _nav_changed(self, index: int) -> None:
        if index < 0:
            return
        widget = self.page(self.specs[index].key)
        self.stack.setCurrentWidget(widget)

    @property
    def customer_view(self) -> CustomerView:
        if self._customer_view is None:
            from desktop_crm.ui.pages.customer_view import CustomerView

            view = CustomerView(self.ctx, self.stack)
            view.back.connect(self.go_back)
            view.answers_requested.connect(self.show_answers_for)
            view.print_requested.connect(self.show_document)
            self.stack.addWidget(view)
            self._customer_view = view
        return self._customer_view

    def show_answers_for(self, customer_id: int) -> None:
        """The standard answers, filled in for this customer."""
        page = self.show_page("answers")
        use_for_customer = getattr(page, "use_for_customer", None)
        if callable(use_for_customer):
            use_for_customer(customer_id)

    def show_document(self, request: DocumentRequest) -> None:
        """The Documents page with ``request``'s document filled in and previewed."""
        from desktop_crm.ui.pages.documents_page import DocumentsPage

        page = self.show_page("documents")
        if isinstance(page, DocumentsPage):
            page.show_document(request)

    def open_customer(self, customer_id: int, from_page: str = "customers") -> bool:
        """Show the customer; Back returns to ``from_page``."""
        view = self.customer_view
        if not view.show_customer(customer_id):
            return False
        self._return_to = from_page
        self.stack.setCurrentWidget(view)
        # The view set its focus while hidden; now it shows, its keys (Ctrl+L...) must work:
        # the timeline's table, or the view itself when the timeline is empty (no table).
        table = view.timeline.table
        (table if table.isVisible() else view).setFocus()
        return True

    def log_contact(self, customer_id: int, from_page: str = "customers") -> None:
        """Open the customer and the dialog logging a contact with them."""
        if self.open_customer(customer_id, from_page):
            self.customer_view.log_contact()

    def go_back(self) -> None:
        """Back from a customer to the page they were opened from."""
        if self._return_to == "customers":
            self.back_to_customers()
            return
        page = self.show_page(self._return_to)
        if isinstance(page, TodayPage):
            page.focus_list()
        else:
            page.setFocus()

    def back_to_customers(self) -> None:
        self.show_page("customers")
        self.customers.table.setFocus()

    def focus_search(self) -> None:
        self.show_page("customers")
        self.customers.focus_search()

    # --- keeping up with the calendar
    def start_catch_up(self) -> Task:
        """At start-up: work the reminders out in the background, then say what came due
        while the app was closed ("Welcome back: ...")."""
        return self._run_catch_up(self.ctx.today(), welcome=True)

    def start_catch_up_later(self, delay_ms: int) -> None:
        """``start_catch_up`` once ``delay_ms`` have passed (after the first paint)."""
        self._catch_up_timer.start(delay_ms)

    def stop_timers(self) -> None:
        """No more date checks or catch-up (the database is about to close)."""
        self._catch_up_timer.stop()
        self.date_watcher.timer.stop()
        self.reminder_refresher.stop()

    def _date_changed(self, today: date) -> None:
        """Past midnight: Today shows the new date at once, then the reminders are worked
        out for it and what came due is announced."""
        previous, self._shown_day = self._shown_day, today
        page = self.pages.get("today")
        if isinstance(page, TodayPage):
            page.reload()
        self._run_catch_up(today, welcome=False, since=min(previous, today))

    def _run_catch_up(self, today: date, *, welcome: bool, since: date | None = None) -> Task:
        shop = self.ctx.shop
        task = run_in_background(
            lambda _progress: catch_up(shop, today, since),
            lambda result: self._caught_up(result, welcome),
            self._catch_up_failed,
        )
        self.catching_up = task
        return task

    def _caught_up(self, result: CatchUp, welcome: bool) -> None:
        if not shiboken6.isValid(self):
            return  # the window closed while the reminders were worked out
        if result.changed:
            self.ctx.bus.reminders_changed.emit()
        if result.error is not None:
            detail = (
                error_text(result.error)
                if isinstance(result.error, CrmError)
                else str(result.error)
            )
            self.notification.announce(
                _("The reminders could not be worked out: {detail}").format(detail=detail)
            )
            return
        counts = result.came_due
        if counts is None or counts.total == 0 or result.since is None:
            return
        what = came_due_text(counts)
        if welcome:
            text = _("Welcome back: {what} came due since {day}.").format(
                what=what, day=since_text(result.since, result.today)
            )
        else:
            text = _("A new day: {what} came due.").format(what=what)
        self.announce(text)

    def _catch_up_failed(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.notification.announce(
                _("The reminders could not be worked out: {detail}").format(detail=str(error))
            )

    def announce(self, text: str) -> None:
        """Say ``text`` in the bar across the window (its button goes to Today), and in the
        system tray where there is one."""
        self.notification.announce(text, _("Show Today"))
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self.tray is None:
            icon = self.windowIcon()
            if icon.isNull():
                icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self.tray = QSystemTrayIcon(icon, self)
            self.tray.messageClicked.connect(self._tray_clicked)
            self.tray.show()
        self.tray.showMessage(
            self.windowTitle(), text, QSystemTrayIcon.MessageIcon.Information, 10_000
        )

    def show_today(self) -> None:
        if self.today_page is not None:
            self.show_page("today")
            self.today_page.focus_list()

    def _tray_clicked(self) -> None:
        self.show_today()
        self.showNormal()
        self.raise_()
        self.activateWindow()

    # --- status bar and title
    def _reload_staff(self) -> None:
        current = self.ctx.current_staff_id()
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        self.staff_combo.addItem(_("(nobody)"), None)
        for member in self.ctx.shop.staff.list(include_inactive=False):
            self.staff_combo.addItem(member.name, member.id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(current)))
        self.staff_combo.blockSignals(False)

    def _staff_chosen(self, _index: int) -> None:
        self.ctx.shop.settings.set_current_staff(self.staff_combo.currentData())
        self.ctx.bus.current_staff_changed.emit()

    def _update_title(self) -> None:
        name = self.ctx.settings().shop_name
        self.setWindowTitle(
            _("{shop} — Customer care").format(shop=name) if name else _("Customer care")
        )
