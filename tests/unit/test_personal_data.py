"""A customer's personal data on request: the readable export, and erasure that leaves none of
it in any table of the database file (search index included)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Column, ForeignKey, Integer, String, Table, insert, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.complaints import ComplaintDraft
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.items import ItemDraft
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import Base

NAME = "Zoë Pérez-Ñúñez"
EMAIL = "zoe.perez@correo.es"
PHONE = "612 98 76 54"
PHONE_DIGITS = "612987654"
MERGED_NAME = "Zoe Perez Old"
MERGED_EMAIL = "zoe.old@viejo.es"
SECRETS = [
    "Pérez",
    "Perez",
    "perez",
    "Ñúñez",
    "nunez",
    EMAIL,
    "zoe.perez",
    "correo",
    PHONE_DIGITS,
    PHONE_DIGITS[::-1],
    "Avenida Secreta",
    "allergic to wool",
    "wool-allergy",
    "Wants a red scarf",
    "Will call back",
    "Red scarf",
    "viejo",
    "Old",
    "Rexie the whippet",
    "whippet-blue",
    "Knit a matching scarf",
    "Ask about the scarf fit",
    "The scarf shrank in the wash",
    "wool-free one",
    "blue folder",
]


@pytest.fixture
def customer(shop: Shop) -> int:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    customer_id = shop.customers.create(
        CustomerDraft(
            name=NAME,
            phone=PHONE,
            email=EMAIL,
            address="Avenida Secreta 7, Madrid",
            birthday=date(1990, 2, 28),
            language="es",
            notes="allergic to wool",
            tags=("wool-allergy", "vip"),
            consent_email=True,
        )
    ).id
    shop.customers.create(CustomerDraft(name="Another Customer", tags=("vip",)))
    shop.purchases.add(customer_id, date(2024, 1, 5), "Red scarf", "19.99", staff_id=lucia.id)
    shop.purchases.add(customer_id, date(2024, 2, 6), "Red scarf again", "20.01")
    shop.timeline.log_contact(
        customer_id,
        "phone",
        "Wants a red scarf",
        "Will call back",
        staff_id=lucia.id,
        occurred_at=datetime(2024, 1, 4, 10, tzinfo=UTC),
    )
    old = shop.customers.create(CustomerDraft(name=MERGED_NAME, email=MERGED_EMAIL)).id
    shop.merge.merge(customer_id, old, frozenset())
    item = shop.items.add(
        customer_id, ItemDraft("pet", "Rexie the whippet", "whippet-blue", date(2024, 1, 10))
    )
    promise = shop.promises.add(
        PromiseDraft(
            customer_id, "Knit a matching scarf", date(2024, 3, 1), made_on=date(2024, 2, 6)
        ),
        today=date(2024, 2, 6),
    )
    shop.promises.change_due(promise.id, date(2024, 3, 8), "Knit a matching scarf later")
    shop.reminders.create(customer_id, date(2024, 3, 1), "Ask about the scarf fit", item.id)
    shop.reminders.refresh(date(2024, 2, 10))
    complaint = shop.complaints.open(
        ComplaintDraft(
            customer_id,
            "phone",
            "product",
            "normal",
            "The scarf shrank in the wash",
            "Swap it for the wool-free one",
            lucia.id,
        ),
        now=datetime(2024, 2, 12, 10, tzinfo=UTC),
    )
    shop.complaints.add_note(complaint.id, "She keeps the receipt in a blue folder", lucia.id)
    return customer_id


# ---- export ------------------------------------------------------------------------------


def test_export_is_readable_json_with_everything(shop: Shop, customer: int) -> None:
    text = shop.personal_data.export(customer)
    assert NAME in text  # not \\u escapes
    assert "\n  " in text  # indented
    data = json.loads(text)
    details = data["customer"]
    assert (details["id"], details["name"], details["email"]) == (customer, NAME, EMAIL)
    assert details["phone"] == "+34612987654"
    assert details["birthday"] == "1990-02-28"
    assert details["address"] == "Avenida Secreta 7, Madrid"
    assert details["notes"] == "allergic to wool"
    assert details["consent_email"] is True
    datetime.fromisoformat(details["created_at"])
    assert data["tags"] == ["vip", "wool-allergy"]
    assert [(p["purchased_on"], p["description"], p["amount"]) for p in data["purchases"]] == [
        ("2024-01-05", "Red scarf", "19.99"),
        ("2024-02-06", "Red scarf again", "20.01"),
    ]
    assert {p["currency"] for p in data["purchases"]} == {"EUR"}
    contact = next(e for e in data["timeline"] if e["kind"] == "contact")
    assert contact == {
        "kind": "contact",
        "occurred_at": "2024-01-04T10:00:00+00:00",
        "channel": "phone",
        "summary": "Wants a red scarf",
        "outcome": "Will call back",
        "staff": "Lucía",
    }
    [merged] = data["merged_records"]
    assert merged["merged_record"]["name"] == MERGED_NAME
    assert merged["merged_record"]["email"] == MERGED_EMAIL
    others = data["other_records"]
    assert [i["name"] for i in others["items"]] == ["Rexie the whippet"]
    assert [p["what"] for p in others["promises"]] == ["Knit a matching scarf"]
    assert "Ask about the scarf fit" in [r["message"] for r in others["reminders"]]
    # A promise's changes hang off the promise, not the customer: exported all the same.
    [change] = data["promise_changes"]
    assert (change["old_due_on"], change["new_due_on"]) == ("2024-03-01", "2024-03-08")
    assert change["note"] == "Knit a matching scarf later"
    notes = [e["text"] for e in data["complaint_history"]]
    assert "She keeps the receipt in a blue folder" in notes


def test_export_is_audited_without_personal_data(shop: Shop, customer: int) -> None:
    lucia = shop.staff.list()[0]
    shop.personal_data.export(customer, staff_id=lucia.id)
    entry = shop.audit.list()[0]
    assert (entry.action, entry.customer_id, entry.staff_name) == (
        "personal_data_export",
        customer,
        "Lucía",
    )
    assert not any(secret in entry.summary for secret in SECRETS)


def test_export_of_a_missing_customer(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.personal_data.export(404)
    with pytest.raises(NotFoundError):
        shop.personal_data.erase(404)
    assert shop.audit.count() == 0


# ---- erasure -----------------------------------------------------------------------------


def every_cell(path: Path) -> list[tuple[str, str, object]]:
    """(table, column, value) of every cell of every table in the database file."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        assert "customer_search_terms" in tables and "audit_log" in tables
        cells: list[tuple[str, str, object]] = []
        for table in tables:
            cursor = connection.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                cells.extend(
                    (table, column, value) for column, value in zip(columns, row, strict=True)
                )
        return cells
    finally:
        connection.close()


def leaks(path: Path) -> list[tuple[str, str, object]]:
    return [
        (table, column, value)
        for table, column, value in every_cell(path)
        if isinstance(value, str | bytes)
        and any(
            s.casefold()
            in (value.decode("utf-8", "replace") if isinstance(value, bytes) else value).casefold()
            for s in SECRETS
        )
    ]


def test_before_erasure_the_scan_finds_the_customer_everywhere(
    shop: Shop, customer: int, db_path: Path
) -> None:
    """The scan itself works: it sees the data in the tables erasure must clean."""
    tables = {table for table, _, _ in leaks(db_path)}
    assert {
        "customers",
        "customer_search_terms",
        "tags",
        "timeline_events",
        "purchases",
        "customer_merges",
        "items",
        "promises",
        "promise_changes",
        "reminders",
        "complaints",
        "complaint_events",
    } <= tables


def test_erasure_leaves_no_personal_data_in_any_table(
    shop: Shop, customer: int, db_path: Path
) -> None:
    shop.personal_data.erase(customer)
    assert leaks(db_path) == []
    # Birthday, too, is gone (a date is not a string the scan above would catch).
    cells = every_cell(db_path)
    assert not any("1990-02-28" in str(value) for _, _, value in cells)


def test_erased_customer_keeps_anonymous_totals(shop: Shop, customer: int) -> None:
    shop.personal_data.erase(customer)
    erased = shop.customers.get(customer)
    assert erased.name == f"Erased customer #{customer}"
    assert (erased.phone, erased.email, erased.address, erased.notes) == ("", "", "", "")
    assert erased.birthday is None and erased.tags == ()
    assert erased.archived and erased.archived_at is not None
    assert not (erased.consent_mail or erased.consent_email or erased.consent_sms)
    purchases = shop.purchases.list(customer)
    assert [(p.purchased_on, p.amount, p.description) for p in purchases] == [
        (date(2024, 2, 6), Decimal("20.01"), ""),
        (date(2024, 1, 5), Decimal("19.99"), ""),
    ]
    assert shop.purchases.total(customer) == Decimal("40.00")
    assert erased.last_purchase_on == date(2024, 2, 6)
    timeline = shop.timeline.list(customer)
    assert timeline and all(e.summary == e.outcome == "" for e in timeline)
    # Not found by anything it was found by; other customers and their tags untouched.
    for typed in ("zoe", "perez", "9876", "correo", "erased"):
        assert shop.customers.count(CustomerQuery(text=typed, archive=ArchiveFilter.ALL)) == 0
    assert shop.customers.tags() == ["vip"]
    assert shop.customers.count(CustomerQuery(text="another")) == 1


def test_erasure_is_audited_without_personal_data(shop: Shop, customer: int) -> None:
    lucia = shop.staff.list()[0]
    shop.personal_data.erase(customer, staff_id=lucia.id)
    entry = shop.audit.list()[0]
    assert (entry.action, entry.customer_id, entry.staff_id) == ("erase", customer, lucia.id)
    assert str(customer) in entry.summary
    assert not any(secret.casefold() in entry.summary.casefold() for secret in SECRETS)


def test_erased_customer_is_no_longer_a_duplicate(shop: Shop, customer: int) -> None:
    draft = CustomerDraft(name=NAME, phone=PHONE, email=EMAIL)
    assert shop.duplicates.find(draft)
    shop.personal_data.erase(customer)
    assert shop.duplicates.find(draft) == []


def test_erasure_with_unknown_staff_changes_nothing(shop: Shop, customer: int) -> None:
    with pytest.raises(ValidationError):
        shop.personal_data.erase(customer, staff_id=999)
    assert shop.customers.get(customer).name == NAME
    assert shop.customers.count(CustomerQuery(text="perez")) == 1


def test_erasing_twice_is_harmless(shop: Shop, customer: int, db_path: Path) -> None:
    shop.personal_data.erase(customer)
    shop.personal_data.erase(customer)
    assert leaks(db_path) == []
    assert [e.action for e in shop.audit.list()][:2] == ["erase", "erase"]


def test_export_after_erasure_holds_nothing_personal(shop: Shop, customer: int) -> None:
    shop.personal_data.erase(customer)
    text = shop.personal_data.export(customer)
    assert not any(secret.casefold() in text.casefold() for secret in SECRETS)
    assert json.loads(text)["customer"]["erased_at"] is not None


def test_later_capabilities_rows_are_exported_and_erased(
    shop: Shop, customer: int, request: pytest.FixtureRequest
) -> None:
    """A table added later (made up here) needs no change to export or erasure."""
    table = Table(
        "test_later_complaints",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        Column("text", String(80), nullable=False),
    )
    request.addfinalizer(lambda: Base.metadata.remove(table))
    table.create(shop.db.engine)
    with shop.db.write() as session:
        session.execute(insert(table), [{"customer_id": customer, "text": "Scarf was Red scarf"}])
    data = json.loads(shop.personal_data.export(customer))
    assert data["other_records"]["test_later_complaints"] == [
        {"id": 1, "customer_id": customer, "text": "Scarf was Red scarf"}
    ]
    shop.personal_data.erase(customer)
    with shop.db.read() as session:
        assert session.execute(select(table)).all() == []
