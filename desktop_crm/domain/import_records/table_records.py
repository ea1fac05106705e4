"""Rows to records: the rows of a CSV table read through a column mapping."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from desktop_crm.domain.csv_format import (
    _NEUTRALIZED_PREFIXES,
    CsvTable,
    unneutralize_formula,
)
from desktop_crm.domain.import_records.header_names import normalize_header
from desktop_crm.domain.import_records.record import IMPORT_FIELDS, OTHER_EMAILS_NOTE, ImportRecord
from desktop_crm.domain.vcard import is_han

_MULTI_VALUE = re.compile(r"\s*(?::::|;|,)\s*")  # Google joins several values with " ::: "
_TRUE_WORDS = frozenset(
    {"1", "y", "yes", "true", "x", "✓", "✔", "on", "si", "sí", "s", "да", "д", "是", "同意"}
)
_MOBILE_HEADER = re.compile(r"mobile|cell|móvil|movil|celular|мобил|сотов|手机")
_ADDRESS_PARTS = ("street", "city", "postal_code", "region", "country")


def _cell(row: list[str], columns: Sequence[int]) -> str:
    """The first non-empty cell of ``columns``, trimmed, without a formula-neutralising quote."""
    for index in columns:
        cell = row[index]
        if cell:
            cell = cell.strip()
            if cell:
                return unneutralize_formula(cell) if cell[0] == "'" else cell
    return ""


def _getter(columns: Sequence[int]) -> Callable[[list[str]], str]:
    """A function giving ``_cell(row, columns)``, quicker for the usual single column."""
    if not columns:
        return lambda row: ""
    if len(columns) > 1:
        return lambda row: _cell(row, columns)
    index = columns[0]
    prefixes = _NEUTRALIZED_PREFIXES

    def one(row: list[str]) -> str:
        cell = row[index].strip()
        return cell[1:] if cell[:2] in prefixes else cell

    return one


def _values(row: list[str], columns: Sequence[int]) -> list[str]:
    """Every value in ``columns``, cells holding several ("a ::: b", "a; b") split, no repeats."""
    values: list[str] = []
    for index in columns:
        cell = row[index]
        if not cell or cell.isspace():
            continue
        cell = unneutralize_formula(cell.strip())
        parts = (
            _MULTI_VALUE.split(cell) if ("," in cell or ";" in cell or ":::" in cell) else [cell]
        )
        for part in parts:
            if part and part not in values:
                values.append(part)
    return values


def _text(row: list[str], columns: Sequence[int]) -> str:
    """The non-empty cells of ``columns`` as lines (newlines normalised)."""
    texts = []
    for index in columns:
        cell = row[index]
        if cell and not cell.isspace():
            cell = unneutralize_formula(cell.strip())
            if "\r" in cell:
                cell = cell.replace("\r\n", "\n").replace("\r", "\n")
            texts.append(cell)
    return "\n".join(texts)


def _multiline(row: list[str], columns: Sequence[int]) -> str:
    """The first non-empty cell of ``columns``, its newlines normalised."""
    cell = _cell(row, columns)
    if "\r" in cell:
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def _tags(row: list[str], columns: Sequence[int]) -> tuple[str, ...]:
    """The tags in ``columns``: cells split on ``,`` ``;`` and Google's `` ::: ``."""
    tags: list[str] = []
    for index in columns:
        cell = row[index]
        if not cell or cell.isspace():
            continue
        if ":::" in cell:
            cell = cell.replace(":::", ",")
        if ";" in cell:
            cell = cell.replace(";", ",")
        for part in cell.split(","):
            part = unneutralize_formula(part.strip())
            # Google's own groups ("* myContacts", "* starred") are not the shop's tags.
            if part and part[0] != "*":
                tags.append(part)
    return tuple(tags)


def full_name(first: str, last: str) -> str:
    """First and last name as written: "Ann Lee", but "王小明" for Chinese names."""
    if is_han(first) and is_han(last):
        return last + first
    return f"{first} {last}".strip()


def _truthy(text: str) -> bool:
    """Whether a consent cell says yes (anything else, empty included, is no)."""
    return bool(text) and text.casefold() in _TRUE_WORDS


def records_from_table(table: CsvTable, mapping: dict[int, str]) -> list[ImportRecord]:
    """One record per row of ``table``, read through ``mapping`` (column index -> field).

    Several columns may map to one field: the first non-empty cell wins (phones: mobile
    columns first; the other numbers go to ``other_phones``; extra email addresses and
    notes columns are kept in ``notes``). Address parts (street, city, ...) form the address
    when no ``address`` column has one; with several address groups (Outlook's home,
    business, other) the first group with anything in it is taken whole.
    """
    width = len(table.headers)
    columns: dict[str, list[int]] = {field: [] for field in IMPORT_FIELDS}
    for index, field in sorted(mapping.items()):
        if field not in columns:
            raise ValueError(f"unknown import field {field!r}")
        if 0 <= index < width:
            columns[field].append(index)
    headers = [normalize_header(h) for h in table.headers]
    columns["phone"].sort(key=lambda i: not _MOBILE_HEADER.search(headers[i]))
    groups = [
        tuple(columns[part][k] if k < len(columns[part]) else -1 for part in _ADDRESS_PARTS)
        for k in range(max(len(columns[part]) for part in _ADDRESS_PARTS))
    ]

    name_cols, first_cols, last_cols = columns["name"], columns["first_name"], columns["last_name"]
    phone_cols, email_cols, address_cols = columns["phone"], columns["email"], columns["address"]
    notes_cols, tag_cols = columns["notes"], columns["tags"]
    name_of, birthday_of, language_of = (
        _getter(name_cols),
        _getter(columns["birthday"]),
        _getter(columns["language"]),
    )
    mail_of, email_consent_of, sms_of = (
        _getter(columns["consent_mail"]),
        _getter(columns["consent_email"]),
        _getter(columns["consent_sms"]),
    )
    simple_phone = phone_cols[0] if len(phone_cols) == 1 else -1
    simple_email = email_cols[0] if len(email_cols) == 1 else -1

    records: list[ImportRecord] = []
    append = records.append
    new = object.__new__
    no_phones: tuple[str, ...] = ()
    for row, line in zip(table.rows, table.line_numbers, strict=True):
        name = name_of(row)
        if not name and (first_cols or last_cols):
            name = full_name(_cell(row, first_cols), _cell(row, last_cols))
        if simple_phone >= 0 and not _has_separator(row[simple_phone]):
            phone, other_phones = _cell(row, phone_cols), no_phones
        elif phone_cols:
            phones = _values(row, phone_cols)
            phone, other_phones = (phones[0], tuple(phones[1:])) if phones else ("", no_phones)
        else:
            phone, other_phones = "", no_phones
        notes = _text(row, notes_cols) if notes_cols else ""
        if simple_email >= 0 and not _has_separator(row[simple_email]):
            email = _cell(row, email_cols)
        elif email_cols:
            emails = _values(row, email_cols)
            email = emails[0] if emails else ""
            if len(emails) > 1:
                extra = OTHER_EMAILS_NOTE.format(emails=", ".join(emails[1:]))
                notes = f"{notes}\n{extra}" if notes else extra
        else:
            email = ""
        address = _multiline(row, address_cols) if address_cols else ""
        if not address and groups:
            address = _address(row, groups)
        # A frozen dataclass's __init__ sets each field through object.__setattr__: filling
        # the instance's __dict__ directly is twice as fast, and a row must cost microseconds.
        record = new(ImportRecord)
        record.__dict__.update(
            line=line,
            name=name,
            phone=phone,
            other_phones=other_phones,
            email=email,
            address=address,
            birthday_text=birthday_of(row),
            language=language_of(row),
            notes=notes,
            tags=_tags(row, tag_cols) if tag_cols else (),
            consent_mail=_truthy(mail_of(row)),
            consent_email=_truthy(email_consent_of(row)),
            consent_sms=_truthy(sms_of(row)),
            source=tuple(row),
        )
        append(record)
    return records


def _has_separator(cell: str) -> bool:
    return "," in cell or ";" in cell or ":::" in cell


def _address(row: list[str], groups: list[tuple[int, ...]]) -> str:
    """The first address group with something in it, as lines: street, "postcode city", ..."""
    for street_i, city_i, postal_i, region_i, country_i in groups:
        street, city, postal, region, country = (
            _cell(row, (i,)) if i >= 0 else ""
            for i in (street_i, city_i, postal_i, region_i, country_i)
        )
        if street or city or postal or region or country:
            town = f"{postal} {city}".strip()
            street = street.replace("\r\n", "\n").replace("\r", "\n")
            return "\n".join(p for p in (street, town, region, country) if p)
    return ""
