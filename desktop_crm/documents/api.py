"""The one entry point for documents: a request says what to print, ``generate`` makes the
PDF. Requests are plain data so the UI can build them from a form and the CLI from flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from importlib import import_module
from typing import Protocol

from desktop_crm.domain.errors import N_, CrmError
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.shop import Shop


class DocumentKind(StrEnum):
    COMMENT_CARD = "comment_card"
    GUARANTEE_LETTER = "guarantee_letter"
    EXPECTATION_FORM = "expectation_form"
    REMINDER_NOTE = "reminder_note"
    BROCHURE = "brochure"
    AGENDA = "agenda"


class DocumentCancelled(CrmError):
    """The user cancelled a batch; nothing was saved."""

    def __init__(self) -> None:
        super().__init__(N_("Cancelled; no document was made."))


@dataclass(frozen=True)
class CommentCardRequest:
    count: int = 1  # a batch of cards with consecutive numbers
    per_sheet: int = 1  # 1, 2 or 4 cards on a sheet, to cut
    questionnaire_id: int | None = None  # None: the shop's default questionnaire
    customer_id: int | None = None  # a card handed to one customer (name printed on it)
    contact_fields: bool = True  # optional name/contact lines for the customer to fill
    language: str | None = None  # None: the customer's language, else the shop's
    kind: DocumentKind = field(default=DocumentKind.COMMENT_CARD, init=False)


@dataclass(frozen=True)
class GuaranteeLetterRequest:
    customer_ids: tuple[int, ...]  # one letter each, in this order, in one PDF
    bought_since: date | None = None  # the purchases the letter names; None: the latest
    kind: DocumentKind = field(default=DocumentKind.GUARANTEE_LETTER, init=False)


@dataclass(frozen=True)
class ExpectationEntry:
    attribute: str
    expected: int | None = None  # 1–5, the comment card's scale
    importance: int | None = None  # 1–5


@dataclass(frozen=True)
class ExpectationFormRequest:
    customer_id: int | None = None  # None: a blank form to fill on paper
    # Filled on screen: printed with the ticks made; empty: the profile's attributes, blank.
    entries: tuple[ExpectationEntry, ...] = ()
    notes: str = ""
    language: str | None = None
    kind: DocumentKind = field(default=DocumentKind.EXPECTATION_FORM, init=False)


@dataclass(frozen=True)
class ReminderNoteRequest:
    reminder_ids: tuple[int, ...]  # one note each, in the customer's language
    kind: DocumentKind = field(default=DocumentKind.REMINDER_NOTE, init=False)


@dataclass(frozen=True)
class BrochureRequest:
    language: str | None = None  # None: the shop's language
    kind: DocumentKind = field(default=DocumentKind.BROCHURE, init=False)


@dataclass(frozen=True)
class AgendaRequest:
    day: date | None = None  # None: the shop's today
    kind: DocumentKind = field(default=DocumentKind.AGENDA, init=False)


DocumentRequest = (
    CommentCardRequest
    | GuaranteeLetterRequest
    | ExpectationFormRequest
    | ReminderNoteRequest
    | BrochureRequest
    | AgendaRequest
)


@dataclass(frozen=True)
class GeneratedDocument:
    kind: DocumentKind
    pdf: bytes
    pages: int
    file_name: str  # a suggested name for saving, e.g. "comment-cards-000123-000222.pdf"


class _Builder(Protocol):
    def __call__(
        self,
        shop: Shop,
        request: DocumentRequest,
        progress: Progress | None,
        cancelled: Cancelled | None,
    ) -> GeneratedDocument: ...


# Each document's module has a ``build(shop, request, progress, cancelled)``; modules are
# imported on first use (ReportLab is not needed to start the application).
MODULES = {
    DocumentKind.COMMENT_CARD: "comment_card",
    DocumentKind.GUARANTEE_LETTER: "guarantee_letter",
    DocumentKind.EXPECTATION_FORM: "expectation_form",
    DocumentKind.REMINDER_NOTE: "reminder_note",
    DocumentKind.BROCHURE: "brochure",
    DocumentKind.AGENDA: "agenda",
}


def generate(
    shop: Shop,
    request: DocumentRequest,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> GeneratedDocument:
    """The PDF ``request`` asks for. Long batches report ``progress(done, total)`` and stop
    with DocumentCancelled as soon as ``cancelled()`` is true. Safe to call off the UI
    thread (services open their own sessions)."""
    module = import_module(f"desktop_crm.documents.{MODULES[request.kind]}")
    build: _Builder = module.build
    return build(shop, request, progress, cancelled)


def check_cancelled(cancelled: Cancelled | None) -> None:
    if cancelled is not None and cancelled():
        raise DocumentCancelled()
