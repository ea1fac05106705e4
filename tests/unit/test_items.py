"""Things the shop looks after (services.items): stored, validated, serviced, retired; every
write asks for the customer's reminders to be worked out again."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.items import ItemDraft, ItemRecord
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import ReminderRefresh

D = date.fromisoformat


@pytest.fixture
def customer_id(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Ana García")).id


def queued(shop: Shop) -> list[int]:
    with shop.db.read() as session:
        return list(session.scalars(select(ReminderRefresh.customer_id)))


def clear_queue(shop: Shop) -> None:
    with shop.db.write() as session:
        session.execute(delete(ReminderRefresh))


def test_add_and_read_back(shop: Shop, customer_id: int) -> None:
    draft = ItemDraft("pet", "  Rex ", " Labrador ", D("2024-04-10"), None)
    added = shop.items.add(customer_id, draft)
    assert added == ItemRecord(
        added.id, customer_id, "pet", "Rex", "Labrador", D("2024-04-10"), None, False
    )
    assert shop.items.get(added.id) == added
    assert shop.items.list(customer_id) == [added]


def test_list_puts_retired_items_last_and_can_leave_them_out(shop: Shop, customer_id: int) -> None:
    old = shop.items.add(customer_id, ItemDraft("vehicle", "Old van"))
    shop.items.add(customer_id, ItemDraft("pet", "Rex"))
    shop.items.add(customer_id, ItemDraft("pet", "Luna"))
    shop.items.retire(old.id)
    assert [i.name for i in shop.items.list(customer_id)] == ["Luna", "Rex", "Old van"]
    assert [i.name for i in shop.items.list(customer_id, include_retired=False)] == ["Luna", "Rex"]
    other = shop.customers.create(CustomerDraft(name="Other")).id
    assert shop.items.list(other) == []


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ItemDraft("spaceship", "Enterprise"), "kind"),
        (ItemDraft("pet", "   "), "name"),
        (ItemDraft("pet", "x" * 201), "name"),
        (ItemDraft("pet", "Rex", "d" * 2001), "details"),
        (ItemDraft("pet", "Rex", last_service_on=D("1899-12-31")), "last_service_on"),
        (ItemDraft("contract", "Plan", contract_end_on=D("3000-01-01")), "contract_end_on"),
    ],
)
def test_bad_drafts_name_the_field_and_store_nothing(
    shop: Shop, customer_id: int, draft: ItemDraft, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        shop.items.add(customer_id, draft)
    assert raised.value.field == field
    assert shop.items.list(customer_id) == []
    rex = shop.items.add(customer_id, ItemDraft("pet", "Rex"))
    with pytest.raises(ValidationError):
        shop.items.update(rex.id, draft)
    assert shop.items.get(rex.id).name == "Rex"


def test_update(shop: Shop, customer_id: int) -> None:
    plan = shop.items.add(customer_id, ItemDraft("contract", "Plan #42"))
    changed = shop.items.update(
        plan.id, ItemDraft("contract", "Plan #43", "Gold", None, D("2026-01-31"))
    )
    assert (changed.name, changed.details, changed.contract_end_on) == (
        "Plan #43",
        "Gold",
        D("2026-01-31"),
    )
    assert shop.items.get(plan.id) == changed


def test_unknown_customer_or_item(shop: Shop, customer_id: int) -> None:
    with pytest.raises(NotFoundError):
        shop.items.add(999, ItemDraft("pet", "Rex"))
    for call in (
        lambda: shop.items.get(999),
        lambda: shop.items.update(999, ItemDraft("pet", "Rex")),
        lambda: shop.items.record_service(999, D("2025-01-01")),
        lambda: shop.items.retire(999),
        lambda: shop.items.restore(999),
        lambda: shop.items.delete(999),
    ):
        with pytest.raises(NotFoundError):
            call()


def test_record_service_moves_the_last_service_and_lands_on_the_timeline(
    shop: Shop, customer_id: int
) -> None:
    car = shop.items.add(customer_id, ItemDraft("vehicle", "Blue Corsa", "1234 ABC"))
    serviced = shop.items.record_service(car.id, D("2025-02-14"))
    assert serviced.last_service_on == D("2025-02-14")
    [entry] = shop.timeline.list(customer_id)
    assert (entry.kind, entry.summary, entry.ref_id) == ("service", "Blue Corsa", car.id)
    assert entry.occurred_at.astimezone(UTC).date() == D("2025-02-14")
    # recording an older service (entered late) keeps the latest as the last one
    assert shop.items.record_service(car.id, D("2024-08-01")).last_service_on == D("2025-02-14")
    assert len(shop.timeline.list(customer_id)) == 2


def test_record_service_checks_the_date(shop: Shop, customer_id: int) -> None:
    car = shop.items.add(customer_id, ItemDraft("vehicle", "Corsa"))
    with pytest.raises(ValidationError) as raised:
        shop.items.record_service(car.id, D("1800-01-01"))
    assert raised.value.field == "last_service_on"


def test_retire_restore_delete(shop: Shop, customer_id: int) -> None:
    rex = shop.items.add(customer_id, ItemDraft("pet", "Rex"))
    assert shop.items.retire(rex.id).retired is True
    assert shop.items.retire(rex.id).retired is True  # twice is fine
    assert shop.items.restore(rex.id).retired is False
    shop.items.delete(rex.id)
    assert shop.items.list(customer_id) == []


def test_every_write_queues_the_customers_reminders(shop: Shop, customer_id: int) -> None:
    clear_queue(shop)
    assert queued(shop) == []
    rex = shop.items.add(customer_id, ItemDraft("pet", "Rex"))
    writes = [
        lambda: shop.items.update(rex.id, ItemDraft("pet", "Rex", "Beagle")),
        lambda: shop.items.record_service(rex.id, D("2025-01-01")),
        lambda: shop.items.retire(rex.id),
        lambda: shop.items.restore(rex.id),
        lambda: shop.items.delete(rex.id),
    ]
    assert queued(shop) == [customer_id]
    for write in writes:
        clear_queue(shop)
        write()
        assert queued(shop) == [customer_id]


def test_reads_and_failed_writes_queue_nothing(shop: Shop, customer_id: int) -> None:
    rex = shop.items.add(customer_id, ItemDraft("pet", "Rex"))
    clear_queue(shop)
    shop.items.get(rex.id)
    shop.items.list(customer_id)
    with pytest.raises(ValidationError):
        shop.items.update(rex.id, ItemDraft("pet", ""))
    assert queued(shop) == []


def test_an_erased_customer_gets_no_new_items(shop: Shop, customer_id: int) -> None:
    shop.personal_data.erase(customer_id)
    with pytest.raises(NotFoundError):
        shop.items.add(customer_id, ItemDraft("pet", "Rex"))


def test_the_service_time_is_midday_in_the_shops_zone(shop: Shop, customer_id: int) -> None:
    import dataclasses

    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Pacific/Auckland"))
    car = shop.items.add(customer_id, ItemDraft("vehicle", "Corsa"))
    shop.items.record_service(car.id, D("2025-02-14"))
    [entry] = shop.timeline.list(customer_id)
    assert entry.occurred_at == datetime(2025, 2, 13, 23, 0, tzinfo=UTC)  # 12:00 NZDT
