"""Making a document off the UI thread: small ones quietly, batches behind a progress dialog
that can be cancelled. The Documents page and the actions that open it share these words."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_crm.documents.api import (
    CommentCardRequest,
    DocumentCancelled,
    DocumentKind,
    DocumentRequest,
    GeneratedDocument,
    GuaranteeLetterRequest,
    ReminderNoteRequest,
    generate,
)
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.shop import Shop
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.tasks import Progress, Task, run_in_background
from desktop_crm.ui.widgets.progress_dialog import ProgressDialog, run_with_progress

BATCH_THRESHOLD = 20
"""Above this many cards, letters or notes the progress dialog shows (with Cancel)."""

KIND_TITLES: dict[DocumentKind, Callable[[], str]] = {
    DocumentKind.COMMENT_CARD: lambda: _("Comment cards"),
    DocumentKind.GUARANTEE_LETTER: lambda: _("Guarantee letters"),
    DocumentKind.EXPECTATION_FORM: lambda: _("Expectation form"),
    DocumentKind.REMINDER_NOTE: lambda: _("Reminder notes"),
    DocumentKind.BROCHURE: lambda: _("Company brochure"),
    DocumentKind.AGENDA: lambda: _("Today's agenda"),
}

KIND_EXPLANATIONS: dict[DocumentKind, Callable[[], str]] = {
    DocumentKind.COMMENT_CARD: lambda: _("Numbered cards asking customers how you did"),
    DocumentKind.GUARANTEE_LETTER: lambda: _("The 100% satisfaction promise, signed, per buyer"),
    DocumentKind.EXPECTATION_FORM: lambda: _("What a customer expects, before delivery"),
    DocumentKind.REMINDER_NOTE: lambda: _("A friendly note for a birthday, service, renewal"),
    DocumentKind.BROCHURE: lambda: _("Who you are, your people, products and guarantee"),
    DocumentKind.AGENDA: lambda: _("What is due on a day, as one printable list"),
}


def batch_size(request: DocumentRequest) -> int:
    """How many cards, letters or notes ``request`` makes (1 for single documents)."""
    if isinstance(request, CommentCardRequest):
        return request.count
    if isinstance(request, GuaranteeLetterRequest):
        return len(request.customer_ids)
    if isinstance(request, ReminderNoteRequest):
        return len(request.reminder_ids)
    return 1


class DocumentRun:
    """A document being made: ``finished`` once its callback ran; ``dialog`` for batches."""

    def __init__(self, task: Task, dialog: ProgressDialog | None) -> None:
        self.task = task
        self.dialog = dialog

    @property
    def finished(self) -> bool:
        return self.task.finished


def generate_document(
    parent: QWidget,
    shop: Shop,
    request: DocumentRequest,
    on_done: Callable[[GeneratedDocument], None],
    on_error: Callable[[BaseException], None],
) -> DocumentRun:
    """Make the PDF ``request`` asks for on the thread pool; ``on_done`` or ``on_error``
    (DocumentCancelled when the user cancelled) then runs on the UI thread."""
    if batch_size(request) <= BATCH_THRESHOLD:

        def quietly(progress: Progress) -> Any:
            return generate(shop, request, progress)

        return DocumentRun(run_in_background(quietly, on_done, on_error), None)

    def work(progress: Progress, cancelled: Callable[[], bool]) -> Any:
        return generate(shop, request, progress, cancelled)

    job = run_with_progress(
        parent,
        KIND_TITLES[request.kind](),
        _making_text(request),
        work,
        on_done,
        on_error,
    )
    return DocumentRun(job.task, job.dialog)


def _making_text(request: DocumentRequest) -> str:
    count = batch_size(request)
    if isinstance(request, CommentCardRequest):
        text = ngettext("Making {count} comment card…", "Making {count} comment cards…", count)
    elif isinstance(request, GuaranteeLetterRequest):
        text = ngettext("Writing {count} letter…", "Writing {count} letters…", count)
    else:
        text = ngettext("Writing {count} note…", "Writing {count} notes…", count)
    return text.format(count=f"{count:,}")


def failure_text(error: BaseException) -> str:
    """Why a document could not be made, in the user's language."""
    if isinstance(error, CrmError):
        return error_text(error)
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) or type(error).__name__


def was_cancelled(error: BaseException) -> bool:
    return isinstance(error, DocumentCancelled)
