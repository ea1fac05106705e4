"""The audit list: what was done with customers' personal data (exports, imports, merges,
erasures), by whom and when — for the shop owner to read.

Entries name customers by id only and never carry personal data: they outlive erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import AuditLog, Staff
from desktop_crm.storage.types import utc_now

MAX_ACTION_LENGTH = 40


class AuditAction(StrEnum):
    EXPORT = "export"
    IMPORT = "import"
    MERGE = "merge"
    ERASE = "erase"
    PERSONAL_DATA_EXPORT = "personal_data_export"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    staff_id: int | None
    staff_name: str
    action: str
    customer_id: int | None
    summary: str


def _check_staff(session: Session, staff_id: int | None) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError("staff_id", N_("This staff member does not exist."))


def _add(
    session: Session,
    action: str,
    summary: str,
    staff_id: int | None,
    customer_id: int | None,
) -> AuditLog:
    action = str(action)
    if not action or len(action) > MAX_ACTION_LENGTH:
        raise ValueError(f"audit action must be 1 to {MAX_ACTION_LENGTH} characters: {action!r}")
    _check_staff(session, staff_id)
    row = AuditLog(
        at=utc_now(),
        staff_id=staff_id,
        action=action,
        customer_id=customer_id,
        summary=summary,
    )
    session.add(row)
    session.flush()
    return row


def record_audit(
    session: Session,
    action: str,
    summary: str,
    *,
    staff_id: int | None = None,
    customer_id: int | None = None,
) -> None:
    """Add an entry inside the caller's unit of work (it is written only if that commits).

    ``summary`` must hold no personal data (ids and counts, not names)."""
    _add(session, action, summary, staff_id, customer_id)


def _entry(row: AuditLog, staff_name: str | None) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        staff_id=row.staff_id,
        staff_name=staff_name or "",
        action=row.action,
        customer_id=row.customer_id,
        summary=row.summary,
    )


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def record(
        self,
        action: str,
        summary: str,
        *,
        staff_id: int | None = None,
        customer_id: int | None = None,
    ) -> AuditEntry:
        """Write one entry in a unit of work of its own."""
        with self._db.write() as session:
            row = _add(session, action, summary, staff_id, customer_id)
            name = session.scalar(select(Staff.name).where(Staff.id == row.staff_id))
            return _entry(row, name)

    def list(self, offset: int = 0, limit: int = 200) -> list[AuditEntry]:
        """Entries newest first, one page of them."""
        query = (
            select(AuditLog, Staff.name)
            .outerjoin(Staff, Staff.id == AuditLog.staff_id)
            .order_by(AuditLog.at.desc(), AuditLog.id.desc())
            .offset(offset)
            .limit(limit)
        )
        with self._db.read() as session:
            return [_entry(row, name) for row, name in session.execute(query)]

    def count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count()).select_from(AuditLog)) or 0)
