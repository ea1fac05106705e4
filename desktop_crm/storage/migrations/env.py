"""Alembic environment. Always called from desktop_crm.storage.migrate with a live connection.

No ``fileConfig()`` here: it would silence the application's loggers.
"""

from __future__ import annotations

from typing import Any

from alembic import context

from desktop_crm.storage.models import Base


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    # Tables that belong to SQLite itself or to a full-text index never show up as drops.
    return not (type_ == "table" and name is not None and name.startswith("sqlite_"))


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
