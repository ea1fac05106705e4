"""An import record: one row or card as text, and the fields a column can be imported as."""

from __future__ import annotations

from dataclasses import dataclass

IMPORT_FIELDS: tuple[str, ...] = (
    "name",
    "first_name",
    "last_name",
    "phone",
    "email",
    "address",
    "street",
    "city",
    "postal_code",
    "region",
    "country",
    "birthday",
    "language",
    "notes",
    "tags",
    "consent_mail",
    "consent_email",
    "consent_sms",
)
# The columns of the error CSV made from vCard records (``ImportRecord.source``); they map
# themselves back when that CSV is imported.
VCARD_SOURCE_HEADERS: tuple[str, ...] = (
    "name",
    "phone",
    "email",
    "address",
    "birthday",
    "notes",
    "tags",
)
# Extra phone numbers and email addresses of a record are kept in its notes, after these.
OTHER_PHONES_NOTE = "☎ {phones}"
OTHER_EMAILS_NOTE = "✉ {emails}"


@dataclass(frozen=True)
class ImportRecord:
    """One row or card as text, before validation; ``source`` holds the original cells."""

    line: int
    name: str
    phone: str
    other_phones: tuple[str, ...]
    email: str
    address: str
    birthday_text: str
    language: str
    notes: str
    tags: tuple[str, ...]
    consent_mail: bool
    consent_email: bool
    consent_sms: bool
    source: tuple[str, ...]
