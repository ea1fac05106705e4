"""What a customer is made of, and the rules their details must follow."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from desktop_crm.domain.contact_details import normalize_email, normalize_phone
from desktop_crm.domain.errors import N_, ValidationError

MAX_NAME_LENGTH = 200
MAX_NOTES_LENGTH = 100_000
MAX_TAG_LENGTH = 50
LANGUAGES = ("en", "es", "zh", "ru")


@dataclass(frozen=True)
class CustomerDraft:
    """A customer as typed into the dialog, before validation."""

    name: str
    phone: str = ""
    email: str = ""
    address: str = ""
    birthday: date | None = None
    language: str = ""
    notes: str = ""
    tags: tuple[str, ...] = ()
    consent_mail: bool = False
    consent_email: bool = False
    consent_sms: bool = False


def clean_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Tags trimmed, empty ones dropped, duplicates (ignoring case) removed, order kept."""
    seen: dict[str, str] = {}
    for tag in tags:
        text = " ".join(tag.split())
        if not text:
            continue
        if len(text) > MAX_TAG_LENGTH:
            raise ValidationError(
                "tags", N_("A tag is at most {limit} characters."), limit=MAX_TAG_LENGTH
            )
        seen.setdefault(text.casefold(), text)
    return tuple(seen.values())


def validate_customer(draft: CustomerDraft, default_region: str, today: date) -> CustomerDraft:
    """The draft with its values normalised (E.164 phone, normalised email, trimmed text).

    Raises ``ValidationError`` naming the first field at fault.
    """
    name = " ".join(draft.name.split())
    if not name:
        raise ValidationError("name", N_("A customer needs a name."))
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            "name", N_("A name is at most {limit} characters."), limit=MAX_NAME_LENGTH
        )
    phone = normalize_phone(draft.phone, default_region) if draft.phone.strip() else ""
    email = normalize_email(draft.email) if draft.email.strip() else ""
    if draft.birthday is not None and not (date(1900, 1, 1) <= draft.birthday <= today):
        raise ValidationError("birthday", N_("A birthday must lie between 1900 and today."))
    if draft.language and draft.language not in LANGUAGES:
        raise ValidationError("language", N_("This language is not supported."))
    if len(draft.notes) > MAX_NOTES_LENGTH:
        raise ValidationError(
            "notes", N_("Notes are at most {limit} characters."), limit=MAX_NOTES_LENGTH
        )
    return dataclasses.replace(
        draft,
        name=name,
        phone=phone,
        email=email,
        address=draft.address.strip(),
        notes=draft.notes.rstrip(),
        tags=clean_tags(draft.tags),
    )


CONTACT_CHANNELS = ("phone", "visit", "email", "message", "other")
MAX_SUMMARY_LENGTH = 10_000


def validate_contact(channel: str, summary: str) -> tuple[str, str]:
    summary = summary.strip()
    if channel not in CONTACT_CHANNELS:
        raise ValidationError("channel", N_("Choose how the customer was contacted."))
    if not summary:
        raise ValidationError("summary", N_("Say in a few words what the contact was about."))
    if len(summary) > MAX_SUMMARY_LENGTH:
        raise ValidationError(
            "summary", N_("A summary is at most {limit} characters."), limit=MAX_SUMMARY_LENGTH
        )
    return channel, summary
