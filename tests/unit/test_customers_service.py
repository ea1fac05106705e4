"""The customers service on a real SQLite file: edit, archive, page, sort, filter, bad input."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.customers import (
    ArchiveFilter,
    CustomerQuery,
    CustomerSort,
)
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Customer, CustomerTag, SearchTerm, Tag

ALL = CustomerQuery(archive=ArchiveFilter.ALL)


def add(shop: Shop, name: str, **fields: object) -> int:
    return shop.customers.create(CustomerDraft(name=name, **fields)).id  # type: ignore[arg-type]


def page_names(shop: Shop, query: CustomerQuery, offset: int = 0, limit: int = 50) -> list[str]:
    return [row.name for row in shop.customers.list_page(query, offset, limit)]


def table_counts(shop: Shop) -> tuple[int, int, int, int]:
    with shop.db.read() as session:
        return (
            session.scalar(select(func.count()).select_from(Customer)) or 0,
            session.scalar(select(func.count()).select_from(SearchTerm)) or 0,
            session.scalar(select(func.count()).select_from(Tag)) or 0,
            session.scalar(select(func.count()).select_from(CustomerTag)) or 0,
        )


# ---- create / get / update ---------------------------------------------------------------


def test_create_then_get_returns_every_field_normalised(shop: Shop) -> None:
    created = shop.customers.create(
        CustomerDraft(
            name="  José   Sánchez ",
            phone="612 34 56 78",
            email="J.Sanchez@MAIL.ES",
            address="Calle Mayor 1\n28013 Madrid",
            birthday=date(1980, 2, 29),
            language="es",
            notes="Likes green tea.",
            tags=("VIP", "tea"),
            consent_mail=True,
            consent_email=False,
            consent_sms=True,
        )
    )
    got = shop.customers.get(created.id)
    assert got == created
    assert got.name == "José Sánchez"
    assert got.phone == "+34612345678"
    assert got.email == "J.Sanchez@mail.es"
    assert got.address == "Calle Mayor 1\n28013 Madrid"
    assert got.birthday == date(1980, 2, 29)
    assert got.language == "es"
    assert got.notes == "Likes green tea."
    assert set(got.tags) == {"VIP", "tea"}
    assert (got.consent_mail, got.consent_email, got.consent_sms) == (True, False, True)
    assert got.archived is False and got.archived_at is None
    assert got.last_purchase_on is None
    assert got.created_at.tzinfo is not None and got.created_at.utcoffset() == timedelta(0)


def test_update_changes_the_stored_customer(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana", tags=("a",)))
    draft = dataclasses.replace(
        customer.as_draft(), name="Ana María", email="ana@example.com", tags=("b",), notes="x"
    )
    updated = shop.customers.update(customer.id, draft)
    assert updated.name == "Ana María"
    assert shop.customers.get(customer.id) == updated
    assert updated.tags == ("b",)
    assert updated.updated_at >= customer.updated_at
    assert updated.created_at == customer.created_at


def test_update_of_a_missing_customer_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.customers.update(9999, CustomerDraft(name="Nobody"))
    assert shop.customers.count(ALL) == 0


def test_get_of_a_missing_customer_is_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.customers.get(12345)


def test_archive_and_restore_of_a_missing_customer_are_not_found(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.customers.archive(12345)
    with pytest.raises(NotFoundError):
        shop.customers.restore(12345)


def test_rename_updates_the_search_terms(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Olga Petrova"))
    shop.customers.update(
        customer.id, dataclasses.replace(customer.as_draft(), name="Irina Smirnova")
    )
    assert shop.customers.count(CustomerQuery(text="olga")) == 0
    assert shop.customers.count(CustomerQuery(text="petrova")) == 0
    assert page_names(shop, CustomerQuery(text="irina")) == ["Irina Smirnova"]
    assert page_names(shop, CustomerQuery(text="smir")) == ["Irina Smirnova"]


def search_copies_out_of_step(shop: Shop) -> list[tuple[int, str]]:
    """Search terms whose copy of the customer's sort name or archived flag is stale."""
    with shop.db.read() as session:
        rows = session.execute(
            select(SearchTerm.customer_id, SearchTerm.term)
            .join(Customer, Customer.id == SearchTerm.customer_id)
            .where(
                (SearchTerm.sort_name != Customer.sort_name)
                | (SearchTerm.archived != Customer.archived)
            )
        )
        return [(int(cid), str(term)) for cid, term in rows]


def test_search_terms_stay_in_step_with_the_customer(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Zed Ana", email="zed@example.com"))
    other = shop.customers.create(CustomerDraft(name="Bob Ana"))
    assert search_copies_out_of_step(shop) == []
    shop.customers.update(customer.id, dataclasses.replace(customer.as_draft(), name="Al Ana"))
    assert search_copies_out_of_step(shop) == []
    assert page_names(shop, CustomerQuery(text="ana")) == ["Al Ana", "Bob Ana"]
    shop.customers.archive(customer.id)
    assert search_copies_out_of_step(shop) == []
    assert page_names(shop, CustomerQuery(text="ana")) == ["Bob Ana"]
    shop.customers.update(
        customer.id, dataclasses.replace(customer.as_draft(), name="Cy Ana")
    )  # editing an archived customer keeps them archived in search too
    assert search_copies_out_of_step(shop) == []
    assert page_names(shop, CustomerQuery(text="ana")) == ["Bob Ana"]
    shop.customers.restore(customer.id)
    assert search_copies_out_of_step(shop) == []
    assert page_names(shop, CustomerQuery(text="ana")) == ["Bob Ana", "Cy Ana"]
    assert page_names(shop, CustomerQuery(text="ana", descending=True)) == ["Cy Ana", "Bob Ana"]
    assert other.id != customer.id


def test_tags_are_deduplicated_ignoring_case(shop: Shop) -> None:
    customer = shop.customers.create(
        CustomerDraft(name="Ana", tags=("VIP", "vip", " Vip ", "wholesale", "", "WHOLESALE"))
    )
    assert sorted(customer.tags) == ["VIP", "wholesale"]
    other = shop.customers.create(CustomerDraft(name="Bea", tags=("vip",)))
    # The tag already exists with another case: both customers share it.
    assert other.tags == ("VIP",)
    assert shop.customers.tags() == ["VIP", "wholesale"]
    assert table_counts(shop)[2] == 2


@pytest.mark.parametrize(
    ("first", "second"),
    [("Постоянный", "постоянный"), ("Élite", "élite"), ("ÑANDÚ", "ñandú"), ("Straße", "STRASSE")],
)
def test_tags_are_deduplicated_ignoring_case_in_every_script(
    shop: Shop, first: str, second: str
) -> None:
    """Not only ASCII: a Russian or Spanish tag typed in another case is the same tag."""
    shop.customers.create(CustomerDraft(name="Ana", tags=(first,)))
    other = shop.customers.create(CustomerDraft(name="Bea", tags=(second,)))
    assert other.tags == (first,)
    assert shop.customers.tags() == [first]
    assert page_names(shop, CustomerQuery(tag=first)) == ["Ana", "Bea"]


def test_tags_no_longer_used_leave_the_tag_list(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana", tags=("old",)))
    shop.customers.update(customer.id, dataclasses.replace(customer.as_draft(), tags=("new",)))
    assert shop.customers.tags() == ["new"]


# ---- archive / restore -------------------------------------------------------------------


def test_archive_hides_and_restore_brings_back(shop: Shop) -> None:
    kept = add(shop, "Kept")
    gone = add(shop, "Gone")
    archived = shop.customers.archive(gone)
    assert archived.archived is True
    assert archived.archived_at is not None and archived.archived_at.tzinfo is not None
    assert page_names(shop, CustomerQuery()) == ["Kept"]
    assert page_names(shop, CustomerQuery(archive=ArchiveFilter.ARCHIVED)) == ["Gone"]
    assert page_names(shop, ALL) == ["Gone", "Kept"]
    assert shop.customers.count(CustomerQuery()) == 1
    assert shop.customers.count(CustomerQuery(archive=ArchiveFilter.ARCHIVED)) == 1
    # Archiving twice keeps the first archiving time.
    assert shop.customers.archive(gone).archived_at == archived.archived_at
    restored = shop.customers.restore(gone)
    assert restored.archived is False and restored.archived_at is None
    assert page_names(shop, CustomerQuery()) == ["Gone", "Kept"]
    assert shop.customers.get(kept).archived is False


def test_archiving_keeps_everything_of_the_customer(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana", tags=("vip",), notes="n"))
    shop.timeline.log_contact(customer.id, "phone", "Called")
    shop.purchases.add(customer.id, date(2024, 1, 2), "Shoes", Decimal("10"))
    shop.customers.archive(customer.id)
    shop.customers.restore(customer.id)
    again = shop.customers.get(customer.id)
    assert again.tags == ("vip",) and again.notes == "n"
    assert shop.timeline.count(customer.id) == 2
    assert len(shop.purchases.list(customer.id)) == 1


# ---- paging, sorting, filtering ----------------------------------------------------------


def test_list_page_offset_and_limit(shop: Shop) -> None:
    for i in range(25):
        add(shop, f"Customer {i:02d}")
    assert page_names(shop, CustomerQuery(), 0, 10) == [f"Customer {i:02d}" for i in range(10)]
    assert page_names(shop, CustomerQuery(), 10, 10) == [f"Customer {i:02d}" for i in range(10, 20)]
    assert page_names(shop, CustomerQuery(), 20, 10) == [f"Customer {i:02d}" for i in range(20, 25)]
    assert page_names(shop, CustomerQuery(), 25, 10) == []
    assert shop.customers.count(CustomerQuery()) == 25


def test_sort_by_name_folds_accents_and_case(shop: Shop) -> None:
    for name in ["zoe", "Émile", "Adam", "emma", "ábel"]:
        add(shop, name)
    assert page_names(shop, CustomerQuery(sort=CustomerSort.NAME)) == [
        "ábel",
        "Adam",
        "Émile",
        "emma",
        "zoe",
    ]
    assert page_names(shop, CustomerQuery(sort=CustomerSort.NAME, descending=True)) == [
        "zoe",
        "emma",
        "Émile",
        "Adam",
        "ábel",
    ]


def test_sort_by_name_breaks_ties_by_id(shop: Shop) -> None:
    ids = [add(shop, "Same Name") for _ in range(3)]
    rows = shop.customers.list_page(CustomerQuery(), 0, 10)
    assert [r.id for r in rows] == ids
    rows = shop.customers.list_page(CustomerQuery(descending=True), 0, 10)
    assert [r.id for r in rows] == ids[::-1]


def test_sort_by_created(shop: Shop) -> None:
    for name in ["Charlie", "Alice", "Bob"]:
        add(shop, name)
    assert page_names(shop, CustomerQuery(sort=CustomerSort.CREATED)) == [
        "Charlie",
        "Alice",
        "Bob",
    ]
    assert page_names(shop, CustomerQuery(sort=CustomerSort.CREATED, descending=True)) == [
        "Bob",
        "Alice",
        "Charlie",
    ]


def test_sort_by_last_purchase(shop: Shop) -> None:
    days = {"Old": date(2020, 5, 1), "Recent": date(2024, 3, 1), "Middle": date(2022, 1, 1)}
    for name, day in days.items():
        shop.purchases.add(add(shop, name), day, "Bread", Decimal("1.50"))
    assert page_names(shop, CustomerQuery(sort=CustomerSort.LAST_PURCHASE)) == [
        "Old",
        "Middle",
        "Recent",
    ]
    assert page_names(shop, CustomerQuery(sort=CustomerSort.LAST_PURCHASE, descending=True)) == [
        "Recent",
        "Middle",
        "Old",
    ]
    rows = shop.customers.list_page(CustomerQuery(sort=CustomerSort.LAST_PURCHASE), 0, 1)
    assert rows[0].last_purchase_on == date(2020, 5, 1)


def test_filter_by_tag(shop: Shop) -> None:
    add(shop, "Ana", tags=("vip", "tea"))
    add(shop, "Bea", tags=("tea",))
    add(shop, "Carla")
    assert page_names(shop, CustomerQuery(tag="vip")) == ["Ana"]
    assert page_names(shop, CustomerQuery(tag="tea")) == ["Ana", "Bea"]
    assert shop.customers.count(CustomerQuery(tag="tea")) == 2
    assert page_names(shop, CustomerQuery(tag="unknown")) == []
    assert shop.customers.count(CustomerQuery(tag="unknown")) == 0


def test_filter_by_archive_state_and_tag_together(shop: Shop) -> None:
    add(shop, "Ana", tags=("vip",))
    shop.customers.archive(add(shop, "Bea", tags=("vip",)))
    assert page_names(shop, CustomerQuery(tag="vip")) == ["Ana"]
    assert page_names(shop, CustomerQuery(tag="vip", archive=ArchiveFilter.ARCHIVED)) == ["Bea"]
    assert page_names(shop, CustomerQuery(tag="vip", archive=ArchiveFilter.ALL)) == ["Ana", "Bea"]


def test_filter_by_last_purchase_date_range(shop: Shop) -> None:
    for name, day in [
        ("Jan", date(2024, 1, 15)),
        ("Feb", date(2024, 2, 1)),
        ("Mar", date(2024, 3, 31)),
    ]:
        shop.purchases.add(add(shop, name), day, "Bread", Decimal("2"))
    add(shop, "Never")

    def between(start: date | None, end: date | None) -> list[str]:
        query = CustomerQuery(last_purchase_from=start, last_purchase_to=end)
        assert shop.customers.count(query) == len(shop.customers.list_page(query, 0, 50))
        return page_names(shop, query)

    assert between(date(2024, 2, 1), date(2024, 3, 31)) == ["Feb", "Mar"]  # inclusive bounds
    assert between(date(2024, 1, 16), None) == ["Feb", "Mar"]
    assert between(None, date(2024, 1, 15)) == ["Jan"]
    assert between(date(2025, 1, 1), None) == []
    assert between(None, None) == ["Feb", "Jan", "Mar", "Never"]


# ---- bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (CustomerDraft(name=""), "name"),
        (CustomerDraft(name="   \t "), "name"),
        (CustomerDraft(name="x" * 201), "name"),
        (CustomerDraft(name="Ana", email="not-an-email"), "email"),
        (CustomerDraft(name="Ana", email="ana@"), "email"),
        (CustomerDraft(name="Ana", email="ana @example.com"), "email"),
        (CustomerDraft(name="Ana", phone="abc"), "phone"),
        (CustomerDraft(name="Ana", phone="12"), "phone"),
        (CustomerDraft(name="Ana", phone="612 34"), "phone"),
        (CustomerDraft(name="Ana", phone="+34 000 000 000"), "phone"),
        (CustomerDraft(name="Ana", birthday=date.today() + timedelta(days=1)), "birthday"),
        (CustomerDraft(name="Ana", birthday=date(1899, 12, 31)), "birthday"),
        (CustomerDraft(name="Ana", language="fr"), "language"),
        (CustomerDraft(name="Ana", notes="n" * 100_001), "notes"),
        (CustomerDraft(name="Ana", tags=("t" * 51,)), "tags"),
    ],
)
def test_bad_input_names_the_field_and_stores_nothing(
    shop: Shop, draft: CustomerDraft, field: str
) -> None:
    add(shop, "Existing", tags=("vip",))
    before = table_counts(shop)
    with pytest.raises(ValidationError) as caught:
        shop.customers.create(draft)
    assert caught.value.field == field
    assert caught.value.message
    assert table_counts(shop) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"email": "nope"}, "email"),
        ({"phone": "12"}, "phone"),
        ({"birthday": date(3000, 1, 1)}, "birthday"),
    ],
)
def test_bad_update_names_the_field_and_changes_nothing(
    shop: Shop, change: dict[str, object], field: str
) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana", email="ana@example.com"))
    with pytest.raises(ValidationError) as caught:
        shop.customers.update(customer.id, dataclasses.replace(customer.as_draft(), **change))  # type: ignore[arg-type]
    assert caught.value.field == field
    assert shop.customers.get(customer.id) == customer


def test_birthday_limits_are_inclusive(shop: Shop) -> None:
    assert add(shop, "Old", birthday=date(1900, 1, 1))
    assert add(shop, "New", birthday=date.today())


def test_ten_thousand_character_notes_are_stored_intact(shop: Shop) -> None:
    notes = ("Línea ünïcödé 王小明 😀 שלום\n" * 500)[:10_000]
    assert len(notes) == 10_000
    customer = shop.customers.create(CustomerDraft(name="Ana", notes=notes))
    assert shop.customers.get(customer.id).notes == notes.rstrip()


def test_notes_keep_their_inner_whitespace_and_leading_indentation(shop: Shop) -> None:
    notes = "  indented\n\n\ttabbed   spaced"
    customer = shop.customers.create(CustomerDraft(name="Ana", notes=notes))
    assert shop.customers.get(customer.id).notes == notes


@pytest.mark.parametrize(
    "name",
    [
        "Anna 😀 Smith",
        "👩‍👩‍👧 Family",  # ZWJ sequence
        "👍🏽 Thumbs",  # skin tone modifier
        "محمد علي",
        "مُحَمَّد",
        "דוד כהן",
        "Dana דוד (RTL inside LTR)",
        "王小明",
        "Пётр Иванов",
        "Ǆemal Zoë",
    ],
)
def test_emoji_and_right_to_left_names_are_stored_intact(shop: Shop, name: str) -> None:
    customer = shop.customers.create(CustomerDraft(name=name, address=name, notes=name))
    got = shop.customers.get(customer.id)
    assert (got.name, got.address, got.notes) == (name, name, name)
    assert shop.customers.list_page(CustomerQuery(), 0, 10)[0].name == name


def test_created_customer_timestamps_are_aware_utc(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana"))
    row = shop.customers.list_page(CustomerQuery(), 0, 1)[0]
    for moment in (customer.created_at, customer.updated_at, row.created_at):
        assert moment.tzinfo is not None
        assert moment.utcoffset() == timedelta(0)
    assert row.created_at == customer.created_at
    assert row.created_at.astimezone(UTC) == customer.created_at


def test_validate_normalises_without_storing(shop: Shop) -> None:
    draft = shop.customers.validate(CustomerDraft(name=" Ana ", phone="612345678"))
    assert draft.name == "Ana" and draft.phone == "+34612345678"
    assert shop.customers.count(ALL) == 0
