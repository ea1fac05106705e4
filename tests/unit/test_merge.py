"""Merging two customers: fields chosen per field, the whole history of both kept."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Column, ForeignKey, Integer, String, Table, insert, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.merge import MERGE_EVENT_KIND, MERGE_FIELDS, customer_references
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import Base, CustomerMerge, SearchTerm


@pytest.fixture
def pair(shop: Shop) -> tuple[int, int]:
    """Two records of one person: an old one with a purchase, a new one with more details."""
    keep = shop.customers.create(
        CustomerDraft(
            name="José Sánchez",
            phone="612 34 56 78",
            notes="Old notes",
            tags=("vip", "shoes"),
            consent_mail=True,
        )
    ).id
    other = shop.customers.create(
        CustomerDraft(
            name="Pepe Sánchez",
            email="pepe@mail.es",
            phone="699 11 22 33",
            birthday=date(1980, 5, 17),
            address="Calle Mayor 1",
            tags=("Shoes", "newsletter"),
            consent_email=True,
        )
    ).id
    shop.purchases.add(keep, date(2023, 3, 1), "Boots", "80")
    shop.purchases.add(other, date(2024, 6, 2), "Sandals", "35.50")
    shop.timeline.log_contact(
        other, "phone", "Asked about sandals", occurred_at=datetime(2024, 6, 1, tzinfo=UTC)
    )
    return keep, other


def test_fields_come_from_the_customer_chosen_for_each(shop: Shop, pair: tuple[int, int]) -> None:
    keep, other = pair
    merged = shop.merge.merge(keep, other, frozenset({"email", "birthday", "address"}))
    assert merged.id == keep
    assert merged.name == "José Sánchez"  # kept
    assert merged.phone == "+34612345678"  # kept
    assert merged.email == "pepe@mail.es"  # taken
    assert merged.birthday == date(1980, 5, 17)
    assert merged.address == "Calle Mayor 1"
    assert merged.notes == "Old notes"
    assert (merged.consent_mail, merged.consent_email) == (True, False)
    assert merged.tags == ("newsletter", "shoes", "vip")  # union, "Shoes" is the same tag
    assert shop.customers.get(keep) == merged
    with pytest.raises(NotFoundError):
        shop.customers.get(other)


def test_every_field_can_be_taken_from_the_other(shop: Shop, pair: tuple[int, int]) -> None:
    keep, other = pair
    before = shop.customers.get(other)
    merged = shop.merge.merge(keep, other, frozenset(MERGE_FIELDS))
    for field in MERGE_FIELDS:
        assert getattr(merged, field) == getattr(before, field), field


def test_history_of_both_is_kept(shop: Shop, pair: tuple[int, int]) -> None:
    keep, other = pair
    shop.merge.merge(keep, other, frozenset())
    purchases = shop.purchases.list(keep)
    assert [(p.description, p.amount) for p in purchases] == [
        ("Sandals", Decimal("35.50")),
        ("Boots", Decimal("80.00")),
    ]
    assert {p.customer_id for p in purchases} == {keep}
    assert shop.purchases.total(keep) == Decimal("115.50")
    assert shop.customers.get(keep).last_purchase_on == date(2024, 6, 2)
    timeline = shop.timeline.list(keep)
    kinds = [(e.kind, e.summary) for e in timeline]
    assert ("contact", "Asked about sandals") in kinds
    assert ("purchase", "Sandals") in kinds
    assert ("purchase", "Boots") in kinds
    # The newest entry says who was merged in.
    assert (timeline[0].kind, timeline[0].summary) == (MERGE_EVENT_KIND, f"Pepe Sánchez (#{other})")
    assert shop.timeline.count(other) == 0


def test_merged_away_record_is_stored_whole(shop: Shop, pair: tuple[int, int]) -> None:
    keep, other = pair
    lucia = shop.staff.create(StaffDraft(name="Lucía"))
    shop.merge.merge(keep, other, frozenset(), staff_id=lucia.id)
    with shop.db.read() as session:
        [row] = session.scalars(select(CustomerMerge))
        assert (row.kept_id, row.merged_id, row.merged_name) == (keep, other, "Pepe Sánchez")
        assert row.staff_id == lucia.id and row.merged_at.tzinfo is not None
        saved = json.loads(row.merged_snapshot)
    assert saved["name"] == "Pepe Sánchez"
    assert saved["email"] == "pepe@mail.es"
    assert saved["phone"] == "+34699112233"
    assert saved["birthday"] == "1980-05-17"
    assert saved["address"] == "Calle Mayor 1"
    assert saved["consent_email"] is True
    assert saved["tags"] == ["newsletter", "shoes"]  # "Shoes" was the existing tag "shoes"
    assert saved["id"] == other
    [entry] = shop.audit.list()
    assert (entry.action, entry.customer_id, entry.staff_name) == ("merge", keep, "Lucía")
    assert "Pepe" not in entry.summary


def test_search_finds_the_kept_customer_by_the_chosen_details_only(
    shop: Shop, pair: tuple[int, int]
) -> None:
    keep, other = pair
    shop.merge.merge(keep, other, frozenset({"email", "name"}))
    assert [r.id for r in shop.customers.list_page(CustomerQuery(text="pepe"), 0, 10)] == [keep]
    assert shop.customers.count(CustomerQuery(text="jose")) == 0  # name taken from the other
    assert shop.customers.count(CustomerQuery(text="5678")) == 1  # kept phone
    assert shop.customers.count(CustomerQuery(text="2233")) == 0  # other phone dropped
    with shop.db.read() as session:
        owners = set(session.scalars(select(SearchTerm.customer_id)))
        sort_names = set(session.scalars(select(SearchTerm.sort_name)))
    assert owners == {keep}
    assert sort_names == {"pepe sanchez"}


def test_merge_with_itself_or_a_missing_customer_is_refused(
    shop: Shop, pair: tuple[int, int]
) -> None:
    keep, other = pair
    with pytest.raises(ValidationError, match="themselves"):
        shop.merge.merge(keep, keep, frozenset())
    with pytest.raises(NotFoundError):
        shop.merge.merge(keep, 9999, frozenset())
    with pytest.raises(NotFoundError):
        shop.merge.merge(9999, other, frozenset())
    with pytest.raises(ValueError, match="tags"):
        shop.merge.merge(keep, other, frozenset({"tags"}))
    with pytest.raises(ValidationError) as caught:
        shop.merge.merge(keep, other, frozenset(), staff_id=999)
    assert caught.value.field == "staff_id"
    assert shop.customers.get(other).name == "Pepe Sánchez"
    assert shop.audit.count() == 0


def test_a_failed_merge_changes_nothing(
    shop: Shop, pair: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    keep, other = pair
    import desktop_crm.services.merge as merge_module

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(merge_module, "record_audit", broken)
    with pytest.raises(RuntimeError):
        shop.merge.merge(keep, other, frozenset({"email"}))
    assert shop.customers.get(other).email == "pepe@mail.es"
    assert shop.customers.get(keep).email == ""
    assert [p.description for p in shop.purchases.list(other)] == ["Sandals"]
    assert shop.timeline.count(other) == 2
    assert shop.customers.count(CustomerQuery(text="pepe")) == 1


def test_merging_again_carries_earlier_merges_along(shop: Shop, pair: tuple[int, int]) -> None:
    keep, other = pair
    third = shop.customers.create(CustomerDraft(name="J. Sánchez")).id
    shop.merge.merge(other, third, frozenset())
    shop.merge.merge(keep, other, frozenset())
    with shop.db.read() as session:
        merges = session.execute(select(CustomerMerge.kept_id, CustomerMerge.merged_id)).all()
    assert sorted(merges) == sorted([(keep, third), (keep, other)])
    merge_events = [e for e in shop.timeline.list(keep) if e.kind == MERGE_EVENT_KIND]
    assert len(merge_events) == 2


def test_every_table_pointing_at_customers_is_moved(
    shop: Shop, pair: tuple[int, int], request: pytest.FixtureRequest
) -> None:
    """A later capability's table (here a made-up one) moves with no change to merge."""
    keep, other = pair
    table = _later_capability_table()
    request.addfinalizer(lambda: Base.metadata.remove(table))
    table.create(shop.db.engine)
    assert table.c.customer_id in customer_references()
    with shop.db.write() as session:
        session.execute(
            insert(table),
            [{"customer_id": other, "text": "promise 1"}, {"customer_id": keep, "text": "p2"}],
        )
    shop.merge.merge(keep, other, frozenset())
    with shop.db.read() as session:
        owners = session.execute(select(table.c.customer_id, table.c.text)).all()
    assert sorted(owners, key=lambda r: r[1]) == [(keep, "p2"), (keep, "promise 1")]


def _later_capability_table() -> Table:
    return Table(
        "test_later_promises",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column("customer_id", ForeignKey("customers.id", ondelete="CASCADE"), nullable=False),
        Column("text", String(50), nullable=False),
    )


@pytest.fixture(autouse=True)
def _no_leftover_models() -> Iterator[None]:
    before = set(Base.metadata.tables)
    yield
    assert set(Base.metadata.tables) == before
