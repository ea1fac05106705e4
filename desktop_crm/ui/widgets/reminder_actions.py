"""Acting on a reminder, the same way wherever it is listed (Today, Reminders, a customer's tab):
menus of what was done and how long to snooze, the calls behind them, words for its codes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, SignalInstance
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.documents.api import ReminderNoteRequest
from desktop_crm.domain.errors import CrmError
from desktop_crm.domain.recurrence import add_months
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.reminders.kinds import DoneAction, ReminderKind, ReminderState
from desktop_crm.services.reminders.records import ReminderRecord
from desktop_crm.services.reminders.service import (
    ACTION_LABELS,
    KIND_LABELS,
    STATE_LABELS,
    short_text,
)
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate

# Keys every reminders list answers to (Enter opens the customer: RecordTable.row_opened).
DONE_KEYS = "Ctrl+D"
SNOOZE_KEYS = "Ctrl+Shift+S"
DISMISS_KEYS = "Ctrl+Shift+D"
EMAIL_KEYS = "Ctrl+Shift+E"

OVERDUE = QBrush(QColor("#c62828"))
"""The colour of an overdue reminder's row."""

# The menu entries, in order, with a mnemonic each (the menu opens from the keyboard too).
_DONE_ENTRIES: tuple[tuple[DoneAction, Callable[[], str]], ...] = (
    (DoneAction.CALLED, lambda: _("&Called")),
    (DoneAction.EMAILED, lambda: _("&Emailed")),
    (DoneAction.MESSAGED, lambda: _("Sent a &message")),
    (DoneAction.NOTE_PRINTED, lambda: _("&Printed a note")),
    (DoneAction.VISITED, lambda: _("&Visited")),
    (DoneAction.OTHER, lambda: _("&Other")),
)


# --- words
def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))


def action_label(action: str) -> str:
    return _(ACTION_LABELS[action]) if action in ACTION_LABELS else action


def state_label(record: ReminderRecord, today: date) -> str:
    """Due, Overdue, Snoozed, Done (with what was done), Dismissed."""
    if record.is_overdue(today):
        return _("Overdue")
    if record.state == ReminderState.DONE and record.done_action:
        return _("Done: {action}").format(action=action_label(record.done_action))
    return _(STATE_LABELS[record.state]) if record.state in STATE_LABELS else record.state


def channel_names(channels: tuple[str, ...]) -> str:
    """The channels a customer may be contacted on, as words ("Phone, Email")."""
    names = {"phone": _("Phone"), "email": _("Email"), "sms": _("SMS"), "mail": _("Letter")}
    return ", ".join(names.get(channel, channel) for channel in channels)


def reminder_text(record: ReminderRecord) -> str:
    """A reminder in a few words (its message, or what it is about) in the UI's language."""
    return short_text(record, _)


def reminder_date(record: ReminderRecord) -> date:
    """The date a reminder is listed on: when it shows (due date or end of snooze), else its
    due date."""
    return record.show_on or record.due_on


def row_foreground(record: ReminderRecord, today: date) -> QBrush | None:
    """Overdue rows in red, closed ones greyed out."""
    if record.is_overdue(today):
        return OVERDUE
    if not record.is_open:
        return QBrush(QColor("#8a8a8a"))
    return None


def row_font(record: ReminderRecord, today: date) -> QFont | None:
    if record.is_overdue(today):
        font = QFont()
        font.setBold(True)
        return font
    return None


# --- menus
def done_menu(parent: QWidget, on_chosen: Callable[[DoneAction], None]) -> QMenu:
    """What was done: called, emailed, sent a message, printed a note, visited, other."""
    menu = QMenu(parent)
    menu.setObjectName("done_menu")
    for action, label in _DONE_ENTRIES:
        entry = menu.addAction(label())
        entry.setData(action.value)
        entry.triggered.connect(lambda _checked=False, chosen=action: on_chosen(chosen))
    return menu


def snooze_menu(parent: QWidget, today: date, on_chosen: Callable[[date], None]) -> QMenu:
    """Until when: tomorrow, in 3 days, next week, in a month, or a date chosen on a calendar."""
    menu = QMenu(parent)
    menu.setObjectName("snooze_menu")
    choices = (
        (_("&Tomorrow"), today + timedelta(days=1)),
        (_("In &3 days"), today + timedelta(days=3)),
        (_("Next &week"), today + timedelta(days=7)),
        (_("In a &month"), add_months(today, 1)),
    )
    for label, until in choices:
        entry: QAction = menu.addAction(f"{label}\t{format_date(until)}")
        entry.setData(until.isoformat())
        entry.triggered.connect(lambda _checked=False, day=until: on_chosen(day))
    menu.addSeparator()
    pick = menu.addAction(_("&Choose a date…"))
    pick.triggered.connect(lambda: _choose_date(parent, today, on_chosen))
    return menu


def popup_menu(button: QPushButton) -> None:
    """Open a button's menu under it from the keyboard, first entry active (Enter picks it,
    a mnemonic letter picks another). Unlike ``showMenu()`` this returns at once."""
    menu = button.menu()
    if menu is None or not button.isEnabled():
        return
    menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
    entries = [entry for entry in menu.actions() if not entry.isSeparator()]
    if entries:
        menu.setActiveAction(entries[0])


class SnoozeDateDialog(QDialog):
    """A calendar to pick the day a snoozed reminder comes back (any day after today)."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Snooze until"))
        self.calendar = QCalendarWidget(self)
        self.calendar.setMinimumDate(to_qdate(today + timedelta(days=1)))
        self.calendar.setMaximumDate(QDate(2999, 12, 31))
        self.calendar.setSelectedDate(to_qdate(today + timedelta(days=1)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.calendar.activated.connect(lambda _d: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(self.calendar)
        layout.addWidget(buttons)

    def chosen(self) -> date:
        return from_qdate(self.calendar.selectedDate())


def _choose_date(parent: QWidget, today: date, on_chosen: Callable[[date], None]) -> None:
    dialog = SnoozeDateDialog(today, parent)
    dialog.accepted.connect(lambda: on_chosen(dialog.chosen()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.open()


# --- the calls behind them
def mark_done(ctx: UiContext, reminder_id: int, action: DoneAction) -> bool:
    """Record what was done (it also goes on the customer's timeline). True when it worked."""
    try:
        record = ctx.shop.reminders.done(
            reminder_id, action, staff_id=ctx.current_staff_id(), today=ctx.today()
        )
    except CrmError as exc:
        ctx.prompts.error(_("Reminder done"), error_text(exc))
        return False
    ctx.bus.reminders_changed.emit()
    ctx.bus.customer_changed.emit(record.customer_id)  # its timeline has a new entry
    return True


def snooze(ctx: UiContext, reminder_id: int, until: date) -> bool:
    """Put a reminder away until ``until``. True when it worked."""
    try:
        ctx.shop.reminders.snooze(reminder_id, until, today=ctx.today())
    except CrmError as exc:
        ctx.prompts.error(_("Snooze reminder"), error_text(exc))
        return False
    ctx.bus.reminders_changed.emit()
    return True


def dismiss(ctx: UiContext, reminder_id: int) -> bool:
    """Close a reminder without acting on it. True when it worked."""
    try:
        ctx.shop.reminders.dismiss(reminder_id, staff_id=ctx.current_staff_id(), today=ctx.today())
    except CrmError as exc:
        ctx.prompts.error(_("Dismiss reminder"), error_text(exc))
        return False
    ctx.bus.reminders_changed.emit()
    return True


def reopen(ctx: UiContext, reminder_id: int) -> bool:
    """Make a closed or snoozed reminder due again. True when it worked."""
    try:
        ctx.shop.reminders.reopen(reminder_id)
    except CrmError as exc:
        ctx.prompts.error(_("Reopen reminder"), error_text(exc))
        return False
    ctx.bus.reminders_changed.emit()
    return True


def email_customer(ctx: UiContext, record: ReminderRecord) -> bool:
    """Open the mail program with the suggested message to the customer; explain instead when
    they have no address or did not agree to be emailed. True when the mail program opened."""
    title = _("Email customer")
    url = ctx.shop.reminders.mailto(record)
    if url is None:
        if not record.customer_email:
            text = _("{name} has no email address.").format(name=record.customer_name)
        else:
            text = _("{name} did not agree to be contacted by email.").format(
                name=record.customer_name
            )
        ctx.prompts.error(title, text)
        return False
    if not ctx.prompts.open_url(url):
        ctx.prompts.error(title, _("No mail program could be opened on this computer."))
        return False
    return True


def is_manual(record: ReminderRecord) -> bool:
    """Made by hand (so it can be edited or deleted)."""
    return record.kind == ReminderKind.MANUAL and not record.generated


class SelectedReminderActions:
    """The actions on the selected reminder, shared by the Reminders page and the customer's
    Reminders tab: a widget mixing this in has ``ctx``, ``selected()``, ``done_button`` and
    ``snooze_button`` (whose menus call ``_done_chosen`` and ``_snooze_to``), and a
    ``print_requested = Signal(object)`` the main window answers with the Documents page."""

    ctx: UiContext
    done_button: QPushButton
    snooze_button: QPushButton
    print_requested: SignalInstance

    def selected(self) -> ReminderRecord | None:
        raise NotImplementedError

    def show_done_menu(self) -> None:
        popup_menu(self.done_button)

    def show_snooze_menu(self) -> None:
        popup_menu(self.snooze_button)

    def _done_chosen(self, action: DoneAction) -> None:
        record = self.selected()
        if record is not None:
            mark_done(self.ctx, record.id, action)

    def _snooze_to(self, until: date) -> None:
        record = self.selected()
        if record is not None:
            snooze(self.ctx, record.id, until)

    def dismiss_selected(self) -> None:
        record = self.selected()
        if record is not None and record.is_open:
            dismiss(self.ctx, record.id)

    def reopen_selected(self) -> None:
        record = self.selected()
        if record is not None and not record.is_open:
            reopen(self.ctx, record.id)

    def email_selected(self) -> None:
        record = self.selected()
        if record is not None:
            email_customer(self.ctx, record)

    def print_note_selected(self) -> None:
        """A printed note for the selected reminder, previewed on the Documents page."""
        record = self.selected()
        if record is not None:
            self.print_requested.emit(ReminderNoteRequest(reminder_ids=(record.id,)))
