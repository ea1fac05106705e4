"""The import service: what a file holds, and importing it in one transaction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_crm.domain.import_records.header_mapping import guess_mapping
from desktop_crm.domain.import_records.record import VCARD_SOURCE_HEADERS
from desktop_crm.services.audit import AuditAction, AuditService, record_audit
from desktop_crm.services.imports.results import ImportPreview, ImportResult
from desktop_crm.services.imports.sources import _read_source
from desktop_crm.services.imports.validation import check_records, check_table_rows
from desktop_crm.services.imports.worker_pool import _Checker, _Task, _workers_for
from desktop_crm.services.imports.writer import _big_cache, _Writer
from desktop_crm.services.progress import Cancelled, Progress, _Cancelled
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database

SAMPLE_ROWS = 20
CHUNK_ROWS = 2_000  # rows validated per task and written per executemany batch
# Regions that write dates month first (3/4/1980 is March 4th there).
MONTH_FIRST_REGIONS = frozenset({"US", "PH", "FM", "MH", "PW", "AS", "GU", "MP", "PR", "VI", "UM"})


def day_first_for(region: str) -> bool:
    """Whether people in ``region`` write 3/4/1980 for April 3rd."""
    return region.upper() not in MONTH_FIRST_REGIONS


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
