"""Promises made to customers, tracked until kept, changed with their agreement, or broken.

A promise is pending while its status is open or changed (a new due date agreed with the
customer; the old one stays in its history of PromiseChange rows). Kept and broken close it.
Every step is written on the customer's timeline (kind ``promise``, ``ref_id`` the promise),
its outcome a sentence in the language of the person at the keyboard at the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, false, func, select, update
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.money import from_cents, to_cents, validate_amount
from desktop_crm.domain.recurrence import local_today
from desktop_crm.domain.search_text import query_terms
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date, format_money
from desktop_crm.services.customer_search import plan_search, search_conditions
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Promise, PromiseChange, Staff, TimelineEvent
from desktop_crm.storage.types import utc_now

PROMISE_EVENT_KIND = "promise"
"""The timeline kind of every entry this service writes."""

MAX_TEXT_LENGTH = 2000
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)
KEPT_RATE_DAYS = 90
"""The period the Promises page reports the kept rate over."""


class PromiseStatus(StrEnum):
    OPEN = "open"
    CHANGED = "changed"  # a new due date agreed with the customer; still to keep
    KEPT = "kept"
    BROKEN = "broken"


PENDING: tuple[PromiseStatus, ...] = (PromiseStatus.OPEN, PromiseStatus.CHANGED)

STATUS_FILTERS = ("pending", "kept", "broken", "all")
DUE_FILTERS = ("any", "overdue", "today", "this_week", "at_risk")


@dataclass(frozen=True)
class PromiseDraft:
    customer_id: int
    what: str
    due_on: date
    staff_id: int | None = None
    bottom_line: str = ""
    bottom_line_amount: Decimal | str | None = None
    made_on: date | None = None  # None: today


@dataclass(frozen=True)
class PromiseRecord:
    id: int
    customer_id: int
    customer_name: str
    staff_id: int | None
    staff_name: str
    what: str
    bottom_line: str
    bottom_line_amount: Decimal | None
    made_on: date
    due_on: date
    status: str
    closed_on: date | None
    broken_reason: str
    change_count: int

    @property
    def pending(self) -> bool:
        return self.status in PENDING

    def is_overdue(self, today: date) -> bool:
        return self.pending and self.due_on < today


@dataclass(frozen=True)
class PromiseChangeRecord:
    id: int
    changed_at: datetime
    old_due_on: date
    new_due_on: date
    note: str
    staff_name: str


@dataclass(frozen=True)
class PromiseQuery:
    status: str = "pending"  # one of STATUS_FILTERS
    due: str = "any"  # one of DUE_FILTERS
    staff_id: int | None = None
    customer_id: int | None = None
    # Customers whose name, phone or email match, as the customer search box matches them.
    customer_text: str = ""


@dataclass(frozen=True)
class KeptRate:
    came_due: int
    kept_on_time: int
    kept_late: int
    broken: int
    still_open: int
    changed: int  # promises among those that came due with at least one agreed new date
    changes: int  # agreed new dates among them
    rate: float | None  # kept_on_time / came_due; None when nothing came due


# --- validation (no database: the dialogs call it as the user types) ----------------------


def _plausible(day: date, field: str) -> None:
    if not EARLIEST <= day <= LATEST:
        raise ValidationError(field, N_("This is not a plausible date."))


def _text(value: str, field: str, *, required: str | None = None) -> str:
    value = value.strip()
    if required is not None and not value:
        raise ValidationError(field, required)
    if len(value) > MAX_TEXT_LENGTH:
        raise ValidationError(
            field, N_("This is at most {limit} characters."), limit=MAX_TEXT_LENGTH
        )
    return value


def validate_what(what: str) -> str:
    return _text(what, "what", required=N_("Say what was promised."))


def validate_bottom_line(
    bottom_line: str, amount: Decimal | str | None
) -> tuple[str, Decimal | None]:
    """The bottom line the shop accepts: free text and an optional amount ("" = none)."""
    text = _text(bottom_line, "bottom_line")
    if amount is None or (isinstance(amount, str) and not amount.strip()):
        return text, None
    if isinstance(amount, str):
        amount = amount.strip().replace(",", ".")  # a decimal comma is as common as a point
    return text, validate_amount(amount, "bottom_line_amount")


def validate_due(due_on: date, made_on: date) -> None:
    _plausible(due_on, "due_on")
    if due_on < made_on:
        raise ValidationError(
            "due_on", N_("The due date cannot be before the day the promise was made.")
        )


def validate_reason(reason: str) -> str:
    return _text(reason, "reason", required=N_("Say why the promise was broken."))


def validate_note(note: str) -> str:
    return _text(note, "note")


def validate_draft(draft: PromiseDraft, today: date) -> PromiseDraft:
    """The draft cleaned up (text stripped, amount rounded, made_on set), or ValidationError
    naming the field at fault. Reads no database: staff and customer are checked on add."""
    what = validate_what(draft.what)
    made_on = draft.made_on or today
    _plausible(made_on, "made_on")
    if made_on > today:
        raise ValidationError("made_on", N_("A promise cannot be made in the future."))
    validate_due(draft.due_on, made_on)
    bottom_line, amount = validate_bottom_line(draft.bottom_line, draft.bottom_line_amount)
    return PromiseDraft(
        customer_id=draft.customer_id,
        what=what,
        due_on=draft.due_on,
        staff_id=draft.staff_id,
        bottom_line=bottom_line,
        bottom_line_amount=amount,
        made_on=made_on,
    )


# --- queries --------------------------------------------------------------------------------

_CHANGE_COUNT = (
    select(func.count(PromiseChange.id))
    .where(PromiseChange.promise_id == Promise.id)
    .correlate(Promise)
    .scalar_subquery()
)


def _records_query() -> Select[tuple[Promise, str, str | None, int]]:
    return (
        select(Promise, Customer.name, Staff.name, _CHANGE_COUNT)
        .join(Customer, Customer.id == Promise.customer_id)
        .outerjoin(Staff, Staff.id == Promise.staff_id)
    )


def _record(
    row: Promise, customer_name: str, staff_name: str | None, changes: int
) -> PromiseRecord:
    cents = row.bottom_line_cents
    return PromiseRecord(
        id=row.id,
        customer_id=row.customer_id,
        customer_name=customer_name,
        staff_id=row.staff_id,
        staff_name=staff_name or "",
        what=row.what,
        bottom_line=row.bottom_line,
        bottom_line_amount=None if cents is None else from_cents(cents),
        made_on=row.made_on,
        due_on=row.due_on,
        status=row.status,
        closed_on=row.closed_on,
        broken_reason=row.broken_reason,
        change_count=int(changes or 0),
    )


def _conditions(session: Session, query: PromiseQuery, today: date) -> list[ColumnElement[bool]]:
    pending = Promise.status.in_(PENDING)
    statuses: dict[str, ColumnElement[bool] | None] = {
        "pending": pending,
        "kept": Promise.status == PromiseStatus.KEPT,
        "broken": Promise.status == PromiseStatus.BROKEN,
        "all": None,
    }
    dues: dict[str, list[ColumnElement[bool]]] = {
        "any": [],
        "overdue": [pending, Promise.due_on < today],
        "today": [pending, Promise.due_on <= today],
        "this_week": [Promise.due_on >= today, Promise.due_on <= today + timedelta(days=6)],
        "at_risk": [pending, Promise.due_on >= today, Promise.due_on <= today + timedelta(days=2)],
    }
    if query.status not in statuses:
        raise ValidationError("status", N_("Unknown status filter: {value}"), value=query.status)
    if query.due not in dues:
        raise ValidationError("due", N_("Unknown due date filter: {value}"), value=query.due)
    conditions = list(dues[query.due])
    status = statuses[query.status]
    if status is not None:
        conditions.append(status)
    if query.staff_id is not None:
        conditions.append(Promise.staff_id == query.staff_id)
    if query.customer_id is not None:
        conditions.append(Promise.customer_id == query.customer_id)
    else:
        conditions.append(Customer.archived == false())
    plan = plan_search(session, query_terms(query.customer_text))
    if plan is not None:
        conditions.extend(search_conditions(plan))
    return conditions


def _fold_kept_rate(rows: list[Any]) -> KeptRate:
    """Rows of (status, on_time flag, promises, changed promises, changes) into a KeptRate."""
    totals = dict.fromkeys(("on_time", "late", "broken", "open", "changed", "changes"), 0)
    for status, on_time, promises, changed, changes in rows:
        if status == PromiseStatus.KEPT:
            totals["on_time" if on_time else "late"] += promises
        elif status == PromiseStatus.BROKEN:
            totals["broken"] += promises
        else:
            totals["open"] += promises
        totals["changed"] += int(changed or 0)
        totals["changes"] += int(changes or 0)
    came_due = totals["on_time"] + totals["late"] + totals["broken"] + totals["open"]
    return KeptRate(
        came_due=came_due,
        kept_on_time=totals["on_time"],
        kept_late=totals["late"],
        broken=totals["broken"],
        still_open=totals["open"],
        changed=totals["changed"],
        changes=totals["changes"],
        rate=totals["on_time"] / came_due if came_due else None,
    )


class PromiseService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def _today(self, today: date | None) -> date:
        if today is not None:
            return today
        return local_today(datetime.now(UTC), self._settings.get().time_zone)

    def _moment(self, day: date, today: date) -> datetime:
        """When a step stands on the timeline: now, or midday of an earlier day it names."""
        if day == today:
            return utc_now()
        return datetime.combine(day, time(12), ZoneInfo(self._settings.get().time_zone))

    # --- writing
    def add(self, draft: PromiseDraft, today: date | None = None) -> PromiseRecord:
        """Record a promise (open); it appears on the customer's timeline."""
        today = self._today(today)
        clean = validate_draft(draft, today)
        made_on = clean.made_on or today
        amount = clean.bottom_line_amount
        assert amount is None or isinstance(amount, Decimal)
        outcome = self._promised_text(clean.due_on, clean.bottom_line, amount)
        with self._db.write() as session:
            if session.get(Customer, clean.customer_id) is None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            _check_staff(session, clean.staff_id)
            row = Promise(
                customer_id=clean.customer_id,
                staff_id=clean.staff_id,
                what=clean.what,
                bottom_line=clean.bottom_line,
                bottom_line_cents=None if amount is None else to_cents(amount),
                made_on=made_on,
                due_on=clean.due_on,
                status=PromiseStatus.OPEN,
                closed_on=None,
                broken_reason="",
            )
            session.add(row)
            session.flush()
            self._event(session, row, outcome, clean.staff_id, self._moment(made_on, today))
            return self._get(session, row.id)

    def update(
        self,
        promise_id: int,
        what: str,
        bottom_line: str = "",
        bottom_line_amount: Decimal | str | None = None,
        staff_id: int | None = None,
    ) -> PromiseRecord:
        """Correct what was promised, the bottom line or who promised it (dates move through
        change_due, so their history is kept). Its timeline entries follow the new text."""
        what = validate_what(what)
        text, amount = validate_bottom_line(bottom_line, bottom_line_amount)
        with self._db.write() as session:
            row = _row(session, promise_id)
            _check_staff(session, staff_id)
            row.what, row.bottom_line, row.staff_id = what, text, staff_id
            row.bottom_line_cents = None if amount is None else to_cents(amount)
            row.updated_at = utc_now()
            session.execute(
                update(TimelineEvent)
                .where(TimelineEvent.kind == PROMISE_EVENT_KIND, TimelineEvent.ref_id == row.id)
                .values(summary=what, updated_at=utc_now())
                .execution_options(synchronize_session=False)
            )
            return self._get(session, row.id)

    def keep(
        self,
        promise_id: int,
        kept_on: date | None = None,
        staff_id: int | None = None,
        today: date | None = None,
    ) -> PromiseRecord:
        """Mark a pending promise kept, on ``kept_on`` (default today)."""
        today = self._today(today)
        day = kept_on or today
        _plausible(day, "kept_on")
        if day > today:
            raise ValidationError("kept_on", N_("A promise cannot be kept in the future."))
        with self._db.write() as session:
            row = _pending_row(session, promise_id)
            _check_staff(session, staff_id)
            if day < row.made_on:
                raise ValidationError("kept_on", N_("A promise cannot be kept before it was made."))
            row.status, row.closed_on, row.updated_at = PromiseStatus.KEPT, day, utc_now()
            outcome = _("Kept on {date}").format(date=format_date(day))
            if day > row.due_on:
                late = (day - row.due_on).days
                outcome = ngettext(
                    "Kept on {date}, {days} day late", "Kept on {date}, {days} days late", late
                ).format(date=format_date(day), days=late)
            self._event(session, row, outcome, staff_id, self._moment(day, today))
            return self._get(session, row.id)

    def change_due(
        self, promise_id: int, new_due_on: date, note: str = "", staff_id: int | None = None
    ) -> PromiseRecord:
        """Move a pending promise to a new due date agreed with the customer; the old date
        stays in its history and the promise counts against the new one."""
        note = validate_note(note)
        with self._db.write() as session:
            row = _pending_row(session, promise_id)
            _check_staff(session, staff_id)
            validate_due(new_due_on, row.made_on)
            if new_due_on == row.due_on:
                raise ValidationError("due_on", N_("This is already the due date."))
            old = row.due_on
            session.add(
                PromiseChange(
                    promise_id=row.id,
                    old_due_on=old,
                    new_due_on=new_due_on,
                    note=note,
                    staff_id=staff_id,
                )
            )
            row.due_on, row.status, row.updated_at = new_due_on, PromiseStatus.CHANGED, utc_now()
            outcome = _("New date agreed: {old} → {new}").format(
                old=format_date(old), new=format_date(new_due_on)
            )
            if note:
                outcome = f"{outcome} ({note})"
            self._event(session, row, outcome, staff_id, utc_now())
            return self._get(session, row.id)

    def mark_broken(
        self,
        promise_id: int,
        reason: str,
        staff_id: int | None = None,
        today: date | None = None,
    ) -> PromiseRecord:
        """Record that a pending promise was broken, and why."""
        reason = validate_reason(reason)
        today = self._today(today)
        with self._db.write() as session:
            row = _pending_row(session, promise_id)
            _check_staff(session, staff_id)
            row.status, row.closed_on = PromiseStatus.BROKEN, max(today, row.made_on)
            row.broken_reason, row.updated_at = reason, utc_now()
            outcome = _("Broken: {reason}").format(reason=reason)
            self._event(session, row, outcome, staff_id, utc_now())
            return self._get(session, row.id)

    def reopen(self, promise_id: int, staff_id: int | None = None) -> PromiseRecord:
        """Undo kept or broken (marked by mistake): pending again, with its due date."""
        with self._db.write() as session:
            row = _row(session, promise_id)
            if row.status in PENDING:
                raise ValidationError("status", N_("This promise is still open."))
            _check_staff(session, staff_id)
            changed = session.scalar(
                select(func.count(PromiseChange.id)).where(PromiseChange.promise_id == row.id)
            )
            row.status = PromiseStatus.CHANGED if changed else PromiseStatus.OPEN
            row.closed_on, row.broken_reason, row.updated_at = None, "", utc_now()
            self._event(session, row, _("Reopened"), staff_id, utc_now())
            return self._get(session, row.id)

    # --- reading
    def get(self, promise_id: int) -> PromiseRecord:
        with self._db.read() as session:
            return self._get(session, promise_id)

    def history(self, promise_id: int) -> list[PromiseChangeRecord]:
        """The due dates agreed anew, oldest first."""
        query = (
            select(PromiseChange, Staff.name)
            .outerjoin(Staff, Staff.id == PromiseChange.staff_id)
            .where(PromiseChange.promise_id == promise_id)
            .order_by(PromiseChange.changed_at, PromiseChange.id)
        )
        with self._db.read() as session:
            _row(session, promise_id)
            return [
                PromiseChangeRecord(
                    id=change.id,
                    changed_at=change.changed_at,
                    old_due_on=change.old_due_on,
                    new_due_on=change.new_due_on,
                    note=change.note,
                    staff_name=name or "",
                )
                for change, name in session.execute(query)
            ]

    def for_customer(self, customer_id: int) -> list[PromiseRecord]:
        """A customer's promises: pending ones first by due date, then the closed ones,
        most recently closed first."""
        query = _records_query().where(Promise.customer_id == customer_id)
        with self._db.read() as session:
            records = [_record(*row) for row in session.execute(query)]
        pending = sorted((r for r in records if r.pending), key=lambda r: (r.due_on, r.id))
        closed = sorted(
            (r for r in records if not r.pending),
            key=lambda r: (r.closed_on or r.due_on, r.id),
            reverse=True,
        )
        return pending + closed

    def count(self, query: PromiseQuery, today: date | None = None) -> int:
        today = self._today(today)
        with self._db.read() as session:
            statement = (
                select(func.count(Promise.id))
                .join(Customer, Customer.id == Promise.customer_id)
                .where(*_conditions(session, query, today))
            )
            return int(session.scalar(statement) or 0)

    def list_page(
        self, query: PromiseQuery, offset: int, limit: int, today: date | None = None
    ) -> list[PromiseRecord]:
        """One page of the promises ``query`` selects, by due date (then id). Archived
        customers' promises are left out unless the query names the customer."""
        today = self._today(today)
        with self._db.read() as session:
            statement = (
                _records_query()
                .where(*_conditions(session, query, today))
                .order_by(Promise.due_on, Promise.id)
                .offset(offset)
                .limit(limit)
            )
            return [_record(*row) for row in session.execute(statement)]

    def kept_rate(self, start: date, end: date, today: date | None = None) -> KeptRate:
        """How well promises were kept over [start, end].

        The promises that came due are those whose current due date lies in
        [start, min(end, today)] — a promise moved with the customer's agreement counts
        against its new date. Kept on time: closed on or before that date. The agreed
        changes are counted apart (``changed``, ``changes``). Archived customers count too:
        the promise was made all the same.
        """
        today = self._today(today)
        last = min(end, today)
        if start > last:
            return _fold_kept_rate([])
        changes = (
            select(PromiseChange.promise_id, func.count(PromiseChange.id).label("n"))
            .group_by(PromiseChange.promise_id)
            .subquery()
        )
        # A comparison without bound literals: PostgreSQL groups by it as written in SELECT.
        on_time = (Promise.closed_on <= Promise.due_on).label("on_time")
        statement = (
            select(
                Promise.status,
                on_time,
                func.count(Promise.id),
                func.count(changes.c.n),
                func.coalesce(func.sum(changes.c.n), 0),
            )
            .outerjoin(changes, changes.c.promise_id == Promise.id)
            .where(Promise.due_on >= start, Promise.due_on <= last)
            .group_by(Promise.status, Promise.closed_on <= Promise.due_on)
        )
        with self._db.read() as session:
            return _fold_kept_rate(list(session.execute(statement)))

    # --- helpers
    @staticmethod
    def _get(session: Session, promise_id: int) -> PromiseRecord:
        row = session.execute(_records_query().where(Promise.id == promise_id)).first()
        if row is None:
            raise NotFoundError(N_("This promise does not exist (any more)."))
        return _record(*row)

    def _promised_text(self, due_on: date, bottom_line: str, amount: Decimal | None) -> str:
        text = _("Promised for {date}").format(date=format_date(due_on))
        floor = [bottom_line] if bottom_line else []
        if amount is not None:
            floor.append(format_money(amount, self._settings.get().currency))
        if floor:
            text += "; " + _("bottom line: {text}").format(text=", ".join(floor))
        return text

    @staticmethod
    def _event(
        session: Session, row: Promise, outcome: str, staff_id: int | None, when: datetime
    ) -> None:
        add_event(
            session,
            row.customer_id,
            PROMISE_EVENT_KIND,
            row.what,
            occurred_at=when,
            staff_id=staff_id,
            outcome=outcome,
            ref_id=row.id,
        )


def _row(session: Session, promise_id: int) -> Promise:
    row = session.get(Promise, promise_id)
    if row is None:
        raise NotFoundError(N_("This promise does not exist (any more)."))
    return row


def _pending_row(session: Session, promise_id: int) -> Promise:
    row = _row(session, promise_id)
    if row.status not in PENDING:
        raise ValidationError(
            "status", N_("This promise is no longer open: it was already kept or broken.")
        )
    return row


def _check_staff(session: Session, staff_id: int | None) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError("staff_id", N_("This staff member does not exist."))
