"""Generating reminders into a real SQLite file (services.reminders.generation): full and
incremental runs, reconciling with what staff did, and the edge cases of the issue."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import ClauseElement, delete, event, insert, select, update
from sqlalchemy.dialects import postgresql

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.items import ItemDraft
from desktop_crm.services.reminder_queue import (
    FULL_REFRESH_KEY,
    queue_refresh,
    request_full_refresh,
)
from desktop_crm.services.reminders import generation
from desktop_crm.services.reminders.generation import (
    ROLLED_THROUGH_KEY,
    RefreshResult,
    ReminderGenerator,
)
from desktop_crm.services.rules import RuleScope
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Customer, Reminder, ReminderRefresh, Setting, Tag

D = date.fromisoformat
TODAY = D("2025-03-01")


@pytest.fixture
def engine(shop: Shop) -> ReminderGenerator:
    return ReminderGenerator(shop.db, shop.settings, shop.rules)


def customer(shop: Shop, name: str = "Ana", **fields: Any) -> int:
    return shop.customers.create(CustomerDraft(name=name, **fields)).id


def generated(shop: Shop, customer_id: int | None = None) -> dict[str, dict[str, Any]]:
    """Generated reminders by key, with the columns that matter."""
    query = select(Reminder).where(Reminder.key.is_not(None))
    if customer_id is not None:
        query = query.where(Reminder.customer_id == customer_id)
    with shop.db.read() as session:
        return {
            row.key or "": {
                "id": row.id,
                "customer_id": row.customer_id,
                "kind": row.kind,
                "item_id": row.item_id,
                "due_on": row.due_on,
                "event_on": row.event_on,
                "show_on": row.show_on,
                "state": row.state,
                "message": row.message,
                "snoozed_until": row.snoozed_until,
                "done_action": row.done_action,
            }
            for row in session.scalars(query)
        }


def of_kind(shop: Shop, kind: str, customer_id: int | None = None) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in generated(shop, customer_id).items() if v["kind"] == kind}


def set_state(shop: Shop, key: str, state: str, **values: Any) -> None:
    """What staff do through the reminders service (done, snoozed, dismissed)."""
    with shop.db.write() as session:
        session.execute(update(Reminder).where(Reminder.key == key).values(state=state, **values))


def setting(shop: Shop, key: str) -> Any:
    with shop.db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == key))
    return None if value is None else json.loads(value)


def queue_length(shop: Shop) -> int:
    with shop.db.read() as session:
        return len(session.scalars(select(ReminderRefresh.id)).all())


def no_change(result: RefreshResult) -> bool:
    return (result.created, result.updated, result.removed) == (0, 0, 0)


# ---- the first run, full runs, requests ------------------------------------------------------


def test_the_first_refresh_is_a_full_run(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, birthday=D("1990-03-20"))
    result = engine.refresh(TODAY)
    assert result == RefreshResult(created=1, updated=0, removed=0, customers=1, full=True)
    assert generated(shop) == {
        "birthday:c1:2025-03-20": {
            "id": 1,
            "customer_id": ana,
            "kind": "birthday",
            "item_id": None,
            "due_on": D("2025-03-13"),
            "event_on": D("2025-03-20"),
            "show_on": D("2025-03-13"),
            "state": "due",
            "message": "",
            "snoozed_until": None,
            "done_action": "",
        }
    }
    assert setting(shop, ROLLED_THROUGH_KEY) == "2025-03-01"
    assert queue_length(shop) == 0


def test_generating_twice_never_duplicates(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, birthday=D("1990-03-05"))
    shop.items.add(ana, ItemDraft("pet", "Rex", last_service_on=D("2024-06-01")))
    shop.customers.set_care_dates(ana, D("2024-05-01"), D("2025-04-30"))
    shop.purchases.add(ana, D("2025-02-25"), "Food", "10")
    first = engine.regenerate_all(TODAY)
    assert first.created == len(generated(shop)) == 7  # 2 birthdays, 2 services, renewal...
    before = generated(shop)
    for result in (
        engine.regenerate_all(TODAY),
        engine.refresh(TODAY),
        engine.regenerate_all(TODAY),
    ):
        assert no_change(result)
    queue_refresh_for(shop, ana)
    assert no_change(engine.refresh(TODAY))
    assert generated(shop) == before


def queue_refresh_for(shop: Shop, *customer_ids: int) -> None:
    with shop.db.write() as session:
        queue_refresh(session, *customer_ids)


def test_a_full_refresh_asked_for_after_an_import_runs_once(
    shop: Shop, engine: ReminderGenerator
) -> None:
    engine.refresh(TODAY)
    # an import writes customers in bulk, without queueing them one by one
    with shop.db.write() as session:
        session.execute(
            insert(Customer).values(
                name="Imported",
                sort_name="imported",
                birthday=D("1980-03-10"),
                created_at=datetime.now(UTC),
                updated_at=datetime.now(UTC),
            )
        )
        request_full_refresh(session)
    assert setting(shop, FULL_REFRESH_KEY) is True
    result = engine.refresh(TODAY)
    assert result.full and result.created == 1
    assert setting(shop, FULL_REFRESH_KEY) is None
    assert not engine.refresh(TODAY).full


def test_progress_is_reported_per_chunk(
    shop: Shop, engine: ReminderGenerator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generation, "CHUNK_CUSTOMERS", 2)
    for n in range(5):
        customer(shop, f"C{n}", birthday=D("1990-05-01"))
    calls: list[tuple[int, int]] = []
    result = engine.regenerate_all(TODAY, lambda done, total: calls.append((done, total)))
    assert calls == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert (result.customers, result.created) == (5, 5)


def test_requests_made_during_a_full_run_are_kept_for_the_next(
    shop: Shop, engine: ReminderGenerator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generation, "CHUNK_CUSTOMERS", 1)
    ana, bea = customer(shop, "Ana"), customer(shop, "Bea")
    with shop.db.write() as session:
        request_full_refresh(session)

    def meanwhile(done: int, total: int) -> None:
        if done == 1:  # between two chunks, staff change a rule and Bea buys something
            shop.rules.save("birthday", RuleScope(), 5)
            queue_refresh_for(shop, bea)

    assert engine.refresh(TODAY, meanwhile).full
    assert setting(shop, FULL_REFRESH_KEY) is True
    assert queue_length(shop) == 1
    assert engine.refresh(TODAY).full
    assert setting(shop, FULL_REFRESH_KEY) is None and queue_length(shop) == 0
    assert ana != bea


def test_a_full_run_that_stops_half_way_is_done_again(
    shop: Shop, engine: ReminderGenerator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(generation, "CHUNK_CUSTOMERS", 1)
    customer(shop, "Ana", birthday=D("1990-05-01"))
    customer(shop, "Bea", birthday=D("1990-05-01"))
    with shop.db.write() as session:
        request_full_refresh(session)

    def crash(done: int, total: int) -> None:
        if done == 1:
            raise RuntimeError("the computer was switched off")

    with pytest.raises(RuntimeError):
        engine.refresh(TODAY, crash)
    assert len(generated(shop)) == 1  # the first chunk was written
    result = engine.refresh(TODAY)
    assert result.full and result.created == 1
    assert len(generated(shop)) == 2


# ---- incremental runs ------------------------------------------------------------------------


def test_an_incremental_run_processes_the_queued_customers_only(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana, bea = customer(shop, "Ana"), customer(shop, "Bea")
    engine.refresh(TODAY)
    shop.purchases.add(ana, D("2025-02-27"), "Shoes", "80")  # queues Ana
    with shop.db.write() as session:  # a change nobody queued (not what services do)
        session.execute(update(Customer).where(Customer.id == bea).values(birthday=D("1990-04-01")))
    result = engine.refresh(TODAY)
    assert result == RefreshResult(created=2, updated=0, removed=0, customers=1, full=False)
    assert set(generated(shop)) == {"follow_up:c1:2025-02-27", "win_back:c1:2025-02-27"}
    assert queue_length(shop) == 0
    assert generated(shop)["follow_up:c1:2025-02-27"]["due_on"] == D("2025-03-02")


def test_queued_changes_are_seen(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-05-10"))
    engine.refresh(TODAY)
    shop.customers.update(ana, CustomerDraft(name="Ana", birthday=D("1990-06-10")))
    result = engine.refresh(TODAY)
    assert (result.created, result.removed, result.customers) == (1, 1, 1)
    assert set(generated(shop)) == {"birthday:c1:2025-06-10"}


def test_the_birthday_roll_plans_next_years_reminder_without_a_queue(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-10"))
    customer(shop, "Bea", birthday=D("1990-08-10"))
    engine.refresh(TODAY)
    assert set(generated(shop)) == {"birthday:c1:2025-03-10", "birthday:c2:2025-08-10"}
    result = engine.refresh(D("2025-03-02"))  # Ana's reminder (3 March) not due yet
    assert (result.customers, result.created) == (0, 0)
    result = engine.refresh(D("2025-03-03"))  # due today: next year's is planned
    assert (result.customers, result.created, result.full) == (1, 1, False)
    assert set(of_kind(shop, "birthday", ana)) == {
        "birthday:c1:2025-03-10",  # still open (staff have not done it yet)
        "birthday:c1:2026-03-10",
    }
    assert setting(shop, ROLLED_THROUGH_KEY) == "2025-03-03"


def test_the_birthday_roll_catches_up_after_the_shop_was_closed(
    shop: Shop, engine: ReminderGenerator
) -> None:
    customer(shop, "Ana", birthday=D("1990-03-10"))
    customer(shop, "Bea", birthday=D("1992-02-29"))
    customer(shop, "Cai", birthday=D("1990-12-25"))
    engine.refresh(D("2025-02-01"))
    result = engine.refresh(D("2025-03-20"))  # closed seven weeks
    assert result.customers == 2  # Ana and Bea (28 February); not Cai
    assert set(generated(shop)) == {
        "birthday:c1:2025-03-10",
        "birthday:c1:2026-03-10",
        "birthday:c2:2025-02-28",
        "birthday:c2:2026-02-28",
        "birthday:c3:2025-12-25",
    }


def test_the_birthday_roll_follows_each_customers_own_rule(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-20"), tags=("vip",))
    customer(shop, "Bea", birthday=D("1990-03-20"))
    with shop.db.read() as session:
        vip = session.scalar(select(Tag.id).where(Tag.name == "vip"))
    assert vip is not None
    shop.rules.save("birthday", RuleScope(tag_id=vip), 14)
    engine.refresh(TODAY)
    assert generated(shop)["birthday:c1:2025-03-20"]["due_on"] == D("2025-03-06")
    result = engine.refresh(D("2025-03-06"))
    assert result.customers == 1 and set(of_kind(shop, "birthday", ana)) == {
        "birthday:c1:2025-03-20",
        "birthday:c1:2026-03-20",
    }


# ---- rules and what staff did ----------------------------------------------------------------


def test_a_rule_change_moves_untouched_reminders_only(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop)
    for name in ("Rex", "Luna", "Max", "Bella"):
        shop.items.add(ana, ItemDraft("pet", name, last_service_on=D("2024-06-01")))
    engine.refresh(TODAY)
    keys = sorted(generated(shop))
    assert len(keys) == 4 and all(v["due_on"] == D("2025-06-01") for v in generated(shop).values())
    untouched, done, snoozed, dismissed = keys
    set_state(shop, done, "done", show_on=None, done_action="called")
    set_state(shop, snoozed, "snoozed", show_on=D("2025-07-01"), snoozed_until=D("2025-07-01"))
    set_state(shop, dismissed, "dismissed", show_on=None)
    before = generated(shop)

    shop.rules.save("service", RuleScope(item_kind="pet"), 3, message="Vaccinate {item}")
    result = engine.refresh(TODAY)
    assert result.full and (result.created, result.updated, result.removed) == (0, 1, 0)
    after = generated(shop)
    for key in (done, snoozed, dismissed):
        assert after[key] == before[key]
    assert after[untouched]["due_on"] == after[untouched]["show_on"] == D("2024-09-01")
    assert after[untouched]["message"].startswith("Vaccinate ")


def test_most_specific_rule_wins(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", tags=("vip",))
    bea = customer(shop, "Bea", tags=("vip",))
    cai = customer(shop, "Cai")
    served = D("2024-01-15")
    rex = shop.items.add(ana, ItemDraft("pet", "Rex", last_service_on=served)).id
    luna = shop.items.add(ana, ItemDraft("pet", "Luna", last_service_on=served)).id
    bea_pet = shop.items.add(bea, ItemDraft("pet", "Kit", last_service_on=served)).id
    cai_pet = shop.items.add(cai, ItemDraft("pet", "Tom", last_service_on=served)).id
    cai_car = shop.items.add(cai, ItemDraft("vehicle", "Van", last_service_on=served)).id
    shop.customers.set_care_dates(cai, served, None)
    with shop.db.read() as session:
        vip = session.scalar(select(Tag.id).where(Tag.name == "vip"))
    shop.rules.save("service", RuleScope(), 24)
    shop.rules.save("service", RuleScope(item_kind="pet"), 18)
    shop.rules.save("service", RuleScope(tag_id=vip), 9)
    shop.rules.save("service", RuleScope(customer_id=ana), 6)
    shop.rules.save("service", RuleScope(item_id=rex), 3)
    engine.refresh(D("2024-02-01"))
    due = {v["item_id"]: v["due_on"] for v in of_kind(shop, "service").values()}
    assert due == {
        rex: D("2024-04-15"),  # item
        luna: D("2024-07-15"),  # customer
        bea_pet: D("2024-10-15"),  # tag
        cai_pet: D("2025-07-15"),  # item kind
        cai_car: D("2024-07-15"),  # built-in vehicle rule (6 months)
        None: D("2026-01-15"),  # Cai's own last service: the shop's default
    }


def test_a_disabled_rule_removes_untouched_reminders(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-05"))
    bea = customer(shop, "Bea", birthday=D("1990-04-05"))
    engine.refresh(TODAY)
    set_state(shop, "birthday:c1:2025-03-05", "done", show_on=None, done_action="called")
    shop.rules.save("birthday", RuleScope(customer_id=bea), 7, enabled=False)
    engine.refresh(TODAY)
    assert set(of_kind(shop, "birthday", bea)) == set()
    assert set(of_kind(shop, "birthday", ana)) == {
        "birthday:c1:2025-03-05",
        "birthday:c1:2026-03-05",
    }
    shop.rules.save("birthday", RuleScope(), 7, enabled=False)
    engine.refresh(TODAY)
    assert set(generated(shop)) == {"birthday:c1:2025-03-05"}  # done: kept as it was


def test_a_rule_message_is_stored_with_the_reminder(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", language="en")
    shop.items.add(ana, ItemDraft("contract", "Plan #42", contract_end_on=D("2025-04-30")))
    shop.rules.save("renewal", RuleScope(), 30, message="{customer}: {item} ends {date} {x}")
    engine.refresh(TODAY)
    [row] = generated(shop).values()
    assert row["message"] == "Ana: Plan #42 ends Apr 30, 2025 {x}"


# ---- the edge cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_service", "due"), [("2024-08-31", "2025-02-28"), ("2023-08-31", "2024-02-29")]
)
def test_six_month_service_from_31_august(
    shop: Shop, engine: ReminderGenerator, last_service: str, due: str
) -> None:
    ana = customer(shop)
    car = shop.items.add(ana, ItemDraft("vehicle", "Corsa", last_service_on=D(last_service)))
    engine.refresh(D("2024-01-01"))
    assert generated(shop) == {
        f"service:i{car.id}:{last_service}": generated(shop)[f"service:i{car.id}:{last_service}"]
    }
    row = generated(shop)[f"service:i{car.id}:{last_service}"]
    assert (row["due_on"], row["item_id"], row["event_on"]) == (D(due), car.id, None)


def test_29_february_birthdays(shop: Shop, engine: ReminderGenerator) -> None:
    customer(shop, "Leap", birthday=D("2000-02-29"))
    engine.refresh(D("2025-02-01"))
    assert {k: (v["due_on"], v["event_on"]) for k, v in generated(shop).items()} == {
        "birthday:c1:2025-02-28": (D("2025-02-21"), D("2025-02-28"))
    }
    engine.refresh(D("2025-02-21"))  # rolls to 2026, then to the leap year after
    engine.refresh(D("2027-02-21"))
    assert "birthday:c1:2028-02-29" in generated(shop)
    assert generated(shop)["birthday:c1:2028-02-29"]["due_on"] == D("2028-02-22")


def test_a_customer_with_no_purchases_gets_no_win_back(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop, "Ana")
    bea = customer(shop, "Bea")
    shop.purchases.add(bea, D("2024-12-01"), "Bike", "400")
    engine.refresh(TODAY)
    assert generated(shop, ana) == {}
    assert set(of_kind(shop, "win_back")) == {"win_back:c2:2024-12-01"}
    assert generated(shop)["win_back:c2:2024-12-01"]["due_on"] == D("2025-03-01")


def test_buying_again_replaces_the_win_back(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana")
    shop.purchases.add(ana, D("2024-12-01"), "Bike", "400")
    engine.refresh(TODAY)
    shop.purchases.add(ana, D("2025-03-01"), "Helmet", "40")
    engine.refresh(TODAY)
    assert set(of_kind(shop, "win_back")) == {"win_back:c1:2025-03-01"}
    # 2 x 90 days between the two purchases
    assert generated(shop)["win_back:c1:2025-03-01"]["due_on"] == D("2025-08-28")


def test_archived_customers_get_no_reminders(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-05"))
    shop.items.add(ana, ItemDraft("pet", "Rex", last_service_on=D("2024-06-01")))
    engine.refresh(TODAY)
    assert len(generated(shop)) == 3
    set_state(shop, "birthday:c1:2025-03-05", "done", show_on=None, done_action="called")
    shop.customers.archive(ana)
    result = engine.refresh(TODAY)
    assert (result.removed, result.customers) == (2, 1)
    assert set(generated(shop)) == {"birthday:c1:2025-03-05"}  # what was done stays on record
    shop.customers.restore(ana)
    engine.refresh(TODAY)
    assert len(generated(shop)) == 3


def test_an_erased_customer_gets_no_reminders(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-20"))
    engine.refresh(TODAY)
    shop.personal_data.erase(ana)
    engine.regenerate_all(TODAY)
    assert generated(shop) == {}


def test_retired_items_get_no_reminders(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop)
    # serviced long ago: the reminder is overdue beyond the catch-up window, yet it goes
    van = shop.items.add(ana, ItemDraft("vehicle", "Van", last_service_on=D("2024-01-10")))
    plan = shop.items.add(ana, ItemDraft("contract", "Plan", contract_end_on=D("2025-04-30")))
    engine.refresh(TODAY)
    assert {v["item_id"] for v in generated(shop).values()} == {van.id, plan.id}
    shop.items.retire(van.id)
    shop.items.retire(plan.id)
    assert engine.refresh(TODAY).removed == 2
    assert generated(shop) == {}
    shop.items.restore(plan.id)
    engine.refresh(TODAY)
    assert {v["item_id"] for v in generated(shop).values()} == {plan.id}


def test_two_dogs_get_two_vaccination_reminders_each_naming_the_dog(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop)
    rex = shop.items.add(ana, ItemDraft("pet", "Rex", "Beagle", D("2024-04-10")))
    luna = shop.items.add(ana, ItemDraft("pet", "Luna", "Collie", D("2024-05-20")))
    engine.refresh(TODAY)
    rows = of_kind(shop, "service", ana)
    assert len(rows) == 2
    named = {shop.items.get(v["item_id"]).name: v["due_on"] for v in rows.values()}
    assert named == {"Rex": D("2025-04-10"), "Luna": D("2025-05-20")}
    assert {rex.id, luna.id} == {v["item_id"] for v in rows.values()}


def test_record_service_replaces_the_service_reminder(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop)
    rex = shop.items.add(ana, ItemDraft("pet", "Rex", last_service_on=D("2024-03-10")))
    luna = shop.items.add(ana, ItemDraft("pet", "Luna", last_service_on=D("2024-03-15")))
    engine.refresh(TODAY)
    set_state(shop, f"service:i{luna.id}:2024-03-15", "done", show_on=None, done_action="visited")
    shop.items.record_service(rex.id, D("2025-03-01"))
    shop.items.record_service(luna.id, D("2025-03-01"))
    result = engine.refresh(TODAY)
    assert (result.created, result.removed) == (2, 1)
    assert {k: v["state"] for k, v in of_kind(shop, "service").items()} == {
        f"service:i{rex.id}:2025-03-01": "due",
        f"service:i{luna.id}:2024-03-15": "done",  # done stays on record
        f"service:i{luna.id}:2025-03-01": "due",
    }
    assert generated(shop)[f"service:i{rex.id}:2025-03-01"]["due_on"] == D("2026-03-01")


def test_visits_count_on_the_shops_local_date(shop: Shop, engine: ReminderGenerator) -> None:
    ana = customer(shop, "Ana")
    bea = customer(shop, "Bea")
    moment = datetime(2025, 2, 25, 20, 30, tzinfo=UTC)
    shop.timeline.log_contact(ana, "visit", "Came in", occurred_at=moment)
    shop.timeline.log_contact(bea, "phone", "Called", occurred_at=moment)  # not a visit
    for zone, day in (
        ("Pacific/Auckland", "2025-02-26"),  # 09:30 the next morning
        ("America/Los_Angeles", "2025-02-25"),  # 12:30
        ("UTC", "2025-02-25"),
    ):
        shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone=zone))
        engine.regenerate_all(TODAY)
        assert set(generated(shop)) == {f"follow_up:c{ana}:{day}"}, zone
        assert generated(shop)[f"follow_up:c{ana}:{day}"]["due_on"] == D(day) + (
            D("2025-01-04") - D("2025-01-01")
        )


def test_a_purchase_and_a_visit_on_one_day_ask_for_one_follow_up(
    shop: Shop, engine: ReminderGenerator
) -> None:
    ana = customer(shop)
    shop.purchases.add(ana, D("2025-02-27"), "Shoes", "80")
    shop.timeline.log_contact(
        ana, "visit", "Tried them on", occurred_at=datetime(2025, 2, 27, 11, tzinfo=UTC)
    )
    engine.refresh(TODAY)
    assert set(of_kind(shop, "follow_up")) == {"follow_up:c1:2025-02-27"}


def test_the_default_today_is_the_shops_date(shop: Shop, engine: ReminderGenerator) -> None:
    result = engine.refresh()
    assert result.full
    assert D(setting(shop, ROLLED_THROUGH_KEY)) >= D("2025-01-01")


# ---- portable SQL ----------------------------------------------------------------------------

SQLITE_ONLY = ("strftime", "julianday", "ifnull", "group_concat", "insert or", "printf(", "glob")


@pytest.fixture
def statements(shop: Shop) -> Iterator[list[ClauseElement]]:
    seen: list[ClauseElement] = []

    def record(conn: Any, clause: Any, *_args: Any) -> None:
        seen.append(clause)

    event.listen(shop.db.engine, "before_execute", record)
    yield seen
    event.remove(shop.db.engine, "before_execute", record)


def test_the_sql_also_runs_on_postgresql(
    shop: Shop, engine: ReminderGenerator, statements: list[ClauseElement]
) -> None:
    ana = customer(shop, "Ana", birthday=D("1990-03-05"), tags=("vip",))
    shop.items.add(ana, ItemDraft("pet", "Rex", last_service_on=D("2024-06-01")))
    shop.purchases.add(ana, D("2025-02-25"), "Food", "10")
    with shop.db.read() as session:
        vip = session.scalar(select(Tag.id).where(Tag.name == "vip"))
    shop.rules.save("birthday", RuleScope(tag_id=vip), 14)
    statements.clear()
    engine.refresh(TODAY)
    set_state(shop, "birthday:c1:2025-03-05", "due", message="changed")  # forces an update
    queue_refresh_for(shop, ana)
    engine.refresh(D("2025-03-10"))
    with shop.db.write() as session:
        session.execute(delete(Reminder).where(Reminder.kind == "follow_up"))
    shop.customers.archive(ana)
    engine.refresh(D("2025-03-11"))
    compiled = [
        str(s.compile(dialect=postgresql.dialect())).lower()
        for s in statements
        if isinstance(s, ClauseElement)
    ]
    assert any("insert into reminders" in sql for sql in compiled)
    assert any("update reminders" in sql for sql in compiled)
    assert any("delete from reminders" in sql for sql in compiled)
    assert any("select distinct reminders.customer_id" in sql for sql in compiled)  # the roll
    for sql in compiled:
        assert not any(word in sql for word in SQLITE_ONLY), sql
