"""Today: what is due and overdue, and what is coming this week, each actionable in place.

The first page the owner sees. It is filled by one ``TodayService.overview`` call (no query per
row), so it opens at once with 100,000 customers; the lists stop at ``LIMIT`` entries and say how
many more there are, with links to the full Reminders and Promises pages.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.documents.api import AgendaRequest
from desktop_crm.domain.channels import mailto_url
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.reminders.kinds import OPEN_STATES, DoneAction, ReminderKind
from desktop_crm.services.today import TodayEntry, TodayOverview
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets import promise_actions, reminder_actions
from desktop_crm.ui.widgets.record_table import RecordTable

LIMIT = 200
"""Entries listed per section; the rest are on the Reminders and Promises pages."""

# Keys (the row decides: a reminder is done or snoozed, a promise kept or moved).
DONE_KEYS = reminder_actions.DONE_KEYS  # Done… / Kept
LATER_KEYS = reminder_actions.SNOOZE_KEYS  # Snooze… / Change date…
DISMISS_KEYS = reminder_actions.DISMISS_KEYS
BROKEN_KEYS = "Ctrl+B"
EMAIL_KEYS = reminder_actions.EMAIL_KEYS
OPEN_KEYS = "Ctrl+O"
LOG_KEYS = "Ctrl+L"

_CLOSED = QBrush(QColor("#8a8a8a"))
_BOLD = QFont()
_BOLD.setBold(True)


# --- how an entry reads ------------------------------------------------------------------------
def when_text(entry: TodayEntry, today: date) -> str:
    """Late by how much, today, tomorrow, or the day of the week."""
    days = (entry.on - today).days
    if days < 0:
        return ngettext("{days} day late", "{days} days late", -days).format(days=-days)
    if days == 0:
        return _("Today")
    if days == 1:
        return _("Tomorrow")
    return format_date(entry.on, style="EEEE")


def kind_text(entry: TodayEntry) -> str:
    return _("Promise") if entry.source == "promise" else reminder_actions.kind_label(entry.kind)


def what_text(entry: TodayEntry) -> str:
    """What the entry is about: the promise, the reminder's message, or words for its kind."""
    if entry.source == "promise":
        return entry.title.replace("\n", " ")
    text = entry.message.strip().splitlines()[0] if entry.message.strip() else _kind_words(entry)
    if not is_open(entry):
        text = _("{what} (reminder done)").format(what=text)
    return text


def _kind_words(entry: TodayEntry) -> str:
    item, event = entry.item_name, format_date(entry.event_on or entry.on)
    if entry.kind == ReminderKind.SERVICE:
        text = _("Service of {item}").format(item=item) if item else _("Service")
    elif entry.kind == ReminderKind.BIRTHDAY:
        text = _("Birthday on {date}").format(date=event)
    elif entry.kind == ReminderKind.RENEWAL:
        text = (
            _("{item} ends on {date}").format(item=item, date=event)
            if item
            else _("Contract ends on {date}").format(date=event)
        )
    elif entry.kind == ReminderKind.FOLLOW_UP:
        text = _("Ask how it went")
    elif entry.kind == ReminderKind.WIN_BACK:
        text = _("Has not bought for a while")
    else:
        text = entry.title or reminder_actions.kind_label(entry.kind)
    return text


def is_open(entry: TodayEntry) -> bool:
    """Still to act on (a birthday this week whose reminder was done already is not)."""
    return entry.source == "promise" or entry.state in OPEN_STATES


class TodayModel(ListModel[TodayEntry]):
    """Entries of one section; overdue ones in bold red, done ones greyed."""

    def __init__(self, today: Callable[[], date], parent: QObject | None = None) -> None:
        columns: list[Column[TodayEntry]] = [
            Column(lambda: _("When"), lambda e: when_text(e, today())),
            Column(lambda: _("Date"), lambda e: format_date(e.on)),
            Column(lambda: _("Customer"), lambda e: e.customer_name),
            Column(lambda: _("Kind"), kind_text),
            Column(lambda: _("What"), what_text),
            Column(lambda: _("Contact by"), lambda e: reminder_actions.channel_names(e.channels)),
        ]
        super().__init__(columns, parent)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole) and index.isValid():
            entry = self.record(index.row())
            if entry is None:
                return None
            if entry.overdue:
                if role == Qt.ItemDataRole.ForegroundRole:
                    return reminder_actions.OVERDUE
                # Red says late; bold only in "When", so a long overdue list stays readable.
                return _BOLD if index.column() == 0 else None
            if role == Qt.ItemDataRole.ForegroundRole and not is_open(entry):
                return _CLOSED
            return None
        return super().data(index, role)

    def row_of(self, source: str, entry_id: int) -> int | None:
        for row, entry in enumerate(self.records()):
            if (entry.source, entry.id) == (source, entry_id):
                return row
        return None


class _Section(QWidget):
    """A titled table with a line under it: "and N more" or why it is empty."""

    def __init__(self, page: TodayPage, name: str) -> None:
        super().__init__(page)
        self.title = QLabel(self)
        self.title.setObjectName(f"{name}_title")
        self.title.setStyleSheet("font-size: 15px; font-weight: 600; margin-top: 6px;")
        self.model = TodayModel(page.today, self)
        self.table = RecordTable(self)
        self.table.setObjectName(f"{name}_table")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # Tab goes on to the next list
        self.table.set_column_widths([110, 110, 200, 90, 330])
        self.empty = QLabel(self)
        self.empty.setObjectName(f"{name}_empty")
        self.empty.setStyleSheet("color: #2e7d32; padding: 8px 2px;")
        self.more = QLabel(self)
        self.more.setObjectName(f"{name}_more")
        self.more.setTextFormat(Qt.TextFormat.RichText)
        self.more.setStyleSheet("color: #555;")
        self.more.linkActivated.connect(page.show_list.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)

    def fill(self, title: str, entries: list[TodayEntry], total: int, empty: str) -> None:
        self.title.setText(f"{title} ({total:,})" if total else title)
        self.model.set_records(entries)
        self.table.setVisible(bool(entries))
        self.empty.setText(empty)
        self.empty.setVisible(not entries)
        hidden = total - len(entries)
        if hidden > 0:
            links = _('<a href="reminders">Reminders</a> · <a href="promises">Promises</a>')
            self.more.setText(
                ngettext("and {count} more", "and {count} more", hidden).format(count=f"{hidden:,}")
                + " — "
                + _("see {links}").format(links=links)
            )
        self.more.setVisible(hidden > 0)


class TodayPage(QWidget):
    """Due today and overdue, coming this week; acting on the selected entry in place."""

    open_customer = Signal(int)
    log_contact = Signal(int)  # the main window opens the customer and their contact dialog
    show_list = Signal(str)  # "reminders" or "promises": the full list
    print_requested = Signal(object)  # a DocumentRequest: the main window shows Documents

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: TodayOverview | None = None
        self._day = ctx.today()
        self._stale = False
        self._pending = False

        self.heading = QLabel(_("Today"), self)
        self.heading.setStyleSheet("font-size: 22px; font-weight: 600;")
        self.date_label = QLabel(self)
        self.date_label.setObjectName("today_date")
        self.date_label.setStyleSheet("font-size: 16px; color: #444;")
        self.counts = QLabel(self)
        self.counts.setObjectName("today_counts")
        self.counts.setStyleSheet("color: #555;")

        self.done_button = self._button(_("&Done"), _("What was done ({keys})"), DONE_KEYS)
        self.done_button.setMenu(reminder_actions.done_menu(self, self._done_chosen))
        self.snooze_button = self._button(_("&Snooze"), _("Until when ({keys})"), LATER_KEYS)
        self.dismiss_button = self._button(
            _("D&ismiss"), _("Close without acting ({keys})"), DISMISS_KEYS, self.dismiss
        )
        self.kept_button = self._button(
            _("&Kept"), _("The promise was kept ({keys})"), DONE_KEYS, self.keep
        )
        self.change_button = self._button(
            _("&Change date…"), _("A new date agreed with the customer ({keys})"), LATER_KEYS
        )
        self.change_button.clicked.connect(self.change_date)
        self.broken_button = self._button(
            _("&Broken…"), _("The promise was broken ({keys})"), BROKEN_KEYS, self.mark_broken
        )
        self.open_button = self._button(
            _("&Open customer"), _("Enter or {keys}"), OPEN_KEYS, self.open_selected
        )
        self.log_button = self._button(
            _("&Log contact…"), _("A call or visit ({keys})"), LOG_KEYS, self.log_selected
        )
        self.email_button = self._button(
            _("&Email"), _("Write to the customer ({keys})"), EMAIL_KEYS, self.email
        )
        self.refresh_button = self._button(_("Refresh"), _("F5"), "F5", self.reload)
        self.agenda_button = QPushButton(_("Print &agenda…"), self)
        self.agenda_button.setToolTip(_("What is due today, as one printable list"))
        self.agenda_button.clicked.connect(self.print_agenda)

        self.complaints = QLabel(self)
        self.complaints.setObjectName("today_complaints")
        self.complaints.setWordWrap(True)
        self.complaints.setTextFormat(Qt.TextFormat.RichText)
        self.complaints.linkActivated.connect(lambda _link: self.show_list.emit("complaints"))
        self.due = _Section(self, "due")
        self.upcoming = _Section(self, "upcoming")
        self.all_done = QLabel(self)
        self.all_done.setObjectName("today_all_done")
        self.all_done.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.all_done.setWordWrap(True)
        self.all_done.setStyleSheet("color: #2e7d32; font-size: 18px; padding: 48px;")

        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addSpacing(12)
        top.addWidget(self.date_label)
        top.addStretch(1)
        top.addWidget(self.counts)
        buttons = QHBoxLayout()
        for button in (
            self.done_button,
            self.snooze_button,
            self.dismiss_button,
            self.kept_button,
            self.change_button,
            self.broken_button,
        ):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.email_button)
        buttons.addStretch(1)
        buttons.addWidget(self.agenda_button)
        buttons.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.complaints)
        layout.addWidget(self.due, 3)
        layout.addWidget(self.upcoming, 2)
        layout.addWidget(self.all_done, 1)

        self._active: RecordTable = self.due.table
        for section in (self.due, self.upcoming):
            table = section.table
            table.row_opened.connect(lambda _row: self.open_selected())
            table.selectionModel().currentRowChanged.connect(
                lambda current, _previous, chosen=table: self._activated(chosen, current)
            )
        bus = ctx.bus
        for signal in (
            bus.reminders_changed,
            bus.promises_changed,
            bus.complaints_changed,
            bus.customers_changed,
        ):
            signal.connect(self.schedule_reload)
        bus.customer_changed.connect(lambda _cid: self.schedule_reload())
        bus.settings_changed.connect(self.schedule_reload)
        self._shortcuts()
        self.reload()

    def _button(
        self, text: str, tip: str, keys: str, slot: Callable[[], object] | None = None
    ) -> QPushButton:
        button = QPushButton(text, self)
        button.setToolTip(tip.format(keys=QKeySequence(keys).toString()))
        if slot is not None:
            button.clicked.connect(lambda: slot())
        return button

    def _shortcuts(self) -> None:
        keys: tuple[tuple[str, Callable[[], object]], ...] = (
            (DONE_KEYS, self.done_or_kept),
            (LATER_KEYS, self.snooze_or_change),
            (DISMISS_KEYS, self.dismiss),
            (BROKEN_KEYS, self.mark_broken),
            (OPEN_KEYS, self.open_selected),
            (LOG_KEYS, self.log_selected),
            (EMAIL_KEYS, self.email),
            ("F5", self.reload),
        )
        for sequence, slot in keys:
            shortcut = QShortcut(QKeySequence(sequence), self, lambda s=slot: s())
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale or self.ctx.today() != self._day:
            self.reload()

    # --- loading
    def today(self) -> date:
        return self._day

    def schedule_reload(self) -> None:
        """Reload once the current change is fully announced (an action emits several signals);
        a hidden page reloads when it is shown again."""
        if not self.isVisible():
            self._stale = True
            return
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self._reload_pending)

    def _reload_pending(self) -> None:
        if self._pending:
            self.reload()

    def reload(self) -> None:
        """Ask for today's overview (one call) and show it, keeping the selected entry."""
        self._pending = self._stale = False
        kept = self.selected()
        active_row = self._active.current_row()
        self._day = self.ctx.today()
        try:
            overview = self.ctx.shop.today.overview(self._day, LIMIT)
        except CrmError as exc:
            self.ctx.prompts.error(_("Today"), error_text(exc))
            return
        self.overview = overview
        self.date_label.setText(format_date(overview.today, style="full"))
        self.counts.setText(
            _("Due: {due} (overdue: {overdue}) · coming this week: {upcoming}").format(
                due=f"{overview.due_total:,}",
                overdue=f"{overview.overdue_total:,}",
                upcoming=f"{overview.upcoming_total:,}",
            )
        )
        self.snooze_button.setMenu(
            reminder_actions.snooze_menu(self, overview.today, self._snooze_chosen)
        )
        self.due.fill(
            _("Due today and overdue"),
            overview.due,
            overview.due_total,
            _("Nothing is due today: all done."),
        )
        self.upcoming.fill(
            _("Coming this week"),
            overview.upcoming,
            overview.upcoming_total,
            _("Nothing is coming in the next seven days."),
        )
        nothing = overview.due_total == 0 and overview.upcoming_total == 0
        self.all_done.setText(
            "✓ " + _("All done. Nothing is due today and nothing is coming this week.")
        )
        self.all_done.setVisible(nothing)
        self.due.setVisible(not nothing)
        self.upcoming.setVisible(not nothing)
        self._show_complaints()
        self._restore(kept, active_row)
        self._update_buttons()

    def _show_complaints(self) -> None:
        """One line for the complaints whose deadline is today or past (a link to the page);
        a manager also sees how many open complaints are escalated."""
        zone = ZoneInfo(self.ctx.settings().time_zone)
        day_end = datetime.combine(self._day + timedelta(days=1), time(0), tzinfo=zone)
        try:
            open_ = self.ctx.shop.complaints.list_open(now=self.ctx.clock())
            manager = self._manager_at_keyboard()
        except CrmError as exc:
            self.complaints.setText(error_text(exc))
            return
        due = [  # as ComplaintService.due_by, from the one list
            r
            for r in open_
            if r.status != "waiting" and r.next_deadline is not None and r.next_deadline < day_end
        ]
        escalated = sum(1 for r in open_ if r.escalated) if manager else 0
        self.complaints.setVisible(bool(due or escalated))
        if not due and not escalated:
            self.complaints.clear()
            return
        parts: list[str] = []
        if due:
            overdue = sum(1 for record in due if record.overdue)
            names = ", ".join(escape(record.customer_name) for record in due[:3])
            more = "…" if len(due) > 3 else ""
            colour = "#c62828" if overdue else "#e65100"
            parts.append(
                f'<span style="color: {colour}; font-weight: 600;">'
                + ngettext(
                    "{count} complaint due today or overdue ({overdue} overdue)",
                    "{count} complaints due today or overdue ({overdue} overdue)",
                    len(due),
                ).format(count=len(due), overdue=overdue)
                + f"</span>: {names}{more}"
            )
        if escalated:
            parts.append(
                '<span style="color: #d84315; font-weight: 700;">'
                + ngettext("{count} escalated", "{count} escalated", escalated).format(
                    count=escalated
                )
                + "</span>"
            )
        self.complaints.setText(
            " — ".join(parts) + " · " + _('<a href="complaints">Complaints</a>')
        )

    def _manager_at_keyboard(self) -> bool:
        staff_id = self.ctx.current_staff_id()
        return staff_id is not None and self.ctx.shop.staff.get(staff_id).is_manager

    def _restore(self, kept: TodayEntry | None, active_row: int | None) -> None:
        """Select the same entry again, or the one that took its place (so a keyboard user
        goes on down the list after Done)."""
        for section in (self.due, self.upcoming):
            if kept is not None:
                row = section.model.row_of(kept.source, kept.id)
                if row is not None:
                    section.table.select_row(row)
                    self._active = section.table
                    return
        model = self._active.model()
        if active_row is not None and model.rowCount() > 0:
            self._active.select_row(min(active_row, model.rowCount() - 1))
        elif self.due.model.rowCount() > 0 and self._active.current_row() is None:
            self.due.table.select_row(0)
            self._active = self.due.table

    def _activated(self, table: RecordTable, current: QModelIndex) -> None:
        if current.isValid():
            self._active = table
            for section in (self.due, self.upcoming):
                if section.table is not table:
                    section.table.clearSelection()
        self._update_buttons()

    def focus_list(self) -> None:
        """Put the keyboard on the list last worked in."""
        table = self._active if self._active.isVisible() else self.due.table
        table.setFocus()

    # --- the selected entry
    def selected(self) -> TodayEntry | None:
        row = self._active.current_row()
        if row is None:
            return None
        model = self._active.model()
        assert isinstance(model, TodayModel)
        return model.record(row)

    def select(self, source: str, entry_id: int) -> bool:
        """Select an entry (tests and links use it); False when it is not listed."""
        for section in (self.due, self.upcoming):
            row = section.model.row_of(source, entry_id)
            if row is not None:
                section.table.select_row(row)
                section.table.setFocus()
                self._active = section.table
                self._update_buttons()
                return True
        return False

    def _update_buttons(self) -> None:
        entry = self.selected()
        reminder = entry is None or entry.source == "reminder"
        acting = entry is not None and is_open(entry)
        for button in (self.done_button, self.snooze_button, self.dismiss_button):
            button.setVisible(reminder)
            button.setEnabled(acting and reminder)
        for button in (self.kept_button, self.change_button, self.broken_button):
            button.setVisible(not reminder)
            button.setEnabled(acting and not reminder)
        for button in (self.open_button, self.log_button):
            button.setEnabled(entry is not None)
        self.email_button.setEnabled(entry is not None and "email" in entry.channels)

    def _reminder(self) -> TodayEntry | None:
        entry = self.selected()
        ok = entry is not None and entry.source == "reminder" and is_open(entry)
        return entry if ok else None

    def _promise(self) -> TodayEntry | None:
        entry = self.selected()
        return entry if entry is not None and entry.source == "promise" else None

    # --- actions
    def done_or_kept(self) -> None:
        if self._reminder() is not None:
            reminder_actions.popup_menu(self.done_button)
        elif self._promise() is not None:
            self.keep()

    def snooze_or_change(self) -> None:
        if self._reminder() is not None:
            reminder_actions.popup_menu(self.snooze_button)
        elif self._promise() is not None:
            self.change_date()

    def mark_done(self, action: DoneAction) -> bool:
        entry = self._reminder()
        return entry is not None and reminder_actions.mark_done(self.ctx, entry.id, action)

    def snooze(self, until: date) -> bool:
        entry = self._reminder()
        return entry is not None and reminder_actions.snooze(self.ctx, entry.id, until)

    def _done_chosen(self, action: DoneAction) -> None:
        self.mark_done(action)

    def _snooze_chosen(self, until: date) -> None:
        self.snooze(until)

    def dismiss(self) -> bool:
        entry = self._reminder()
        return entry is not None and reminder_actions.dismiss(self.ctx, entry.id)

    def keep(self) -> bool:
        entry = self._promise()
        return entry is not None and promise_actions.keep(self.ctx, entry.id, self)

    def change_date(self) -> None:
        entry = self._promise()
        if entry is not None:
            promise_actions.change_due(self.ctx, entry.id, self)

    def mark_broken(self) -> None:
        entry = self._promise()
        if entry is not None:
            promise_actions.mark_broken(self.ctx, entry.id, self)

    def print_agenda(self) -> None:
        self.print_requested.emit(AgendaRequest(day=self._day))

    def open_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.open_customer.emit(entry.customer_id)

    def log_selected(self) -> None:
        entry = self.selected()
        if entry is not None:
            self.log_contact.emit(entry.customer_id)

    def email(self) -> bool:
        """Open the mail program with a message to the selected entry's customer."""
        entry = self.selected()
        if entry is None:
            return False
        title = _("Email customer")
        if "email" not in entry.channels:
            self.ctx.prompts.error(
                title,
                _("{name} has no email address or did not agree to be emailed.").format(
                    name=entry.customer_name
                ),
            )
            return False
        try:
            if entry.source == "reminder":
                record = self.ctx.shop.reminders.get(entry.id)
                return reminder_actions.email_customer(self.ctx, record)
            customer = self.ctx.shop.customers.get(entry.customer_id)
        except CrmError as exc:
            self.ctx.prompts.error(title, error_text(exc))
            return False
        url = mailto_url(customer.email, entry.title.splitlines()[0] if entry.title else "", "")
        if not self.ctx.prompts.open_url(url):
            self.ctx.prompts.error(title, _("No mail program could be opened on this computer."))
            return False
        return True
