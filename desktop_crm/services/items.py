"""Things the shop looks after for a customer (pets, cars, appliances, contracts).

Service and renewal reminders belong to an item: every write here queues the customer's
reminders to be worked out again, in the same unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.services.reminders.kinds import ITEM_KINDS
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Item

MAX_NAME_LENGTH = 200
MAX_DETAILS_LENGTH = 2000
SERVICE_EVENT_KIND = "service"
"""The timeline kind of a recorded service (``ref_id`` = the item)."""

_EARLIEST = date(1900, 1, 1)
_LATEST = date(2999, 12, 31)


@dataclass(frozen=True)
class ItemDraft:
    kind: str
    name: str
    details: str = ""
    last_service_on: date | None = None
    contract_end_on: date | None = None


@dataclass(frozen=True)
class ItemRecord:
    id: int
    customer_id: int
    kind: str
    name: str
    details: str
    last_service_on: date | None
    contract_end_on: date | None
    retired: bool


def _record(row: Item) -> ItemRecord:
    return ItemRecord(
        id=row.id,
        customer_id=row.customer_id,
        kind=row.kind,
        name=row.name,
        details=row.details,
        last_service_on=row.last_service_on,
        contract_end_on=row.contract_end_on,
        retired=row.retired,
    )


def _check_date(field: str, day: date | None) -> None:
    if day is not None and not _EARLIEST <= day <= _LATEST:
        raise ValidationError(field, N_("This is not a plausible date."))


def validate_item(draft: ItemDraft) -> ItemDraft:
    """The draft normalised (name and details stripped), or ValidationError naming the field."""
    if draft.kind not in ITEM_KINDS:
        raise ValidationError("kind", N_("Choose what kind of thing this is."))
    name = draft.name.strip()
    if not name:
        raise ValidationError("name", N_("Give it a name (Rex, the blue Corsa, plan #42)."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            "name", N_("A name is at most {limit} characters."), limit=MAX_NAME_LENGTH
        )
    details = draft.details.strip()
    if len(details) > MAX_DETAILS_LENGTH:
        raise ValidationError(
            "details", N_("Details are at most {limit} characters."), limit=MAX_DETAILS_LENGTH
        )
    _check_date("last_service_on", draft.last_service_on)
    _check_date("contract_end_on", draft.contract_end_on)
    return ItemDraft(draft.kind, name, details, draft.last_service_on, draft.contract_end_on)


def _apply(row: Item, draft: ItemDraft) -> None:
    row.kind, row.name, row.details = draft.kind, draft.name, draft.details
    row.last_service_on, row.contract_end_on = draft.last_service_on, draft.contract_end_on


class ItemService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, customer_id: int, include_retired: bool = True) -> list[ItemRecord]:
        """The customer's items: those in use first, then by name."""
        query = select(Item).where(Item.customer_id == customer_id)
        if not include_retired:
            query = query.where(Item.retired.is_(False))
        query = query.order_by(Item.retired, Item.name, Item.id)
        with self._db.read() as session:
            return [_record(row) for row in session.scalars(query)]

    def get(self, item_id: int) -> ItemRecord:
        with self._db.read() as session:
            return _record(self._row(session, item_id))

    def add(self, customer_id: int, draft: ItemDraft) -> ItemRecord:
        """Store a new item for the customer; raises ValidationError and stores nothing when
        the draft is bad."""
        draft = validate_item(draft)
        with self._db.write() as session:
            customer = session.get(Customer, customer_id)
            if customer is None or customer.erased_at is not None:
                raise NotFoundError(N_("This customer does not exist (any more)."))
            row = Item(customer_id=customer_id, details="", retired=False)
            _apply(row, draft)
            session.add(row)
            session.flush()
            queue_refresh(session, customer_id)
            return _record(row)

    def update(self, item_id: int, draft: ItemDraft) -> ItemRecord:
        draft = validate_item(draft)
        with self._db.write() as session:
            row = self._row(session, item_id)
            _apply(row, draft)
            queue_refresh(session, row.customer_id)
            return _record(row)

    def record_service(self, item_id: int, on: date) -> ItemRecord:
        """The item was serviced ``on`` that day: its last service moves there (unless a later
        one is already recorded), and the service lands on the customer's timeline. The
        reminder for the previous service goes (if untouched) and the next one is planned."""
        _check_date("last_service_on", on)
        zone = ZoneInfo(SettingsService(self._db).get().time_zone)
        with self._db.write() as session:
            row = self._row(session, item_id)
            if row.last_service_on is None or row.last_service_on < on:
                row.last_service_on = on
            add_event(
                session,
                row.customer_id,
                SERVICE_EVENT_KIND,
                row.name,
                occurred_at=datetime.combine(on, time(12), zone),
                ref_id=row.id,
            )
            queue_refresh(session, row.customer_id)
            return _record(row)

    def retire(self, item_id: int) -> ItemRecord:
        """The item is gone (sold, passed away): it keeps its history but gets no reminders."""
        return self._set_retired(item_id, True)

    def restore(self, item_id: int) -> ItemRecord:
        return self._set_retired(item_id, False)

    def delete(self, item_id: int) -> None:
        """Remove an item entered by mistake, with its reminders and rules."""
        with self._db.write() as session:
            row = self._row(session, item_id)
            queue_refresh(session, row.customer_id)
            session.delete(row)

    def _set_retired(self, item_id: int, retired: bool) -> ItemRecord:
        with self._db.write() as session:
            row = self._row(session, item_id)
            if row.retired != retired:
                row.retired = retired
                queue_refresh(session, row.customer_id)
            return _record(row)

    @staticmethod
    def _row(session: Session, item_id: int) -> Item:
        row = session.get(Item, item_id)
        if row is None:
            raise NotFoundError(N_("This item does not exist (any more)."))
        return row
