"""Is this customer already here? Same email, same phone, or a very close name — found through
indexes only, so it stays fast with 100,000 customers.

The suite checks the query plans (no full scan of a big table) on a crowd of 20,000 with very
common names; by hand, with ``generate_demo`` at 100,000 customers, one ``find`` took 8-50 ms.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any, cast

import pytest
from sqlalchemy import Table, event, insert, text

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.services.duplicates import name_similarity
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Customer, SearchTerm
from desktop_crm.storage.types import utc_now


def add(shop: Shop, name: str, phone: str = "", email: str = "") -> int:
    return shop.customers.create(CustomerDraft(name=name, phone=phone, email=email)).id


def found(shop: Shop, **draft: Any) -> list[tuple[str, str]]:
    exclude = draft.pop("exclude_id", None)
    return [
        (m.name, m.reason) for m in shop.duplicates.find(CustomerDraft(**draft), exclude_id=exclude)
    ]


@pytest.fixture
def people(shop: Shop) -> Shop:
    add(shop, "José Sánchez", phone="612 34 56 78", email="J.Sanchez@Mail.es")
    add(shop, "Mary Johnson", email="mary@example.com")
    add(shop, "Пётр Иванов", phone="+7 916 123 45 67")
    add(shop, "王小明")
    return shop


def test_same_email_ignoring_case(people: Shop) -> None:
    assert found(people, name="Someone", email="j.sanchez@mail.es") == [("José Sánchez", "email")]
    assert found(people, name="Someone", email=" MARY@EXAMPLE.COM ") == [("Mary Johnson", "email")]
    assert found(people, name="Someone", email="mary@example.org") == []


def test_same_phone_however_it_is_typed(people: Shop) -> None:
    for typed in ("612345678", "+34 612 34 56 78", "0034612345678", "612-34-56-78"):
        assert found(people, name="Someone", phone=typed) == [("José Sánchez", "phone")], typed
    assert found(people, name="Someone", phone="+79161234567") == [("Пётр Иванов", "phone")]
    assert found(people, name="Someone", phone="612345679") == []


def test_accents_do_not_make_a_different_person(people: Shop) -> None:
    assert found(people, name="Jose Sanchez") == [("José Sánchez", "name")]
    assert found(people, name="JOSÉ  SÁNCHEZ") == [("José Sánchez", "name")]
    assert found(people, name="Петр Иванов") == [("Пётр Иванов", "name")]
    assert found(people, name="王小明") == [("王小明", "name")]
    assert name_similarity("José Sanchez", "Jose Sánchez") == 1.0


def test_a_typo_is_very_close_but_another_name_is_not(people: Shop) -> None:
    assert found(people, name="Jose Sanches") == [("José Sánchez", "name")]
    assert found(people, name="Mary Jonson") == [("Mary Johnson", "name")]
    assert found(people, name="José Martínez") == []
    assert found(people, name="Mary") == []
    assert found(people, name="Johnson Mary Elizabeth") == []


def test_each_customer_once_email_before_phone_before_name(people: Shop) -> None:
    mary = add(people, "Maria Lopez", phone="699 11 22 33")
    matches = people.duplicates.find(
        CustomerDraft(name="Mary Johnson", phone="699112233", email="j.sanchez@mail.es")
    )
    assert [(m.name, m.reason) for m in matches] == [
        ("José Sánchez", "email"),
        ("Maria Lopez", "phone"),
        ("Mary Johnson", "name"),
    ]
    lopez = matches[1]
    assert (lopez.customer_id, lopez.phone, lopez.email) == (mary, "+34699112233", "")


def test_the_customer_being_edited_is_not_its_own_duplicate(people: Shop) -> None:
    jose = add(people, "Josefina Sánchez", email="josefina@mail.es")
    assert found(people, name="Josefina Sánchez", email="josefina@mail.es", exclude_id=jose) == []


def test_archived_customers_count(people: Shop) -> None:
    old = add(people, "Archibald Old", email="archie@old.uk")
    people.customers.archive(old)
    assert found(people, name="Archibald Old") == [("Archibald Old", "name")]
    assert found(people, name="X", email="ARCHIE@old.uk") == [("Archibald Old", "email")]


def test_invalid_fields_are_not_compared_and_do_not_fail(people: Shop) -> None:
    assert found(people, name="", phone="not a phone", email="not an email") == []
    assert found(people, name="   ") == []


def test_limit(shop: Shop) -> None:
    for _ in range(8):
        add(shop, "Ana Ruiz")
    assert len(shop.duplicates.find(CustomerDraft(name="Ana Ruiz"))) == 5
    assert len(shop.duplicates.find(CustomerDraft(name="Ana Ruiz"), limit=2)) == 2


# ---- at scale ----------------------------------------------------------------------------

FIRST = ["Maria", "José", "Ana", "Juan", "Carmen", "Luis", "Laura", "Pedro", "Marta", "Pablo"]
LAST = ["García", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno"]
# Core tables: an executemany of plain rows, without the ORM's bookkeeping.
CUSTOMERS = cast(Table, Customer.__table__)
TERMS = cast(Table, SearchTerm.__table__)
SCALE = 20_000  # the query plans, not the size, show it scales; 100,000: see the module doc


NAMES = [f"{f} {a} {b}" for f, a, b in itertools.product(FIRST, LAST, LAST) if a != b]


def _name(number: int) -> str:
    """Very common names: each first name is worn by a tenth of the crowd."""
    return f"{NAMES[number % len(NAMES)]} {number}"


def _bulk_customers(shop: Shop, count: int) -> None:
    """``count`` customers, written as the services write them."""
    now = utc_now()
    customers: list[dict[str, object]] = []
    terms: list[dict[str, object]] = []
    for number in range(1, count + 1):
        name = _name(number)
        email = f"client{number}@example.com"
        phone = f"+346{number:08d}"
        sorted_name = sort_key(name)
        customers.append(
            {
                "id": number,
                "name": name,
                "sort_name": sorted_name,
                "phone": phone,
                "email": email,
                "created_at": now,
                "updated_at": now,
            }
        )
        terms.extend(
            {"customer_id": number, "term": term, "sort_name": sorted_name, "archived": False}
            for term in customer_terms(name, email, [phone])
        )
    with shop.db.write() as session:
        session.execute(insert(CUSTOMERS), customers)
        session.execute(insert(TERMS), terms)
        session.execute(text("ANALYZE"))


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    import dataclasses

    from desktop_crm.services.shop import open_shop
    from desktop_crm.storage.database import sqlite_url

    path = tmp_path_factory.mktemp("crowd") / "crowd.sqlite3"
    shop = open_shop(sqlite_url(path))
    shop.settings.save(dataclasses.replace(shop.settings.get(), country="ES"))
    _bulk_customers(shop, SCALE)
    yield shop
    shop.close()


def _full_scans(shop: Shop, call: Any) -> list[str]:
    """Full scans of the big tables in the query plans of the statements ``call`` runs."""
    statements: list[tuple[str, Any]] = []

    def remember(conn: Any, cursor: Any, statement: str, params: Any, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    event.listen(shop.db.engine, "before_cursor_execute", remember)
    try:
        call()
    finally:
        event.remove(shop.db.engine, "before_cursor_execute", remember)
    lines: list[str] = []
    with shop.db.engine.connect() as connection:
        for statement, params in statements:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)
            lines.extend(row[-1] for row in plan)
    return [line for line in lines if line.startswith(("SCAN customers", "SCAN customer_"))]


@pytest.mark.parametrize(
    "draft",
    [
        CustomerDraft(name=_name(77).replace("í", "i").upper()),
        CustomerDraft(name="Nobody", email="CLIENT4242@EXAMPLE.COM"),
        CustomerDraft(name="Nobody", phone="600004242"),
        CustomerDraft(name="Maria Garcia"),  # the commonest words there are
    ],
    ids=["name", "email", "phone", "common-name"],
)
def test_fast_with_many_customers_without_scanning_a_table(
    crowd: Shop, draft: CustomerDraft
) -> None:
    crowd.duplicates.find(draft)  # warm up: imports, settings, statement cache
    started = time.perf_counter()
    matches = crowd.duplicates.find(draft)
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5, elapsed  # about 10-50 ms here; generous for slow CI machines
    if crowd.db.is_sqlite:  # (PostgreSQL may seq-scan under a LIMIT when that is cheaper)
        assert _full_scans(crowd, lambda: crowd.duplicates.find(draft)) == []
    if draft.email or draft.phone:
        assert [m.customer_id for m in matches] == [4242]
    elif draft.name.endswith(" 77"):
        assert matches[0].customer_id == 77 and matches[0].reason == "name"
