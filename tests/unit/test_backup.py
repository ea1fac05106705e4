"""Daily and pre-migration backups of the SQLite file."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.backup import BackupError, backup_file, daily_backup
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.locations import backup_dir_for
from desktop_crm.services.shop import DatabaseOpenError, Shop, open_shop
from desktop_crm.storage import migrate
from desktop_crm.storage.database import Database, sqlite_url


def names_in(path: Path) -> list[str]:
    """The customers of a database file, read through the services (proves it is valid)."""
    opened = open_shop(sqlite_url(path), daily_backups=False)
    try:
        return [r.name for r in opened.customers.list_page(CustomerQuery(), 0, 100)]
    finally:
        opened.close()


def integrity(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


def revision_of(path: Path) -> str | None:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return None if row is None else str(row[0])
    finally:
        connection.close()


@pytest.fixture
def filled(shop: Shop) -> Shop:
    shop.customers.create(CustomerDraft(name="José Sánchez", phone="612345678"))
    shop.customers.create(CustomerDraft(name="王小明"))
    return shop


# ---- backup_file ------------------------------------------------------------------------


def test_backup_copy_is_a_valid_database_with_the_same_data(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    target = backup_file(db_path, tmp_path / "copies" / "copy.sqlite3")
    assert target == tmp_path / "copies" / "copy.sqlite3"
    assert integrity(target) == "ok"
    assert not target.with_name("copy.sqlite3.partial").exists()
    assert names_in(target) == ["José Sánchez", "王小明"]


def test_backup_includes_writes_still_in_the_wal(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    """The shop is open (WAL not checkpointed): the copy must still hold the latest write."""
    filled.customers.create(CustomerDraft(name="Latest Write"))
    target = backup_file(db_path, tmp_path / "copy.sqlite3")
    assert "Latest Write" in names_in(target)


def test_backup_into_a_directory_that_cannot_be_created_raises_backup_error(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not_a_directory"
    blocker.write_text("a file where the backup folder should be")
    before = db_path.read_bytes()
    with pytest.raises(BackupError):
        backup_file(db_path, blocker / "backups" / "copy.sqlite3")
    assert db_path.read_bytes() == before
    assert blocker.read_text() == "a file where the backup folder should be"
    assert names_in(db_path) == ["José Sánchez", "王小明"]


def test_backup_onto_a_path_that_is_a_directory_raises_backup_error(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "backups" / "copy.sqlite3"
    target.mkdir(parents=True)
    (target / "keep.txt").write_text("x")
    with pytest.raises(BackupError):
        backup_file(db_path, target)
    assert (target / "keep.txt").read_text() == "x"
    assert not target.with_name("copy.sqlite3.partial").exists()
    assert names_in(db_path) == ["José Sánchez", "王小明"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0,
    reason="root ignores directory permissions; the not-a-directory test covers the same path",
)
def test_backup_into_a_read_only_directory_raises_backup_error(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    read_only = tmp_path / "read_only"
    read_only.mkdir()
    read_only.chmod(0o500)
    try:
        with pytest.raises(BackupError):
            backup_file(db_path, read_only / "copy.sqlite3")
        with pytest.raises(BackupError):
            backup_file(db_path, read_only / "sub" / "copy.sqlite3")
    finally:
        read_only.chmod(0o700)
    assert names_in(db_path) == ["José Sánchez", "王小明"]


def test_backup_of_a_file_that_is_not_a_database_raises_backup_error(tmp_path: Path) -> None:
    source = tmp_path / "garbage.sqlite3"
    source.write_bytes(b"\x01\x02 not sqlite " * 500)
    before = source.read_bytes()
    with pytest.raises(BackupError):
        backup_file(source, tmp_path / "out" / "copy.sqlite3")
    assert source.read_bytes() == before
    assert not (tmp_path / "out" / "copy.sqlite3").exists()


def test_a_backup_replaces_an_older_one_of_the_same_name(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"stale")
    backup_file(db_path, target)
    assert names_in(target) == ["José Sánchez", "王小明"]


# ---- daily backups ----------------------------------------------------------------------


def test_daily_backup_is_made_once_per_day(filled: Shop, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    today = date(2024, 5, 10)
    made = daily_backup(db_path, folder, today, keep_days=30)
    assert made == folder / "daily-2024-05-10.sqlite3"
    assert integrity(made) == "ok"
    filled.customers.create(CustomerDraft(name="Later The Same Day"))
    assert daily_backup(db_path, folder, today, keep_days=30) is None
    assert "Later The Same Day" not in names_in(made)  # the day's first copy is kept
    tomorrow = daily_backup(db_path, folder, today + timedelta(days=1), keep_days=30)
    assert tomorrow is not None
    assert "Later The Same Day" in names_in(tomorrow)
    assert sorted(p.name for p in folder.iterdir()) == [
        "daily-2024-05-10.sqlite3",
        "daily-2024-05-11.sqlite3",
    ]


def test_daily_backups_are_pruned_after_keep_days(
    filled: Shop, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    today = date(2024, 5, 10)
    for age in range(10):
        daily_backup(db_path, folder, today - timedelta(days=9 - age), keep_days=365)
    other = folder / "pre-migration-2020-01-01_000000.sqlite3"
    other.write_bytes(b"kept")
    stranger = folder / "daily-notes.txt"
    stranger.write_text("not ours")
    daily_backup(db_path, folder, today, keep_days=3)
    assert sorted(p.name for p in folder.glob("daily-*.sqlite3")) == [
        "daily-2024-05-08.sqlite3",
        "daily-2024-05-09.sqlite3",
        "daily-2024-05-10.sqlite3",
    ]
    # Only daily backups are pruned.
    assert other.read_bytes() == b"kept"
    assert stranger.read_text() == "not ours"


def test_open_shop_makes_the_daily_backup_beside_the_database(db_path: Path) -> None:
    first = open_shop(sqlite_url(db_path), daily_backups=True)
    try:
        first.customers.create(CustomerDraft(name="Ana"))
    finally:
        first.close()
    folder = backup_dir_for(db_path)
    today_file = folder / f"daily-{date.today().isoformat()}.sqlite3"
    assert today_file.exists()
    second = open_shop(sqlite_url(db_path), daily_backups=True)
    try:
        assert second.daily_backup() is None  # today's exists already
    finally:
        second.close()
    assert [p.name for p in folder.glob("daily-*.sqlite3")] == [today_file.name]


def test_shop_daily_backup_copies_the_open_database(filled: Shop, db_path: Path) -> None:
    """What the app runs in the background once the window shows."""
    made = filled.daily_backup()
    assert made == backup_dir_for(db_path) / f"daily-{date.today().isoformat()}.sqlite3"
    assert integrity(made) == "ok"
    assert names_in(made) == ["José Sánchez", "王小明"]
    assert filled.daily_backup() is None


def test_open_shop_prunes_with_the_configured_keep_days(db_path: Path) -> None:
    first = open_shop(sqlite_url(db_path), daily_backups=False)
    first.settings.save(dataclasses.replace(first.settings.get(), backup_keep_days=2))
    first.close()
    folder = backup_dir_for(db_path)
    folder.mkdir()
    old = folder / f"daily-{(date.today() - timedelta(days=5)).isoformat()}.sqlite3"
    recent = folder / f"daily-{(date.today() - timedelta(days=1)).isoformat()}.sqlite3"
    old.write_bytes(b"old")
    recent.write_bytes(b"recent")
    open_shop(sqlite_url(db_path), daily_backups=True).close()
    assert not old.exists()
    assert recent.exists()


# ---- before migrations --------------------------------------------------------------------


def test_a_new_database_needs_no_pre_migration_backup(db_path: Path) -> None:
    open_shop(sqlite_url(db_path), daily_backups=False).close()
    folder = backup_dir_for(db_path)
    assert not folder.exists() or not list(folder.glob("pre-migration-*"))


@pytest.fixture
def later_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The application's migrations plus one newer (harmless) revision, as a later version of
    the application would ship them. Returns the new head."""
    copy = tmp_path / "later_migrations"
    shutil.copytree(
        migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    head = migrate.head_revision()
    (copy / "versions" / "9999_later_test_revision.py").write_text(
        f'''"""a later revision (test only)"""
import sqlalchemy as sa
from alembic import op

revision = "9999_later"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("later_test_table", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade() -> None:
    op.drop_table("later_test_table")
''',
        encoding="utf-8",
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", copy)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999_later")  # as that version would say
    return "9999_later"


def test_open_shop_backs_up_before_a_pending_migration(
    filled: Shop, db_path: Path, later_migrations: str
) -> None:
    old_head = migrate.current_revision(filled.db)
    filled.close()
    reopened = open_shop(sqlite_url(db_path), daily_backups=False)
    try:
        assert migrate.current_revision(reopened.db) == later_migrations
        assert [r.name for r in reopened.customers.list_page(CustomerQuery(), 0, 10)] == [
            "José Sánchez",
            "王小明",
        ]
    finally:
        reopened.close()
    [backup] = list(backup_dir_for(db_path).glob("pre-migration-*.sqlite3"))
    assert integrity(backup) == "ok"
    assert revision_of(backup) == old_head  # taken before the migration ran
    connection = sqlite3.connect(backup)
    try:
        assert sorted(r[0] for r in connection.execute("SELECT name FROM customers")) == [
            "José Sánchez",
            "王小明",
        ]
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        assert "later_test_table" not in tables
    finally:
        connection.close()
    # Opening again: nothing pending, no new backup.
    open_shop(sqlite_url(db_path), daily_backups=False).close()
    assert len(list(backup_dir_for(db_path).glob("pre-migration-*.sqlite3"))) == 1


def test_a_downgraded_database_is_migrated_again_when_opened(db_path: Path) -> None:
    open_shop(sqlite_url(db_path), daily_backups=False).close()
    db = Database(sqlite_url(db_path))
    try:
        migrate.downgrade(db, "base")
        assert migrate.current_revision(db) is None
        assert migrate.is_pending(db)
    finally:
        db.dispose()
    reopened = open_shop(sqlite_url(db_path), daily_backups=False)
    try:
        assert not migrate.is_pending(reopened.db)
        reopened.customers.create(CustomerDraft(name="Ana"))
        assert reopened.customers.count(CustomerQuery(text="ana")) == 1
    finally:
        reopened.close()


def test_a_database_from_a_newer_version_is_refused_clearly(
    filled: Shop, db_path: Path, later_migrations: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened by an older application (after a downgrade of the app): a DatabaseOpenError the
    window can show, not an Alembic traceback, and the file left as it was."""
    filled.close()
    open_shop(sqlite_url(db_path), daily_backups=False).close()  # migrated by the "newer" app
    assert revision_of(db_path) == later_migrations
    monkeypatch.undo()  # back to this version's migrations
    with pytest.raises(DatabaseOpenError):
        open_shop(sqlite_url(db_path), daily_backups=False)
    assert revision_of(db_path) == later_migrations
    assert names_in_raw(db_path) == ["José Sánchez", "王小明"]


def names_in_raw(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in connection.execute("SELECT name FROM customers"))
    finally:
        connection.close()


def test_pre_migration_backup_failure_leaves_the_database_unmigrated(
    filled: Shop, db_path: Path, later_migrations: str
) -> None:
    old_head = migrate.current_revision(filled.db)
    filled.close()
    blocker = backup_dir_for(db_path)
    blocker.write_text("a file where the backups folder should be")
    with pytest.raises(BackupError):
        open_shop(sqlite_url(db_path), daily_backups=False)
    assert revision_of(db_path) == old_head  # no migration without its backup
