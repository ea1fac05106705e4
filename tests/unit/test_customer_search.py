"""The search box of the customer list: every case the Foundation issue names, one test each.

All through the service (``list_page`` and ``count``) on a real SQLite file.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.services import customer_search
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery, CustomerSort
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import Customer, SearchTerm


def add(shop: Shop, name: str, phone: str = "", email: str = "") -> int:
    return shop.customers.create(CustomerDraft(name=name, phone=phone, email=email)).id


def names(shop: Shop, text: str, **query: object) -> list[str]:
    rows = shop.customers.list_page(CustomerQuery(text=text, **query), 0, 50)  # type: ignore[arg-type]
    return [row.name for row in rows]


def found(shop: Shop, text: str, **query: object) -> list[str]:
    """The names on the first page, after checking ``count`` agrees with the page."""
    result = names(shop, text, **query)
    count = shop.customers.count(CustomerQuery(text=text, **query))  # type: ignore[arg-type]
    assert count == len(result), (text, count, result)
    return result


@pytest.fixture
def people(shop: Shop) -> Shop:
    add(shop, "José Sánchez", phone="612 34 56 78", email="j.sanchez@mail.es")
    add(shop, "Пётр Иванов")
    add(shop, "王小明")
    add(shop, "Mary Johnson", email="mary@example.com")
    add(shop, "Zoë Martínez")
    return shop


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Łukasz Nowak", "lukasz"), ("Søren Kierkegaard", "soren"), ("Ahmet Yılmaz", "yilmaz")],
)
def test_letters_with_strokes_and_dotless_i_are_found_as_their_plain_letter(
    shop: Shop, name: str, typed: str
) -> None:
    """Ł, ø and ı have no Unicode decomposition, yet people without a Polish, Danish or Turkish
    keyboard type them as l, o and i, just as they type é as e."""
    add(shop, name)
    assert found(shop, typed) == [name]


def test_search_ignores_accents(people: Shop) -> None:
    assert found(people, "jose") == ["José Sánchez"]
    assert found(people, "JOSE") == ["José Sánchez"]
    assert found(people, "josé") == ["José Sánchez"]
    assert found(people, "zoe") == ["Zoë Martínez"]


@pytest.mark.parametrize("typed", ["j", "jo", "jos", "s", "sa", "sanch", "sánchez"])
def test_any_word_of_the_name_from_its_first_letters(people: Shop, typed: str) -> None:
    assert "José Sánchez" in found(people, typed)


def test_a_later_word_of_the_name_is_found_alone(people: Shop) -> None:
    assert found(people, "mart") == ["Zoë Martínez"]
    assert found(people, "johns") == ["Mary Johnson"]


def test_a_very_long_word_is_found_when_typed_in_full(shop: Shop) -> None:
    """Stored terms are capped in length for the index; a query must be capped the same way."""
    word = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochuchaf" + "ydd" * 5
    assert len(word) > 64
    add(shop, f"Gwen {word}")
    assert found(shop, word) == [f"Gwen {word}"]
    assert found(shop, word[:10]) == [f"Gwen {word}"]


def test_letters_inside_a_word_are_not_a_prefix(people: Shop) -> None:
    assert found(people, "anchez") == []


@pytest.mark.parametrize(
    "stored", ["612 34 56 78", "+34612345678", "+34 612-34-56-78", "(612) 345-678", "612.345.678"]
)
def test_last_digits_of_a_phone_however_it_was_typed(shop: Shop, stored: str) -> None:
    add(shop, "Ana Phone", phone=stored)
    add(shop, "Other Phone", phone="+34 699 000 111")
    for typed in ["5678", "45678", "56 78", "5-6-7-8", "345 678", "612345678", " 56.78 "]:
        assert found(shop, typed) == ["Ana Phone"], typed


def test_the_full_international_phone_number_finds_the_customer(shop: Shop) -> None:
    add(shop, "Ana Phone", phone="612 34 56 78")
    assert found(shop, "+34 612 34 56 78") == ["Ana Phone"]


def test_phone_digits_in_the_middle_are_not_an_ending(shop: Shop) -> None:
    add(shop, "Ana Phone", phone="612 34 56 78")
    assert found(shop, "3456") == []


def test_part_of_an_email(people: Shop) -> None:
    assert found(people, "sanchez") == ["José Sánchez"]
    assert found(people, "mail.es") == ["José Sánchez"]
    assert found(people, "j.sanchez@mail.es") == ["José Sánchez"]
    assert found(people, "example") == ["Mary Johnson"]


def test_cyrillic_names_with_yo_folded(people: Shop) -> None:
    assert found(people, "петр") == ["Пётр Иванов"]
    assert found(people, "Пётр") == ["Пётр Иванов"]
    assert found(people, "ПЕТР") == ["Пётр Иванов"]
    assert found(people, "иван") == ["Пётр Иванов"]


@pytest.mark.parametrize("typed", ["小明", "王", "明", "王小明", "小"])
def test_chinese_names_by_any_part(people: Shop, typed: str) -> None:
    assert found(people, typed) == ["王小明"]


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("Anna 😀 Smith", "😀"),
        ("Anna 😀 Smith", "anna"),
        ("🌸Sakura", "sak"),
        ("محمد علي", "محمد"),
        ("محمد علي", "علي"),
        ("مُحَمَّد", "محمد"),  # Arabic vowel marks ignored like accents
        ("דוד כהן", "כהן"),
        ("Dana דוד", "דוד"),
    ],
)
def test_emoji_and_right_to_left_names_stored_intact_and_found(
    shop: Shop, name: str, typed: str
) -> None:
    customer_id = add(shop, name)
    add(shop, "Someone Else")
    assert shop.customers.get(customer_id).name == name
    assert found(shop, typed) == [name]


def test_multi_word_queries_must_match_every_word(shop: Shop) -> None:
    add(shop, "José Sánchez")
    add(shop, "José Pérez")
    add(shop, "Ana Sánchez")
    assert found(shop, "jose") == ["José Pérez", "José Sánchez"]
    assert found(shop, "jose san") == ["José Sánchez"]
    assert found(shop, "san jo") == ["José Sánchez"]
    assert found(shop, "jose ana") == []


def test_name_and_email_words_combine(people: Shop) -> None:
    assert found(people, "jose mail") == ["José Sánchez"]


def test_no_match_gives_an_empty_page(people: Shop) -> None:
    assert found(people, "xavier") == []
    assert found(people, "9999") == []
    assert found(people, "王x") == []


def test_blank_query_lists_everyone(people: Shop) -> None:
    assert len(found(people, "")) == 5
    assert len(found(people, "   ")) == 5


def test_archived_customers_are_excluded_by_default(shop: Shop) -> None:
    kept = add(shop, "José Activo")
    gone = add(shop, "José Archivado")
    shop.customers.archive(gone)
    assert found(shop, "jose") == ["José Activo"]
    assert found(shop, "jose", archive=ArchiveFilter.ARCHIVED) == ["José Archivado"]
    assert found(shop, "jose", archive=ArchiveFilter.ALL) == ["José Activo", "José Archivado"]
    shop.customers.restore(gone)
    assert found(shop, "jose") == ["José Activo", "José Archivado"]
    assert kept != gone


def test_search_keeps_the_list_order_sort_name_then_id(shop: Shop) -> None:
    for name in ["Émile Zola", "emile Adam", "Emile Adam", "Álvaro Emi", "Bob Emilio", "Carl"]:
        add(shop, name)
    rows = shop.customers.list_page(CustomerQuery(text="emi"), 0, 50)
    assert [r.name for r in rows] == [
        "Álvaro Emi",
        "Bob Emilio",
        "emile Adam",
        "Emile Adam",
        "Émile Zola",
    ]
    # Equal sort names ("emile adam") keep the order of their ids.
    assert rows[2].id < rows[3].id
    descending = shop.customers.list_page(CustomerQuery(text="emi", descending=True), 0, 50)
    assert [r.id for r in descending] == [r.id for r in reversed(rows)]


def test_search_pages_through_the_matches(shop: Shop) -> None:
    for i in range(30):
        add(shop, f"Pat Number{i:02d}")
    add(shop, "Someone Else")
    query = CustomerQuery(text="pat")
    first = shop.customers.list_page(query, 0, 10)
    second = shop.customers.list_page(query, 10, 10)
    last = shop.customers.list_page(query, 25, 10)
    assert [r.name for r in first] == [f"Pat Number{i:02d}" for i in range(10)]
    assert [r.name for r in second] == [f"Pat Number{i:02d}" for i in range(10, 20)]
    assert [r.name for r in last] == [f"Pat Number{i:02d}" for i in range(25, 30)]
    assert shop.customers.count(query) == 30


def test_search_combines_with_the_tag_filter(shop: Shop) -> None:
    shop.customers.create(CustomerDraft(name="José Vip", tags=("vip",)))
    add(shop, "José Plain")
    assert found(shop, "jose", tag="vip") == ["José Vip"]


def test_search_follows_a_change_of_email_and_phone(shop: Shop) -> None:
    customer = shop.customers.create(
        CustomerDraft(name="Ana", phone="612 34 56 78", email="old@mail.es")
    )
    draft = customer.as_draft()
    shop.customers.update(
        customer.id,
        CustomerDraft(name=draft.name, phone="699 11 22 33", email="new@correo.es"),
    )
    assert found(shop, "old") == []
    assert found(shop, "5678") == []
    assert found(shop, "correo") == ["Ana"]
    assert found(shop, "2233") == ["Ana"]


# ---- a term more common than the search's gathering limit ---------------------------------
#
# Up to a limit the service gathers a rare term's matches and sorts them; above it, it walks the
# list in order and checks each row. Both must give the same pages. The crowd is built once per
# module (tests only read it) with Core inserts mirroring the service's rows.

COMMON_LIMIT: int = getattr(
    customer_search, "GATHER_LIMIT", getattr(customer_search, "SELECTIVE_LIMIT", 2000)
)
CROWD = COMMON_LIMIT + 300
RARE = ["Mario Rare", "Marta Rare", "Pedro Rare"]


def crowd_order() -> list[int]:
    step = 7919  # prime, so this is a permutation: ids are not in name order
    assert CROWD % step != 0
    return [(i * step) % CROWD for i in range(CROWD)]


def bulk_customers(shop: Shop, rows: list[tuple[str, str]]) -> None:
    """Customers inserted in one unit of work with Core, as the service stores them."""
    now = datetime.now(UTC)
    customers = []
    for i, (name, email) in enumerate(rows):
        moment = now + timedelta(microseconds=i)
        customers.append(
            {
                "name": name,
                "sort_name": sort_key(name)[:200],
                "phone": "",
                "email": email,
                "address": "",
                "birthday": None,
                "language": "",
                "notes": "",
                "consent_mail": False,
                "consent_email": False,
                "consent_sms": False,
                "archived": False,
                "archived_at": None,
                "last_purchase_on": None,
                "created_at": moment,
                "updated_at": moment,
            }
        )
    with shop.db.write() as session:
        ids = session.scalars(insert(Customer).returning(Customer.id), customers).all()
        terms = [
            {
                "customer_id": cid,
                "term": term,
                "sort_name": sort_key(name)[:200],
                "archived": False,
            }
            for cid, (name, email) in zip(ids, rows, strict=True)
            for term in sorted(customer_terms(name, email, []))
        ]
        session.execute(insert(SearchTerm), terms)


@pytest.fixture(scope="module")
def crowd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    """More Marias than the limit, inserted in shuffled order, plus a few others."""
    path = tmp_path_factory.mktemp("crowd") / "crowd.sqlite3"
    opened = open_shop(sqlite_url(path), daily_backups=False)
    try:
        rows = [(f"María Surname{k:05d}", "") for k in crowd_order()]
        bulk_customers(opened, [*rows, *((name, "") for name in RARE)])
        yield opened
    finally:
        opened.close()


def test_the_crowd_is_above_the_limit(crowd: Shop) -> None:
    assert CROWD > COMMON_LIMIT
    assert crowd.customers.count(CustomerQuery()) == CROWD + len(RARE)


def test_a_common_term_still_returns_the_right_first_page(crowd: Shop) -> None:
    page = crowd.customers.list_page(CustomerQuery(text="maria"), 0, 50)
    assert [r.name for r in page] == [f"María Surname{k:05d}" for k in range(50)]
    assert crowd.customers.count(CustomerQuery(text="maria")) == CROWD


def test_a_common_term_pages_to_its_end_in_order(crowd: Shop) -> None:
    # "mar" also matches Mario and Marta, which sort after every "maria ...".
    assert crowd.customers.count(CustomerQuery(text="mar")) == CROWD + 2
    later = crowd.customers.list_page(CustomerQuery(text="mar"), CROWD - 10, 50)
    assert [r.name for r in later] == [
        *(f"María Surname{k:05d}" for k in range(CROWD - 10, CROWD)),
        "Mario Rare",
        "Marta Rare",
    ]


def test_a_common_term_in_descending_order(crowd: Shop) -> None:
    page = crowd.customers.list_page(CustomerQuery(text="maria", descending=True), 0, 3)
    assert [r.name for r in page] == [
        f"María Surname{k:05d}" for k in (CROWD - 1, CROWD - 2, CROWD - 3)
    ]


def test_a_common_term_combined_with_a_rare_one(crowd: Shop) -> None:
    assert found(crowd, "mar rare") == ["Mario Rare", "Marta Rare"]
    assert found(crowd, "rare mar") == ["Mario Rare", "Marta Rare"]
    assert found(crowd, "maria surname00042") == ["María Surname00042"]
    assert found(crowd, "maria rare") == []


def test_two_common_terms_together(crowd: Shop) -> None:
    assert names(crowd, "maria surname") == [f"María Surname{k:05d}" for k in range(50)]
    assert crowd.customers.count(CustomerQuery(text="maria surname")) == CROWD


def test_a_common_term_sorted_by_creation(crowd: Shop) -> None:
    query = CustomerQuery(text="maria", sort=CustomerSort.CREATED)
    page = crowd.customers.list_page(query, 0, 5)
    assert [r.name for r in page] == [f"María Surname{k:05d}" for k in crowd_order()[:5]]
    descending = CustomerQuery(text="maria", sort=CustomerSort.CREATED, descending=True)
    page = crowd.customers.list_page(descending, 0, 2)
    assert [r.name for r in page] == [f"María Surname{k:05d}" for k in crowd_order()[-2:][::-1]]


def test_a_common_term_with_an_archive_filter(crowd: Shop) -> None:
    assert crowd.customers.count(CustomerQuery(text="maria", archive=ArchiveFilter.ARCHIVED)) == 0
    page = crowd.customers.list_page(CustomerQuery(text="maria", archive=ArchiveFilter.ALL), 0, 2)
    assert [r.name for r in page] == ["María Surname00000", "María Surname00001"]
