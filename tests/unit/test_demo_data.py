"""The demo generator: realistic, valid, deterministic data that search finds like typed-in data."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from pathlib import Path

import phonenumbers
import pytest
from sqlalchemy import func, select

from desktop_crm.domain.search_text import fold
from desktop_crm.services.company_profile import CompanyProfile, ImageKind
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.demo_data import generate_demo
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import (
    Complaint,
    ComplaintEvent,
    Customer,
    Item,
    Promise,
    Purchase,
    Staff,
    TimelineEvent,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)
COUNT = 300


@pytest.fixture
def demo(shop: Shop) -> Shop:
    generate_demo(shop.db, COUNT, seed=7, now=NOW)
    return shop


def _names(shop: Shop) -> list[str]:
    with shop.db.read() as session:
        return list(session.scalars(select(Customer.name).order_by(Customer.id)))


def _everyone(text: str = "") -> CustomerQuery:
    return CustomerQuery(text=text, archive=ArchiveFilter.ALL)


def test_fills_customers_staff_contacts_and_purchases(demo: Shop) -> None:
    assert demo.customers.count(_everyone()) == COUNT
    staff = demo.staff.list()
    assert len(staff) >= 3
    assert any(member.is_manager for member in staff)
    with demo.db.read() as session:
        contacts = session.scalar(select(func.count()).where(TimelineEvent.kind == "contact"))
        purchases = session.scalar(select(func.count()).select_from(Purchase))
        channels = set(session.scalars(select(TimelineEvent.channel).distinct()))
        languages = set(session.scalars(select(Customer.language).distinct()))
    assert contacts is not None and contacts > COUNT * 5
    assert purchases is not None and purchases > COUNT / 2
    assert {"phone", "visit", "email", "message", "other"} <= channels
    assert {"en", "es", "zh", "ru"} <= languages


def test_reports_progress(shop: Shop) -> None:
    calls: list[tuple[int, int]] = []
    generate_demo(
        shop.db, 5, seed=1, now=NOW, progress=lambda done, total: calls.append((done, total))
    )
    assert calls[0] == (0, 5)
    assert calls[-1] == (5, 5)


def test_every_phone_and_email_is_valid(demo: Shop) -> None:
    with demo.db.read() as session:
        rows = list(session.execute(select(Customer.phone, Customer.email)))
    phones = [phone for phone, _ in rows if phone]
    assert len(phones) > COUNT * 0.8
    for phone in phones:
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, None)), phone
        assert phone == phonenumbers.format_number(
            phonenumbers.parse(phone, None), phonenumbers.PhoneNumberFormat.E164
        )
    emails = [email for _, email in rows if email]
    assert emails and all(email.isascii() and email.count("@") == 1 for email in emails)


def test_names_in_several_scripts(demo: Shop) -> None:
    names = _names(demo)
    assert any("ё" in name for name in names)
    assert any(all("\u4e00" <= ch <= "\u9fff" for ch in name) for name in names)
    assert any(ch in "áéíóúñÁÉÍÓÚÑ" for name in names for ch in name)


def test_same_seed_same_data(demo: Shop, tmp_path: Path) -> None:
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"), daily_backups=False)
    try:
        # Same zone as the fixture's shop, so purchases fall on the same local dates.
        other.settings.save(demo.settings.get())
        generate_demo(other.db, COUNT, seed=7, now=NOW)

        def snapshot(shop: Shop) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
            with shop.db.read() as session:
                customers = [
                    tuple(row)
                    for row in session.execute(
                        select(
                            Customer.name,
                            Customer.phone,
                            Customer.email,
                            Customer.address,
                            Customer.birthday,
                            Customer.last_purchase_on,
                        ).order_by(Customer.id)
                    )
                ]
                events = [
                    tuple(row)
                    for row in session.execute(
                        select(
                            TimelineEvent.customer_id,
                            TimelineEvent.occurred_at,
                            TimelineEvent.summary,
                        ).order_by(TimelineEvent.id)
                    )
                ]
            return customers, events

        assert snapshot(other) == snapshot(demo)
    finally:
        other.close()
    assert _names(demo) != _names_for_seed(tmp_path / "third.sqlite3", seed=8)


def _names_for_seed(path: Path, seed: int) -> list[str]:
    shop = open_shop(sqlite_url(path), daily_backups=False)
    try:
        generate_demo(shop.db, COUNT, seed=seed, now=NOW)
        return _names(shop)
    finally:
        shop.close()


def test_chinese_name_found_by_one_character(demo: Shop) -> None:
    chinese = [name for name in _names(demo) if len(name) == 3 and "\u4e00" <= name[0] <= "\u9fff"]
    assert chinese
    # The rarest given-name character, so the name is on the first page of 50.
    name, char = min(
        ((name, name[2]) for name in chinese),
        key=lambda pair: demo.customers.count(_everyone(pair[1])),
    )
    rows = demo.customers.list_page(_everyone(char), 0, 50)
    assert name in [row.name for row in rows]


def test_russian_name_with_yo_found_by_ascii_e(demo: Shop) -> None:
    name = next(name for name in _names(demo) if "ё" in name)
    query = name.replace("ё", "е").lower()
    assert query != name
    rows = demo.customers.list_page(_everyone(query), 0, 50)
    assert name in [row.name for row in rows]


def test_accented_name_found_without_accents(demo: Shop) -> None:
    name = next(name for name in _names(demo) if any(ch in "áéíóúñ" for ch in name))
    rows = demo.customers.list_page(_everyone(fold(name)), 0, 50)
    assert name in [row.name for row in rows]


def test_phone_found_by_its_last_digits_typed_with_spaces(demo: Shop) -> None:
    with demo.db.read() as session:
        phone = session.scalars(select(Customer.phone).where(Customer.phone != "")).first()
    assert phone
    tail = phone[-6:]
    rows = demo.customers.list_page(_everyone(f"{tail[:3]} {tail[3:]}"), 0, 50)
    assert phone in [row.phone for row in rows]


def test_last_purchase_matches_purchases(demo: Shop) -> None:
    latest = select(Purchase.customer_id, func.max(Purchase.purchased_on)).group_by(
        Purchase.customer_id
    )
    with demo.db.read() as session:
        expected = dict(session.execute(latest).tuples().all())
        stored = dict(
            session.execute(select(Customer.id, Customer.last_purchase_on)).tuples().all()
        )
    assert expected
    for customer_id, last in stored.items():
        assert last == expected.get(customer_id), customer_id


def test_purchases_are_on_the_timeline(demo: Shop) -> None:
    with demo.db.read() as session:
        purchase_id, customer_id, description = session.execute(
            select(Purchase.id, Purchase.customer_id, Purchase.description).order_by(
                Purchase.id.desc()
            )
        ).first() or (0, 0, "")
        staff_ids = set(session.scalars(select(Staff.id)))
    entries = [e for e in demo.timeline.list(customer_id, 0, 1000) if e.kind == "purchase"]
    assert purchase_id in {e.ref_id for e in entries}
    entry = next(e for e in entries if e.ref_id == purchase_id)
    assert entry.summary == description
    assert entry.staff_id in staff_ids
    records = demo.purchases.list(customer_id)
    assert purchase_id in {r.id for r in records}
    assert len(records) == len(entries)


def test_timeline_dates_lie_in_the_last_three_years(demo: Shop) -> None:
    with demo.db.read() as session:
        first, last = session.execute(
            select(func.min(TimelineEvent.occurred_at), func.max(TimelineEvent.occurred_at))
        ).one()
    assert first is not None and last is not None
    assert (NOW - first.replace(tzinfo=UTC)).days <= 3 * 366
    assert last.replace(tzinfo=UTC) <= NOW.replace(hour=23)


def test_items_and_promises_for_reminders_and_today(demo: Shop) -> None:
    with demo.db.read() as session:
        items = session.execute(select(Item.kind, Item.last_service_on, Item.contract_end_on))
        kinds = {kind for kind, _service, _end in items}
        promises = session.execute(select(Promise.made_on, Promise.due_on, Promise.status)).all()
        promise_events = session.scalar(
            select(func.count()).select_from(TimelineEvent).where(TimelineEvent.kind == "promise")
        )
    assert {"pet", "vehicle", "contract"} <= kinds
    assert promises and promise_events == len(promises)
    assert all(made <= due for made, due, _status in promises)
    assert {status for _made, _due, status in promises} <= {"open", "kept", "broken"}


def test_complaints_in_several_statuses_with_their_history(shop: Shop) -> None:
    generate_demo(shop.db, 1000, seed=7, now=NOW)
    with shop.db.read() as session:
        complaints = session.execute(
            select(
                Complaint.id,
                Complaint.status,
                Complaint.opened_at,
                Complaint.response_due,
                Complaint.resolution_due,
                Complaint.responded_at,
            )
        ).all()
        kinds = {
            cid: [kind for (kind,) in session.execute(
                select(ComplaintEvent.kind).where(ComplaintEvent.complaint_id == cid)
                .order_by(ComplaintEvent.at, ComplaintEvent.id)
            )]
            for cid, *_rest in complaints
        }  # fmt: skip
        on_timeline = set(
            session.scalars(select(TimelineEvent.ref_id).where(TimelineEvent.kind == "complaint"))
        )
    assert 10 <= len(complaints) <= 60
    statuses = {status for _id, status, *_rest in complaints}
    assert len(statuses) >= 4 and {"new", "closed"} <= statuses
    for cid, _status, opened, response_due, resolution_due, responded in complaints:
        assert (NOW - opened.replace(tzinfo=UTC)).days <= 90
        assert opened < response_due <= resolution_due
        assert kinds[cid][0] == "opened"
        assert (responded is None) == ("acknowledged" not in kinds[cid])
        assert cid in on_timeline
    overdue = [
        c for c in complaints if c.responded_at is None and c.response_due.replace(tzinfo=UTC) < NOW
    ]
    late = [c for c in complaints if c.responded_at and c.responded_at > c.response_due]
    assert overdue or late


def test_the_demo_shop_has_a_company_profile_with_logo_and_signature(demo: Shop) -> None:
    profile = demo.company.get()
    assert demo.settings.get().shop_name == "Bici Sur"
    assert "Valencia" in profile.address and profile.owner_name == "Ana Torres"
    assert len(profile.key_staff) == 3 and profile.products and profile.why_us
    assert demo.company.image_kinds() == {ImageKind.LOGO, ImageKind.SIGNATURE}


def test_the_demo_keeps_a_profile_the_shop_already_has(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), shop_name="Garage Nord"))
    shop.company.save(CompanyProfile(address="Rue du Nord 1", owner_name="Luc"))
    generate_demo(shop.db, 5, seed=7, now=NOW)
    assert shop.settings.get().shop_name == "Garage Nord"
    assert shop.company.get().owner_name == "Luc"
    assert shop.company.image_kinds() == set()
