"""The audit list: entries written alone or inside another unit of work, newest first."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop_crm.domain.errors import ValidationError
from desktop_crm.services.audit import AuditAction, record_audit
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft


def test_record_returns_the_entry_with_the_staff_name(shop: Shop) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    entry = shop.audit.record(
        AuditAction.EXPORT, "12 customers to CSV", staff_id=lucia.id, customer_id=None
    )
    assert (entry.action, entry.summary, entry.staff_id, entry.staff_name) == (
        "export",
        "12 customers to CSV",
        lucia.id,
        "Lucía",
    )
    assert entry.at.tzinfo is not None
    assert shop.audit.list() == [entry]
    assert shop.audit.count() == 1


def test_list_is_newest_first_and_paged(shop: Shop) -> None:
    for number in range(5):
        shop.audit.record(AuditAction.IMPORT, f"import {number}", customer_id=number)
    assert [e.summary for e in shop.audit.list()] == [f"import {n}" for n in range(4, -1, -1)]
    assert [e.summary for e in shop.audit.list(offset=1, limit=2)] == ["import 3", "import 2"]
    assert shop.audit.count() == 5
    assert all(e.staff_name == "" and e.staff_id is None for e in shop.audit.list())


def test_record_audit_joins_the_callers_unit_of_work(shop: Shop) -> None:
    with shop.db.write() as session:
        record_audit(session, AuditAction.MERGE, "kept", customer_id=7)
    assert [(e.action, e.customer_id) for e in shop.audit.list()] == [("merge", 7)]

    with pytest.raises(RuntimeError), shop.db.write() as session:
        record_audit(session, AuditAction.ERASE, "rolled back")
        raise RuntimeError("the caller's work failed")
    assert shop.audit.count() == 1  # nothing written when the caller rolls back


def test_unknown_staff_is_refused_and_nothing_is_written(shop: Shop) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.audit.record(AuditAction.EXPORT, "x", staff_id=999)
    assert caught.value.field == "staff_id"
    assert shop.audit.count() == 0


def test_entry_survives_its_staff_member_being_deleted(shop: Shop) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    shop.audit.record(AuditAction.ERASE, "customer #3", staff_id=lucia.id, customer_id=3)
    with shop.db.engine.begin() as connection:
        connection.execute(text("DELETE FROM staff WHERE id = :id"), {"id": lucia.id})
    [entry] = shop.audit.list()
    assert (entry.staff_id, entry.staff_name, entry.customer_id) == (None, "", 3)


def test_action_must_fit_its_column(shop: Shop) -> None:
    with pytest.raises(ValueError):
        shop.audit.record("x" * 41, "too long")
    with pytest.raises(ValueError):
        shop.audit.record("", "empty")
