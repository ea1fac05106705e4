"""Reminder rules (services.rules): built-in defaults, stored rules per scope, validation, and a
full refresh asked for on every change."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.items import ItemDraft
from desktop_crm.services.reminder_queue import FULL_REFRESH_KEY
from desktop_crm.services.rules import RuleRecord, RuleScope
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Setting, Tag

DEFAULTS = [
    ("service", None, 12, True),
    ("service", "pet", 12, True),
    ("service", "vehicle", 6, True),
    ("service", "appliance", 12, True),
    ("service", "contract", 12, False),
    ("service", "other", 12, True),
    ("birthday", None, 7, True),
    ("renewal", None, 30, True),
    ("follow_up", None, 3, True),
    ("win_back", None, 90, True),
]


def summary(records: list[RuleRecord]) -> list[tuple[str, str | None, int, bool]]:
    return [(r.kind, r.scope.item_kind, r.amount, r.enabled) for r in records]


def full_refresh_asked(shop: Shop) -> bool:
    with shop.db.read() as session:
        value = session.scalar(select(Setting.value).where(Setting.key == FULL_REFRESH_KEY))
    return value is not None and bool(json.loads(value))


def forget_full_refresh(shop: Shop) -> None:
    with shop.db.write() as session:
        session.execute(delete(Setting).where(Setting.key == FULL_REFRESH_KEY))


@pytest.fixture
def ana(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Ana", tags=("vip",))).id


def tag_id(shop: Shop, name: str) -> int:
    with shop.db.read() as session:
        found = session.scalar(select(Tag.id).where(Tag.name == name))
    assert found is not None
    return found


def test_built_in_defaults_are_listed_by_kind_default_first(shop: Shop) -> None:
    records = shop.rules.list()
    assert summary(records) == DEFAULTS
    assert [r.kind for r in records] == [k for k, *_ in DEFAULTS]  # kinds in RULE_KINDS order
    assert records[0].scope == RuleScope() and records[0].scope_label == ""
    assert all(r.id is None for r in records)
    assert summary(shop.rules.list("birthday")) == [("birthday", None, 7, True)]


def test_a_stored_rule_replaces_the_built_in_one_and_delete_brings_it_back(shop: Shop) -> None:
    saved = shop.rules.save("service", RuleScope(item_kind="vehicle"), 4, message="Check-up!")
    assert saved.id is not None and saved.scope_label == "vehicle"
    vehicle = [r for r in shop.rules.list("service") if r.scope.item_kind == "vehicle"]
    assert vehicle == [saved]
    assert (saved.amount, saved.enabled, saved.message) == (4, True, "Check-up!")
    shop.rules.delete(saved.id)
    vehicle = [r for r in shop.rules.list("service") if r.scope.item_kind == "vehicle"]
    assert [(r.id, r.amount) for r in vehicle] == [(None, 6)]


def test_save_is_an_upsert_on_kind_and_scope(shop: Shop, ana: int) -> None:
    first = shop.rules.save("birthday", RuleScope(customer_id=ana), 10)
    second = shop.rules.save("birthday", RuleScope(customer_id=ana), 20, enabled=False)
    assert second.id == first.id
    mine = [r for r in shop.rules.list("birthday") if r.scope.customer_id == ana]
    assert [(r.amount, r.enabled) for r in mine] == [(20, False)]
    other_kind = shop.rules.save("follow_up", RuleScope(customer_id=ana), 5)
    assert other_kind.id != first.id


def test_scope_labels_and_order_within_a_kind(shop: Shop, ana: int) -> None:
    rex = shop.items.add(ana, ItemDraft("pet", "Rex"))
    vip = tag_id(shop, "vip")
    shop.rules.save("service", RuleScope(item_id=rex.id), 3)
    shop.rules.save("service", RuleScope(customer_id=ana), 4)
    shop.rules.save("service", RuleScope(tag_id=vip), 5)
    shop.rules.save("service", RuleScope(), 24)
    records = shop.rules.list("service")
    assert [(r.scope.level, r.scope_label, r.amount) for r in records] == [
        ("default", "", 24),
        ("item_kind", "pet", 12),
        ("item_kind", "vehicle", 6),
        ("item_kind", "appliance", 12),
        ("item_kind", "contract", 12),
        ("item_kind", "other", 12),
        ("tag", "vip", 5),
        ("customer", "Ana", 4),
        ("item", "Rex", 3),
    ]


def test_for_customer_lists_the_rules_of_the_customer_and_their_items(shop: Shop, ana: int) -> None:
    rex = shop.items.add(ana, ItemDraft("pet", "Rex"))
    other = shop.customers.create(CustomerDraft(name="Other")).id
    shop.rules.save("renewal", RuleScope(customer_id=ana), 45)
    shop.rules.save("service", RuleScope(item_id=rex.id), 6)
    shop.rules.save("service", RuleScope(customer_id=other), 6)
    shop.rules.save("service", RuleScope(tag_id=tag_id(shop, "vip")), 6)
    records = shop.rules.for_customer(ana)
    assert [(r.kind, r.scope_label) for r in records] == [("service", "Rex"), ("renewal", "Ana")]


@pytest.mark.parametrize(
    ("kind", "good", "bad"),
    [
        ("service", (1, 120), (0, 121)),
        ("birthday", (0, 60), (-1, 61)),
        ("renewal", (0, 365), (-1, 366)),
        ("follow_up", (1, 365), (0, 366)),
        ("win_back", (7, 3650), (6, 3651)),
    ],
)
def test_amount_limits_per_kind(
    shop: Shop, kind: str, good: tuple[int, int], bad: tuple[int, int]
) -> None:
    for amount in good:
        assert shop.rules.save(kind, RuleScope(), amount).amount == amount
    for amount in bad:
        with pytest.raises(ValidationError) as raised:
            shop.rules.save(kind, RuleScope(), amount)
        assert raised.value.field == "amount"
    assert [r.amount for r in shop.rules.list(kind) if r.scope == RuleScope()] == [good[1]]


@pytest.mark.parametrize(
    ("kind", "scope", "field"),
    [
        ("manual", RuleScope(), "kind"),
        ("nonsense", RuleScope(), "kind"),
        ("service", RuleScope(item_kind="spaceship"), "scope"),
        ("birthday", RuleScope(item_kind="pet"), "scope"),  # birthdays are not per item
        ("win_back", RuleScope(item_kind="pet"), "scope"),
        ("service", RuleScope(item_kind="pet", customer_id=1), "scope"),
    ],
)
def test_bad_kinds_and_scopes(
    shop: Shop, ana: int, kind: str, scope: RuleScope, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        shop.rules.save(kind, scope, 12)
    assert raised.value.field == field


def test_a_message_too_long(shop: Shop) -> None:
    with pytest.raises(ValidationError) as raised:
        shop.rules.save("birthday", RuleScope(), 7, message="x" * 2001)
    assert raised.value.field == "message"


@pytest.mark.parametrize(
    "scope", [RuleScope(tag_id=999), RuleScope(customer_id=999), RuleScope(item_id=999)]
)
def test_a_scope_that_does_not_exist(shop: Shop, scope: RuleScope) -> None:
    with pytest.raises(NotFoundError):
        shop.rules.save("service", scope, 12)


def test_deleting_an_unknown_rule(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.rules.delete(12345)


def test_every_change_asks_for_a_full_refresh(shop: Shop, ana: int) -> None:
    forget_full_refresh(shop)
    shop.rules.list()
    shop.rules.for_customer(ana)
    assert not full_refresh_asked(shop)
    saved = shop.rules.save("birthday", RuleScope(customer_id=ana), 3)
    assert full_refresh_asked(shop)
    forget_full_refresh(shop)
    with pytest.raises(ValidationError):
        shop.rules.save("birthday", RuleScope(customer_id=ana), 300)
    assert not full_refresh_asked(shop)
    assert saved.id is not None
    shop.rules.delete(saved.id)
    assert full_refresh_asked(shop)


def test_a_rule_goes_with_its_customer_or_item(shop: Shop, ana: int) -> None:
    rex = shop.items.add(ana, ItemDraft("pet", "Rex"))
    shop.rules.save("service", RuleScope(item_id=rex.id), 3)
    shop.items.delete(rex.id)
    assert shop.rules.for_customer(ana) == []


def test_tags_a_rule_can_be_for(shop: Shop) -> None:
    assert shop.rules.tags() == []
    customer_ = shop.customers.create(CustomerDraft(name="Ana", tags=("vip", "Blue", "alpha")))
    by_name = {name: tag_id for tag_id, name in shop.rules.tags()}
    assert [name for _, name in shop.rules.tags()] == ["alpha", "Blue", "vip"]
    assert by_name["vip"] == tag_id(shop, "vip") and customer_.id > 0
