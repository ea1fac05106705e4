"""Cards to records: the contacts of a vCard file as import records."""

from __future__ import annotations

from desktop_crm.domain.import_records.record import OTHER_EMAILS_NOTE, ImportRecord
from desktop_crm.domain.vcard import VCardContact


def records_from_vcards(cards: list[VCardContact]) -> list[ImportRecord]:
    """One record per card; its ``source`` follows ``VCARD_SOURCE_HEADERS``."""
    records = []
    for card in cards:
        notes = card.notes
        if len(card.emails) > 1:
            extra = OTHER_EMAILS_NOTE.format(emails=", ".join(card.emails[1:]))
            notes = f"{notes}\n{extra}" if notes else extra
        birthday = card.birthday.isoformat() if card.birthday else ""
        records.append(
            ImportRecord(
                line=card.line,
                name=card.name,
                phone=card.phones[0] if card.phones else "",
                other_phones=card.phones[1:],
                email=card.emails[0] if card.emails else "",
                address=card.address,
                birthday_text=birthday,
                language="",
                notes=notes,
                tags=card.categories,
                consent_mail=False,
                consent_email=False,
                consent_sms=False,
                source=(
                    card.name,
                    "; ".join(card.phones),
                    "; ".join(card.emails),
                    card.address,
                    birthday,
                    card.notes,
                    ", ".join(card.categories),
                ),
            )
        )
    return records
