"""Where the shop's database and its backups live unless the user says otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from desktop_crm.storage.database import sqlite_url

APP_NAME = "desktop_crm"
DATABASE_ENV = "DESKTOP_CRM_DATABASE"
DATA_DIR_ENV = "DESKTOP_CRM_DATA_DIR"  # tests and portable installs move everything at once


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    path = (
        Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_url() -> str:
    """``--database`` beats the environment variable, which beats the per-user data directory."""
    return os.environ.get(DATABASE_ENV) or sqlite_url(data_dir() / "shop.sqlite3")


def demo_database_url() -> str:
    """The demo database: a file of its own, never the shop's real one."""
    return sqlite_url(data_dir() / "demo.sqlite3")


def backup_dir_for(database_file: Path) -> Path:
    return database_file.parent / "backups"
