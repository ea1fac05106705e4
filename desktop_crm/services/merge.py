"""Merging two records of the same customer into one, keeping the whole history of both.

Every row that points at the merged-away customer (timeline, purchases, tags, and whatever
later capabilities attach: found through the foreign keys in the models' metadata) moves to
the kept customer; the merged-away record itself is kept as a JSON snapshot in
``customer_merges``, so nothing is silently lost.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Table,
    UniqueConstraint,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.search_text import sort_key
from desktop_crm.services.audit import AuditAction, record_audit
from desktop_crm.services.customers import (
    CustomerDetails,
    customer_details,
    replace_search_terms,
)
from desktop_crm.services.reminder_queue import queue_refresh
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import EventKind, add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    Base,
    Customer,
    CustomerMerge,
    CustomerTag,
    Purchase,
    SearchTerm,
    Staff,
    Tag,
)
from desktop_crm.storage.types import utc_now

MERGE_FIELDS = (
    "name",
    "phone",
    "email",
    "address",
    "birthday",
    "language",
    "notes",
    "consent_mail",
    "consent_email",
    "consent_sms",
)
# The timeline kind of the entry that says who was merged in (timeline.EventKind's values).
MERGE_EVENT_KIND = EventKind.MERGE

# Derived from the customer's own fields and rebuilt after the merge, never moved.
_REBUILT_TABLES = frozenset({SearchTerm.__tablename__})


def _plain(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(session: Session, row: Customer) -> dict[str, Any]:
    """Every column of a customer row and their tags, as JSON-ready values."""
    fields = {c.key: _plain(getattr(row, c.key)) for c in Customer.__table__.columns}
    tags = session.scalars(
        select(Tag.name)
        .join(CustomerTag, CustomerTag.tag_id == Tag.id)
        .where(CustomerTag.customer_id == row.id)
        .order_by(Tag.name)
    )
    return {**fields, "tags": list(tags)}


def customer_references() -> list[Column[Any]]:
    """Every column in the schema with a foreign key to ``customers.id``."""
    target = Customer.__table__.c.id
    return [
        fk.parent
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column is target
    ]


def _unique_column_sets(table: Table, column: Column[Any]) -> list[list[Column[Any]]]:
    """For each primary key, unique constraint or unique index holding ``column``: the
    other columns of it."""
    groups: list[list[Column[Any]]] = [list(table.primary_key.columns)]
    groups += [list(c.columns) for c in table.constraints if isinstance(c, UniqueConstraint)]
    groups += [list(i.columns) for i in table.indexes if i.unique]
    return [
        [c for c in group if c is not column] for group in groups if any(c is column for c in group)
    ]


def _move_rows(session: Session, column: Column[Any], keep_id: int, other_id: int) -> None:
    """Re-point ``column`` from ``other_id`` to ``keep_id``.

    Where the column is part of a key (a link table such as customer_tags) a row the kept
    customer already has in the same form is dropped instead of moved: that is the union.
    """
    table = column.table
    assert isinstance(table, Table)
    conflicts = []
    for others in _unique_column_sets(table, column):
        twin = table.alias("twin")
        conflicts.append(
            exists().where(
                twin.c[column.key] == keep_id,
                *(twin.c[c.key] == c for c in others),
            )
        )
    if conflicts:
        clash = or_(*conflicts)
        session.execute(
            update(table)
            .where(and_(column == other_id, ~clash))
            .values({column.key: keep_id})
            .execution_options(synchronize_session=False)
        )
        session.execute(
            delete(table).where(column == other_id).execution_options(synchronize_session=False)
        )
    else:
        session.execute(
            update(table)
            .where(column == other_id)
            .values({column.key: keep_id})
            .execution_options(synchronize_session=False)
        )


def _customer(session: Session, customer_id: int) -> Customer:
    row = session.get(Customer, customer_id)
    if row is None:
        raise NotFoundError(N_("This customer does not exist (any more)."))
    return row


class MergeService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def merge(
        self,
        keep_id: int,
        other_id: int,
        take_from_other: frozenset[str],
        staff_id: int | None = None,
    ) -> CustomerDetails:
        """Merge customer ``other_id`` into ``keep_id`` and return the kept customer.

        Fields named in ``take_from_other`` (from MERGE_FIELDS) come from the other customer,
        the rest stay; tags are the union. All history moves to the kept customer, the other
        record is stored as a snapshot and then deleted — all in one unit of work.
        """
        unknown = set(take_from_other) - set(MERGE_FIELDS)
        if unknown:
            raise ValueError(f"not merge fields: {sorted(unknown)}")
        if keep_id == other_id:
            raise ValidationError("other_id", N_("A customer cannot be merged with themselves."))
        with self._db.write() as session:
            keep = _customer(session, keep_id)
            other = _customer(session, other_id)
            if keep.erased_at is not None or other.erased_at is not None:
                raise ValidationError(
                    "other_id", N_("A customer whose data was erased cannot be merged.")
                )
            if staff_id is not None and session.get(Staff, staff_id) is None:
                raise ValidationError("staff_id", N_("This staff member does not exist."))
            record = snapshot(session, other)
            for field in take_from_other:
                setattr(keep, field, getattr(other, field))
            keep.sort_name = sort_key(keep.name)[:200]
            keep.updated_at = utc_now()
            session.flush()

            session.execute(delete(SearchTerm).where(SearchTerm.customer_id == other_id))
            for column in customer_references():
                if column.table.name not in _REBUILT_TABLES:
                    _move_rows(session, column, keep_id, other_id)
            latest = select(func.max(Purchase.purchased_on)).where(Purchase.customer_id == keep_id)
            keep.last_purchase_on = session.scalar(latest)

            merge_row = CustomerMerge(
                kept_id=keep_id,
                merged_id=other_id,
                merged_name=other.name,
                merged_snapshot=json.dumps(record, ensure_ascii=False, sort_keys=True),
                merged_at=utc_now(),
                staff_id=staff_id,
            )
            session.add(merge_row)
            session.delete(other)
            session.flush()
            replace_search_terms(session, keep)
            queue_refresh(session, keep_id)
            add_event(
                session,
                keep_id,
                MERGE_EVENT_KIND,
                f"{record['name']} (#{other_id})",
                staff_id=staff_id,
                ref_id=merge_row.id,
            )
            record_audit(
                session,
                AuditAction.MERGE,
                f"customer #{other_id} merged into #{keep_id}",
                staff_id=staff_id,
                customer_id=keep_id,
            )
            return customer_details(session, keep)
