"""From the rows of a CSV file or the cards of a vCard file to customer drafts.

``guess_mapping`` recognises the columns of Google Contacts and Outlook exports and plain
English, Spanish, Russian and Chinese headers; ``records_from_table`` reads each row through a
mapping into an ``ImportRecord`` (raw text, cheap, never fails); ``draft_from_record`` parses
what needs parsing (birthday, language) into a ``CustomerDraft`` for ``validate_customer``.

The code lives in this package's modules; this module lists the public names.
"""

from desktop_crm.domain.import_records.birthdays import is_yearless_birthday, parse_birthday
from desktop_crm.domain.import_records.drafts import draft_from_record
from desktop_crm.domain.import_records.header_mapping import guess_mapping
from desktop_crm.domain.import_records.header_names import normalize_header
from desktop_crm.domain.import_records.languages import parse_language
from desktop_crm.domain.import_records.record import (
    IMPORT_FIELDS,
    OTHER_EMAILS_NOTE,
    OTHER_PHONES_NOTE,
    VCARD_SOURCE_HEADERS,
    ImportRecord,
)
from desktop_crm.domain.import_records.table_records import full_name, records_from_table
from desktop_crm.domain.import_records.vcard_records import records_from_vcards

__all__ = [
    "IMPORT_FIELDS",
    "OTHER_EMAILS_NOTE",
    "OTHER_PHONES_NOTE",
    "VCARD_SOURCE_HEADERS",
    "ImportRecord",
    "draft_from_record",
    "full_name",
    "guess_mapping",
    "is_yearless_birthday",
    "normalize_header",
    "parse_birthday",
    "parse_language",
    "records_from_table",
    "records_from_vcards",
]
