"""Shared fixtures: a fresh migrated SQLite file per test and the services over it.

QT_QPA_PLATFORM is set here, before any QApplication can exist.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever touches the real per-user data directory."""
    monkeypatch.setenv("DESKTOP_CRM_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DESKTOP_CRM_DATABASE", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.sqlite3"


@pytest.fixture
def shop(db_path: Path) -> Iterator[Shop]:
    """All services over a fresh, migrated SQLite file (country ES for phone numbers)."""
    opened = open_shop(sqlite_url(db_path), daily_backups=False)
    opened.settings.save(dataclasses.replace(opened.settings.get(), country="ES", currency="EUR"))
    yield opened
    opened.close()
