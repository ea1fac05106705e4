"""A customer's timeline (contacts) and purchases, kept in sync with each other."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.services.timeline import EventKind


@pytest.fixture
def customer_id(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Ana García")).id


def at(hour: int, day: int = 1) -> datetime:
    return datetime(2024, 3, day, hour, 0, tzinfo=UTC)


# ---- contacts ----------------------------------------------------------------------------


def test_log_contact_shows_on_the_timeline_with_the_staff_name(
    shop: Shop, customer_id: int
) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    entry = shop.timeline.log_contact(
        customer_id, "phone", "  Asked about shoes  ", "Will come Friday", lucia.id, at(10)
    )
    assert entry.kind == EventKind.CONTACT
    assert (entry.channel, entry.summary, entry.outcome) == (
        "phone",
        "Asked about shoes",
        "Will come Friday",
    )
    assert entry.staff_id == lucia.id and entry.staff_name == "Lucía"
    [listed] = shop.timeline.list(customer_id)
    assert listed == entry
    assert listed.occurred_at == at(10)


@pytest.mark.parametrize("channel", ["phone", "visit", "email", "message", "other"])
def test_every_channel_is_accepted(shop: Shop, customer_id: int, channel: str) -> None:
    assert shop.timeline.log_contact(customer_id, channel, "Hello").channel == channel


def test_timeline_is_newest_first(shop: Shop, customer_id: int) -> None:
    shop.timeline.log_contact(customer_id, "phone", "second", occurred_at=at(12))
    shop.timeline.log_contact(customer_id, "visit", "first", occurred_at=at(9))
    shop.timeline.log_contact(customer_id, "email", "third", occurred_at=at(8, day=2))
    shop.timeline.log_contact(customer_id, "other", "now")
    assert [e.summary for e in shop.timeline.list(customer_id)] == [
        "now",
        "third",
        "second",
        "first",
    ]
    assert shop.timeline.count(customer_id) == 4


def test_same_moment_newest_logged_first(shop: Shop, customer_id: int) -> None:
    first = shop.timeline.log_contact(customer_id, "phone", "a", occurred_at=at(10))
    second = shop.timeline.log_contact(customer_id, "phone", "b", occurred_at=at(10))
    assert [e.id for e in shop.timeline.list(customer_id)] == [second.id, first.id]


def test_order_follows_the_instant_not_the_written_offset(shop: Shop, customer_id: int) -> None:
    madrid_noon = datetime(2024, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=1)))  # 11:00 UTC
    shop.timeline.log_contact(customer_id, "phone", "madrid", occurred_at=madrid_noon)
    shop.timeline.log_contact(
        customer_id, "phone", "utc", occurred_at=at(11, day=1) + timedelta(minutes=30)
    )
    entries = shop.timeline.list(customer_id)
    assert [e.summary for e in entries] == ["utc", "madrid"]
    assert entries[1].occurred_at == madrid_noon
    assert entries[1].occurred_at.tzinfo is not None
    assert entries[1].occurred_at.utcoffset() == timedelta(0)


def test_timeline_pages(shop: Shop, customer_id: int) -> None:
    for hour in range(10):
        shop.timeline.log_contact(customer_id, "phone", f"call {hour}", occurred_at=at(hour))
    page = shop.timeline.list(customer_id, offset=2, limit=3)
    assert [e.summary for e in page] == ["call 7", "call 6", "call 5"]


def test_timestamps_come_back_timezone_aware_utc(shop: Shop, customer_id: int) -> None:
    logged = shop.timeline.log_contact(customer_id, "phone", "now")
    [listed] = shop.timeline.list(customer_id)
    for moment in (logged.occurred_at, listed.occurred_at):
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
    assert abs(listed.occurred_at - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("channel", "summary", "field"),
    [
        ("fax", "Hello", "channel"),
        ("", "Hello", "channel"),
        ("PHONE", "Hello", "channel"),
        ("phone", "", "summary"),
        ("phone", "   \n ", "summary"),
        ("phone", "x" * 10_001, "summary"),
    ],
)
def test_invalid_contact_is_refused_and_nothing_logged(
    shop: Shop, customer_id: int, channel: str, summary: str, field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.timeline.log_contact(customer_id, channel, summary)
    assert caught.value.field == field
    assert shop.timeline.count(customer_id) == 0


def test_naive_contact_time_is_refused(shop: Shop, customer_id: int) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.timeline.log_contact(customer_id, "phone", "Hi", occurred_at=datetime(2024, 1, 1, 9))
    assert caught.value.field == "occurred_at"
    assert shop.timeline.count(customer_id) == 0


def test_contact_for_a_missing_customer_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.timeline.log_contact(999, "phone", "Hello")


def test_contact_by_an_unknown_staff_member_is_a_clear_error(shop: Shop, customer_id: int) -> None:
    """A stale staff id (e.g. from the status bar) must give an error the UI can show,
    not a raw database IntegrityError."""
    with pytest.raises((NotFoundError, ValidationError)):
        shop.timeline.log_contact(customer_id, "phone", "Hello", staff_id=999)
    with pytest.raises((NotFoundError, ValidationError)):
        shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("1"), staff_id=999)
    assert shop.timeline.count(customer_id) == 0


def test_update_contact_corrects_it(shop: Shop, customer_id: int) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    pedro = shop.staff.create(StaffDraft(name="Pedro"))
    entry = shop.timeline.log_contact(
        customer_id, "phone", "Wrong", staff_id=lucia.id, occurred_at=at(9)
    )
    fixed = shop.timeline.update_contact(entry.id, "visit", "Right", "Bought", pedro.id, at(11))
    assert (fixed.channel, fixed.summary, fixed.outcome) == ("visit", "Right", "Bought")
    assert (fixed.staff_id, fixed.staff_name) == (pedro.id, "Pedro")
    assert fixed.occurred_at == at(11)
    assert shop.timeline.list(customer_id) == [fixed]


def test_update_contact_keeps_its_time_when_none_given(shop: Shop, customer_id: int) -> None:
    entry = shop.timeline.log_contact(customer_id, "phone", "Wrong", occurred_at=at(9))
    fixed = shop.timeline.update_contact(entry.id, "phone", "Right")
    assert fixed.occurred_at == at(9)


def test_invalid_update_changes_nothing(shop: Shop, customer_id: int) -> None:
    entry = shop.timeline.log_contact(customer_id, "phone", "Kept", occurred_at=at(9))
    with pytest.raises(ValidationError):
        shop.timeline.update_contact(entry.id, "phone", "  ")
    with pytest.raises(ValidationError):
        shop.timeline.update_contact(entry.id, "pigeon", "Changed")
    with pytest.raises(ValidationError):
        shop.timeline.update_contact(entry.id, "phone", "Changed", occurred_at=datetime(2024, 1, 1))
    assert shop.timeline.list(customer_id) == [entry]


def test_delete_contact(shop: Shop, customer_id: int) -> None:
    keep = shop.timeline.log_contact(customer_id, "phone", "keep")
    drop = shop.timeline.log_contact(customer_id, "phone", "drop")
    shop.timeline.delete_contact(drop.id)
    assert shop.timeline.list(customer_id) == [keep]
    with pytest.raises(NotFoundError):
        shop.timeline.delete_contact(drop.id)
    with pytest.raises(NotFoundError):
        shop.timeline.update_contact(drop.id, "phone", "again")


def test_purchase_entries_are_not_edited_or_deleted_as_contacts(
    shop: Shop, customer_id: int
) -> None:
    shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("10"))
    [entry] = shop.timeline.list(customer_id)
    assert entry.kind == EventKind.PURCHASE
    with pytest.raises(NotFoundError):
        shop.timeline.delete_contact(entry.id)
    with pytest.raises(NotFoundError):
        shop.timeline.update_contact(entry.id, "phone", "hijack")
    assert shop.timeline.list(customer_id) == [entry]


def test_contacts_of_other_customers_are_not_shown(shop: Shop, customer_id: int) -> None:
    other = shop.customers.create(CustomerDraft(name="Bea")).id
    shop.timeline.log_contact(other, "phone", "Bea's call")
    assert shop.timeline.list(customer_id) == []


def test_staff_name_is_kept_after_a_rename_and_empty_without_staff(
    shop: Shop, customer_id: int
) -> None:
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    shop.timeline.log_contact(
        customer_id, "phone", "with staff", staff_id=lucia.id, occurred_at=at(10)
    )
    shop.timeline.log_contact(customer_id, "phone", "no staff", occurred_at=at(9))
    shop.staff.update(lucia.id, dataclasses.replace(StaffDraft(name="Lucía Pérez")))
    entries = shop.timeline.list(customer_id)
    assert [(e.summary, e.staff_name) for e in entries] == [
        ("with staff", "Lucía Pérez"),
        ("no staff", ""),
    ]


# ---- purchases ---------------------------------------------------------------------------


def purchase_entries(shop: Shop, customer_id: int) -> list[tuple[str, int | None]]:
    return [
        (e.summary, e.ref_id)
        for e in shop.timeline.list(customer_id)
        if e.kind == EventKind.PURCHASE
    ]


def test_purchase_add_sets_last_purchase_and_timeline(shop: Shop, customer_id: int) -> None:
    first = shop.purchases.add(customer_id, date(2024, 1, 10), "Shoes", Decimal("59.90"))
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 10)
    shop.purchases.add(customer_id, date(2023, 6, 1), "Socks", "3.50")  # an older one
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 10)
    third = shop.purchases.add(customer_id, date(2024, 2, 1), "Boots", Decimal("120"))
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 2, 1)
    assert purchase_entries(shop, customer_id)[0] == ("Boots", third.id)
    assert ("Shoes", first.id) in purchase_entries(shop, customer_id)
    assert [p.description for p in shop.purchases.list(customer_id)] == ["Boots", "Shoes", "Socks"]


def test_purchase_stands_at_midday_of_its_date_in_the_shop_zone(
    shop: Shop, customer_id: int
) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Asia/Tokyo"))
    shop.purchases.add(customer_id, date(2024, 1, 10), "Tea", Decimal("5"))
    [entry] = shop.timeline.list(customer_id)
    assert entry.occurred_at == datetime(2024, 1, 10, 3, 0, tzinfo=UTC)  # 12:00 JST
    assert entry.occurred_at.utcoffset() == timedelta(0)


def test_purchase_update_moves_last_purchase_and_the_timeline_entry(
    shop: Shop, customer_id: int
) -> None:
    old = shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("10"))
    latest = shop.purchases.add(customer_id, date(2024, 5, 1), "Hat", Decimal("20"))
    # Correct the latest purchase's date to before the other one: last purchase goes back.
    updated = shop.purchases.update(latest.id, date(2023, 12, 1), "Cap", Decimal("18.00"))
    assert (updated.purchased_on, updated.description, updated.amount) == (
        date(2023, 12, 1),
        "Cap",
        Decimal("18.00"),
    )
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 1)
    entries = [e for e in shop.timeline.list(customer_id) if e.ref_id == latest.id]
    assert [(e.summary, e.occurred_at.date()) for e in entries] == [("Cap", date(2023, 12, 1))]
    assert purchase_entries(shop, customer_id) == [("Shoes", old.id), ("Cap", latest.id)]


def test_purchase_delete_removes_its_entry_and_recomputes_last_purchase(
    shop: Shop, customer_id: int
) -> None:
    old = shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("10"))
    latest = shop.purchases.add(customer_id, date(2024, 5, 1), "Hat", Decimal("20"))
    shop.timeline.log_contact(customer_id, "phone", "Thanks call")
    shop.purchases.delete(latest.id)
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 1)
    assert purchase_entries(shop, customer_id) == [("Shoes", old.id)]
    shop.purchases.delete(old.id)
    assert shop.customers.get(customer_id).last_purchase_on is None
    assert purchase_entries(shop, customer_id) == []
    assert [e.summary for e in shop.timeline.list(customer_id)] == ["Thanks call"]
    with pytest.raises(NotFoundError):
        shop.purchases.delete(old.id)


def test_purchase_of_another_customer_does_not_touch_this_one(shop: Shop, customer_id: int) -> None:
    other = shop.customers.create(CustomerDraft(name="Bea")).id
    shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("10"))
    bea = shop.purchases.add(other, date(2024, 6, 1), "Hat", Decimal("10"))
    shop.purchases.delete(bea.id)
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 1)
    assert shop.customers.get(other).last_purchase_on is None


def test_amounts_are_decimal_without_float_drift(shop: Shop, customer_id: int) -> None:
    shop.purchases.add(customer_id, date(2024, 1, 1), "A", Decimal("0.1"))
    shop.purchases.add(customer_id, date(2024, 1, 2), "B", Decimal("0.2"))
    total = shop.purchases.total(customer_id)
    assert isinstance(total, Decimal)
    assert total == Decimal("0.30")
    assert str(total) == "0.30"
    amounts = [p.amount for p in shop.purchases.list(customer_id)]
    assert all(isinstance(a, Decimal) for a in amounts)
    assert amounts == [Decimal("0.20"), Decimal("0.10")]


def test_many_small_amounts_sum_exactly(shop: Shop, customer_id: int) -> None:
    for i in range(10):
        shop.purchases.add(customer_id, date(2024, 1, 1 + i), f"Sweet {i}", "0.10")
    assert shop.purchases.total(customer_id) == Decimal("1.00")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("19.99", Decimal("19.99")),
        (Decimal("19.995"), Decimal("20.00")),  # half up to the cent
        (Decimal("0.005"), Decimal("0.01")),
        ("0", Decimal("0.00")),
        ("999999999.99", Decimal("999999999.99")),
        ("1E+2", Decimal("100.00")),
    ],
)
def test_amounts_round_trip_to_the_cent(
    shop: Shop, customer_id: int, typed: Decimal | str, stored: Decimal
) -> None:
    record = shop.purchases.add(customer_id, date(2024, 1, 1), "Item", typed)
    assert record.amount == stored
    assert shop.purchases.list(customer_id)[0].amount == stored


@pytest.mark.parametrize(
    ("purchased_on", "description", "amount", "field"),
    [
        (date(2024, 1, 1), "Shoes", Decimal("-0.01"), "amount"),
        (date(2024, 1, 1), "Shoes", "-5", "amount"),
        (date(2024, 1, 1), "Shoes", "abc", "amount"),
        (date(2024, 1, 1), "Shoes", "NaN", "amount"),
        (date(2024, 1, 1), "Shoes", "Infinity", "amount"),
        (date(2024, 1, 1), "Shoes", "1000000000", "amount"),
        (date(2024, 1, 1), "   ", Decimal("1"), "description"),
        (date(2024, 1, 1), "x" * 2001, Decimal("1"), "description"),
        (date(1899, 12, 31), "Shoes", Decimal("1"), "purchased_on"),
    ],
)
def test_bad_purchase_is_refused_and_nothing_stored(
    shop: Shop,
    customer_id: int,
    purchased_on: date,
    description: str,
    amount: Decimal | str,
    field: str,
) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.purchases.add(customer_id, purchased_on, description, amount)
    assert caught.value.field == field
    assert shop.purchases.list(customer_id) == []
    assert shop.timeline.count(customer_id) == 0
    assert shop.customers.get(customer_id).last_purchase_on is None


def test_bad_purchase_update_changes_nothing(shop: Shop, customer_id: int) -> None:
    record = shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("10"))
    with pytest.raises(ValidationError) as caught:
        shop.purchases.update(record.id, date(2024, 2, 1), "Shoes", Decimal("-1"))
    assert caught.value.field == "amount"
    assert shop.purchases.list(customer_id) == [record]
    assert shop.customers.get(customer_id).last_purchase_on == date(2024, 1, 1)


def test_purchase_for_a_missing_customer_or_purchase_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.purchases.add(999, date(2024, 1, 1), "Shoes", Decimal("1"))
    with pytest.raises(NotFoundError):
        shop.purchases.update(999, date(2024, 1, 1), "Shoes", Decimal("1"))


def test_purchase_staff_is_shown_on_the_timeline(shop: Shop, customer_id: int) -> None:
    pedro = shop.staff.create(StaffDraft(name="Pedro"))
    record = shop.purchases.add(customer_id, date(2024, 1, 1), "Shoes", Decimal("1"), pedro.id)
    assert record.staff_id == pedro.id
    [entry] = shop.timeline.list(customer_id)
    assert entry.staff_name == "Pedro"
