"""Bringing customers out (CSV and vCard), in bulk.

Exports stream customers a page at a time as plain rows, never loading them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from desktop_crm.domain.vcard import VCardContact, write_vcard
from desktop_crm.services.audit import AuditAction, AuditService
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery, matching_ids
from desktop_crm.services.file_output import _csv_rows, _replacing
from desktop_crm.services.progress import Cancelled, Progress, _Cancelled
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, CustomerTag, Tag

EXPORT_PAGE = 1_000
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
