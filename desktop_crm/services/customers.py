"""Customers: create, edit, archive and restore, and the paged, searchable list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, delete, exists, func, insert, select, update
from sqlalchemy.orm import Session

from desktop_crm.domain.customers import CustomerDraft, validate_customer
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.search_text import customer_terms, query_terms, sort_key
from desktop_crm.services.customer_search import (
    SearchPlan,
    count_matches,
    page_ids_by_name,
    plan_search,
    search_conditions,
)
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, CustomerTag, SearchTerm, Tag
from desktop_crm.storage.types import utc_now


class CustomerSort(StrEnum):
    NAME = "name"
    LAST_PURCHASE = "last_purchase"
    CREATED = "created"


class ArchiveFilter(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    ALL = "all"


@dataclass(frozen=True)
class CustomerQuery:
    """What the customer list shows: search text, filters and order."""

    text: str = ""
    tag: str = ""
    archive: ArchiveFilter = ArchiveFilter.ACTIVE
    last_purchase_from: date | None = None
    last_purchase_to: date | None = None
    sort: CustomerSort = CustomerSort.NAME
    descending: bool = False


@dataclass(frozen=True)
class CustomerRow:
    """One line of the customer list."""

    id: int
    name: str
    phone: str
    email: str
    last_purchase_on: date | None
    archived: bool
    created_at: datetime


@dataclass(frozen=True)
class CustomerDetails:
    id: int
    name: str
    phone: str
    email: str
    address: str
    birthday: date | None
    language: str
    notes: str
    tags: tuple[str, ...]
    consent_mail: bool
    consent_email: bool
    consent_sms: bool
    archived: bool
    archived_at: datetime | None
    erased: bool
    last_purchase_on: date | None
    created_at: datetime
    updated_at: datetime
    # Read by reminder rules when the customer has no item for them.
    last_service_on: date | None = None
    contract_end_on: date | None = None

    def as_draft(self) -> CustomerDraft:
        return CustomerDraft(
            name=self.name,
            phone=self.phone,
            email=self.email,
            address=self.address,
            birthday=self.birthday,
            language=self.language,
            notes=self.notes,
            tags=self.tags,
            consent_mail=self.consent_mail,
            consent_email=self.consent_email,
            consent_sms=self.consent_sms,
        )


_ROW_COLUMNS = (
    Customer.id,
    Customer.name,
    Customer.phone,
    Customer.email,
    Customer.last_purchase_on,
    Customer.archived,
    Customer.created_at,
)

_SORT_COLUMNS = {
    CustomerSort.NAME: Customer.sort_name,
    CustomerSort.LAST_PURCHASE: Customer.last_purchase_on,
    CustomerSort.CREATED: Customer.created_at,
}


def _archived_flag(query: CustomerQuery) -> bool | None:
    return {ArchiveFilter.ACTIVE: False, ArchiveFilter.ARCHIVED: True}.get(query.archive)


def _only_searched(query: CustomerQuery) -> bool:
    """A search in name order with no other filter: the term index answers it alone."""
    no_filters = (
        not query.tag and query.last_purchase_from is None and query.last_purchase_to is None
    )
    return query.sort is CustomerSort.NAME and no_filters


def _filtered(
    session: Session,
    query: CustomerQuery,
    plan: SearchPlan | None,
    statement: Select[Any],
) -> Select[Any]:
    archived = _archived_flag(query)
    if archived is not None:
        statement = statement.where(Customer.archived == archived)
    if query.tag:
        wanted = query.tag.casefold()
        tag_id = next(
            (i for i, n in session.execute(select(Tag.id, Tag.name)) if n.casefold() == wanted),
            None,
        )
        statement = statement.where(
            exists().where(CustomerTag.customer_id == Customer.id, CustomerTag.tag_id == tag_id)
        )
    if query.last_purchase_from is not None:
        statement = statement.where(Customer.last_purchase_on >= query.last_purchase_from)
    if query.last_purchase_to is not None:
        statement = statement.where(Customer.last_purchase_on <= query.last_purchase_to)
    if plan is not None:
        statement = statement.where(*search_conditions(plan))
    return statement


def matching_ids(session: Session, query: CustomerQuery) -> list[int]:
    """Ids of every customer the list shows for ``query``, in its order (inside the caller's
    unit of work; for exports and other work on a whole selection)."""
    statement = _filtered(
        session, query, plan_search(session, query_terms(query.text)), select(Customer.id)
    )
    column = _SORT_COLUMNS[query.sort]
    if query.descending:
        return list(session.scalars(statement.order_by(column.desc(), Customer.id.desc())))
    return list(session.scalars(statement.order_by(column, Customer.id)))


def _rows_in_order(session: Session, ids: list[int]) -> list[CustomerRow]:
    if not ids:
        return []
    rows = session.execute(select(*_ROW_COLUMNS).where(Customer.id.in_(ids)))
    by_id = {row.id: CustomerRow(*row) for row in rows}
    return [by_id[i] for i in ids if i in by_id]


def replace_search_terms(session: Session, row: Customer) -> None:
    """Rebuild a customer's search terms after their name, email or phone changed."""
    session.execute(delete(SearchTerm).where(SearchTerm.customer_id == row.id))
    terms = customer_terms(row.name, row.email, [row.phone])
    if terms:
        copied = {"customer_id": row.id, "sort_name": row.sort_name, "archived": row.archived}
        session.execute(insert(SearchTerm), [{**copied, "term": t} for t in sorted(terms)])


def _set_archived(session: Session, row: Customer, archived: bool) -> None:
    row.archived, row.updated_at = archived, utc_now()
    row.archived_at = utc_now() if archived else None
    session.execute(
        update(SearchTerm).where(SearchTerm.customer_id == row.id).values(archived=archived)
    )


def _set_tags(session: Session, customer_id: int, names: tuple[str, ...]) -> None:
    session.execute(delete(CustomerTag).where(CustomerTag.customer_id == customer_id))
    existing = {
        tag_name.casefold(): tag_id
        for tag_id, tag_name in session.execute(select(Tag.id, Tag.name))
    }
    for name in names:
        tag_id = existing.get(name.casefold())
        if tag_id is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
            tag_id = tag.id
        session.add(CustomerTag(customer_id=customer_id, tag_id=tag_id))


def _tags_of(session: Session, customer_id: int) -> tuple[str, ...]:
    query = (
        select(Tag.name)
        .join(CustomerTag, CustomerTag.tag_id == Tag.id)
        .where(CustomerTag.customer_id == customer_id)
        .order_by(Tag.name)
    )
    return tuple(session.scalars(query))


def customer_details(session: Session, row: Customer) -> CustomerDetails:
    """The read model of a customer row, inside the caller's unit of work."""
    return CustomerDetails(
        id=row.id,
        name=row.name,
        phone=row.phone,
        email=row.email,
        address=row.address,
        birthday=row.birthday,
        language=row.language,
        notes=row.notes,
        tags=_tags_of(session, row.id),
        consent_mail=row.consent_mail,
        consent_email=row.consent_email,
        consent_sms=row.consent_sms,
        archived=row.archived,
        archived_at=row.archived_at,
        erased=row.erased_at is not None,
        last_purchase_on=row.last_purchase_on,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_service_on=row.last_service_on,
        contract_end_on=row.contract_end_on,
    )


def _apply(row: Customer, draft: CustomerDraft) -> None:
    row.name = draft.name
    row.sort_name = sort_key(draft.name)[:200]
    row.phone = draft.phone
    row.email = draft.email
    row.address = draft.address
    row.birthday = draft.birthday
    row.language = draft.language
    row.notes = draft.notes
    row.consent_mail = draft.consent_mail
    row.consent_email = draft.consent_email
    row.consent_sms = draft.consent_sms


class CustomerService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def validate(self, draft: CustomerDraft) -> CustomerDraft:
        """The draft normalised, or ValidationError naming the field (for forms as you type)."""
        shop = self._settings.get()
        return validate_customer(draft, shop.country, date.today())

    def create(self, draft: CustomerDraft) -> CustomerDetails:
        """Store a new customer; raises ValidationError and stores nothing when input is bad."""
        draft = self.validate(draft)
        with self._db.write() as session:
            row = Customer()
            _apply(row, draft)
            session.add(row)
            session.flush()
            _set_tags(session, row.id, draft.tags)
            replace_search_terms(session, row)
            queue_refresh(session, row.id)
            return customer_details(session, row)

    def update(self, customer_id: int, draft: CustomerDraft) -> CustomerDetails:
        draft = self.validate(draft)
        with self._db.write() as session:
            row = self._living_row(session, customer_id)
            _apply(row, draft)
            row.updated_at = utc_now()
            _set_tags(session, row.id, draft.tags)
            replace_search_terms(session, row)
            queue_refresh(session, row.id)
            return customer_details(session, row)

    def archive(self, customer_id: int) -> CustomerDetails:
        """Hide a customer from the everyday list; nothing of theirs is deleted."""
        with self._db.write() as session:
            row = self._row(session, customer_id)
            if not row.archived:
                _set_archived(session, row, True)
                queue_refresh(session, row.id)
            return customer_details(session, row)

    def restore(self, customer_id: int) -> CustomerDetails:
        with self._db.write() as session:
            row = self._living_row(session, customer_id)
            if row.archived:
                _set_archived(session, row, False)
                queue_refresh(session, row.id)
            return customer_details(session, row)

    def set_care_dates(
        self, customer_id: int, last_service_on: date | None, contract_end_on: date | None
    ) -> CustomerDetails:
        """The customer's own last service and contract end (for one without items);
        their service and renewal reminders are worked out again."""
        for field, day in (
            ("last_service_on", last_service_on),
            ("contract_end_on", contract_end_on),
        ):
            if day is not None and not date(1900, 1, 1) <= day <= date(2999, 12, 31):
                raise ValidationError(field, N_("This is not a plausible date."))
        with self._db.write() as session:
            row = self._living_row(session, customer_id)
            row.last_service_on, row.contract_end_on = last_service_on, contract_end_on
            row.updated_at = utc_now()
            queue_refresh(session, row.id)
            return customer_details(session, row)

    def get(self, customer_id: int) -> CustomerDetails:
        with self._db.read() as session:
            return customer_details(session, self._row(session, customer_id))

    def tags(self) -> list[str]:
        """Every tag in use, for filter and completion lists."""
        with self._db.read() as session:
            used = exists().where(CustomerTag.tag_id == Tag.id)
            return list(session.scalars(select(Tag.name).where(used).order_by(Tag.name)))

    def count(self, query: CustomerQuery) -> int:
        """How many customers the list shows for ``query``."""
        with self._db.read() as session:
            plan = plan_search(session, query_terms(query.text))
            if plan is not None and _only_searched(query):
                return count_matches(session, plan, _archived_flag(query))
            statement = select(func.count()).select_from(Customer)
            return int(session.scalar(_filtered(session, query, plan, statement)) or 0)

    def list_page(self, query: CustomerQuery, offset: int, limit: int) -> list[CustomerRow]:
        """Rows ``offset`` to ``offset + limit`` of the list, sorted and filtered in SQL."""
        terms = query_terms(query.text)
        archived = _archived_flag(query)
        with self._db.read() as session:
            plan = plan_search(session, terms)
            if plan is not None and _only_searched(query):
                # The everyday search: one page of ids from the term index, then their rows.
                ids = page_ids_by_name(session, plan, archived, query.descending, offset, limit)
                return _rows_in_order(session, ids)
            statement = _filtered(session, query, plan, select(*_ROW_COLUMNS))
            column = _SORT_COLUMNS[query.sort]
            if query.descending:
                statement = statement.order_by(column.desc(), Customer.id.desc())
            else:
                statement = statement.order_by(column, Customer.id)
            statement = statement.offset(offset).limit(limit)
            return [CustomerRow(*row) for row in session.execute(statement)]

    @classmethod
    def _living_row(cls, session: Session, customer_id: int) -> Customer:
        """A customer whose personal data was not erased (an erased one stays anonymous)."""
        row = cls._row(session, customer_id)
        if row.erased_at is not None:
            raise ValidationError("name", N_("This customer's personal data was erased."))
        return row

    @staticmethod
    def _row(session: Session, customer_id: int) -> Customer:
        row = session.get(Customer, customer_id)
        if row is None:
            raise NotFoundError(N_("This customer does not exist (any more)."))
        return row
