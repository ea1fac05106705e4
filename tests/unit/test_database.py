"""The engine and its units of work on real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import StatementError

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import DatabaseOpenError, Shop, open_shop
from desktop_crm.storage.database import BUSY_TIMEOUT_MS, Database, sqlite_url
from desktop_crm.storage.models import Staff, TimelineEvent
from desktop_crm.storage.types import UTCDateTime


def staff_count(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Staff)) or 0)


def new_staff(name: str) -> Staff:
    return Staff(name=name, title="", phone="", is_manager=False, active=True)


def test_pragmas_on_a_real_file(shop: Shop, db_path: Path) -> None:
    assert db_path.exists()
    with shop.db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS
    assert BUSY_TIMEOUT_MS >= 1000
    # WAL is a property of the file: another program opening it sees it too.
    raw = sqlite3.connect(db_path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_pragmas_hold_in_every_pooled_connection(shop: Shop) -> None:
    for _ in range(3):
        with shop.db.write() as session:
            assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        with shop.db.read() as session:
            assert session.execute(text("PRAGMA busy_timeout")).scalar() == BUSY_TIMEOUT_MS


def test_foreign_keys_are_enforced(shop: Shop) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), shop.db.write() as session:
        session.add(
            TimelineEvent(
                customer_id=12345, kind="contact", occurred_at=datetime.now(UTC), summary="x"
            )
        )
        session.flush()


def test_deleting_a_customer_row_cascades(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana", tags=("vip",)))
    shop.timeline.log_contact(customer.id, "phone", "Hello")
    with shop.db.write() as session:
        session.execute(text("DELETE FROM customers WHERE id = :id"), {"id": customer.id})
    with shop.db.read() as session:
        for table in ("timeline_events", "customer_search_terms", "customer_tags"):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_a_write_unit_of_work_rolls_back_entirely_on_error(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana"))
    with pytest.raises(RuntimeError, match="boom"), shop.db.write() as session:
        session.add(new_staff("Lucía"))
        session.flush()  # really sent to the database...
        session.execute(text("UPDATE customers SET name = 'Changed'"))
        raise RuntimeError("boom")
    assert staff_count(shop.db) == 0  # ...and rolled back with the rest
    assert shop.customers.get(customer.id).name == "Ana"


def test_a_failing_statement_rolls_back_the_earlier_ones(shop: Shop) -> None:
    with pytest.raises(Exception, match="FOREIGN KEY"), shop.db.write() as session:
        session.add(new_staff("Lucía"))
        session.flush()
        session.add(TimelineEvent(customer_id=999, kind="contact", occurred_at=datetime.now(UTC)))
        session.flush()
    assert staff_count(shop.db) == 0


def test_a_write_unit_of_work_commits(shop: Shop) -> None:
    with shop.db.write() as session:
        session.add(new_staff("Lucía"))
    other = Database(shop.db.url.render_as_string(hide_password=False))
    try:
        assert staff_count(other) == 1
    finally:
        other.dispose()


def test_write_takes_the_write_lock_at_begin(shop: Shop, db_path: Path) -> None:
    """BEGIN IMMEDIATE: while a unit of work is open, another program cannot start writing."""
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with shop.db.write() as session:
            session.execute(select(1))  # the transaction has begun, nothing written yet
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_read_sees_one_consistent_snapshot(shop: Shop) -> None:
    with shop.db.write() as session:
        session.add(new_staff("One"))
    writer = Database(sqlite_url(shop.db.sqlite_path))  # type: ignore[arg-type]
    try:
        with shop.db.read() as session:
            first = session.scalar(select(func.count()).select_from(Staff))
            with writer.write() as other:
                other.add(new_staff("Two"))
            second = session.scalar(select(func.count()).select_from(Staff))
        assert first == second == 1
        assert staff_count(shop.db) == 2
    finally:
        writer.dispose()


def test_two_writers_on_the_same_file_do_not_fail_with_database_locked(
    shop: Shop, db_path: Path
) -> None:
    """Each thread reads, then writes, in one unit of work: a reader turned writer would hit
    SQLITE_BUSY without BEGIN IMMEDIATE; with it and the busy timeout, every write lands."""
    databases = [Database(sqlite_url(db_path)) for _ in range(2)]
    per_thread = 40
    errors: list[BaseException] = []
    start = threading.Barrier(len(databases))

    def work(db: Database, label: str) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with db.write() as session:
                    count = session.scalar(select(func.count()).select_from(Staff)) or 0
                    time.sleep(0.002)  # let the other writer's transaction overlap this one
                    session.add(new_staff(f"{label}-{i}-{count}"))
                    session.flush()
        except BaseException as exc:  # reported to the main thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(db, f"w{n}")) for n, db in enumerate(databases)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        assert staff_count(shop.db) == per_thread * len(databases)
    finally:
        for db in databases:
            db.dispose()


def test_two_shops_on_the_same_file_create_customers_concurrently(db_path: Path) -> None:
    shops = [open_shop(sqlite_url(db_path), daily_backups=False) for _ in range(2)]
    errors: list[BaseException] = []

    def work(shop: Shop, label: str) -> None:
        try:
            for i in range(15):
                customer = shop.customers.create(CustomerDraft(name=f"{label} {i}"))
                shop.timeline.log_contact(customer.id, "phone", "hello")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, f"Shop{n}")) for n, s in enumerate(shops)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        assert shops[0].customers.count(CustomerQuery(archive=ArchiveFilter.ALL)) == 30
    finally:
        for s in shops:
            s.close()


# ---- opening files that are not databases -------------------------------------------------


GARBAGE = bytes((i * 37 + 11) % 256 for i in range(8192))


def test_open_shop_on_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(GARBAGE)
    with pytest.raises(DatabaseOpenError) as caught:
        open_shop(sqlite_url(path), daily_backups=False)
    assert caught.value.message
    assert path.read_bytes() == GARBAGE
    leftovers = {p.name for p in tmp_path.iterdir()} - {"data", "notes.sqlite3"}
    assert leftovers == set()  # no -wal, -shm or backups beside it


def test_open_shop_on_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "shop.sqlite3"
    content = b"name,phone\nAna,612345678\n" * 200
    path.write_bytes(content)
    with pytest.raises(DatabaseOpenError):
        open_shop(sqlite_url(path))
    assert path.read_bytes() == content
    assert not (tmp_path / "backups").exists()


def test_open_shop_in_a_missing_directory(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "shop.sqlite3"
    with pytest.raises(DatabaseOpenError):
        open_shop(sqlite_url(path), daily_backups=False)


def test_open_shop_on_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "a_directory.sqlite3"
    path.mkdir()
    with pytest.raises(DatabaseOpenError):
        open_shop(sqlite_url(path), daily_backups=False)


def test_open_shop_twice_keeps_the_data(db_path: Path) -> None:
    first = open_shop(sqlite_url(db_path), daily_backups=False)
    first.customers.create(CustomerDraft(name="Ana"))
    first.close()
    again = open_shop(sqlite_url(db_path), daily_backups=False)
    try:
        assert [r.name for r in again.customers.list_page(CustomerQuery(), 0, 10)] == ["Ana"]
    finally:
        again.close()


# ---- UTCDateTime ---------------------------------------------------------------------------


def test_utc_datetime_refuses_naive_datetimes(shop: Shop) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana"))
    with pytest.raises(StatementError, match="naive"), shop.db.write() as session:
        session.add(
            TimelineEvent(
                customer_id=customer.id, kind="contact", occurred_at=datetime(2024, 1, 1, 9)
            )
        )
        session.flush()
    assert shop.timeline.count(customer.id) == 0


def test_utc_datetime_refuses_naive_datetimes_directly() -> None:
    db = Database("sqlite://")
    try:
        with pytest.raises(ValueError, match="naive"):
            UTCDateTime().process_bind_param(datetime(2024, 1, 1), db.engine.dialect)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 3, 31, 1, 30, tzinfo=UTC),
        datetime(2024, 3, 31, 3, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(2024, 10, 27, 2, 30, tzinfo=timezone(timedelta(hours=-9, minutes=-30))),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    ],
)
def test_utc_datetime_round_trips_the_instant_as_utc(shop: Shop, moment: datetime) -> None:
    customer = shop.customers.create(CustomerDraft(name="Ana"))
    with shop.db.write() as session:
        event = TimelineEvent(customer_id=customer.id, kind="contact", occurred_at=moment)
        session.add(event)
        session.flush()
        event_id = event.id
    with shop.db.read() as session:
        stored = session.get(TimelineEvent, event_id)
        assert stored is not None
        assert stored.occurred_at == moment
        assert stored.occurred_at.tzinfo is UTC
        raw = session.execute(
            text("SELECT occurred_at FROM timeline_events WHERE id = :id"), {"id": event_id}
        ).scalar()
    # Stored as UTC text, so SQL ordering of the column is the order of instants.
    assert str(raw).startswith(moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"))


def test_database_sqlite_path(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "x.sqlite3"))
    memory = Database("sqlite://")
    try:
        assert db.sqlite_path == tmp_path / "x.sqlite3"
        assert memory.sqlite_path is None
    finally:
        db.dispose()
        memory.dispose()
    assert not os.path.exists(tmp_path / "x.sqlite3")  # nothing created until first use
