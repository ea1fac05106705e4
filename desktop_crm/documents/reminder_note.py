"""The reminder note: a short, friendly postcard per reminder (birthday, service, renewal,
win-back, follow-up) with the suggested message, in the customer's language. Two notes per
A4 or Letter sheet (A5 or half-letter halves), with a cut line between them. Drawn on the
canvas: every piece has a fixed place, and names shrink to their box."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from reportlab.pdfgen.canvas import Canvas

from desktop_crm.documents import layout
from desktop_crm.documents.api import (
    DocumentKind,
    GeneratedDocument,
    ReminderNoteRequest,
    check_cancelled,
)
from desktop_crm.documents.context import MM, DocumentContext, document_context, plain_spaces
from desktop_crm.domain.errors import N_
from desktop_crm.domain.recurrence import local_today
from desktop_crm.services.document_data import ReminderNoteData
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.reminders.kinds import ReminderKind
from desktop_crm.services.shop import Shop

NOTES_PER_PAGE = 2
PROGRESS_EVERY = 25
MARGIN = 12 * MM

HEADINGS: dict[str, str] = {
    ReminderKind.BIRTHDAY: N_("Happy birthday!"),
    ReminderKind.SERVICE: N_("Time for your service"),
    ReminderKind.RENEWAL: N_("Time to renew"),
    ReminderKind.FOLLOW_UP: N_("How did it go?"),
    ReminderKind.WIN_BACK: N_("We miss you!"),
    ReminderKind.MANUAL: N_("A note for you"),
}
"""The note's heading by the reminder's kind (translated when printed)."""


def _draw_note(
    canvas: Canvas, ctx: DocumentContext, note: ReminderNoteData, bottom: float, height: float
) -> None:
    """One note in the band of the page from ``bottom`` up ``height`` points."""
    _ = ctx.gettext
    page_width = ctx.page_size[0]
    top = bottom + height - MARGIN
    left = MARGIN
    inner = page_width - 2 * MARGIN
    message_width = inner * 0.58
    divider = left + message_width + 6 * MM
    address_x = divider + 6 * MM
    address_width = page_width - MARGIN - address_x

    # The shop, small: logo and name.
    x = left
    logo = layout.image_reader(ctx.logo)
    if logo is not None:
        x += layout.draw_image_fitted(canvas, logo, left, top - 11 * MM, 26 * MM, 11 * MM) + 4 * MM
    layout.draw_text_box(
        canvas,
        ctx.shop_name,
        x,
        top - 1 * MM,
        left + message_width - x,
        9 * MM,
        12,
        7,
        layout.ACCENT,
    )

    # Heading and message.
    heading = _(HEADINGS.get(note.kind, HEADINGS[ReminderKind.MANUAL]))
    y = top - 17 * MM
    after = layout.draw_text_box(
        canvas, heading, left, y, message_width, 12 * MM, 20, 11, layout.ACCENT
    )
    canvas.setStrokeColor(layout.ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(left, after - 2 * MM, left + 18 * MM, after - 2 * MM)
    message_top = after - 6 * MM
    signature_height = 6 * MM
    message_bottom = bottom + MARGIN + 8 * MM + signature_height
    layout.draw_text_box(
        canvas,
        plain_spaces(note.message),
        left,
        message_top,
        message_width,
        message_top - message_bottom,
        13,
        7,
    )
    signer = ctx.profile.owner_name or ctx.shop_name
    if signer:
        sign = "— " + ", ".join(p for p in (ctx.profile.owner_name, ctx.shop_name) if p)
        layout.draw_text_box(
            canvas, sign, left, message_bottom, message_width, signature_height, 10, 6, layout.MUTED
        )

    # The divider, the stamp box and the address, as on a postcard.
    canvas.setStrokeColor(layout.RULE)
    canvas.setLineWidth(0.6)
    canvas.line(divider, bottom + MARGIN + 8 * MM, divider, top)
    stamp_width, stamp_height = 20 * MM, 24 * MM
    canvas.setDash(2, 2)
    canvas.rect(page_width - MARGIN - stamp_width, top - stamp_height, stamp_width, stamp_height)
    canvas.setDash()
    address = "\n".join(p for p in (note.customer_name, note.customer_address.strip()) if p)
    address_top = top - stamp_height - 14 * MM
    address_height = address_top - (bottom + MARGIN + 12 * MM)
    layout.draw_text_box(
        canvas, address, address_x, address_top, address_width, address_height, 11.5, 6
    )

    # The shop's contact details along the bottom.
    contact = layout.contact_line(ctx)
    if contact:
        layout.draw_text_box(
            canvas, contact, left, bottom + MARGIN + 4 * MM, inner, 5 * MM, 8, 5.5, layout.MUTED
        )


def _cut_line(canvas: Canvas, page_width: float, y: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(layout.RULE)
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    canvas.line(6 * MM, y, page_width - 6 * MM, y)
    canvas.restoreState()


def build(
    shop: Shop,
    request: ReminderNoteRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    base = document_context(shop)
    notes = shop.document_data.reminder_notes(request.reminder_ids)
    check_cancelled(cancelled)
    page_width, page_height = base.page_size
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=base.page_size, invariant=1, pageCompression=1)
    canvas.setTitle(base.gettext("Reminder notes"))
    canvas.setAuthor(base.shop_name)
    half = page_height / NOTES_PER_PAGE
    pages = 0
    for number, note in enumerate(notes):
        slot = number % NOTES_PER_PAGE
        if slot == 0:
            if number:
                canvas.showPage()
            pages += 1
            _cut_line(canvas, page_width, half)
        ctx = base.in_language(note.language)
        _draw_note(canvas, ctx, note, page_height - (slot + 1) * half, half)
        if (number + 1) % PROGRESS_EVERY == 0:
            check_cancelled(cancelled)
            if progress is not None:
                progress(number + 1, len(notes))
    if not notes:
        pages = 1
        empty = base.gettext("No reminders were chosen for a note.")
        layout.draw_text_box(
            canvas, empty, MARGIN, page_height - MARGIN, page_width - 2 * MARGIN, 20, 12
        )
    canvas.showPage()
    canvas.save()
    if progress is not None:
        progress(len(notes), len(notes))
    day = local_today(datetime.now(UTC), base.time_zone).isoformat()
    name = (
        f"reminder-note-{notes[0].reminder_id}.pdf"
        if len(notes) == 1
        else f"reminder-notes-{len(notes)}-{day}.pdf"
    )
    return GeneratedDocument(DocumentKind.REMINDER_NOTE, buffer.getvalue(), pages, name)
