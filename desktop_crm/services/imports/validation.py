"""Checking rows (runs in worker processes: top-level functions, no database)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from desktop_crm.domain.csv_format import CsvTable
from desktop_crm.domain.customers import validate_customer
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.import_records.drafts import draft_from_record
from desktop_crm.domain.import_records.record import ImportRecord
from desktop_crm.domain.import_records.table_records import records_from_table
from desktop_crm.domain.search_text import customer_terms, sort_key
from desktop_crm.services.imports.results import RowError

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
