"""Standard answers: folded search in four scripts, placeholders, uses, the starter set."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.answers import (
    STARTER_FILE,
    AnswerDraft,
    AnswerRecord,
    AnswerService,
    fill_placeholders,
    load_starter,
)
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft


@pytest.fixture
def answers(shop: Shop) -> AnswerService:
    return AnswerService(shop.db, shop.settings)


@pytest.fixture
def library(answers: AnswerService) -> AnswerService:
    answers.add(AnswerDraft("Café opening hours", "We open at 9.", ("hours",), "en"))
    answers.add(AnswerDraft("Precios de reparación", "Según la tarifa.", ("precio",), "es"))
    answers.add(AnswerDraft("Пётр спрашивает о доставке", "Три дня.", ("доставка",), "ru"))
    answers.add(AnswerDraft("给王小明的回复", "两天内送到。", ("送货",), "zh"))
    answers.add(AnswerDraft("Guarantee", "Two years on every repair.", ("why us",), ""))
    return answers


def titles(records: list[AnswerRecord]) -> list[str]:
    return [r.title for r in records]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cafe", ["Café opening hours"]),
        ("CAFÉ hou", ["Café opening hours"]),
        ("precio repara", ["Precios de reparación"]),
        ("петр", ["Пётр спрашивает о доставке"]),
        ("ДОСТАВ", ["Пётр спрашивает о доставке"]),
        ("小明", ["给王小明的回复"]),
        ("送货", ["给王小明的回复"]),
        ("years repair", ["Guarantee"]),  # the body counts
        ("why", ["Guarantee"]),  # and the tags
        ("cafe nothing", []),  # every word must match
    ],
)
def test_search_folds_like_customer_search(
    library: AnswerService, text: str, expected: list[str]
) -> None:
    assert titles(library.search(text)) == expected


def test_language_filter_keeps_answers_for_any_language(library: AnswerService) -> None:
    assert titles(library.search("", "es")) == ["Guarantee", "Precios de reparación"]
    assert len(library.list()) == 5


def test_render_fills_placeholders_and_leaves_unknown_ones(
    shop: Shop, answers: AnswerService
) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), shop_name="Bici Sur"))
    customer = shop.customers.create(CustomerDraft("Пётр Иванов"))
    staff = shop.staff.create(StaffDraft("Ana García"))
    answer = answers.add(
        AnswerDraft("Hi", "Hello {customer_name}, this is {staff_name} at {shop_name}. {price}")
    )
    assert (
        answers.render(answer.id, customer.id, staff.id)
        == "Hello Пётр Иванов, this is Ana García at Bici Sur. {price}"
    )
    # Without a customer the greeting stays correct rather than "Hello ,".
    assert answers.render(answer.id) == "Hello, this is at Bici Sur. {price}"


def test_fill_placeholders_tidies_what_an_empty_value_leaves() -> None:
    assert fill_placeholders("Здравствуйте, {customer_name}!", {}) == "Здравствуйте!"
    assert fill_placeholders("{customer_name}您好：", {}) == "您好："
    assert fill_placeholders("Bye,\n{staff_name}, {shop_name}", {"shop_name": "X"}) == "Bye,\nX"


def test_record_use_counts_and_logs_on_the_timeline(shop: Shop, answers: AnswerService) -> None:
    customer = shop.customers.create(CustomerDraft("José Sánchez"))
    answer = answers.add(AnswerDraft("Hours", "Dear {customer_name}, we open at 9."))
    used = answers.record_use(answer.id, customer.id, None, log_on_timeline=False)
    assert used.use_count == 1 and used.last_used_at is not None
    assert shop.timeline.count(customer.id) == 0
    used = answers.record_use(answer.id, customer.id, None, log_on_timeline=True)
    assert used.use_count == 2
    entries = shop.timeline.list(customer.id)
    assert [(e.kind, e.ref_id) for e in entries] == [("answer", answer.id)]
    assert "Hours" in entries[0].summary
    assert entries[0].outcome == "Dear José Sánchez, we open at 9."
    # Most used first.
    answers.add(AnswerDraft("Another", "text"))
    assert titles(answers.search()) == ["Hours", "Another"]


def test_validation_names_the_field(answers: AnswerService) -> None:
    cases = [
        (AnswerDraft("", "body"), "title"),
        (AnswerDraft("x" * 201, "body"), "title"),
        (AnswerDraft("Title", "  "), "body"),
        (AnswerDraft("Title", "body", language="fr"), "language"),
        (AnswerDraft("Title", "body", tags=("t" * 51,)), "tags"),
    ]
    for draft, field in cases:
        with pytest.raises(ValidationError) as raised:
            answers.add(draft)
        assert raised.value.field == field
    with pytest.raises(NotFoundError):
        answers.get(999)
    clean = answers.add(AnswerDraft("  Two   words ", " body ", ("a", " A ", "b,c")))
    assert (clean.title, clean.body, clean.tags) == ("Two words", "body", ("a", "b", "c"))


def test_update_and_delete(answers: AnswerService) -> None:
    answer = answers.add(AnswerDraft("Old", "old body"))
    answers.update(answer.id, AnswerDraft("New", "new body", ("tag",), "es"))
    got = answers.get(answer.id)
    assert (got.title, got.body, got.tags, got.language) == ("New", "new body", ("tag",), "es")
    answers.delete(answer.id)
    assert answers.list() == []


def test_starter_set_loads_once_in_every_shipped_language(answers: AnswerService) -> None:
    loaded = answers.ensure_starter_set()
    records = answers.list()
    assert loaded == len(records) >= 20
    for language in ("en", "es", "zh", "ru"):
        assert sum(r.language == language for r in records) >= 5
        for record in answers.search("", language):
            assert "{customer_name}" in record.body
    assert answers.ensure_starter_set() == 0
    # Deleted by the owner: not loaded again.
    for record in records:
        answers.delete(record.id)
    assert answers.ensure_starter_set() == 0
    assert answers.list() == []


def test_starter_set_is_not_loaded_over_the_shops_own_answers(answers: AnswerService) -> None:
    answers.add(AnswerDraft("Ours", "our text"))
    assert answers.ensure_starter_set() == 0
    assert titles(answers.list()) == ["Ours"]


def test_shipped_starter_file_is_valid(tmp_path: Path, answers: AnswerService) -> None:
    drafts = load_starter(STARTER_FILE)
    assert {d.language for d in drafts} == {"en", "es", "zh", "ru"}
    broken = tmp_path / "starter.json"
    broken.write_text(json.dumps([{"title": "", "body": "x", "language": "en"}]))
    with pytest.raises(ValidationError):
        answers.ensure_starter_set(broken)
    assert answers.list() == []  # nothing half-loaded
