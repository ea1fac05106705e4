"""Generated reminders: working them out from the rules for the queued customers, or for all.

The plan itself is pure (``domain.reminder_plan``); this module reads what it needs in bulk,
a chunk of customers at a time, and writes the differences with executemany — no query per
customer, so a full run over 100,000 customers stays a few dozen statements per chunk.

- ``refresh`` (at start-up and after changes): the customers in the refresh queue, plus those
  whose next birthday reminder came due since the last run (``reminders.rolled_through``), in
  one unit of work that also empties the queue rows it read. A full run instead when a full
  refresh was asked for (rules changed, import) or nothing was ever generated.
- ``regenerate_all``: every customer, one unit of work per chunk of customer ids, so the app
  can keep writing meanwhile. Rows of the refresh queue and the full-refresh request that
  arrive during the run are left for the next one; a run that stops half-way leaves the
  request in place and is simply done again.

Only SQL that SQLite and PostgreSQL both run: plain selects, inserts, updates and deletes
(date arithmetic is done in Python, by the domain).
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    Index,
    Row,
    Table,
    bindparam,
    delete,
    func,
    insert,
    inspect,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import Executable

from desktop_crm.domain.recurrence import local_today
from desktop_crm.domain.reminder_plan import (
    BIRTHDAY,
    FOLLOW_UP,
    LAPSE_DAYS,
    Changes,
    CustomerFacts,
    ItemFacts,
    Planner,
    RuleBook,
    StoredReminder,
    reconcile,
)
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.progress import Progress
from desktop_crm.services.reminder_queue import FULL_REFRESH_KEY
from desktop_crm.services.rules import RuleService, rule_book
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    Customer,
    CustomerTag,
    Item,
    Purchase,
    Reminder,
    ReminderRefresh,
    Setting,
    TimelineEvent,
)

ROLLED_THROUGH_KEY = "reminders.rolled_through"
"""Settings key: the day the last run planned for (birthdays due after it still to roll)."""
CHUNK_CUSTOMERS = 5000
"""Customers per unit of work in a full run."""
IN_LIST_SIZE = 500
"""Ids per ``IN (...)`` list (well under every backend's limit on bound parameters)."""
CUSTOMER_INDEX = "ix_reminders_customer"
"""The one index of ``reminders`` a full run from scratch keeps while it inserts."""
VISIT_CHANNEL = "visit"
CONTACT_KIND = "contact"

_REMINDERS: Table = Reminder.__table__  # type: ignore[assignment]
_CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]
_CUSTOMER_TAGS: Table = CustomerTag.__table__  # type: ignore[assignment]
_ITEMS: Table = Item.__table__  # type: ignore[assignment]
_PURCHASES: Table = Purchase.__table__  # type: ignore[assignment]
_EVENTS: Table = TimelineEvent.__table__  # type: ignore[assignment]
# Constant columns of a new generated reminder are written into the statement, not bound per
# row: a full run inserts a few hundred thousand rows and binding costs as much as inserting.
_INSERT = insert(_REMINDERS).values(
    state=literal_column("'due'"),
    done_action=literal_column("''"),
    done_note=literal_column("''"),
    created_at=func.current_timestamp(),
)
_UPDATE = (
    update(_REMINDERS)
    .where(_REMINDERS.c.id == bindparam("row_id"), _REMINDERS.c.state == "due")
    .values(
        due_on=bindparam("new_due"),
        show_on=bindparam("new_due"),
        event_on=bindparam("new_event"),
        item_id=bindparam("new_item"),
        message=bindparam("new_message"),
    )
)


@dataclass(frozen=True)
class RefreshResult:
    created: int
    updated: int
    removed: int
    customers: int
    full: bool


@dataclass
class _Counts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    customers: int = 0

    def add(self, other: _Counts) -> None:
        self.created += other.created
        self.updated += other.updated
        self.removed += other.removed
        self.customers += other.customers

    def result(self, full: bool) -> RefreshResult:
        return RefreshResult(self.created, self.updated, self.removed, self.customers, full)


class _Customers:
    """Which customers a batch covers: an id range (full run) or an id list (incremental)."""

    def __init__(self, low: int = 0, high: int = 0, ids: Sequence[int] | None = None) -> None:
        self.low, self.high, self.ids = low, high, ids

    def where(self, column: Any) -> ColumnElement[bool]:
        if self.ids is None:
            return column.between(self.low, self.high)  # type: ignore[no-any-return]
        return column.in_(self.ids)  # type: ignore[no-any-return]


def _fetch(connection: Connection, query: Executable) -> Sequence[Row[Any]]:
    """All rows at once (iterating a result fetches them one by one: slower by half)."""
    return connection.execute(query).all()


def _get_setting(session: Session, key: str) -> Any:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return None if value is None else json.loads(value)


def _put_setting(session: Session, key: str, value: Any) -> None:
    session.execute(delete(Setting).where(Setting.key == key))
    session.execute(insert(Setting).values(key=key, value=json.dumps(value)))


def _date_text(day: date, language: str) -> str:
    return format_date(day, language or None)


class ReminderGenerator:
    def __init__(self, db: Database, settings: SettingsService, rules: RuleService) -> None:
        self._db = db
        self._settings = settings
        self._rules = rules

    def refresh(self, today: date | None = None, progress: Progress | None = None) -> RefreshResult:
        """Work out again the reminders of the queued customers and roll birthdays forward to
        ``today`` (default: the shop's today); a full run when one was asked for or none was
        ever done."""
        zone = self._settings.get().time_zone
        day = today or local_today(datetime.now(UTC), zone)
        with self._db.write() as session:
            _restore_indexes(session.connection())  # a full run that stopped half-way
            rolled = _get_setting(session, ROLLED_THROUGH_KEY)
            if rolled is not None and not _get_setting(session, FULL_REFRESH_KEY):
                return self._incremental(session, day, date.fromisoformat(rolled), zone, progress)
        return self.regenerate_all(day, progress)

    def regenerate_all(
        self, today: date | None = None, progress: Progress | None = None
    ) -> RefreshResult:
        """Work out every customer's generated reminders again (done, snoozed and dismissed ones
        stay as they are)."""
        zone = self._settings.get().time_zone
        day = today or local_today(datetime.now(UTC), zone)
        token = {"running": uuid.uuid4().hex}
        with self._db.write() as session:
            # The request stays stored, marked as ours, until the run has finished: a run that
            # stops half-way is done again, and a request made meanwhile (it replaces the mark)
            # survives for the next run.
            if _get_setting(session, FULL_REFRESH_KEY):
                _put_setting(session, FULL_REFRESH_KEY, token)
            last_queued = session.scalar(select(func.max(ReminderRefresh.id))) or 0
            ids = list(session.scalars(select(Customer.id).order_by(Customer.id)))
            planner = Planner(rule_book(session), day, _date_text)
            _restore_indexes(session.connection())  # a full run that stopped half-way
            generated = select(_REMINDERS.c.id).where(_REMINDERS.c.key.is_not(None)).limit(1)
            from_scratch = session.scalar(generated) is None
        counts = _Counts()
        if progress is not None:
            progress(0, len(ids))
        for start in range(0, len(ids), CHUNK_CUSTOMERS):
            chunk = ids[start : start + CHUNK_CUSTOMERS]
            with self._db.write() as session:
                if start == 0 and from_scratch:
                    _drop_bulk_indexes(session.connection())
                counts.add(_process(session, _Customers(chunk[0], chunk[-1]), planner, zone))
            if progress is not None:
                progress(start + len(chunk), len(ids))
        with self._db.write() as session:
            _restore_indexes(session.connection())
            _finish(session, last_queued, token, day)
        return counts.result(full=True)

    def _incremental(
        self,
        session: Session,
        today: date,
        rolled_through: date,
        zone: str,
        progress: Progress | None,
    ) -> RefreshResult:
        planner = Planner(rule_book(session), today, _date_text)
        queue = session.execute(select(ReminderRefresh.id, ReminderRefresh.customer_id)).all()
        ids = {customer_id for _, customer_id in queue}
        ids.update(_birthdays_rolled(session, rolled_through, today))
        ordered = sorted(ids)
        counts = _Counts()
        for start in range(0, len(ordered), IN_LIST_SIZE):
            batch = ordered[start : start + IN_LIST_SIZE]
            counts.add(_process(session, _Customers(ids=batch), planner, zone))
            if progress is not None:
                progress(start + len(batch), len(ordered))
        if queue:
            last_queued = max(queue_id for queue_id, _ in queue)
            session.execute(delete(ReminderRefresh).where(ReminderRefresh.id <= last_queued))
        _put_setting(session, ROLLED_THROUGH_KEY, today.isoformat())
        return counts.result(full=False)


def _bulk_indexes() -> list[Index]:
    """The indexes of ``reminders`` a full run from scratch drops while it inserts: all but
    the customer's, which each chunk reads its stored reminders through (and which its
    inserts, in customer order, append to)."""
    return [index for index in _REMINDERS.indexes if index.name != CUSTOMER_INDEX]


def _drop_bulk_indexes(connection: Connection) -> None:
    for index in _bulk_indexes():
        index.drop(connection)


def _restore_indexes(connection: Connection) -> None:
    """Build again the indexes of ``reminders`` that are missing: at the end of a full run from
    scratch, and at the start of every run (one that stopped half-way left them dropped)."""
    present = {index["name"] for index in inspect(connection).get_indexes(_REMINDERS.name)}
    for index in _bulk_indexes():
        if index.name not in present:
            index.create(connection)


def _finish(session: Session, last_queued: int, token: dict[str, str], day: date) -> None:
    """End of a full run: the queue rows read before it and its own request are done."""
    session.execute(delete(ReminderRefresh).where(ReminderRefresh.id <= last_queued))
    if _get_setting(session, FULL_REFRESH_KEY) == token:
        session.execute(delete(Setting).where(Setting.key == FULL_REFRESH_KEY))
    _put_setting(session, ROLLED_THROUGH_KEY, day.isoformat())


def _birthdays_rolled(session: Session, rolled_through: date, today: date) -> list[int]:
    """Customers one of whose birthday reminders fell due after ``rolled_through`` and by
    ``today``: their next one must be planned now.

    Every run leaves each customer with a birthday (and the kind switched on) their next
    birthday reminder, due after that run's day; so the rows due since then name exactly the
    customers to roll — an index range, not a scan of everyone's birthday.
    """
    if today <= rolled_through:
        return []
    r = _REMINDERS.c
    query = (
        select(r.customer_id)
        .where(
            r.kind == BIRTHDAY,
            r.due_on > rolled_through,
            r.due_on <= today,
            r.key.is_not(None),
        )
        .distinct()
    )
    return list(session.connection().scalars(query))


def _process(session: Session, customers: _Customers, planner: Planner, zone: str) -> _Counts:
    """Plan and reconcile the generated reminders of ``customers`` inside ``session``.

    Reads go through the Core tables (plain tuples, no ORM row handling): a full run reads
    half a million rows.
    """
    connection = session.connection()
    book, today = planner.rules, planner.today
    facts = _load_customers(connection, customers, book)
    items: defaultdict[int, list[ItemFacts]] = defaultdict(list)
    i = _ITEMS.c
    for item_id, customer_id, kind, name, served, ends, retired in _fetch(
        connection,
        select(
            i.id, i.customer_id, i.kind, i.name, i.last_service_on, i.contract_end_on, i.retired
        ).where(customers.where(i.customer_id)),
    ):
        items[customer_id].append(ItemFacts(item_id, kind, name, served, ends, retired))
    purchases: defaultdict[int, list[date]] = defaultdict(list)
    p = _PURCHASES.c
    for customer_id, day in _fetch(
        connection,
        select(p.customer_id, p.purchased_on)
        .where(customers.where(p.customer_id))
        .group_by(p.customer_id, p.purchased_on),
    ):
        purchases[customer_id].append(day)
    visits = _load_visits(connection, customers, today, zone, book)
    stored: defaultdict[int, list[StoredReminder]] = defaultdict(list)
    r = _REMINDERS.c
    columns = (r.id, r.key, r.kind, r.state, r.due_on, r.event_on, r.item_id, r.message)
    query = select(r.customer_id, *columns).where(
        customers.where(r.customer_id), r.key.is_not(None)
    )
    for row in _fetch(connection, query):
        stored[row[0]].append(StoredReminder(*row[1:]))

    changes = Changes()
    new_rows: list[dict[str, Any]] = []
    no_items: tuple[ItemFacts, ...] = ()
    for customer in facts:
        cid = customer.id
        own_items = items.get(cid, no_items)
        wanted = planner.plan(customer, own_items, purchases.get(cid, ()), visits.get(cid, ()))
        before = len(changes.insert)
        reconcile(
            stored.get(cid, ()),
            wanted,
            today,
            customer_active=customer.active,
            retired_items=[item.id for item in own_items if item.retired],
            changes=changes,
        )
        new_rows.extend(
            {
                "customer_id": cid,
                "item_id": o.item_id,
                "kind": o.kind,
                "key": o.key,
                "due_on": o.due_on,
                "event_on": o.event_on,
                "show_on": o.due_on,
                "message": o.message,
            }
            for o in changes.insert[before:]
        )
    _write(connection, changes, new_rows)
    return _Counts(len(new_rows), len(changes.update), len(changes.delete), len(facts))


def _load_customers(
    connection: Connection, customers: _Customers, book: RuleBook
) -> list[CustomerFacts]:
    tags: defaultdict[int, list[int]] = defaultdict(list)
    if book.has_tag_rules:
        t = _CUSTOMER_TAGS.c
        for customer_id, tag_id in _fetch(
            connection, select(t.customer_id, t.tag_id).where(customers.where(t.customer_id))
        ):
            tags[customer_id].append(tag_id)
    c = _CUSTOMERS.c
    query = select(
        c.id,
        c.name,
        c.birthday,
        c.last_service_on,
        c.contract_end_on,
        c.archived,
        c.erased_at.is_(None),
        c.language,
    ).where(customers.where(c.id))
    return [
        CustomerFacts(
            cid,
            name,
            birthday,
            served,
            ends,
            tuple(tags[cid]) if cid in tags else (),
            bool(kept) and not archived,
            language,
        )
        for cid, name, birthday, served, ends, archived, kept, language in _fetch(connection, query)
    ]


def _load_visits(
    connection: Connection, customers: _Customers, today: date, zone: str, book: RuleBook
) -> dict[int, set[date]]:
    """The shop's local dates of recent visits (only those a follow-up may still be due for)."""
    _, longest = book.amounts(FOLLOW_UP)
    if longest == 0:
        return {}
    oldest = today - timedelta(days=LAPSE_DAYS[FOLLOW_UP] + longest)
    since = datetime.combine(oldest - timedelta(days=1), time(0), UTC)  # any zone's midnight
    local = ZoneInfo(zone)
    visits: defaultdict[int, set[date]] = defaultdict(set)
    e = _EVENTS.c
    for customer_id, moment in _fetch(
        connection,
        select(e.customer_id, e.occurred_at).where(
            customers.where(e.customer_id),
            e.occurred_at >= since,
            e.kind == CONTACT_KIND,
            e.channel == VISIT_CHANNEL,
        ),
    ):
        day = moment.astimezone(local).date()
        if day >= oldest:
            visits[customer_id].add(day)
    return visits


def _write(connection: Connection, changes: Changes, new_rows: list[dict[str, Any]]) -> None:
    for batch in _batches(changes.delete, IN_LIST_SIZE):
        connection.execute(delete(_REMINDERS).where(_REMINDERS.c.id.in_(batch)))
    if changes.update:
        connection.execute(
            _UPDATE,
            [
                {
                    "row_id": row_id,
                    "new_due": o.due_on,
                    "new_event": o.event_on,
                    "new_item": o.item_id,
                    "new_message": o.message,
                }
                for row_id, o in changes.update
            ],
        )
    if new_rows:
        connection.execute(_INSERT, new_rows)


def _batches(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
