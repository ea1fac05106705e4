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


NETWORK_FILE_SYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smbfs",
        "smb3",
        "afs",
        "ncpfs",
        "9p",
        "fuse.sshfs",
        "davfs",
        "glusterfs",
    }
)


def is_on_network_drive(path: Path, mounts: str | None = None) -> bool:
    """Whether ``path`` lies on a network file system, where SQLite's WAL does not work.

    Windows: a UNC path (\\\\server\\share) or a mapped network drive. Elsewhere: the file
    system type of the longest mount point containing the path (``mounts``: the text of
    /proc/mounts, read when not given).
    """
    if os.name == "nt":
        text = str(path)
        if text.startswith(("\\\\", "//")):
            return True
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(text))[0] + "\\"
        drive_remote = 4  # GetDriveTypeW's DRIVE_REMOTE
        return bool(ctypes.windll.kernel32.GetDriveTypeW(drive) == drive_remote)  # type: ignore[attr-defined]
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False  # macOS and others: no cheap answer; assume local
    target = str(path.resolve() if path.exists() else path.parent.resolve())
    best, best_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        mount_point = fields[1].replace("\\040", " ")
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, best_type = mount_point, fields[2]
    return best_type in NETWORK_FILE_SYSTEMS
