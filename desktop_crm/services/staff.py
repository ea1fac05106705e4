"""The shop's staff: who can be the author of what is logged."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, true

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Staff


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    title: str
    phone: str
    is_manager: bool
    active: bool


@dataclass(frozen=True)
class StaffDraft:
    name: str
    title: str = ""
    phone: str = ""
    is_manager: bool = False
    active: bool = True


def _record(row: Staff) -> StaffMember:
    return StaffMember(row.id, row.name, row.title, row.phone, row.is_manager, row.active)


def _validated(draft: StaffDraft) -> StaffDraft:
    name = " ".join(draft.name.split())
    if not name:
        raise ValidationError("name", N_("A staff member needs a name."))
    if len(name) > 200:
        raise ValidationError("name", N_("A name is at most {limit} characters."), limit=200)
    return StaffDraft(
        name, draft.title.strip(), draft.phone.strip(), draft.is_manager, draft.active
    )


class StaffService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, include_inactive: bool = True) -> list[StaffMember]:
        """Staff sorted by name; inactive ones only when asked for."""
        query = select(Staff).order_by(Staff.name, Staff.id)
        if not include_inactive:
            query = query.where(Staff.active == true())
        with self._db.read() as session:
            return [_record(row) for row in session.scalars(query)]

    def get(self, staff_id: int) -> StaffMember:
        with self._db.read() as session:
            row = session.get(Staff, staff_id)
            if row is None:
                raise NotFoundError(N_("This staff member does not exist."))
            return _record(row)

    def create(self, draft: StaffDraft) -> StaffMember:
        draft = _validated(draft)
        with self._db.write() as session:
            row = Staff(
                name=draft.name,
                title=draft.title,
                phone=draft.phone,
                is_manager=draft.is_manager,
                active=draft.active,
            )
            session.add(row)
            session.flush()
            return _record(row)

    def update(self, staff_id: int, draft: StaffDraft) -> StaffMember:
        draft = _validated(draft)
        with self._db.write() as session:
            row = session.get(Staff, staff_id)
            if row is None:
                raise NotFoundError(N_("This staff member does not exist."))
            row.name, row.title, row.phone = draft.name, draft.title, draft.phone
            row.is_manager, row.active = draft.is_manager, draft.active
            return _record(row)
