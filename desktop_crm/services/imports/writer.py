"""Writing customers: checked rows added in the import's one transaction, known ones skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.orm import Session

from desktop_crm.services.imports.validation import _Valid
from desktop_crm.services.reminder_queue import request_full_refresh
from desktop_crm.storage.models import Customer, CustomerTag, SearchTerm, Tag
from desktop_crm.storage.types import utc_now

BIG_CACHE_KIB = 64 * 1024  # SQLite page cache during an import
# Plain DB-API executemany on SQLite (2x SQLAlchemy Core's speed); Core on other databases.
DRIVER_SQL_ON_SQLITE = True

_CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]
_TERMS: Table = SearchTerm.__table__  # type: ignore[assignment]
_CUSTOMER_TAGS: Table = CustomerTag.__table__  # type: ignore[assignment]
_TAGS: Table = Tag.__table__  # type: ignore[assignment]

_CUSTOMER_COLUMNS = (
    "id",
    "name",
    "sort_name",
    "phone",
    "email",
    "address",
    "birthday",
    "language",
    "notes",
    "consent_mail",
    "consent_email",
    "consent_sms",
    "archived",
    "created_at",
    "updated_at",
)
_TERM_COLUMNS = ("customer_id", "term", "sort_name", "archived")
_CUSTOMER_TAG_COLUMNS = ("customer_id", "tag_id")


def _second(row: tuple[int, str, str, bool]) -> str:
    return row[1]


class _Writer:
    """Adds checked rows to the database inside one transaction, skipping known customers."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._raw = connection.dialect.name == "sqlite" and DRIVER_SQL_ON_SQLITE
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        for email, phone in connection.execute(select(Customer.email, Customer.phone)):
            if email:
                self.emails.add(email.lower())
            if phone:
                self.phones.add(phone)
        self.tags = {
            name.casefold(): tag_id for tag_id, name in connection.execute(select(Tag.id, Tag.name))
        }
        self.created = 0
        self.skipped = 0
        now = utc_now()
        self._now: Any = now
        self._birthday: Callable[[Any], Any] | None = None
        if self._raw:
            dialect = connection.dialect
            # The values SQLAlchemy itself would bind (its text forms of dates and times).
            stamp = _CUSTOMERS.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
            self._now = stamp(now) if stamp is not None else now
            day = _CUSTOMERS.c.birthday.type.dialect_impl(dialect).bind_processor(dialect)
            self._birthday = day
            self._next_id = int(connection.scalar(select(func.max(Customer.id))) or 0) + 1

    def write(self, valid: list[_Valid]) -> None:
        emails, phones = self.emails, self.phones
        fresh: list[_Valid] = []
        for row in valid:
            _name, _sort, phone, email = row.values[:4]
            key = email.lower()
            if (key and key in emails) or (phone and phone in phones):
                self.skipped += 1
                continue
            if key:
                emails.add(key)
            if phone:
                phones.add(phone)
            fresh.append(row)
        if not fresh:
            return
        now, birthday = self._now, self._birthday
        customers = []
        for row in fresh:
            values = row.values
            if birthday is not None and values[5] is not None:
                values = (*values[:5], birthday(values[5]), *values[6:])
            customers.append((*values, False, now, now))
        ids = self._insert_customers(customers)
        terms: list[tuple[int, str, str, bool]] = []
        links: list[tuple[int, int]] = []
        for customer_id, row in zip(ids, fresh, strict=True):
            sort_name = row.values[1]
            terms.extend((customer_id, term, sort_name, False) for term in row.terms)
            if row.tags:
                links.extend((customer_id, self._tag_id(name)) for name in row.tags)
        # In term order the term index is filled page after page instead of all over (15%
        # faster); the new customers' ids all lie past the old ones, so the key stays local.
        terms.sort(key=_second)
        self._insert(_TERMS, _TERM_COLUMNS, terms)
        if links:
            self._insert(_CUSTOMER_TAGS, _CUSTOMER_TAG_COLUMNS, links)
        # New customers' birthdays ask for reminders: one full refresh instead of a queue row each.
        request_full_refresh(self._connection)
        self.created += len(fresh)

    def _insert_customers(self, rows: list[tuple[Any, ...]]) -> list[int]:
        if self._raw:
            # Under the write lock nobody else adds customers: the ids SQLite would give.
            first = self._next_id
            self._next_id += len(rows)
            ids = list(range(first, self._next_id))
            self._insert(
                _CUSTOMERS, _CUSTOMER_COLUMNS, [(i, *r) for i, r in zip(ids, rows, strict=True)]
            )
            return ids
        statement = insert(_CUSTOMERS).returning(_CUSTOMERS.c.id, sort_by_parameter_order=True)
        names = _CUSTOMER_COLUMNS[1:]
        result = self._connection.execute(
            statement, [dict(zip(names, r, strict=True)) for r in rows]
        )
        return [row_id for (row_id,) in result]

    def _insert(self, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        if self._raw:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
            self._connection.exec_driver_sql(sql, rows)
        else:
            self._connection.execute(
                insert(table), [dict(zip(columns, r, strict=True)) for r in rows]
            )

    def _tag_id(self, name: str) -> int:
        key = name.casefold()
        tag_id = self.tags.get(key)
        if tag_id is None:
            statement = insert(_TAGS).returning(_TAGS.c.id)
            tag_id = int(self._connection.execute(statement, {"name": name}).scalar_one())
            self.tags[key] = tag_id
        return tag_id


@contextmanager
def _big_cache(session: Session) -> Iterator[None]:
    """A larger page cache on SQLite while a big transaction runs (index pages stay in
    memory instead of spilling to the WAL), restored afterwards: the connection is pooled."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar() or -2000)
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BIG_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
