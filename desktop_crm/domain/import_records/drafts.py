"""From an import record to the customer draft that ``validate_customer`` checks."""

from __future__ import annotations

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.import_records.birthdays import is_yearless_birthday, parse_birthday
from desktop_crm.domain.import_records.languages import parse_language
from desktop_crm.domain.import_records.record import OTHER_PHONES_NOTE, ImportRecord
from desktop_crm.domain.vcard import NO_YEAR_BIRTHDAY_NOTE


def draft_from_record(record: ImportRecord, day_first: bool) -> CustomerDraft:
    """The customer draft of ``record`` (for ``validate_customer``), other phones in the notes.

    Raises ``ValidationError`` naming the field (birthday, language) it cannot read.
    """
    notes = record.notes
    birthday = None
    if record.birthday_text:
        birthday = parse_birthday(record.birthday_text, day_first)
        if birthday is None and is_yearless_birthday(record.birthday_text):
            extra = NO_YEAR_BIRTHDAY_NOTE.format(text=record.birthday_text.strip())
            notes = f"{notes}\n{extra}" if notes else extra
    if record.other_phones:
        extra = OTHER_PHONES_NOTE.format(phones=", ".join(record.other_phones))
        notes = f"{notes}\n{extra}" if notes else extra
    return CustomerDraft(
        name=record.name,
        phone=record.phone,
        email=record.email,
        address=record.address,
        birthday=birthday,
        language=parse_language(record.language) if record.language else "",
        notes=notes,
        tags=record.tags,
        consent_mail=record.consent_mail,
        consent_email=record.consent_email,
        consent_sms=record.consent_sms,
    )
