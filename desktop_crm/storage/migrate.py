"""Running the Alembic migrations from the application (no alembic.ini needed)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop_crm.storage.database import Database

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class MigrationError(RuntimeError):
    """A migration left the database inconsistent; the pre-migration backup is intact."""


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_pending(db: Database) -> bool:
    return current_revision(db) != head_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision``.

    On SQLite, batch migrations copy tables, which must happen with foreign keys off
    (the pragma is ignored inside a transaction); we check them afterwards instead.
    """
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
    config = alembic_config()
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)
        connection.commit()
