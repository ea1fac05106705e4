"""What printed documents read, in batches: the recipients of guarantee letters with what they
bought, reminder notes with their suggested message, and the day's agenda.

Each call reads a whole batch in a few queries (ids in chunks, purchases of a chunk in one
query), so 1,000 letters cost a handful of round trips, not one per customer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from desktop_crm.domain.contact_details import format_phone
from desktop_crm.domain.money import from_cents
from desktop_crm.i18n import SHIPPED_LANGUAGES
from desktop_crm.services.reminders.records import record_select, to_record
from desktop_crm.services.reminders.service import suggested_text
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.today import TodayEntry, TodayService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Promise, Purchase, Reminder, Staff

CHUNK = 500  # ids per IN (...) list: well inside every database's parameter limit
AGENDA_LIMIT = 5000  # entries an agenda lists; the rest is counted in ``Agenda.more``


@dataclass(frozen=True)
class PurchaseLine:
    on: date
    description: str
    amount: Decimal


@dataclass(frozen=True)
class LetterRecipient:
    id: int
    name: str
    address: str
    language: str  # the customer's language ("" when not set)
    purchases: tuple[PurchaseLine, ...]  # oldest first


@dataclass(frozen=True)
class ReminderNoteData:
    reminder_id: int
    kind: str  # ReminderKind value
    due_on: date
    event_on: date | None
    customer_id: int
    customer_name: str
    customer_address: str
    language: str  # the note's language: the customer's when shipped, else the shop's
    item_name: str
    message: str  # the suggested message, in ``language``


@dataclass(frozen=True)
class AgendaLine:
    source: str  # "reminder" | "promise"
    id: int
    customer_id: int
    customer_name: str
    phone: str  # as the shop's country writes it
    kind: str  # the reminder's kind, or "promise"
    title: str  # the promise's what; the reminder's message, else its item's name
    on: date  # the reminder's show_on, the promise's due date
    overdue: bool
    event_on: date | None = None
    item_name: str = ""
    promised_by: str = ""  # the staff member who made the promise


@dataclass(frozen=True)
class Agenda:
    day: date
    reminders: tuple[AgendaLine, ...]  # overdue first (by date), then by customer name
    promises: tuple[AgendaLine, ...]
    more: int = 0  # entries left out beyond AGENDA_LIMIT

    @property
    def empty(self) -> bool:
        return not self.reminders and not self.promises


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        yield unique[start : start + CHUNK]


class DocumentDataService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # --- guarantee letters
    def letter_recipients(
        self, customer_ids: Sequence[int], bought_since: date | None = None
    ) -> list[LetterRecipient]:
        """The customers of ``customer_ids`` in that order (erased and unknown ones left out),
        each with their purchases since ``bought_since``, or only the latest when None."""
        customers: dict[int, Any] = {}
        purchases: dict[int, list[PurchaseLine]] = {}
        with self._db.read() as session:
            for chunk in _chunks(customer_ids):
                query = select(
                    Customer.id, Customer.name, Customer.address, Customer.language
                ).where(Customer.id.in_(chunk), Customer.erased_at.is_(None))
                customers.update((row.id, row) for row in session.execute(query))
                for row in session.execute(self._purchases_query(chunk, bought_since)):
                    purchases.setdefault(row.customer_id, []).append(
                        PurchaseLine(row.purchased_on, row.description, from_cents(row.cents))
                    )
        return [
            LetterRecipient(
                id=row.id,
                name=row.name,
                address=row.address or "",
                language=row.language or "",
                purchases=tuple(purchases.get(row.id, ())),
            )
            for row in (customers.get(i) for i in dict.fromkeys(customer_ids))
            if row is not None
        ]

    @staticmethod
    def _purchases_query(chunk: list[int], bought_since: date | None) -> Any:
        columns = (
            Purchase.customer_id,
            Purchase.purchased_on,
            Purchase.description,
            Purchase.amount_cents.label("cents"),
            Purchase.id,
        )
        if bought_since is not None:
            return (
                select(*columns)
                .where(Purchase.customer_id.in_(chunk), Purchase.purchased_on >= bought_since)
                .order_by(Purchase.customer_id, Purchase.purchased_on, Purchase.id)
            )
        # The latest purchase of each customer: the first row of each in date order, newest
        # first (one query for the chunk; SQLite has window functions since 3.25).
        rank = (
            func.row_number()
            .over(
                partition_by=Purchase.customer_id,
                order_by=(Purchase.purchased_on.desc(), Purchase.id.desc()),
            )
            .label("rank")
        )
        ranked = select(*columns, rank).where(Purchase.customer_id.in_(chunk)).subquery()
        return select(
            ranked.c.customer_id, ranked.c.purchased_on, ranked.c.description, ranked.c.cents
        ).where(ranked.c.rank == 1)

    def customers_who_bought(self, since: date, until: date | None = None) -> list[int]:
        """Customers with a purchase dated in [``since``, ``until``] (open-ended without
        ``until``), by name; archived and erased customers left out."""
        bought = select(Purchase.customer_id).where(Purchase.purchased_on >= since)
        if until is not None:
            bought = bought.where(Purchase.purchased_on <= until)
        query = (
            select(Customer.id)
            .where(
                Customer.id.in_(bought),
                Customer.archived.is_(False),
                Customer.erased_at.is_(None),
            )
            .order_by(Customer.sort_name, Customer.id)
        )
        with self._db.read() as session:
            return list(session.scalars(query))

    # --- reminder notes
    def reminder_notes(self, reminder_ids: Sequence[int]) -> list[ReminderNoteData]:
        """The reminders of ``reminder_ids`` in that order (unknown ones and erased customers'
        left out), each with the suggested message in the customer's language (the shop's
        when the customer's is not shipped)."""
        shop_language = self._settings.get().language
        if shop_language not in SHIPPED_LANGUAGES:
            shop_language = "en"
        found: dict[int, ReminderNoteData] = {}
        with self._db.read() as session:
            for chunk in _chunks(reminder_ids):
                query = record_select().where(Reminder.id.in_(chunk), Customer.erased_at.is_(None))
                for row in session.execute(query):
                    record = to_record(row)
                    language = record.customer_language
                    if language not in SHIPPED_LANGUAGES:
                        language = shop_language
                    found[record.id] = ReminderNoteData(
                        reminder_id=record.id,
                        kind=record.kind,
                        due_on=record.due_on,
                        event_on=record.event_on,
                        customer_id=record.customer_id,
                        customer_name=record.customer_name,
                        customer_address=row.address or "",
                        language=language,
                        item_name=record.item_name,
                        message=suggested_text(record, language),
                    )
        return [found[i] for i in dict.fromkeys(reminder_ids) if i in found]

    # --- the day's agenda
    def agenda(self, day: date | None = None) -> Agenda:
        """What is due on ``day`` (default: the shop's today): open reminders shown by then and
        pending promises due by then, as Today lists them (archived customers left out), with
        the customers' phones and who made each promise."""
        today = TodayService(self._db, self._settings)
        day = day or today.local_today()
        overview = today.overview(day, limit=AGENDA_LIMIT)
        entries = overview.due
        customer_ids = [entry.customer_id for entry in entries]
        promise_ids = [entry.id for entry in entries if entry.source == "promise"]
        region = self._settings.get().country
        phones: dict[int, str] = {}
        staff: dict[int, str] = {}
        with self._db.read() as session:
            for chunk in _chunks(customer_ids):
                query = select(Customer.id, Customer.phone).where(Customer.id.in_(chunk))
                phones.update(
                    (row.id, format_phone(row.phone, region) if row.phone else "")
                    for row in session.execute(query)
                )
            for chunk in _chunks(promise_ids):
                query = (
                    select(Promise.id, Staff.name)
                    .join(Staff, Staff.id == Promise.staff_id)
                    .where(Promise.id.in_(chunk))
                )
                staff.update((row.id, row.name) for row in session.execute(query))

        def line(entry: TodayEntry) -> AgendaLine:
            return AgendaLine(
                source=entry.source,
                id=entry.id,
                customer_id=entry.customer_id,
                customer_name=entry.customer_name,
                phone=phones.get(entry.customer_id, ""),
                kind=entry.kind,
                title=entry.title,
                on=entry.on,
                overdue=entry.overdue,
                event_on=entry.event_on,
                item_name=entry.item_name,
                promised_by=staff.get(entry.id, "") if entry.source == "promise" else "",
            )

        return Agenda(
            day=day,
            reminders=tuple(line(e) for e in entries if e.source == "reminder"),
            promises=tuple(line(e) for e in entries if e.source == "promise"),
            more=max(0, overview.due_total - len(entries)),
        )
