"""The Today page's data: what is due and overdue, and what is coming this week.

Everything Today shows comes from one ``overview`` call: a few indexed queries with a LIMIT, so
the page opens at once with 100,000 customers (bench/today.py). The day the app last ran is kept
in the settings, so the app can say at start-up what came due while it was closed.

How it stays quick (SQLite and PostgreSQL alike):
- A reminder's ``show_on`` is set exactly while it is open (due or snoozed) — the model's
  contract — so "open and shown by a date" is a range on the ``show_on`` index alone.
- Archived customers are left out with ``customer_id NOT IN (archived customers)``, a short list,
  rather than by filtering the joined customer row: a filter on ``customers.archived`` lets the
  planner (SQLite without statistics) walk all customers in name order and probe their
  reminders, which is 100 times slower.
- Counting 50,000 overdue reminders row by row takes a quarter of a second; the totals are an
  index-only count of the range minus the (few) reminders of archived customers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    delete,
    func,
    insert,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from desktop_crm.domain.channels import allowed_channels
from desktop_crm.domain.recurrence import local_today
from desktop_crm.domain.reminder_plan import BUILT_IN_RULES
from desktop_crm.services.promises import PENDING
from desktop_crm.services.reminders.kinds import ReminderKind, ReminderState
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Item, Promise, Reminder, ReminderRule, Setting

LAST_SEEN_KEY = "today.last_seen_day"
WEEK_DAYS = 7
"""How far "coming this week" looks ahead: (today, today + 7]."""

_PENDING = tuple(status.value for status in PENDING)
# Birthday and renewal reminders also show in "coming this week" by the day of the event itself
# (a birthday card sent last week: the birthday is still on Thursday). Their due date is the
# event minus the rule's days, so bounding due_on by the longest rule of the kind lets the
# (kind, due_on) index find them instead of reading every reminder of the kind: the longest of
# the built-in rules and the stored ones. (A reminder done under a longer rule since shortened
# is missed; an index on (kind, event_on) would need no bound.)
_EVENT_KINDS = {
    kind: max(rule.amount for rule in BUILT_IN_RULES if rule.kind == kind)
    for kind in (ReminderKind.BIRTHDAY.value, ReminderKind.RENEWAL.value)
}


@dataclass(frozen=True)
class TodayEntry:
    """One line of Today: a reminder or a promise, with what is needed to act on it."""

    source: str  # "reminder" | "promise"
    id: int
    customer_id: int
    customer_name: str
    on: date  # the reminder's show_on (or its event's day), the promise's due date
    kind: str  # the reminder's kind, or "promise"
    title: str  # the promise's what; the reminder's message, else its item's name
    overdue: bool
    channels: tuple[str, ...]
    event_on: date | None = None  # the birthday or contract end a reminder is about
    state: str = ""  # the reminder's state or the promise's status
    message: str = ""  # the reminder's own message ("": the page words it by kind)
    item_name: str = ""  # the item a reminder is about


@dataclass(frozen=True)
class TodayOverview:
    today: date
    due: list[TodayEntry]
    upcoming: list[TodayEntry]
    due_total: int
    upcoming_total: int
    overdue_total: int = 0  # of due_total, those whose date has passed


@dataclass(frozen=True)
class DueCounts:
    """What came due in a stretch of days (the app's "while you were away")."""

    reminders: int
    promises: int

    @property
    def total(self) -> int:
        return self.reminders + self.promises


def _archived_ids() -> Select[tuple[int]]:
    return select(Customer.id).where(Customer.archived.is_(True))


def _customer_columns() -> tuple[Any, ...]:
    return (
        Customer.name,
        Customer.sort_name,
        Customer.phone,
        Customer.email,
        Customer.address,
        Customer.consent_email,
        Customer.consent_sms,
        Customer.consent_mail,
    )


def _reminder_select() -> Select[Any]:
    return (
        select(
            literal_column("'reminder'").label("source"),
            Reminder.id,
            Reminder.customer_id,
            Reminder.show_on.label("on"),
            Reminder.event_on,
            Reminder.kind,
            Reminder.message,
            Reminder.state,
            Item.name.label("item_name"),
            *_customer_columns(),
        )
        .join(Customer, Customer.id == Reminder.customer_id)
        .outerjoin(Item, Item.id == Reminder.item_id)
    )


class _Row:
    """A fetched row and where it sorts: (date, customer's sort name, source, id). Entries are
    built only for the rows that make the cut."""

    __slots__ = ("key", "on", "row")

    def __init__(self, row: Any, on: date) -> None:
        self.row, self.on = row, on
        self.key = (on, row.sort_name, row.source, row.id)

    def entry(self, today: date) -> TodayEntry:
        row = self.row
        channels = allowed_channels(
            row.phone,
            row.email,
            row.address,
            bool(row.consent_email),
            bool(row.consent_sms),
            bool(row.consent_mail),
        )
        if row.source == "promise":
            kind, title, event_on, state = "promise", row.what, None, row.status
            message = item_name = ""
        else:
            kind, message, item_name = row.kind, row.message, row.item_name or ""
            title, event_on, state = message or item_name, row.event_on, row.state
        return TodayEntry(
            source=row.source,
            id=row.id,
            customer_id=row.customer_id,
            customer_name=row.name,
            on=self.on,
            kind=kind,
            title=title,
            overdue=self.on < today,
            channels=channels,
            event_on=event_on,
            state=state,
            message=message,
            item_name=item_name,
        )


def _first(rows: list[_Row], limit: int, today: date) -> list[TodayEntry]:
    """The first ``limit`` of several sorted lists, by date then customer name."""
    rows.sort(key=lambda row: row.key)
    return [row.entry(today) for row in rows[:limit]]


class TodayService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def local_today(self) -> date:
        """The shop's date now, in its time zone."""
        return local_today(datetime.now(UTC), self._settings.get().time_zone)

    def overview(self, today: date | None = None, limit: int = 300) -> TodayOverview:
        """What is due (open reminders shown on or before ``today``, pending promises due by
        then) and what is coming in the next seven days (reminders and promises by their date,
        and birthdays or contract ends whose day falls in [today, today + 7] and whose reminder
        is not listed already), each list sorted by date then customer name and cut at
        ``limit``. Archived customers are left out. The totals count every entry."""
        today = today or self.local_today()
        end = today + timedelta(days=WEEK_DAYS)
        with self._db.read() as session:
            due = self._reminders(session, Reminder.show_on <= today, limit)
            due += self._promises(session, Promise.due_on <= today, limit)
            upcoming = self._reminders(
                session, and_(Reminder.show_on > today, Reminder.show_on <= end), limit
            )
            upcoming += self._promises(
                session, and_(Promise.due_on > today, Promise.due_on <= end), limit
            )
            events = self._events(session, today, end)
            upcoming += events

            reminders = self._reminder_counts(session, None, end, today)
            promises = self._promise_counts(session, None, end, today)
        return TodayOverview(
            today=today,
            due=_first(due, limit, today),
            upcoming=_first(upcoming, limit, today),
            due_total=reminders.due + promises.due,
            upcoming_total=reminders.upcoming + promises.upcoming + len(events),
            overdue_total=reminders.overdue + promises.overdue,
        )

    def came_due(self, after: date, today: date) -> DueCounts:
        """How many open reminders and pending promises fell due in (``after``, ``today``]:
        what the app announces when it opens after being closed, or past midnight."""
        with self._db.read() as session:
            reminders = self._reminder_counts(session, after, today, today)
            promises = self._promise_counts(session, after, today, today)
        return DueCounts(reminders.due, promises.due)

    def last_seen_day(self) -> date | None:
        """The last day the app ran (see ``remember_day``), None before the first time."""
        with self._db.read() as session:
            stored = session.get(Setting, LAST_SEEN_KEY)
            text = json.loads(stored.value) if stored is not None else None
        try:
            return date.fromisoformat(text) if isinstance(text, str) else None
        except ValueError:
            return None

    def remember_day(self, day: date) -> None:
        """Store ``day`` as the last day the app ran."""
        with self._db.write() as session:
            session.execute(delete(Setting).where(Setting.key == LAST_SEEN_KEY))
            session.execute(
                insert(Setting).values(key=LAST_SEEN_KEY, value=json.dumps(day.isoformat()))
            )

    # --- reminders
    @staticmethod
    def _reminders(session: Session, condition: ColumnElement[bool], limit: int) -> list[_Row]:
        query = (
            _reminder_select()
            .where(condition, Reminder.customer_id.not_in(_archived_ids()))
            .order_by(Reminder.show_on, Customer.sort_name, Reminder.id)
            .limit(limit)
        )
        return [_Row(row, row.on) for row in session.execute(query)]

    @staticmethod
    def _reminder_counts(session: Session, after: date | None, end: date, today: date) -> _Counts:
        """Open reminders shown in (``after``, ``end``], split around ``today``: index-only
        counts of each date range (a CASE per row costs five times more), less those of
        archived customers (counted through their ids: they are few)."""
        low = Reminder.show_on > after if after is not None else Reminder.show_on.is_not(None)
        high = Reminder.show_on <= end

        def count(condition: ColumnElement[bool]) -> int:
            return int(session.scalar(select(func.count()).where(low, high, condition)) or 0)

        every = _Counts(
            due=0,
            overdue=count(Reminder.show_on < today),
            upcoming=count(Reminder.show_on > today) if end > today else 0,
        )
        every = replace(every, due=every.overdue + count(Reminder.show_on == today))
        archived = session.execute(
            select(*_Counts.columns(Reminder.show_on, today)).where(
                low, high, Reminder.customer_id.in_(_archived_ids())
            )
        ).one()
        return every - _Counts.of(archived)

    # --- birthdays and contract ends coming this week
    def _events(self, session: Session, today: date, end: date) -> list[_Row]:
        """Birthday and renewal reminders whose event falls in [today, end] and that are not
        listed by their own date (open and shown by ``end``). Done ones stay (the card was sent,
        the birthday is still to come); dismissed ones do not. A week's worth: all fetched."""
        leads = dict(_EVENT_KINDS)
        longest = select(ReminderRule.kind, func.max(ReminderRule.amount)).where(
            ReminderRule.kind.in_(list(leads))
        )
        for kind, amount in session.execute(longest.group_by(ReminderRule.kind)):
            leads[kind] = max(leads[kind], int(amount or 0))
        by_kind = or_(
            *(
                and_(
                    Reminder.kind == kind,
                    # A day more: 29 February birthdays are kept on 28 February.
                    Reminder.due_on >= today - timedelta(days=lead + 1),
                    Reminder.due_on <= end,
                )
                for kind, lead in leads.items()
            )
        )
        query = _reminder_select().where(
            by_kind,
            Reminder.event_on >= today,
            Reminder.event_on <= end,
            Reminder.state != ReminderState.DISMISSED.value,
            or_(Reminder.show_on.is_(None), Reminder.show_on > end),
            Reminder.customer_id.not_in(_archived_ids()),
        )
        return [_Row(row, row.event_on) for row in session.execute(query)]

    # --- promises
    @staticmethod
    def _promises(session: Session, condition: ColumnElement[bool], limit: int) -> list[_Row]:
        query = (
            select(
                literal_column("'promise'").label("source"),
                Promise.id,
                Promise.customer_id,
                Promise.due_on.label("on"),
                Promise.what,
                Promise.status,
                *_customer_columns(),
            )
            .join(Customer, Customer.id == Promise.customer_id)
            .where(
                condition,
                Promise.status.in_(_PENDING),
                Promise.customer_id.not_in(_archived_ids()),
            )
            .order_by(Promise.due_on, Customer.sort_name, Promise.id)
            .limit(limit)
        )
        return [_Row(row, row.on) for row in session.execute(query)]

    @staticmethod
    def _promise_counts(session: Session, after: date | None, end: date, today: date) -> _Counts:
        """Pending promises due in (``after``, ``end``], split around ``today``."""
        conditions = [Promise.due_on <= end, Promise.status.in_(_PENDING)]
        if after is not None:
            conditions.append(Promise.due_on > after)
        query = select(*_Counts.columns(Promise.due_on, today)).where(
            *conditions, Promise.customer_id.not_in(_archived_ids())
        )
        return _Counts.of(session.execute(query).one())


@dataclass(frozen=True)
class _Counts:
    """Entries dated up to today (``due``, of which ``overdue`` before it) and after it."""

    due: int
    overdue: int
    upcoming: int

    @staticmethod
    def columns(on: Any, today: date) -> tuple[Any, ...]:
        return (
            func.sum(case((on <= today, 1), else_=0)),
            func.sum(case((on < today, 1), else_=0)),
            func.sum(case((on > today, 1), else_=0)),
        )

    @staticmethod
    def of(row: Any) -> _Counts:
        due, overdue, upcoming = row
        return _Counts(int(due or 0), int(overdue or 0), int(upcoming or 0))

    def __sub__(self, other: _Counts) -> _Counts:
        return _Counts(
            self.due - other.due, self.overdue - other.overdue, self.upcoming - other.upcoming
        )
