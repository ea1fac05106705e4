"""The expectation form handed out before a delivery: for each attribute, the level the
customer expects (on the comment card's own 1–5 scale, so the two can be compared later) and
how important it is; filled on screen (printed ticked) or on paper (blank boxes)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime

from reportlab.pdfgen.canvas import Canvas

from desktop_crm.documents.api import (
    DocumentKind,
    ExpectationEntry,
    ExpectationFormRequest,
    GeneratedDocument,
    check_cancelled,
)
from desktop_crm.documents.context import MM, DocumentContext, document_context
from desktop_crm.documents.layout import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    draw_letterhead,
    draw_text_box,
    fit_text,
    font,
)
from desktop_crm.documents.sheet import (
    RATING_SCALE,
    SHADE,
    BoxRow,
    ascii_slug,
    draw_boxes,
    draw_end_labels,
    importance_labels,
    rating_labels,
)
from desktop_crm.domain.recurrence import local_today
from desktop_crm.services.company_profile import DEFAULT_EXPECTATION_ATTRIBUTES
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.shop import Shop

MARGIN = 20 * MM
SCALE = list(range(RATING_SCALE[0], RATING_SCALE[1] + 1))


@dataclass(frozen=True)
class FormData:
    """What one form prints, in the form's language."""

    customer_name: str
    date_text: str
    entries: tuple[ExpectationEntry, ...]
    notes: str


def form_entries(
    ctx: DocumentContext, request: ExpectationFormRequest
) -> tuple[ExpectationEntry, ...]:
    """The request's entries; else the profile's attributes; else the standard ones,
    translated into the form's language."""
    if request.entries:
        return request.entries
    attributes = ctx.profile.expectation_attributes or tuple(
        ctx.gettext(a) for a in DEFAULT_EXPECTATION_ATTRIBUTES
    )
    return tuple(ExpectationEntry(a) for a in attributes)


def build(
    shop: Shop,
    request: ExpectationFormRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    check_cancelled(cancelled)
    base = document_context(shop)
    name = ""
    language = request.language
    if request.customer_id is not None:
        customer = shop.customers.get(request.customer_id)
        name = customer.name
        language = language or customer.language
    ctx = base.in_language(language) if language else base
    today = local_today(datetime.now(UTC), ctx.time_zone)
    data = FormData(
        customer_name=name,
        date_text=ctx.date(today) if request.customer_id is not None else "",
        entries=form_entries(ctx, request),
        notes=request.notes.strip(),
    )
    pdf = render_form(ctx, data)
    if progress is not None:
        progress(1, 1)
    if request.customer_id is None:
        part = "blank"
    else:
        part = ascii_slug(name, fallback=f"customer-{request.customer_id}")
    return GeneratedDocument(DocumentKind.EXPECTATION_FORM, pdf, 1, f"expectation-form-{part}.pdf")


def _centred_lines(
    canvas: Canvas, text: str, centre: float, top: float, width: float, size: float, lines: int
) -> None:
    """A column heading: centred, wrapped to ``lines`` lines, shrunk when needed."""
    fitted = fit_text(text, width, lines * size * 1.2, size, min_size=size * 0.6)
    canvas.setFont(font(), fitted.size)
    y = top - fitted.size
    for line in fitted.lines:
        canvas.drawCentredString(centre, y, line)
        y -= fitted.size * 1.2


def _field(
    canvas: Canvas, label: str, value: str, x: float, y: float, width: float, label_w: float
) -> None:
    """``label`` and a line to write on, with ``value`` printed on the line when known."""
    draw_text_box(canvas, label, x, y + 12, label_w - 4, 12, 9, 6, MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(x + label_w, y, x + width, y)
    if value:
        draw_text_box(canvas, value, x + label_w + 3, y + 15, width - label_w - 6, 14, 12, 6)


def render_form(ctx: DocumentContext, data: FormData) -> bytes:
    _ = ctx.gettext
    page_w = ctx.page_size[0]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=ctx.page_size, pageCompression=1)
    title = _("What do you expect from us?")
    canvas.setTitle(f"{title} · {ctx.shop_name}")
    canvas.setAuthor(ctx.shop_name)
    x, width = MARGIN, page_w - 2 * MARGIN
    bottom = 18 * MM
    y = draw_letterhead(canvas, ctx, MARGIN) - 9 * MM
    y = draw_text_box(canvas, title, x, y, width, 2 * 20 * 1.2, 20, 12, ACCENT) - 5 * MM

    # Who and when.
    name_w = width * 0.62
    label_w = 22 * MM
    _field(canvas, _("Name"), data.customer_name, x, y - 16, name_w - 8 * MM, label_w)
    _field(canvas, _("Date"), data.date_text, x + name_w, y - 16, width - name_w, 14 * MM)
    y -= 16 + 8 * MM

    intro = _(
        "Before we deliver, tell us what you expect from us, so that we can get it right. "
        "For each point, tick how good you expect it to be and how important it is to you."
    )
    y = draw_text_box(canvas, intro, x, y, width, 3 * 10.5 * 1.2, 10.5, 7) - 5 * MM

    # The table: attribute | what you expect 1–5 | how important 1–5.
    signature_h = 16 * MM
    notes_min = 38 * MM
    head_h = 36.0  # two lines of heading, then the scale's end labels
    rows = len(data.entries)
    room = y - bottom - signature_h - notes_min - head_h - 12 * MM
    row_h = max(12.0, min(30.0, room / max(rows, 1)))
    box = min(15.0, row_h * 0.62)
    boxes = BoxRow.fitting(5, box, 120)
    col_w = max(boxes.width + 24, 150.0)
    expect_x = x + width - 2 * col_w
    importance_x = x + width - col_w
    canvas.setFillColor(INK)
    for heading, labels, left in (
        (_("What you expect"), rating_labels(ctx), expect_x),
        (_("How important is it to you"), importance_labels(ctx), importance_x),
    ):
        canvas.setFillColor(ACCENT)
        _centred_lines(canvas, heading, left + col_w / 2, y, col_w - 8, 9.5, 2)
        # The end labels spread over the whole column: translations are often long.
        draw_end_labels(canvas, labels, left + 5, col_w - 10, y - head_h + 5, 7)
    y -= head_h
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(0.8)
    canvas.line(x, y, x + width, y)
    text_size = min(11.0, max(6.5, row_h * 0.42))
    for index, entry in enumerate(data.entries):
        if index % 2 == 0:
            canvas.setFillColor(SHADE)
            canvas.rect(x, y - row_h, width, row_h, stroke=0, fill=1)
        fitted = fit_text(entry.attribute, expect_x - x - 10, row_h - 2, text_size, 5)
        text_h = len(fitted.lines) * fitted.size * 1.2
        draw_text_box(
            canvas,
            entry.attribute,
            x + 5,
            y - (row_h - text_h) / 2,
            expect_x - x - 10,
            row_h - 2,
            text_size,
            5,
        )
        box_y = y - (row_h + boxes.box) / 2
        draw_boxes(
            canvas, boxes, expect_x + (col_w - boxes.width) / 2, box_y, SCALE, entry.expected
        )
        draw_boxes(
            canvas, boxes, importance_x + (col_w - boxes.width) / 2, box_y, SCALE, entry.importance
        )
        y -= row_h
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(x, y, x + width, y)
    for left in (expect_x, importance_x):
        canvas.line(left, y, left, y + rows * row_h)
    y -= 9 * MM

    # Free text.
    y = (
        draw_text_box(canvas, _("Anything else we should know?"), x, y, width, 16, 11, 7, ACCENT)
        - 2 * MM
    )
    notes_h = y - bottom - signature_h - 6 * MM
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.roundRect(x, y - notes_h, width, notes_h, 4, stroke=1, fill=0)
    inner = 4 * MM
    # Notes typed on screen come first; the rest of the box is lines to write on.
    line_y = y - 9 * MM
    if data.notes:
        below = draw_text_box(
            canvas,
            data.notes,
            x + inner,
            y - inner,
            width - 2 * inner,
            notes_h - 2 * inner,
            10.5,
            6,
        )
        line_y = below - 8 * MM
    canvas.setStrokeColor(RULE)
    while line_y > y - notes_h + 4 * MM:
        canvas.line(x + inner, line_y, x + width - inner, line_y)
        line_y -= 8 * MM

    # Signature and date, at the foot of the page.
    sign_y = bottom + 4 * MM
    canvas.setFillColor(INK)
    _field(canvas, _("Signature"), "", x, sign_y, width * 0.6 - 8 * MM, 24 * MM)
    _field(canvas, _("Date"), "", x + width * 0.6, sign_y, width * 0.4, 14 * MM)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
