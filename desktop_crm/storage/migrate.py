"""Running the Alembic migrations from the application (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text

from desktop_crm.storage.database import Database

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision, written here so that a start-up with nothing to migrate need not import
# Alembic (a test checks it matches the script directory). Update it with every new revision.
HEAD_REVISION = "0007"


class MigrationError(RuntimeError):
    """A migration left the database inconsistent; the pre-migration backup is intact."""


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    return HEAD_REVISION


def script_head_revision() -> str:
    """The head as Alembic's script directory sees it (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    """The database's revision; None for an empty database."""
    with db.engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_known(revision: str) -> bool:
    """Whether this version of the application has ``revision`` (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def is_pending(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision``.

    On SQLite, batch migrations copy tables, which must happen with foreign keys off
    (the pragma is ignored inside a transaction); we check them afterwards instead.
    """
    from alembic import command

    config = alembic_config()
    with db.engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        assert raw is not None
        if db.is_sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.commit()
            if db.is_sqlite:
                problems = raw.execute("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise MigrationError(
                        f"foreign key check failed after migration: {problems[:5]}"
                    )
        finally:
            if db.is_sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def downgrade(db: Database, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()
