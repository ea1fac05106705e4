"""Every Alembic revision upgrades to head with its data intact, and search still finds it.

A database made by each revision gets customers inserted with raw SQL as that revision's schema
had them (for the initial one: a ``customers`` row and its ``customer_search_terms`` rows, as the
application wrote them; from 0002 also an audit entry and a merge record), then is upgraded to
head, searched, merged and erased through the services.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import Script, ScriptDirectory
from sqlalchemy import select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage import migrate
from desktop_crm.storage.database import Database, sqlite_url
from desktop_crm.storage.models import Base, Customer, CustomerMerge

SCRIPTS = ScriptDirectory.from_config(migrate.alembic_config())
REVISIONS: list[Script] = list(SCRIPTS.walk_revisions())

# What every revision's database holds before the upgrade (name, phone in E.164, email).
PEOPLE = [
    ("José Sánchez", "+34612345678", "j.sanchez@mail.es"),
    ("Пётр Иванов", "+79161234567", ""),
    ("王小明", "", "xiaoming@example.cn"),
    ("محمد علي 😀", "", ""),
]
# A search typed into the box and the name it must find once the database is at head.
SEARCHES = [
    ("jose", "José Sánchez"),
    ("sanchez", "José Sánchez"),
    ("5678", "José Sánchez"),
    ("петр", "Пётр Иванов"),
    ("4567", "Пётр Иванов"),
    ("小明", "王小明"),
    ("王", "王小明"),
    ("xiaoming", "王小明"),
    ("محمد", "محمد علي 😀"),
    ("😀", "محمد علي 😀"),
]
NOTES = "Línea 1\n" + "🙂" * 5000 + "\nשלום"


def _seed_0001(connection: sqlite3.Connection) -> None:
    """Customers, tags, a contact and a purchase, as the initial schema's application wrote
    them (search terms computed with domain.search_text)."""
    now = "2024-01-02 03:04:05.000000"
    connection.execute(
        "INSERT INTO staff (id, name, title, phone, is_manager, active, created_at)"
        " VALUES (1, 'Lucía', 'Owner', '', 1, 1, ?)",
        (now,),
    )
    connection.execute("INSERT INTO tags (id, name) VALUES (1, 'vip')")
    for number, (name, phone, email) in enumerate(PEOPLE, start=1):
        connection.execute(
            "INSERT INTO customers (id, name, sort_name, phone, email, address, birthday,"
            " language, notes, consent_mail, consent_email, consent_sms, archived, archived_at,"
            " last_purchase_on, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 'Calle Mayor 1', '1980-02-29', 'es', ?, 1, 0, 1, 0, NULL,"
            " ?, ?, ?)",
            (
                number,
                name,
                sort_key(name),
                phone,
                email,
                NOTES,
                "2024-01-01" if number == 1 else None,
                now,
                now,
            ),
        )
        connection.executemany(
            "INSERT INTO customer_search_terms (customer_id, term, sort_name, archived)"
            " VALUES (?, ?, ?, 0)",
            [
                (number, term, sort_key(name))
                for term in sorted(customer_terms(name, email, [phone]))
            ],
        )
    connection.execute("INSERT INTO customer_tags (customer_id, tag_id) VALUES (1, 1)")
    connection.execute(
        "INSERT INTO purchases (id, customer_id, purchased_on, description, amount_cents,"
        " staff_id, created_at) VALUES (1, 1, '2024-01-01', 'Shoes', 5990, 1, ?)",
        (now,),
    )
    connection.execute(
        "INSERT INTO timeline_events (id, customer_id, kind, occurred_at, staff_id, channel,"
        " summary, outcome, ref_id, created_at, updated_at) VALUES"
        " (1, 1, 'purchase', '2024-01-01 11:00:00.000000', 1, '', 'Shoes', '', 1, ?, ?),"
        " (2, 1, 'contact', '2024-01-02 09:30:00.000000', 1, 'phone', 'Called', 'Happy', NULL,"
        " ?, ?)",
        (now, now, now, now),
    )


MERGED_SNAPSHOT = '{"id": 9, "name": "Pepe Sánchez", "email": "pepe@mail.es"}'


def _seed_0002(connection: sqlite3.Connection) -> None:
    """As 0001, plus an audit entry and a merge record (the customers' ``erased_at`` unset)."""
    _seed_0001(connection)
    connection.execute(
        "INSERT INTO audit_log (id, at, staff_id, action, customer_id, summary) VALUES"
        " (1, '2024-01-03 10:00:00.000000', 1, 'merge', 1, 'customer #9 merged into #1')"
    )
    connection.execute(
        "INSERT INTO customer_merges (id, kept_id, merged_id, merged_name, merged_snapshot,"
        " merged_at, staff_id) VALUES (1, 1, 9, 'Pepe Sánchez', ?,"
        " '2024-01-03 10:00:00.000000', 1)",
        (MERGED_SNAPSHOT,),
    )


# Later revisions add their own seeder here when their schema changes what must be inserted;
# a revision without one is seeded like the closest earlier revision that has one.
SEEDERS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "0001": _seed_0001,
    "0002": _seed_0002,
}


def seeder_for(revision: Script) -> Callable[[sqlite3.Connection], None]:
    current: Script | None = revision
    while current is not None:
        if current.revision in SEEDERS:
            return SEEDERS[current.revision]
        down = current.down_revision
        assert down is None or isinstance(down, str), "merge revisions need their own seeder"
        current = SCRIPTS.get_revision(down) if down else None
    raise AssertionError(f"no seeder for revision {revision.revision}")


def database_at(path: Path, revision: str) -> None:
    db = Database(sqlite_url(path))
    try:
        migrate.upgrade(db, revision)
        expected = migrate.head_revision() if revision == "head" else revision
        assert migrate.current_revision(db) == expected
    finally:
        db.dispose()


def seed(path: Path, revision: Script) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with connection:
            seeder_for(revision)(connection)
    finally:
        connection.close()


def schema_of(path: Path) -> list[tuple[str, str, str | None]]:
    connection = sqlite3.connect(path)
    try:
        return sorted(
            (row[0], row[1], row[2])
            for row in connection.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        )
    finally:
        connection.close()


def test_there_is_an_initial_revision_and_one_head() -> None:
    assert REVISIONS, "no Alembic revisions found"
    assert len(SCRIPTS.get_heads()) == 1
    # The application knows its head without importing Alembic: it must be the real one.
    assert migrate.head_revision() == SCRIPTS.get_current_head() == migrate.script_head_revision()
    assert [r.revision for r in REVISIONS if r.down_revision is None] == ["0001"]


@pytest.mark.parametrize("revision", REVISIONS, ids=lambda r: r.revision)
def test_a_database_from_every_revision_upgrades_with_data_intact(
    tmp_path: Path, revision: Script
) -> None:
    path = tmp_path / "old.sqlite3"
    database_at(path, revision.revision)
    seed(path, revision)
    had_audit = "audit_log" in {name for _, name, _ in schema_of(path)}

    shop = open_shop(sqlite_url(path), daily_backups=False)
    try:
        _check_audit_and_merges(shop, had_audit)
        assert migrate.current_revision(shop.db) == migrate.head_revision()
        everyone = shop.customers.list_page(CustomerQuery(archive=ArchiveFilter.ALL), 0, 50)
        assert sorted(r.name for r in everyone) == sorted(p[0] for p in PEOPLE)
        jose = shop.customers.get(1)
        assert (jose.name, jose.phone, jose.email) == PEOPLE[0]
        assert jose.notes == NOTES
        assert jose.birthday == date(1980, 2, 29)
        assert jose.tags == ("vip",)
        assert jose.last_purchase_on == date(2024, 1, 1)
        assert (jose.consent_mail, jose.consent_email, jose.consent_sms) == (True, False, True)
        assert jose.created_at.tzinfo is not None
        [purchase] = shop.purchases.list(1)
        assert (purchase.description, purchase.amount) == ("Shoes", Decimal("59.90"))
        timeline = shop.timeline.list(1)
        assert [(e.kind, e.summary, e.staff_name) for e in timeline] == [
            ("contact", "Called", "Lucía"),
            ("purchase", "Shoes", "Lucía"),
        ]
        for typed, name in SEARCHES:
            rows = shop.customers.list_page(CustomerQuery(text=typed), 0, 50)
            assert [r.name for r in rows] == [name], typed
            assert shop.customers.count(CustomerQuery(text=typed)) == 1, typed
        # The upgraded database keeps working: new and renamed customers are found too.
        added = shop.customers.create(CustomerDraft(name="Zoë Nueva", phone="+34 699 11 22 33"))
        assert shop.customers.count(CustomerQuery(text="zoe")) == 1
        assert shop.customers.count(CustomerQuery(text="2233")) == 1
        shop.customers.update(1, CustomerDraft(name="Josefa Sánchez", email=PEOPLE[0][2]))
        assert shop.customers.count(CustomerQuery(text="josefa")) == 1
        assert shop.customers.count(CustomerQuery(text="5678")) == 0  # phone removed
        assert added.id not in (1, 2, 3, 4)
    finally:
        shop.close()


def _check_audit_and_merges(shop: Shop, had_audit: bool) -> None:
    """Audit entries and merge records survive; a database older than them gets empty ones."""
    entries = shop.audit.list()
    with shop.db.read() as session:
        merges = session.execute(
            select(CustomerMerge.kept_id, CustomerMerge.merged_name, CustomerMerge.merged_snapshot)
        ).all()
        erased = session.scalars(select(Customer.erased_at)).all()
    assert erased == [None] * len(PEOPLE)
    if had_audit:
        assert [(e.action, e.customer_id, e.staff_name, e.summary) for e in entries] == [
            ("merge", 1, "Lucía", "customer #9 merged into #1")
        ]
        assert entries[0].at == datetime(2024, 1, 3, 10, tzinfo=UTC)
        assert [tuple(m) for m in merges] == [(1, "Pepe Sánchez", MERGED_SNAPSHOT)]
    else:
        assert entries == [] and merges == []


@pytest.mark.parametrize("revision", REVISIONS, ids=lambda r: r.revision)
def test_an_upgraded_database_merges_erases_and_finds_duplicates(
    tmp_path: Path, revision: Script
) -> None:
    path = tmp_path / "old.sqlite3"
    database_at(path, revision.revision)
    seed(path, revision)
    shop = open_shop(sqlite_url(path), daily_backups=False)
    try:
        shop.settings.save(dataclasses.replace(shop.settings.get(), country="ES"))
        [match] = shop.duplicates.find(CustomerDraft(name="Jose Sanchez"))
        assert (match.customer_id, match.reason) == (1, "name")
        [match] = shop.duplicates.find(CustomerDraft(name="X", phone="612 34 56 78"))
        assert (match.customer_id, match.reason) == (1, "phone")
        kept = shop.merge.merge(1, 2, frozenset({"phone"}))
        assert kept.phone == PEOPLE[1][1] and kept.name == PEOPLE[0][0]
        assert shop.customers.count(CustomerQuery(text="петр")) == 0
        assert shop.customers.count(CustomerQuery(text="4567")) == 1  # Пётр's phone, now José's
        assert shop.customers.count(CustomerQuery(text="sanchez")) == 1
        shop.personal_data.erase(3)
        assert shop.customers.count(CustomerQuery(text="小明", archive=ArchiveFilter.ALL)) == 0
        assert [e.action for e in shop.audit.list()][:2] == ["erase", "merge"]
    finally:
        shop.close()


def test_upgrade_downgrade_upgrade_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "round.sqlite3"
    database_at(path, "head")
    at_head = schema_of(path)
    db = Database(sqlite_url(path))
    try:
        migrate.downgrade(db, "base")
        assert migrate.current_revision(db) is None
        leftovers = [name for _, name, _ in schema_of(path) if name != "alembic_version"]
        assert leftovers == []
        migrate.upgrade(db)
        assert migrate.current_revision(db) == migrate.head_revision()
    finally:
        db.dispose()
    assert schema_of(path) == at_head


@pytest.mark.parametrize("revision", REVISIONS, ids=lambda r: r.revision)
def test_each_revision_steps_down_and_up_again(tmp_path: Path, revision: Script) -> None:
    path = tmp_path / "step.sqlite3"
    database_at(path, revision.revision)
    before = schema_of(path)
    db = Database(sqlite_url(path))
    try:
        migrate.downgrade(db, revision.down_revision or "base")  # type: ignore[arg-type]
        migrate.upgrade(db, revision.revision)
        assert migrate.current_revision(db) == revision.revision
    finally:
        db.dispose()
    assert schema_of(path) == before


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, other: object
) -> bool:
    """As the migrations' env.py filters (it cannot be imported outside a migration run)."""
    return not (type_ == "table" and name is not None and name.startswith("sqlite_"))


def test_models_match_the_migrations(tmp_path: Path) -> None:
    path = tmp_path / "head.sqlite3"
    database_at(path, "head")
    db = Database(sqlite_url(path))
    try:
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "include_object": include_object},
            )
            differences = compare_metadata(context, Base.metadata)
    finally:
        db.dispose()
    assert differences == []


def test_foreign_keys_are_consistent_after_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "fk.sqlite3"
    database_at(path, REVISIONS[-1].revision)
    seed(path, REVISIONS[-1])
    open_shop(sqlite_url(path), daily_backups=False).close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
