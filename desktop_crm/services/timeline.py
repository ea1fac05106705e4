"""A customer's timeline: every contact, and the events other capabilities add to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.customers import validate_contact
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Staff, TimelineEvent
from desktop_crm.storage.types import utc_now


class EventKind(StrEnum):
    """Who wrote a timeline entry. Later capabilities add their own kinds."""

    CONTACT = "contact"
    PURCHASE = "purchase"
    MERGE = "merge"


@dataclass(frozen=True)
class TimelineEntry:
    id: int
    customer_id: int
    kind: str
    occurred_at: datetime
    staff_id: int | None
    staff_name: str
    channel: str
    summary: str
    outcome: str
    ref_id: int | None


def add_event(
    session: Session,
    customer_id: int,
    kind: str,
    summary: str,
    *,
    occurred_at: datetime | None = None,
    staff_id: int | None = None,
    channel: str = "",
    outcome: str = "",
    ref_id: int | None = None,
) -> TimelineEvent:
    """Add an entry inside the caller's unit of work (for services that record events)."""
    event = TimelineEvent(
        customer_id=customer_id,
        kind=kind,
        occurred_at=occurred_at or utc_now(),
        staff_id=staff_id,
        channel=channel,
        summary=summary,
        outcome=outcome,
        ref_id=ref_id,
    )
    session.add(event)
    session.flush()
    return event


def _check_time(occurred_at: datetime | None) -> datetime:
    if occurred_at is None:
        return utc_now()
    if occurred_at.tzinfo is None:
        raise ValidationError("occurred_at", N_("The time of the contact has no time zone."))
    return occurred_at


class TimelineService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def log_contact(
        self,
        customer_id: int,
        channel: str,
        summary: str,
        outcome: str = "",
        staff_id: int | None = None,
        occurred_at: datetime | None = None,
    ) -> TimelineEntry:
        """Log a contact (phone, visit, email, message, other) on the customer's timeline."""
        channel, summary = validate_contact(channel, summary)
        when = _check_time(occurred_at)
        with self._db.write() as session:
            if session.get(Customer, customer_id) is None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            if staff_id is not None and session.get(Staff, staff_id) is None:
                raise ValidationError("staff_id", N_("This staff member does not exist."))
            event = add_event(
                session,
                customer_id,
                EventKind.CONTACT,
                summary,
                occurred_at=when,
                staff_id=staff_id,
                channel=channel,
                outcome=outcome.strip(),
            )
            queue_refresh(session, customer_id)  # a visit asks for a follow-up
            return self._entry(session, event)

    def update_contact(
        self,
        entry_id: int,
        channel: str,
        summary: str,
        outcome: str = "",
        staff_id: int | None = None,
        occurred_at: datetime | None = None,
    ) -> TimelineEntry:
        """Correct a mis-logged contact."""
        channel, summary = validate_contact(channel, summary)
        with self._db.write() as session:
            event = self._contact(session, entry_id)
            event.channel, event.summary, event.outcome = channel, summary, outcome.strip()
            event.staff_id = staff_id
            if occurred_at is not None:
                event.occurred_at = _check_time(occurred_at)
            event.updated_at = utc_now()
            queue_refresh(session, event.customer_id)
            return self._entry(session, event)

    def delete_contact(self, entry_id: int) -> None:
        """Remove a contact that was logged by mistake (other kinds belong to their capability)."""
        with self._db.write() as session:
            event = self._contact(session, entry_id)
            queue_refresh(session, event.customer_id)
            session.delete(event)

    def count(self, customer_id: int) -> int:
        with self._db.read() as session:
            query = select(func.count()).where(TimelineEvent.customer_id == customer_id)
            return int(session.scalar(query) or 0)

    def list(self, customer_id: int, offset: int = 0, limit: int = 200) -> list[TimelineEntry]:
        """The customer's timeline, newest first."""
        query = (
            select(TimelineEvent, Staff.name)
            .outerjoin(Staff, Staff.id == TimelineEvent.staff_id)
            .where(TimelineEvent.customer_id == customer_id)
            .order_by(TimelineEvent.occurred_at.desc(), TimelineEvent.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._db.read() as session:
            return [_to_entry(event, name) for event, name in session.execute(query)]

    @staticmethod
    def _contact(session: Session, entry_id: int) -> TimelineEvent:
        event = session.get(TimelineEvent, entry_id)
        if event is None or event.kind != EventKind.CONTACT:
            raise NotFoundError(N_("This contact does not exist (any more)."))
        return event

    @staticmethod
    def _entry(session: Session, event: TimelineEvent) -> TimelineEntry:
        name = session.scalar(select(Staff.name).where(Staff.id == event.staff_id))
        return _to_entry(event, name)


def _to_entry(event: TimelineEvent, staff_name: str | None) -> TimelineEntry:
    return TimelineEntry(
        id=event.id,
        customer_id=event.customer_id,
        kind=event.kind,
        occurred_at=event.occurred_at,
        staff_id=event.staff_id,
        staff_name=staff_name or "",
        channel=event.channel,
        summary=event.summary,
        outcome=event.outcome,
        ref_id=event.ref_id,
    )


def delete_events(session: Session, kind: str, ref_id: int) -> None:
    """Remove the entries a capability wrote for one of its rows (inside its unit of work)."""
    session.execute(
        delete(TimelineEvent).where(TimelineEvent.kind == kind, TimelineEvent.ref_id == ref_id)
    )
