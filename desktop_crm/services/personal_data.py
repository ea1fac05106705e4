"""A customer's personal data on request: everything the shop holds about them (as readable
JSON), or its erasure.

Erasure is a real deletion, not a flag: the customer's fields are blanked, their tags and
search terms deleted, the text of their timeline and purchases blanked and the snapshots of
records merged into them dropped. What stays is anonymous: the row (named "Erased customer
#id", archived) with its purchase dates and amounts, so reports keep their totals.

Tables added by later capabilities are found through their foreign key to ``customers``:
the export includes their rows, and erasure deletes them unless this module knows which of
their columns are personal (extend ``_erase_known_tables`` when a capability needs its rows
kept anonymously, as comment cards, survey responses and expectation forms are).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, delete, exists, select, update
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.money import from_cents
from desktop_crm.domain.search_text import sort_key
from desktop_crm.services.audit import AuditAction, record_audit
from desktop_crm.services.merge import customer_references
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    CommentCard,
    Complaint,
    ComplaintEvent,
    Customer,
    CustomerMerge,
    CustomerTag,
    ExpectationAnswer,
    ExpectationResponse,
    Promise,
    PromiseChange,
    Purchase,
    SearchTerm,
    Staff,
    SurveyAnswer,
    SurveyResponse,
    Tag,
    TimelineEvent,
)
from desktop_crm.storage.types import utc_now

ERASED_NAME = "Erased customer #{id}"

# Tables whose rows erasure keeps, anonymised (below); rows of any other table that points
# at the customer are deleted.
_KNOWN_TABLES = frozenset(
    {
        SearchTerm.__tablename__,
        CustomerTag.__tablename__,
        TimelineEvent.__tablename__,
        Purchase.__tablename__,
        CustomerMerge.__tablename__,
    }
)

# Exported like any later table, but kept on erasure with the link to the customer cut: card
# numbers, survey scores and expectations stay in the statistics; the free texts, which may
# say who wrote them, are blanked.
_UNLINKED_TABLES = frozenset(
    {
        CommentCard.__tablename__,
        SurveyResponse.__tablename__,
        ExpectationResponse.__tablename__,
    }
)


def _json_value(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _customer(session: Session, customer_id: int) -> Customer:
    row = session.get(Customer, customer_id)
    if row is None:
        raise NotFoundError(N_("This customer does not exist (any more)."))
    return row


def _check_staff(session: Session, staff_id: int | None) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError("staff_id", N_("This staff member does not exist."))


def _tags(session: Session, customer_id: int) -> list[str]:
    query = (
        select(Tag.name)
        .join(CustomerTag, CustomerTag.tag_id == Tag.id)
        .where(CustomerTag.customer_id == customer_id)
        .order_by(Tag.name)
    )
    return list(session.scalars(query))


def _timeline(session: Session, customer_id: int) -> list[dict[str, object]]:
    query = (
        select(TimelineEvent, Staff.name)
        .outerjoin(Staff, Staff.id == TimelineEvent.staff_id)
        .where(TimelineEvent.customer_id == customer_id)
        .order_by(TimelineEvent.occurred_at, TimelineEvent.id)
    )
    return [
        {
            "kind": event.kind,
            "occurred_at": event.occurred_at.isoformat(),
            "channel": event.channel,
            "summary": event.summary,
            "outcome": event.outcome,
            "staff": staff or "",
        }
        for event, staff in session.execute(query)
    ]


def _purchases(session: Session, customer_id: int, currency: str) -> list[dict[str, object]]:
    query = (
        select(Purchase)
        .where(Purchase.customer_id == customer_id)
        .order_by(Purchase.purchased_on, Purchase.id)
    )
    return [
        {
            "purchased_on": row.purchased_on.isoformat(),
            "description": row.description,
            "amount": str(from_cents(row.amount_cents)),
            "currency": currency,
        }
        for row in session.scalars(query)
    ]


def _merges(session: Session, customer_id: int) -> list[dict[str, object]]:
    query = (
        select(CustomerMerge)
        .where(CustomerMerge.kept_id == customer_id)
        .order_by(CustomerMerge.merged_at, CustomerMerge.id)
    )
    return [
        {
            "merged_at": row.merged_at.isoformat(),
            "merged_record": json.loads(row.merged_snapshot or "{}"),
        }
        for row in session.scalars(query)
    ]


def _promise_changes(session: Session, customer_id: int) -> list[dict[str, object]]:
    """Changes of the customer's promises (they point at the promise, not the customer)."""
    query = (
        select(PromiseChange)
        .join(Promise, Promise.id == PromiseChange.promise_id)
        .where(Promise.customer_id == customer_id)
        .order_by(PromiseChange.id)
    )
    return [
        {
            "promise_id": change.promise_id,
            "changed_at": _json_value(change.changed_at),
            "old_due_on": _json_value(change.old_due_on),
            "new_due_on": _json_value(change.new_due_on),
            "note": change.note,
        }
        for change in session.scalars(query)
    ]


def _complaint_history(session: Session, customer_id: int) -> list[dict[str, object]]:
    """The history of the customer's complaints (it points at the complaint)."""
    query = (
        select(ComplaintEvent)
        .join(Complaint, Complaint.id == ComplaintEvent.complaint_id)
        .where(Complaint.customer_id == customer_id)
        .order_by(ComplaintEvent.id)
    )
    return [
        {
            "complaint_id": event.complaint_id,
            "at": _json_value(event.at),
            "kind": event.kind,
            "text": event.text,
        }
        for event in session.scalars(query)
    ]


def _survey_answers(session: Session, customer_id: int) -> list[dict[str, object]]:
    """What the customer answered in their surveys (the answers point at the response)."""
    query = (
        select(SurveyAnswer)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.customer_id == customer_id)
        .order_by(SurveyAnswer.response_id, SurveyAnswer.position)
    )
    return [
        {
            "response_id": answer.response_id,
            "kind": answer.kind,
            "attribute": answer.attribute,
            "score": answer.score,
            "text": answer.text,
        }
        for answer in session.scalars(query)
    ]


def _expectation_answers(session: Session, customer_id: int) -> list[dict[str, object]]:
    """What the customer said they expected, per attribute, on their expectation forms."""
    query = (
        select(ExpectationAnswer)
        .join(ExpectationResponse, ExpectationResponse.id == ExpectationAnswer.expectation_id)
        .where(ExpectationResponse.customer_id == customer_id)
        .order_by(ExpectationAnswer.id)
    )
    return [
        {
            "expectation_id": answer.expectation_id,
            "attribute": answer.attribute,
            "expected": answer.expected,
            "importance": answer.importance,
        }
        for answer in session.scalars(query)
    ]


def _other_tables(session: Session, customer_id: int) -> dict[str, list[dict[str, object]]]:
    """Rows of later capabilities' tables that point at the customer, column by column."""
    found: dict[str, list[dict[str, object]]] = {}
    for column in _unknown_references():
        rows = session.execute(select(column.table).where(column == customer_id)).mappings()
        listed = [{k: _json_value(v) for k, v in row.items()} for row in rows]
        if listed:
            found.setdefault(column.table.name, []).extend(listed)
    return found


def _unknown_references() -> list[Column[Any]]:
    return [
        c
        for c in customer_references()
        if c.table.name not in _KNOWN_TABLES and c.table is not Customer.__table__
    ]


def _details(row: Customer) -> dict[str, object]:
    return {
        "id": row.id,
        "name": row.name,
        "phone": row.phone,
        "email": row.email,
        "address": row.address,
        "birthday": _json_value(row.birthday),
        "language": row.language,
        "notes": row.notes,
        "consent_mail": row.consent_mail,
        "consent_email": row.consent_email,
        "consent_sms": row.consent_sms,
        "archived": row.archived,
        "archived_at": _json_value(row.archived_at),
        "last_purchase_on": _json_value(row.last_purchase_on),
        "last_service_on": _json_value(row.last_service_on),
        "contract_end_on": _json_value(row.contract_end_on),
        "created_at": _json_value(row.created_at),
        "updated_at": _json_value(row.updated_at),
        "erased_at": _json_value(row.erased_at),
    }


def _erase_known_tables(session: Session, customer_id: int) -> None:
    session.execute(delete(SearchTerm).where(SearchTerm.customer_id == customer_id))
    tag_ids = list(
        session.scalars(select(CustomerTag.tag_id).where(CustomerTag.customer_id == customer_id))
    )
    session.execute(delete(CustomerTag).where(CustomerTag.customer_id == customer_id))
    if tag_ids:
        # A tag nobody else carries may itself say something personal ("diabetic").
        in_use = exists().where(CustomerTag.tag_id == Tag.id)
        session.execute(delete(Tag).where(Tag.id.in_(tag_ids), ~in_use))
    session.execute(
        update(TimelineEvent)
        .where(TimelineEvent.customer_id == customer_id)
        .values(summary="", outcome="", updated_at=utc_now())
    )
    session.execute(
        update(Purchase).where(Purchase.customer_id == customer_id).values(description="")
    )
    session.execute(
        update(CustomerMerge)
        .where(CustomerMerge.kept_id == customer_id)
        .values(merged_name="", merged_snapshot="{}")
    )


def _unlink_feedback(session: Session, customer_id: int) -> None:
    responses = select(SurveyResponse.id).where(SurveyResponse.customer_id == customer_id)
    session.execute(
        update(SurveyAnswer)
        .where(SurveyAnswer.response_id.in_(responses), SurveyAnswer.text != "")
        .values(text="")
    )
    session.execute(
        update(SurveyResponse)
        .where(SurveyResponse.customer_id == customer_id)
        .values(customer_id=None)
    )
    session.execute(
        update(ExpectationResponse)
        .where(ExpectationResponse.customer_id == customer_id)
        .values(customer_id=None, notes="")
    )
    session.execute(
        update(CommentCard).where(CommentCard.customer_id == customer_id).values(customer_id=None)
    )


class PersonalDataService:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._settings = SettingsService(db)

    def export(self, customer_id: int, staff_id: int | None = None) -> str:
        """Everything the shop holds about one customer, as indented JSON (dates in ISO
        form, money as strings); the export is recorded on the audit list."""
        currency = self._settings.get().currency
        with self._db.write() as session:
            row = _customer(session, customer_id)
            _check_staff(session, staff_id)
            document: dict[str, object] = {
                "exported_at": utc_now().isoformat(),
                "customer": _details(row),
                "tags": _tags(session, customer_id),
                "timeline": _timeline(session, customer_id),
                "purchases": _purchases(session, customer_id, currency),
                "merged_records": _merges(session, customer_id),
            }
            document["promise_changes"] = _promise_changes(session, customer_id)
            document["complaint_history"] = _complaint_history(session, customer_id)
            document["survey_answers"] = _survey_answers(session, customer_id)
            document["expectation_answers"] = _expectation_answers(session, customer_id)
            others = _other_tables(session, customer_id)
            if others:
                document["other_records"] = others
            record_audit(
                session,
                AuditAction.PERSONAL_DATA_EXPORT,
                f"personal data of customer #{customer_id} exported",
                staff_id=staff_id,
                customer_id=customer_id,
            )
        return json.dumps(document, ensure_ascii=False, indent=2, default=_json_value)

    def erase(self, customer_id: int, staff_id: int | None = None) -> None:
        """Delete the customer's personal data for good, keeping an anonymous row with the
        purchase dates and amounts; recorded (without personal data) on the audit list.
        Erasing an erased customer again does no harm."""
        with self._db.write() as session:
            row = _customer(session, customer_id)
            _check_staff(session, staff_id)
            now = utc_now()
            row.name = ERASED_NAME.format(id=row.id)
            row.sort_name = sort_key(row.name)[:200]
            row.phone = row.email = row.address = row.notes = row.language = ""
            row.birthday = row.last_service_on = row.contract_end_on = None
            row.consent_mail = row.consent_email = row.consent_sms = False
            if not row.archived:
                row.archived, row.archived_at = True, now
            row.erased_at = row.updated_at = now
            session.flush()
            _erase_known_tables(session, customer_id)
            _unlink_feedback(session, customer_id)
            for column in _unknown_references():
                if column.table.name not in _UNLINKED_TABLES:
                    session.execute(delete(column.table).where(column == customer_id))
            record_audit(
                session,
                AuditAction.ERASE,
                f"personal data of customer #{customer_id} erased",
                staff_id=staff_id,
                customer_id=customer_id,
            )
        # Not left behind in SQLite's write-ahead log either.
        self._db.flush_deleted()
