"""The rows of the mapping page's preview: the first rows as they would be imported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_crm.domain.contact_details import format_phone
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.ui.labels import language_name

if TYPE_CHECKING:
    from desktop_crm.domain.customers import CustomerDraft


@dataclass(frozen=True)
class PreviewRow:
    row: str
    values: dict[str, str]
    remark: str  # why it will not be imported, or that it is skipped as already there
    problem: bool


def _shown(draft: CustomerDraft, region: str) -> dict[str, str]:
    """A validated draft's fields as the customer view shows them."""
    consent = [
        label
        for label, given in (
            (_("mail"), draft.consent_mail),
            (_("email"), draft.consent_email),
            (_("SMS"), draft.consent_sms),
        )
        if given
    ]
    return {
        "name": draft.name,
        "phone": format_phone(draft.phone, region) if draft.phone else "",
        "email": draft.email,
        "address": draft.address,
        "birthday": format_date(draft.birthday),
        "language": language_name(draft.language) if draft.language else "",
        "tags": ", ".join(draft.tags),
        "notes": draft.notes,
        "consent": ", ".join(consent),
    }
