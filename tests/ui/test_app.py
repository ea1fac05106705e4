"""Start-up: opening the database, a second instance, a database that cannot be opened."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from desktop_crm import app as crm_app
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.shop import open_shop
from desktop_crm.storage.database import sqlite_url
from tests.ui.conftest import FakePrompts


def start(args: list[str], prompts: FakePrompts) -> Any:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return crm_app.start(crm_app.parse_args(args), app, prompts)


def test_start_shows_the_customers_of_the_database(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts
) -> None:
    url = sqlite_url(tmp_path / "shop.sqlite3")
    shop = open_shop(url, daily_backups=False)
    shop.customers.create(CustomerDraft("José Sánchez"))
    shop.close()
    running = start(["--database", url], prompts)
    assert not isinstance(running, int)
    try:
        qtbot.addWidget(running.window)
        assert running.window.isVisible()
        assert running.window.customers.model.index(0, 0).data() == "José Sánchez"
    finally:
        running.close()


def test_a_second_instance_on_the_same_database_is_told_so(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts
) -> None:
    url = sqlite_url(tmp_path / "shop.sqlite3")
    first = start(["--database", url], prompts)
    assert not isinstance(first, int)
    qtbot.addWidget(first.window)
    try:
        assert start(["--database", url], prompts) == crm_app.EXIT_ALREADY_RUNNING
        assert prompts.shown[-1][:2] == ("error", "Already open")
    finally:
        first.close()
    # Once the first one is closed, the database opens again.
    again = start(["--database", url], prompts)
    assert not isinstance(again, int)
    qtbot.addWidget(again.window)
    again.close()


def test_a_stale_lock_left_by_a_crash_does_not_block(tmp_path: Path, prompts: FakePrompts) -> None:
    url = sqlite_url(tmp_path / "shop.sqlite3")
    crash = (
        "import os, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        "lock = QLockFile(sys.argv[1])\n"
        "assert lock.tryLock(0)\n"
        "os._exit(0)  # dies holding the lock\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(crm_app.lock_path(url))], check=True)
    assert crm_app.lock_path(url).exists()
    lock = crm_app.acquire_lock(url)
    assert lock is not None
    lock.unlock()


def test_a_file_that_is_not_a_database_gives_a_clear_message_and_exit_code_2(
    tmp_path: Path, prompts: FakePrompts
) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"these are my notes, not a database" * 100)
    before = path.read_bytes()
    code = start(["--database", sqlite_url(path)], prompts)
    assert code == crm_app.EXIT_DATABASE_ERROR
    kind, title, text = prompts.shown[-1]
    assert (kind, title) == ("error", "Cannot open the database")
    assert "Nothing was changed or lost" in text
    assert path.read_bytes() == before
    # and the lock is released
    lock = crm_app.acquire_lock(sqlite_url(path))
    assert lock is not None
    lock.unlock()


def test_the_database_comes_from_the_environment(monkeypatch: Any, tmp_path: Path) -> None:
    monkeypatch.setenv("DESKTOP_CRM_DATABASE", "sqlite:///" + str(tmp_path / "env.sqlite3"))
    assert crm_app.database_url(crm_app.parse_args([])).endswith("env.sqlite3")
    assert crm_app.database_url(crm_app.parse_args(["--demo"])).endswith("demo.sqlite3")
    assert crm_app.database_url(crm_app.parse_args(["--database", "sqlite:///x"])) == "sqlite:///x"


def test_a_database_on_a_network_drive_is_warned_about(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts, monkeypatch: Any
) -> None:
    from desktop_crm.services import locations

    monkeypatch.setattr(locations, "is_on_network_drive", lambda path: True)
    running = start(["--database", sqlite_url(tmp_path / "shop.sqlite3")], prompts)
    assert not isinstance(running, int)
    try:
        qtbot.addWidget(running.window)
        warnings = [text for kind, _title, text in prompts.shown if kind == "info"]
        assert any("network drive" in text and "PostgreSQL" in text for text in warnings)
    finally:
        running.close()


def test_a_database_on_a_local_disk_is_not_warned_about(
    qtbot: Any, tmp_path: Path, prompts: FakePrompts
) -> None:
    running = start(["--database", sqlite_url(tmp_path / "shop.sqlite3")], prompts)
    assert not isinstance(running, int)
    try:
        qtbot.addWidget(running.window)
        assert not [text for kind, _title, text in prompts.shown if "network" in text]
    finally:
        running.close()


def test_chinese_names_have_a_font_even_where_the_computer_has_none(qtbot: Any) -> None:
    from PySide6.QtGui import QFontDatabase

    assert crm_app.FALLBACK_FONT.exists(), "the shipped font is missing from resources/fonts"
    crm_app.ensure_chinese_font()
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
