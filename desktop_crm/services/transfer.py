"""Bringing customers in (CSV and vCard files) and out (CSV and vCard), in bulk.

An import validates every row as the customer dialog does, skips the rows whose email
(ignoring case) or E.164 phone is already known (in the database or earlier in the file), and
writes the rest in ONE transaction: cancelled or failed, it leaves the database as it was.

It must handle 100,000 rows in a few seconds, so rows never become ORM objects: validation runs
on chunks of rows (in worker processes when there are many and more than one core: phone
parsing alone costs ~45 us a row), and the main process, holding the transaction, writes each
checked chunk with executemany — plain DB-API on SQLite (ids handed out under the write
lock), SQLAlchemy Core elsewhere. Workers are started with "spawn" (as on Windows) and run
top-level functions that touch no database.

Exports stream customers a page at a time as plain rows, never loading them all.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, NamedTuple

from sqlalchemy import Connection, Table, func, insert, select
from sqlalchemy.orm import Session

from desktop_crm.domain.csv_format import CsvTable, neutralize_formula, read_csv
from desktop_crm.domain.customers import validate_customer
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.import_records import (
    VCARD_SOURCE_HEADERS,
    ImportRecord,
    draft_from_record,
    guess_mapping,
    records_from_table,
    records_from_vcards,
)
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.domain.vcard import VCardContact, parse_vcards, write_vcard
from desktop_crm.i18n import _, translate_error
from desktop_crm.services.audit import AuditAction, AuditService, record_audit
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery, matching_ids
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, CustomerTag, SearchTerm, Tag
from desktop_crm.storage.types import utc_now

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

SAMPLE_ROWS = 20
CHUNK_ROWS = 2_000  # rows validated per task and written per executemany batch
PARALLEL_MIN_ROWS = 6_000  # below this, starting worker processes costs more than it saves
EXPORT_PAGE = 1_000
BIG_CACHE_KIB = 64 * 1024  # SQLite page cache during an import
MAX_WORKERS = 4
# Regions that write dates month first (3/4/1980 is March 4th there).
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM"})
# The columns of an export, in English field names that an import maps back by itself.
EXPORT_HEADERS = (
    "name",
    "phone",
    "email",
    "address",
    "birthday",
    "language",
    "notes",
    "tags",
    "consent_mail",
    "consent_email",
    "consent_sms",
)
PROBLEM_HEADER = "problem"
# Plain DB-API executemany on SQLite (2x SQLAlchemy Core's speed); Core on other databases.
DRIVER_SQL_ON_SQLITE = True

_CUSTOMERS: Table = Customer.__table__  # type: ignore[assignment]
_TERMS: Table = SearchTerm.__table__  # type: ignore[assignment]
_CUSTOMER_TAGS: Table = CustomerTag.__table__  # type: ignore[assignment]
_TAGS: Table = Tag.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class ImportPreview:
    kind: str  # "csv" | "vcard"
    headers: list[str]
    sample: list[list[str]]  # the first SAMPLE_ROWS rows
    mapping: dict[int, str]
    encoding: str
    delimiter: str
    total_rows: int


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str  # English N_ text: show it with translate_error(message, params)
    params: dict[str, object]
    source: tuple[str, ...]


@dataclass(frozen=True)
class ImportResult:
    created: int
    skipped_existing: int
    errors: list[RowError]
    cancelled: bool


def day_first_for(region: str) -> bool:
    """Whether people in ``region`` write 3/4/1980 for April 3rd."""
    return region.upper() not in MONTH_FIRST_REGIONS


# --- Checking rows (runs in worker processes: top-level functions, no database) ---------------

# name, sort_name, phone, email, address, birthday, language, notes, consent mail/email/sms
_Values = tuple[str, str, str, str, str, date | None, str, str, bool, bool, bool]


class _Valid(NamedTuple):  # (a tuple: cheap to send back from a worker process)
    line: int
    values: _Values
    tags: tuple[str, ...]
    terms: list[str]


@dataclass
class _Checked:
    rows: int
    valid: list[_Valid] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def check_records(
    records: Sequence[ImportRecord], region: str, day_first: bool, today: date
) -> _Checked:
    """Each record validated like the customer dialog, with its sort name and search terms."""
    checked = _Checked(len(records))
    valid, errors = checked.valid, checked.errors
    for record in records:
        try:
            draft = validate_customer(draft_from_record(record, day_first), region, today)
        except ValidationError as exc:
            errors.append(
                RowError(record.line, exc.field, exc.message, dict(exc.params), record.source)
            )
            continue
        name, phone, email = draft.name, draft.phone, draft.email
        values: _Values = (
            name,
            sort_key(name)[:200],
            phone,
            email,
            draft.address,
            draft.birthday,
            draft.language,
            draft.notes,
            draft.consent_mail,
            draft.consent_email,
            draft.consent_sms,
        )
        terms = sorted(customer_terms(name, email, [phone]))
        valid.append(_Valid(record.line, values, draft.tags, terms))
    return checked


def check_table_rows(
    headers: list[str],
    rows: list[list[str]],
    line_numbers: list[int],
    mapping: dict[int, str],
    region: str,
    day_first: bool,
    today: date,
) -> _Checked:
    """Rows of a CSV table read through ``mapping`` and checked (one worker task)."""
    table = CsvTable(headers, rows, "", "", line_numbers)
    return check_records(records_from_table(table, mapping), region, day_first, today)


_Task = tuple[Callable[..., _Checked], tuple[Any, ...]]


class _Checker:
    """Checked chunks in file order, from a process pool or in this process.

    Keeps a few tasks ahead of the writer (bounded memory, quick cancel). If the pool cannot
    work (a broken worker, no way to start processes), the remaining chunks run here.
    """

    def __init__(self, tasks: Iterable[_Task], workers: int) -> None:
        self._tasks = iter(tasks)
        self._pool: ProcessPoolExecutor | None = None
        if workers > 0:
            try:
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(workers, mp_context=context)
            except (OSError, ValueError, NotImplementedError):
                self._pool = None
        self._ahead = 2 * max(workers, 1) + 1
        self._pending: deque[tuple[_Task, Future[_Checked] | None]] = deque()

    def _submit(self, task: _Task) -> None:
        future = None
        if self._pool is not None:
            try:
                future = self._pool.submit(task[0], *task[1])
            except (BrokenProcessPool, RuntimeError, OSError):
                self._pool = None
        self._pending.append((task, future))

    def __iter__(self) -> Iterator[_Checked]:
        for task in self._tasks:
            self._submit(task)
            if len(self._pending) >= self._ahead:
                yield self._next()
        while self._pending:
            yield self._next()

    def _next(self) -> _Checked:
        (function, args), future = self._pending.popleft()
        if future is not None:
            try:
                return future.result()
            except (BrokenProcessPool, OSError):
                self._pool = None
        return function(*args)

    def close(self) -> None:
        pool, self._pool = self._pool, None
        self._pending.clear()
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


# --- Reading files ------------------------------------------------------------------------------


def _is_vcard(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".vcf", ".vcard"):
        return True
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"BEGIN:VCARD")


@dataclass
class _Source:
    kind: str
    total: int
    table: CsvTable | None = None
    records: list[ImportRecord] = field(default_factory=list)
    card_errors: list[RowError] = field(default_factory=list)


def _read_source(path: Path) -> _Source:
    data = path.read_bytes()
    if not _is_vcard(path, data):
        table = read_csv(data)
        return _Source("csv", len(table.rows), table=table)
    cards: list[VCardContact] = []
    errors: list[RowError] = []
    parsed = parse_vcards(data)
    for card in parsed:
        if isinstance(card, VCardContact):
            cards.append(card)
        else:
            line = card.params.get("line")
            number = line if isinstance(line, int) else 0
            errors.append(RowError(number, card.field, card.message, dict(card.params), ()))
    return _Source("vcard", len(parsed), records=records_from_vcards(cards), card_errors=errors)


# --- Writing customers --------------------------------------------------------------------------

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


class _Cancelled(Exception):
    """Raised inside the import's unit of work so that it rolls back."""


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


def _workers_for(rows: int, workers: int | None) -> int:
    """Worker processes for an import of ``rows`` rows: by default one core is left to the
    main process, which writes while the others validate (0: validate here)."""
    if workers is None:
        workers = min((os.cpu_count() or 1) - 1, MAX_WORKERS)
    return workers if rows >= PARALLEL_MIN_ROWS else 0


class ImportService:
    def __init__(
        self,
        db: Database,
        settings: SettingsService,
        audit: AuditService,
        *,
        workers: int | None = None,
    ) -> None:
        """``workers``: processes that validate rows of big imports (default: one per core
        but one, up to 4; 0 validates in this process)."""
        self._db = db
        self._settings = settings
        self._audit = audit
        self._workers = workers
        self.timings: dict[str, float] = {}  # of the last run: read, check+write, seconds

    def preview(self, path: Path) -> ImportPreview:
        """What ``path`` holds: its columns, first rows and a guessed mapping.

        Raises ValidationError("file", ...) for a file that cannot be read as CSV or vCard,
        OSError when it cannot be opened.
        """
        source = _read_source(path)
        if source.table is not None:
            table = source.table
            return ImportPreview(
                kind="csv",
                headers=list(table.headers),
                sample=[list(row) for row in table.rows[:SAMPLE_ROWS]],
                mapping=guess_mapping(table.headers),
                encoding=table.encoding,
                delimiter=table.delimiter,
                total_rows=source.total,
            )
        headers = list(VCARD_SOURCE_HEADERS)
        return ImportPreview(
            kind="vcard",
            headers=headers,
            sample=[list(r.source) for r in source.records[:SAMPLE_ROWS]],
            mapping=guess_mapping(headers),
            encoding="utf-8",
            delimiter="",
            total_rows=source.total,
        )

    def run(
        self,
        path: Path,
        mapping: dict[int, str] | None = None,
        *,
        staff_id: int | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ImportResult:
        """Import ``path`` (CSV through ``mapping``, default the guessed one; or vCard).

        Raises ValidationError("file", ...) for an unusable file; cancelling leaves the
        database untouched and gives a result with ``cancelled`` set.
        """
        import time

        started = time.perf_counter()
        shop = self._settings.get()
        region, first, today = shop.country, day_first_for(shop.country), date.today()
        source = _read_source(path)
        read_done = time.perf_counter()
        tasks: list[_Task] = []
        if source.table is not None:
            table = source.table
            columns = guess_mapping(table.headers) if mapping is None else dict(mapping)
            for start in range(0, len(table.rows), CHUNK_ROWS):
                end = start + CHUNK_ROWS
                args = (
                    table.headers,
                    table.rows[start:end],
                    table.line_numbers[start:end],
                    columns,
                    region,
                    first,
                    today,
                )
                tasks.append((check_table_rows, args))
        else:
            records = source.records
            for start in range(0, len(records), CHUNK_ROWS):
                chunk = records[start : start + CHUNK_ROWS]
                tasks.append((check_records, (chunk, region, first, today)))
        total = source.total
        errors = list(source.card_errors)
        done = len(errors)
        if progress is not None:
            progress(done, total)
        checker = _Checker(tasks, _workers_for(total, self._workers))
        try:
            with self._db.write() as session:
                writer = _Writer(session.connection())
                with _big_cache(session):
                    for checked in checker:
                        if cancelled is not None and cancelled():
                            raise _Cancelled
                        writer.write(checked.valid)
                        errors.extend(checked.errors)
                        done += checked.rows
                        if progress is not None:
                            progress(done, total)
                if cancelled is not None and cancelled():
                    raise _Cancelled
                summary = (
                    f"import of a {source.kind} file: {writer.created} customers created, "
                    f"{writer.skipped} already there, {len(errors)} rows with errors"
                )
                record_audit(session, AuditAction.IMPORT, summary, staff_id=staff_id)
        except _Cancelled:
            return ImportResult(0, 0, [], cancelled=True)
        finally:
            checker.close()
            self.timings = {
                "read": read_done - started,
                "check_and_write": time.perf_counter() - read_done,
            }
        errors.sort(key=lambda e: e.line)
        return ImportResult(writer.created, writer.skipped, errors, cancelled=False)


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


def problem_text(error: RowError) -> str:
    """The problem of a bad row in the current language, with its line."""
    return _("Line {line}: {problem}").format(
        line=error.line, problem=translate_error(error.message, dict(error.params))
    )


def write_error_csv(result: ImportResult, headers: list[str], path: Path) -> None:
    """The bad rows as they were in the file, plus a "problem" column, to fix and re-import.

    Importing the fixed file maps its columns as before; the problem column maps to nothing.
    """
    width = len(headers)
    rows = []
    for error in result.errors:
        cells = list(error.source[:width])
        cells.extend([""] * (width - len(cells)))
        rows.append([*cells, problem_text(error)])
    with _replacing(path, "utf-8-sig") as out:
        _csv_rows(out, [[*headers, PROBLEM_HEADER], *rows])


# --- Export -------------------------------------------------------------------------------------


@contextmanager
def _replacing(path: Path, encoding: str) -> Iterator[IO[str]]:
    """A text file written next to ``path`` and moved over it once complete."""
    handle, temp = tempfile.mkstemp(prefix=".export-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            yield out
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)


def _csv_rows(out: IO[str], rows: Iterable[list[str]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows([neutralize_formula(cell) for cell in row] for row in rows)


@dataclass(frozen=True)
class _Exported:
    name: str
    phone: str
    email: str
    address: str
    birthday: date | None
    language: str
    notes: str
    tags: tuple[str, ...]
    consent_mail: bool
    consent_email: bool
    consent_sms: bool


_EXPORT_COLUMNS = (
    Customer.id,
    Customer.name,
    Customer.phone,
    Customer.email,
    Customer.address,
    Customer.birthday,
    Customer.language,
    Customer.notes,
    Customer.consent_mail,
    Customer.consent_email,
    Customer.consent_sms,
)


def _pages(
    db: Database, query: CustomerQuery | None, ids: list[int] | None
) -> tuple[int, Iterator[list[_Exported]]]:
    with db.read() as session:
        if ids is not None:
            wanted = list(dict.fromkeys(ids))
        else:
            wanted = matching_ids(session, query or CustomerQuery(archive=ArchiveFilter.ALL))

    def pages() -> Iterator[list[_Exported]]:
        for start in range(0, len(wanted), EXPORT_PAGE):
            page = wanted[start : start + EXPORT_PAGE]
            with db.read() as session:
                tags: dict[int, list[str]] = {}
                tag_rows = session.execute(
                    select(CustomerTag.customer_id, Tag.name)
                    .join(Tag, Tag.id == CustomerTag.tag_id)
                    .where(CustomerTag.customer_id.in_(page))
                    .order_by(Tag.name)
                )
                for customer_id, name in tag_rows:
                    tags.setdefault(customer_id, []).append(name)
                rows = {
                    row[0]: _exported(row, tags.get(row[0], ()))
                    for row in session.execute(
                        select(*_EXPORT_COLUMNS).where(Customer.id.in_(page))
                    )
                }
            yield [rows[i] for i in page if i in rows]

    return len(wanted), pages()


def _exported(row: Any, tags: Sequence[str]) -> _Exported:
    return _Exported(
        name=row.name,
        phone=row.phone,
        email=row.email,
        address=row.address,
        birthday=row.birthday,
        language=row.language,
        notes=row.notes,
        tags=tuple(tags),
        consent_mail=row.consent_mail,
        consent_email=row.consent_email,
        consent_sms=row.consent_sms,
    )


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def _csv_cells(c: _Exported) -> list[str]:
    return [
        c.name,
        c.phone,
        c.email,
        c.address,
        c.birthday.isoformat() if c.birthday else "",
        c.language,
        c.notes,
        ", ".join(c.tags),
        _yes(c.consent_mail),
        _yes(c.consent_email),
        _yes(c.consent_sms),
    ]


def _vcard(c: _Exported) -> str:
    contact = VCardContact(
        name=c.name,
        phones=(c.phone,) if c.phone else (),
        emails=(c.email,) if c.email else (),
        address=c.address,
        birthday=c.birthday,
        notes=c.notes,
        categories=c.tags,
        line=0,
    )
    return write_vcard(contact)


class ExportService:
    def __init__(self, db: Database, settings: SettingsService, audit: AuditService) -> None:
        self._db = db
        self._settings = settings
        self._audit = audit

    def export_csv(
        self,
        path: Path,
        query: CustomerQuery | None = None,
        ids: list[int] | None = None,
        *,
        staff_id: int | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> int:
        """Write the customers of ``ids`` (or matching ``query``; neither: all) to a CSV file
        (UTF-8 with BOM, English headers, formulas neutralised); returns how many."""

        def write(out: IO[str], customers: list[_Exported]) -> None:
            _csv_rows(out, (_csv_cells(c) for c in customers))

        return self._export(
            path, "csv", "utf-8-sig", list(EXPORT_HEADERS), write, query, ids,
            staff_id, progress, cancelled,
        )  # fmt: skip

    def export_vcard(
        self,
        path: Path,
        query: CustomerQuery | None = None,
        ids: list[int] | None = None,
        *,
        staff_id: int | None = None,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> int:
        """Write the customers to a vCard 3.0 file; returns how many."""

        def write(out: IO[str], customers: list[_Exported]) -> None:
            out.write("".join(_vcard(c) for c in customers))

        return self._export(
            path, "vcard", "utf-8", None, write, query, ids, staff_id, progress, cancelled
        )

    def _export(
        self,
        path: Path,
        kind: str,
        encoding: str,
        headers: list[str] | None,
        write: Callable[[IO[str], list[_Exported]], None],
        query: CustomerQuery | None,
        ids: list[int] | None,
        staff_id: int | None,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> int:
        total, pages = _pages(self._db, query, ids)
        written = 0
        try:
            with _replacing(path, encoding) as out:
                if headers is not None:
                    _csv_rows(out, [headers])
                if progress is not None:
                    progress(0, total)
                for page in pages:
                    if cancelled is not None and cancelled():
                        raise _Cancelled
                    write(out, page)
                    written += len(page)
                    if progress is not None:
                        progress(written, total)
        except _Cancelled:
            return 0
        how = "selected" if ids is not None else ("filtered" if query is not None else "all")
        self._audit.record(
            AuditAction.EXPORT,
            f"{written} customers exported to {kind} ({how})",
            staff_id=staff_id,
        )
        return written
