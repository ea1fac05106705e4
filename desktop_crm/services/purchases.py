"""Purchases: what a customer bought, when and for how much (tiers and win-back build on it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.money import from_cents, to_cents, validate_amount
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import EventKind, add_event, delete_events
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Purchase, Staff, TimelineEvent

MAX_DESCRIPTION_LENGTH = 2000


@dataclass(frozen=True)
class PurchaseRecord:
    id: int
    customer_id: int
    purchased_on: date
    description: str
    amount: Decimal
    staff_id: int | None


def _record(row: Purchase) -> PurchaseRecord:
    return PurchaseRecord(
        row.id,
        row.customer_id,
        row.purchased_on,
        row.description,
        from_cents(row.amount_cents),
        row.staff_id,
    )


def _validated(purchased_on: date, description: str, amount: Decimal | str) -> tuple[str, Decimal]:
    if not date(1900, 1, 1) <= purchased_on <= date(2999, 12, 31):
        raise ValidationError("purchased_on", N_("This is not a plausible date."))
    description = description.strip()
    if not description:
        raise ValidationError("description", N_("Say what was bought."))
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ValidationError(
            "description",
            N_("A description is at most {limit} characters."),
            limit=MAX_DESCRIPTION_LENGTH,
        )
    return description, validate_amount(amount)


def _refresh_last_purchase(session: Session, customer_id: int) -> None:
    customer = session.get(Customer, customer_id)
    assert customer is not None
    latest = select(func.max(Purchase.purchased_on)).where(Purchase.customer_id == customer_id)
    customer.last_purchase_on = session.scalar(latest)
    queue_refresh(session, customer_id)  # win-back and follow-up reminders read purchases


class PurchaseService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def _moment(self, day: date) -> datetime:
        """Where a purchase stands on the timeline: midday of its date in the shop's zone."""
        return datetime.combine(day, time(12), ZoneInfo(self._settings.get().time_zone))

    def add(
        self,
        customer_id: int,
        purchased_on: date,
        description: str,
        amount: Decimal | str,
        staff_id: int | None = None,
    ) -> PurchaseRecord:
        """Record a purchase; it also appears on the customer's timeline."""
        description, value = _validated(purchased_on, description, amount)
        moment = self._moment(purchased_on)
        with self._db.write() as session:
            if session.get(Customer, customer_id) is None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            if staff_id is not None and session.get(Staff, staff_id) is None:
                raise ValidationError("staff_id", N_("This staff member does not exist."))
            row = Purchase(
                customer_id=customer_id,
                purchased_on=purchased_on,
                description=description,
                amount_cents=to_cents(value),
                staff_id=staff_id,
            )
            session.add(row)
            session.flush()
            add_event(
                session,
                customer_id,
                EventKind.PURCHASE,
                description,
                occurred_at=moment,
                staff_id=staff_id,
                ref_id=row.id,
            )
            _refresh_last_purchase(session, customer_id)
            return _record(row)

    def update(
        self, purchase_id: int, purchased_on: date, description: str, amount: Decimal | str
    ) -> PurchaseRecord:
        description, value = _validated(purchased_on, description, amount)
        moment = self._moment(purchased_on)
        with self._db.write() as session:
            row = self._row(session, purchase_id)
            row.purchased_on, row.description, row.amount_cents = (
                purchased_on,
                description,
                to_cents(value),
            )
            for event in session.scalars(
                select(TimelineEvent).where(
                    TimelineEvent.kind == EventKind.PURCHASE, TimelineEvent.ref_id == row.id
                )
            ):
                event.summary, event.occurred_at = description, moment
            _refresh_last_purchase(session, row.customer_id)
            return _record(row)

    def delete(self, purchase_id: int) -> None:
        """Remove a purchase recorded by mistake, with its timeline entry."""
        with self._db.write() as session:
            row = self._row(session, purchase_id)
            customer_id = row.customer_id
            delete_events(session, EventKind.PURCHASE, row.id)
            session.delete(row)
            session.flush()
            _refresh_last_purchase(session, customer_id)

    def list(self, customer_id: int) -> list[PurchaseRecord]:
        """The customer's purchases, newest first."""
        query = (
            select(Purchase)
            .where(Purchase.customer_id == customer_id)
            .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
        )
        with self._db.read() as session:
            return [_record(row) for row in session.scalars(query)]

    def total(self, customer_id: int) -> Decimal:
        query = select(func.coalesce(func.sum(Purchase.amount_cents), 0)).where(
            Purchase.customer_id == customer_id
        )
        with self._db.read() as session:
            return from_cents(int(session.scalar(query) or 0))

    @staticmethod
    def _row(session: Session, purchase_id: int) -> Purchase:
        row = session.get(Purchase, purchase_id)
        if row is None:
            raise NotFoundError(N_("This purchase does not exist (any more)."))
        return row
