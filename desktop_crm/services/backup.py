"""Backups of the SQLite file that never lose a day of work.

A live SQLite file must not be copied byte by byte: we use SQLite's backup API into a
temporary file, check its integrity, fsync it and only then rename it into place.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path

from desktop_crm.domain.errors import N_, CrmError

DAILY_PATTERN = re.compile(r"^daily-(\d{4}-\d{2}-\d{2})\.sqlite3$")


class BackupError(CrmError):
    """A backup could not be written; the database itself is untouched."""


def backup_file(source: Path, target: Path) -> Path:
    """Copy the live database ``source`` to ``target`` safely; returns ``target``."""
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            src.backup(dst)
            verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
        dst.close()
        src.close()
        if verdict != "ok":
            raise BackupError(
                N_("The backup copy failed its integrity check: {detail}"), detail=verdict
            )
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise BackupError(N_("The backup could not be written: {detail}"), detail=str(exc)) from exc
    return target


def pre_migration_backup(source: Path, backup_dir: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y-%m-%d_%H%M%S")
    return backup_file(source, backup_dir / f"pre-migration-{stamp}.sqlite3")


def daily_backup(source: Path, backup_dir: Path, today: date, keep_days: int) -> Path | None:
    """Make today's backup if there is none yet and drop daily ones older than ``keep_days``.

    Returns the new file, or None when today's already existed.
    """
    target = backup_dir / f"daily-{today.isoformat()}.sqlite3"
    made = None if target.exists() else backup_file(source, target)
    for path in backup_dir.glob("daily-*.sqlite3"):
        match = DAILY_PATTERN.match(path.name)
        if match and (today - date.fromisoformat(match.group(1))).days >= keep_days:
            path.unlink(missing_ok=True)
    return made
