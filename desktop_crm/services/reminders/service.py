"""The reminders service: what the UI and the CLI call.

Generated reminders (``key`` set) are worked out by ``generation.ReminderGenerator``; this module
lists reminders, makes manual ones, and records what staff did about any of them. Every write
keeps ``show_on`` in step with the state: the due date while due, the end of the snooze while
snoozed, nothing once done or dismissed (Today reads that one indexed column).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.channels import mailto_url
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.recurrence import Recurrence, local_today, next_occurrence, rule_text
from desktop_crm.i18n import translations_for
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.progress import Progress
from desktop_crm.services.reminders.kinds import (
    OPEN_STATES,
    DoneAction,
    ReminderKind,
    ReminderState,
)
from desktop_crm.services.reminders.records import (
    QUERY_STATES,
    ReminderQuery,
    ReminderRecord,
    parse_recurrence,
    record_select,
    stored_recurrence,
    to_record,
)
from desktop_crm.services.rules import RuleService
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Item, Reminder, Staff
from desktop_crm.storage.types import utc_now

if TYPE_CHECKING:
    from desktop_crm.services.reminders.generation import RefreshResult, ReminderGenerator

Gettext = Callable[[str], str]

REMINDER_EVENT = "reminder"
"""The timeline kind of "a reminder was done" entries (``ref_id`` = the reminder)."""
MAX_MESSAGE_LENGTH = 2000
MAX_RULE_LENGTH = 250  # the stored text (with its DTSTART line) fits Reminder.recurrence

KIND_LABELS: dict[str, str] = {
    ReminderKind.SERVICE: N_("Service"),
    ReminderKind.BIRTHDAY: N_("Birthday"),
    ReminderKind.RENEWAL: N_("Renewal"),
    ReminderKind.FOLLOW_UP: N_("Follow-up"),
    ReminderKind.WIN_BACK: N_("Win-back"),
    ReminderKind.MANUAL: N_("Reminder"),
}
"""What each kind is called (marked for translation: show them through ``_()``)."""

ACTION_LABELS: dict[str, str] = {
    DoneAction.CALLED: N_("Called"),
    DoneAction.EMAILED: N_("Emailed"),
    DoneAction.MESSAGED: N_("Sent a message"),
    DoneAction.NOTE_PRINTED: N_("Printed a note"),
    DoneAction.VISITED: N_("Visited"),
    DoneAction.OTHER: N_("Done"),
}
"""What staff did about a reminder (marked for translation)."""

STATE_LABELS: dict[str, str] = {
    ReminderState.DUE: N_("Due"),
    ReminderState.SNOOZED: N_("Snoozed"),
    ReminderState.DONE: N_("Done"),
    ReminderState.DISMISSED: N_("Dismissed"),
}

# The timeline channel a done action amounts to ("" otherwise). The entry's kind is "reminder",
# not "contact", so a "visited" one does not count as a visit that asks for a follow-up.
_ACTION_CHANNELS = {
    DoneAction.CALLED: "phone",
    DoneAction.EMAILED: "email",
    DoneAction.MESSAGED: "message",
    DoneAction.VISITED: "visit",
}


def short_text(record: ReminderRecord, gettext: Gettext, language: str | None = None) -> str:
    """A reminder in a few words, for lists and calendar entries: its own message, or what it is
    about (the item, the date of the event)."""
    if record.message:
        return record.message.strip().splitlines()[0]
    on = format_date(record.event_on or record.due_on, language)
    item = record.item_name
    if record.kind == ReminderKind.SERVICE:
        return (
            gettext(N_("Service of {item}")).format(item=item) if item else gettext(N_("Service"))
        )
    if record.kind == ReminderKind.BIRTHDAY:
        return gettext(N_("Birthday on {date}")).format(date=on)
    if record.kind == ReminderKind.RENEWAL:
        if item:
            return gettext(N_("{item} ends on {date}")).format(item=item, date=on)
        return gettext(N_("Contract ends on {date}")).format(date=on)
    if record.kind == ReminderKind.FOLLOW_UP:
        return gettext(N_("Ask how the visit of {date} went")).format(date=on)
    if record.kind == ReminderKind.WIN_BACK:
        return gettext(N_("Has not bought for a while"))
    return gettext(KIND_LABELS.get(record.kind, N_("Reminder")))


def suggested_text(record: ReminderRecord, language: str) -> str:
    """The message to send the customer in ``language``: the reminder's own message (a manual
    one, or a rule's custom text), else a text per kind naming the item and the date."""
    if record.message:
        return record.message
    gettext = translations_for(language).gettext
    names = {
        "customer": record.customer_name,
        "item": record.item_name,
        "date": format_date(record.event_on or record.due_on, language),
    }
    item = bool(record.item_name)
    texts: dict[str, str] = {
        ReminderKind.SERVICE: N_(
            "Hello {customer}, {item} is due for its service on {date}."
            " Would you like to book an appointment?"
        )
        if item
        else N_(
            "Hello {customer}, your next service is due on {date}."
            " Would you like to book an appointment?"
        ),
        ReminderKind.BIRTHDAY: N_(
            "Hello {customer}, your birthday is coming up on {date}:"
            " all of us wish you a wonderful day!"
        ),
        ReminderKind.RENEWAL: N_(
            "Hello {customer}, your contract {item} ends on {date}. Shall we renew it?"
        )
        if item
        else N_("Hello {customer}, your contract ends on {date}. Shall we renew it?"),
        ReminderKind.FOLLOW_UP: N_(
            "Hello {customer}, thank you for your visit on {date}. How did everything go?"
        ),
        ReminderKind.WIN_BACK: N_(
            "Hello {customer}, we have not seen you for a while."
            " We would be glad to welcome you back!"
        ),
    }
    text = gettext(texts.get(record.kind, N_("Hello {customer},"))).format(**names)
    # A date that ends in a full stop ("15 мая 2027 г.") before the sentence's own.
    return _DOUBLE_FULL_STOP.sub(".", text)


_DOUBLE_FULL_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


class ReminderService:
    def __init__(self, db: Database, settings: SettingsService, rules: RuleService) -> None:
        self._db = db
        self._settings = settings
        self._rules = rules
        self._generator_: ReminderGenerator | None = None

    # --- generation (ReminderGenerator)
    @property
    def _generator(self) -> ReminderGenerator:
        if self._generator_ is None:
            from desktop_crm.services.reminders.generation import ReminderGenerator

            self._generator_ = ReminderGenerator(self._db, self._settings, self._rules)
        return self._generator_

    def refresh(self, today: date | None = None, progress: Progress | None = None) -> RefreshResult:
        """Work out again the reminders of the customers whose data changed (a full run when
        asked for or never done); rolls yearly birthdays forward."""
        return self._generator.refresh(today=today, progress=progress)

    def regenerate_all(
        self, today: date | None = None, progress: Progress | None = None
    ) -> RefreshResult:
        """Work out every customer's generated reminders again."""
        return self._generator.regenerate_all(today=today, progress=progress)

    # --- reading
    def today(self) -> date:
        """The shop's calendar date now."""
        return local_today(datetime.now(UTC), self._settings.get().time_zone)

    def get(self, reminder_id: int) -> ReminderRecord:
        with self._db.read() as session:
            return self._record(session, reminder_id)

    def for_customer(self, customer_id: int, include_closed: bool = True) -> list[ReminderRecord]:
        """The customer's reminders: open ones by date, then (when asked) the done and dismissed
        ones, latest due first."""
        open_query = (
            record_select()
            .where(Reminder.customer_id == customer_id, Reminder.state.in_(OPEN_STATES))
            .order_by(Reminder.show_on, Reminder.id)
        )
        closed_query = (
            record_select()
            .where(Reminder.customer_id == customer_id, Reminder.state.not_in(OPEN_STATES))
            .order_by(Reminder.due_on.desc(), Reminder.id.desc())
        )
        with self._db.read() as session:
            records = [to_record(row) for row in session.execute(open_query)]
            if include_closed:
                records += [to_record(row) for row in session.execute(closed_query)]
        return records

    def count(self, query: ReminderQuery, today: date | None = None) -> int:
        """How many reminders ``query`` lists."""
        statement = self._filtered(
            select(func.count(Reminder.id))
            .select_from(Reminder)
            .join(Customer, Customer.id == Reminder.customer_id),
            query,
        )
        with self._db.read() as session:
            return int(session.scalar(statement) or 0)

    def list_page(
        self, query: ReminderQuery, offset: int, limit: int, today: date | None = None
    ) -> list[ReminderRecord]:
        """One page of the reminders ``query`` lists, by date (the date shown: the end of a
        snooze for an open one, else the due date), then id. Archived customers' reminders are
        left out unless the query names the customer."""
        statement = (
            self._filtered(record_select(), query)
            .order_by(_date_column(query.state), Reminder.id)
            .offset(offset)
            .limit(limit)
        )
        with self._db.read() as session:
            return [to_record(row) for row in session.execute(statement)]

    def came_due(self, after: date, today: date) -> list[ReminderRecord]:
        """Open reminders whose date fell in (``after``, ``today``]: what came due while the app
        was closed (or since it last looked), by date. Archived customers left out."""
        statement = (
            record_select()
            .where(
                Reminder.state.in_(OPEN_STATES),
                Reminder.show_on > after,
                Reminder.show_on <= today,
                Customer.archived.is_(False),
            )
            .order_by(Reminder.show_on, Reminder.id)
        )
        with self._db.read() as session:
            return [to_record(row) for row in session.execute(statement)]

    # --- manual reminders
    def create(
        self,
        customer_id: int,
        due_on: date,
        message: str,
        item_id: int | None = None,
        recurrence: Recurrence | None = None,
        staff_id: int | None = None,
    ) -> ReminderRecord:
        """A reminder made by hand, once or repeating (``recurrence`` counts from ``due_on``)."""
        message = _checked_message(message)
        _check_date(due_on)
        rule = _rule(recurrence, due_on)
        with self._db.write() as session:
            customer = session.get(Customer, customer_id)
            if customer is None or customer.erased_at is not None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            if customer.archived:
                raise ValidationError(
                    "customer_id",
                    N_("This customer is archived: restore them to add a reminder."),
                )
            if item_id is not None:
                item = session.get(Item, item_id)
                if item is None or item.customer_id != customer_id:
                    raise ValidationError("item_id", N_("This item is not the customer's."))
            _check_staff(session, staff_id)
            row = Reminder(
                customer_id=customer_id,
                item_id=item_id,
                kind=ReminderKind.MANUAL.value,
                key=None,
                due_on=due_on,
                message=message,
                state=ReminderState.DUE.value,
                show_on=due_on,
                recurrence=None if rule is None else stored_recurrence(rule, due_on),
                created_by=staff_id,
            )
            session.add(row)
            session.flush()
            return self._record(session, row.id)

    def update_manual(
        self, reminder_id: int, due_on: date, message: str, recurrence: Recurrence | None
    ) -> ReminderRecord:
        """Change an open manual reminder: its date, message and repeat (it becomes due again
        on the new date; a changed repeat counts from it)."""
        message = _checked_message(message)
        _check_date(due_on)
        rule = _rule(recurrence, due_on)
        with self._db.write() as session:
            row = self._manual_row(session, reminder_id)
            if row.state not in OPEN_STATES:
                raise ValidationError(
                    "state", N_("This reminder is closed: reopen it before changing it.")
                )
            if rule is None:
                row.recurrence = None
            else:
                # The same rule keeps its series start (COUNT and INTERVAL count from there).
                same = row.recurrence is not None and (
                    parse_recurrence(row.recurrence, row.due_on)[0] == rule
                )
                if not same:
                    row.recurrence = stored_recurrence(rule, due_on)
            row.due_on, row.message = due_on, message
            _set_state(row, ReminderState.DUE)
            session.flush()
            return self._record(session, row.id)

    def delete_manual(self, reminder_id: int) -> None:
        """Remove a reminder made by hand (generated ones are dismissed instead: they would
        come back)."""
        with self._db.write() as session:
            session.delete(self._manual_row(session, reminder_id))

    # --- acting on reminders
    def done(
        self,
        reminder_id: int,
        action: DoneAction | str,
        note: str = "",
        staff_id: int | None = None,
        today: date | None = None,
    ) -> ReminderRecord:
        """Record what was done (called, emailed...): the reminder closes, the customer's timeline
        says so, and a repeating manual reminder gets its next occurrence. Marking a reminder
        that is already done again changes nothing."""
        try:
            done_action = DoneAction(action)
        except ValueError as exc:
            raise ValidationError("action", N_("Say what was done.")) from exc
        note = note.strip()
        if len(note) > MAX_MESSAGE_LENGTH:
            raise ValidationError(
                "note", N_("A note is at most {limit} characters."), limit=MAX_MESSAGE_LENGTH
            )
        day = today or self.today()
        shop_language = self._settings.get().language
        with self._db.write() as session:
            row = self._row(session, reminder_id)
            if row.state == ReminderState.DONE:
                return self._record(session, row.id)
            _check_staff(session, staff_id)
            _set_state(row, ReminderState.DONE)
            row.done_action, row.done_note = done_action.value, note
            row.done_at, row.done_by = utc_now(), staff_id
            session.flush()
            record = self._record(session, row.id)
            gettext = translations_for(shop_language).gettext
            outcome = gettext(ACTION_LABELS[done_action])
            add_event(
                session,
                row.customer_id,
                REMINDER_EVENT,
                gettext(N_("Reminder: {what}")).format(
                    what=short_text(record, gettext, shop_language)
                ),
                staff_id=staff_id,
                channel=_ACTION_CHANNELS.get(done_action, ""),
                outcome=f"{outcome}: {note}" if note else outcome,
                ref_id=row.id,
            )
            _add_next_occurrence(session, row, day)
            return record

    def snooze(self, reminder_id: int, until: date, today: date | None = None) -> ReminderRecord:
        """Put an open reminder away until ``until`` (after today), when it is due again."""
        day = today or self.today()
        if until <= day:
            raise ValidationError("until", N_("Snooze until a date after today."))
        _check_date(until, "until")
        with self._db.write() as session:
            row = self._row(session, reminder_id)
            if row.state not in OPEN_STATES:
                raise ValidationError(
                    "state", N_("This reminder is closed: reopen it before snoozing it.")
                )
            row.snoozed_until = until
            _set_state(row, ReminderState.SNOOZED)
            session.flush()
            return self._record(session, row.id)

    def dismiss(
        self, reminder_id: int, staff_id: int | None = None, today: date | None = None
    ) -> ReminderRecord:
        """Close a reminder without acting on it (a repeating manual one moves on to its next
        occurrence). Dismissing it again changes nothing."""
        day = today or self.today()
        with self._db.write() as session:
            row = self._row(session, reminder_id)
            if row.state == ReminderState.DISMISSED:
                return self._record(session, row.id)
            _check_staff(session, staff_id)
            _set_state(row, ReminderState.DISMISSED)
            row.done_action, row.done_note = "", ""
            row.done_at, row.done_by = utc_now(), staff_id
            session.flush()
            _add_next_occurrence(session, row, day)
            return self._record(session, row.id)

    def reopen(self, reminder_id: int) -> ReminderRecord:
        """Make a done, dismissed or snoozed reminder due again on its due date."""
        with self._db.write() as session:
            row = self._row(session, reminder_id)
            _set_state(row, ReminderState.DUE)
            row.done_action, row.done_note = "", ""
            row.done_at, row.done_by = None, None
            session.flush()
            return self._record(session, row.id)

    # --- messages
    def suggested_message(self, record: ReminderRecord, language: str | None = None) -> str:
        """What to tell the customer: the reminder's own message, or a text per kind naming the
        item and date, in ``language`` (default: the customer's, else the shop's)."""
        return suggested_text(record, self._language(record, language))

    def mailto(self, record: ReminderRecord) -> str | None:
        """A ``mailto:`` link with the suggested message, or None when the customer has no email
        address or did not agree to be emailed."""
        if "email" not in record.channels or not record.customer_email:
            return None
        settings = self._settings.get()
        language = self._language(record, None)
        gettext = translations_for(language).gettext
        shop = settings.shop_name
        subject = (
            gettext(N_("A message from {shop}")).format(shop=shop)
            if shop
            else short_text(record, gettext, language)
        )
        return mailto_url(record.customer_email, subject, suggested_text(record, language))

    # --- helpers
    def _language(self, record: ReminderRecord, language: str | None) -> str:
        return language or record.customer_language or self._settings.get().language

    @staticmethod
    def _filtered(statement: Select[Any], query: ReminderQuery) -> Select[Any]:
        if query.state not in QUERY_STATES:
            raise ValidationError("state", N_("Choose which reminders to list."))
        conditions: list[ColumnElement[bool]] = []
        if query.state == "open":
            conditions.append(Reminder.state.in_(OPEN_STATES))
        elif query.state != "all":
            conditions.append(Reminder.state == query.state)
        if query.kind:
            conditions.append(Reminder.kind == query.kind)
        if query.customer_id is not None:
            conditions.append(Reminder.customer_id == query.customer_id)
        else:
            conditions.append(Customer.archived.is_(False))
        if query.due_until is not None:
            conditions.append(_date_column(query.state) <= query.due_until)
        return statement.where(*conditions)

    @staticmethod
    def _row(session: Session, reminder_id: int) -> Reminder:
        row = session.get(Reminder, reminder_id)
        if row is None:
            raise NotFoundError(N_("This reminder does not exist (any more)."))
        return row

    def _manual_row(self, session: Session, reminder_id: int) -> Reminder:
        row = self._row(session, reminder_id)
        if row.key is not None or row.kind != ReminderKind.MANUAL:
            raise ValidationError(
                "kind",
                N_("Only reminders made by hand can be changed or deleted; dismiss this one."),
            )
        return row

    @staticmethod
    def _record(session: Session, reminder_id: int) -> ReminderRecord:
        row = session.execute(record_select().where(Reminder.id == reminder_id)).one_or_none()
        if row is None:
            raise NotFoundError(N_("This reminder does not exist (any more)."))
        return to_record(row)


def _date_column(state: str) -> ColumnElement[date]:
    """The date a list sorts and filters by: ``show_on`` for open reminders (indexed), the due
    date for closed ones, the first of the two for a list of every state."""
    if state in ("open", "due", "snoozed"):
        return Reminder.show_on  # type: ignore[return-value]
    if state in ("done", "dismissed"):
        return Reminder.due_on  # type: ignore[return-value]
    return func.coalesce(Reminder.show_on, Reminder.due_on)


def _set_state(row: Reminder, state: ReminderState) -> None:
    """Move ``row`` to ``state`` with ``show_on`` (and the snooze) in step."""
    row.state = state.value
    if state == ReminderState.DUE:
        row.snoozed_until, row.show_on = None, row.due_on
    elif state == ReminderState.SNOOZED:
        row.show_on = row.snoozed_until
    else:
        row.snoozed_until, row.show_on = None, None


def _add_next_occurrence(session: Session, row: Reminder, today: date) -> None:
    """After a repeating manual reminder closes: the next one of its series, the first not
    already past (a weekly reminder done three weeks late does not leave three behind), unless
    a later one of the series (same customer, rule, start and message) exists already: closing
    twice, or reopening and closing again, adds no second one."""
    if row.recurrence is None or row.key is not None:
        return
    rule, start = parse_recurrence(row.recurrence, row.due_on)
    try:
        recurrence = Recurrence(rrule=rule)
    except (ValidationError, ValueError):
        return
    after = max(row.due_on, today - timedelta(days=1))
    following = next_occurrence(recurrence, start, after)
    if following is None:
        return
    later = select(Reminder.id).where(
        Reminder.customer_id == row.customer_id,
        Reminder.key.is_(None),
        Reminder.recurrence == row.recurrence,
        Reminder.message == row.message,
        Reminder.due_on > row.due_on,
    )
    if session.scalar(later.limit(1)) is not None:
        return
    session.add(
        Reminder(
            customer_id=row.customer_id,
            item_id=row.item_id,
            kind=ReminderKind.MANUAL.value,
            key=None,
            due_on=following,
            message=row.message,
            state=ReminderState.DUE.value,
            show_on=following,
            recurrence=row.recurrence,
            created_by=row.created_by,
        )
    )
    session.flush()


def _checked_message(message: str) -> str:
    message = message.strip()
    if not message:
        raise ValidationError("message", N_("Say what to remember."))
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(
            "message", N_("A message is at most {limit} characters."), limit=MAX_MESSAGE_LENGTH
        )
    return message


def _check_date(day: date, field: str = "due_on") -> None:
    if not date(1900, 1, 1) <= day <= date(2999, 12, 31):
        raise ValidationError(field, N_("This is not a plausible date."))


def _rule(recurrence: Recurrence | None, start: date) -> str | None:
    if recurrence is None:
        return None
    rule = rule_text(recurrence, start)
    if len(rule) > MAX_RULE_LENGTH:
        raise ValidationError("rrule", N_("This repeat rule is too long."))
    return rule


def _check_staff(session: Session, staff_id: int | None) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError("staff_id", N_("This staff member does not exist."))
