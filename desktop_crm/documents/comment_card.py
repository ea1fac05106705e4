"""Numbered comment cards printed from a questionnaire, one, two or four to a sheet.

Speed: everything that is the same on every card of a batch (logo, questions, boxes, the
customer's name) is laid out once and drawn once per place on the sheet into a PDF form
XObject; each card then costs one form reference plus its number and barcode. The forms are
drawn in page coordinates (no transform) so text positions read back from the PDF are the
real ones, and each form's bounding box is its card, so nothing can spill onto a neighbour.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.colors import white
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop_crm.documents.api import (
    CommentCardRequest,
    DocumentKind,
    GeneratedDocument,
    check_cancelled,
)
from desktop_crm.documents.context import MM, DocumentContext, document_context
from desktop_crm.documents.layout import (
    ACCENT,
    INK,
    MUTED,
    RULE,
    draw_image_fitted,
    draw_text_box,
    fit_text,
    font,
    image_reader,
    text_width,
)
from desktop_crm.documents.sheet import (
    PER_SHEET,
    SHADE,
    BoxRow,
    Slot,
    card_slots,
    draw_boxes,
    draw_cut_lines,
    draw_end_labels,
    end_labels,
    scale_values,
)
from desktop_crm.domain.card_numbers import card_code, display_code
from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.questionnaires import QuestionnaireVersionRecord, starter_in_language
from desktop_crm.services.shop import Shop

PROGRESS_EVERY = 50
MAX_SIZE = 12.0  # the base font size on a full-page card with few questions
MIN_SIZE = 5.5  # the smallest base size we would like to print...
LAST_RESORT_SIZE = 3.0  # ...and how far we go before letting a huge questionnaire clip
QUESTION_LINES = 3  # a question's text wraps to at most this many lines (then shrinks)
LEADING = 1.2


# Sizes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Metrics:
    """Every size on a card derives from one base font size, so a card scales as a whole."""

    u: float

    @property
    def text(self) -> float:
        return self.u

    @property
    def small(self) -> float:
        return self.u * 0.72

    @property
    def box(self) -> float:
        return self.u * 1.45

    @property
    def pad(self) -> float:  # vertical padding inside a question row
        return self.u * 0.32

    @property
    def writing(self) -> float:  # the distance between writing lines
        return self.u * 2.1

    @property
    def gap(self) -> float:  # between blocks
        return self.u * 0.7


def text_height(text: str, width: float, size: float, lines: int = QUESTION_LINES) -> float:
    fitted = fit_text(text, width, lines * size * LEADING, size, min_size=size * 0.75)
    return len(fitted.lines) * fitted.size * LEADING


def draw_question_text(
    canvas: Canvas, text: str, x: float, top: float, width: float, size: float
) -> None:
    draw_text_box(canvas, text, x, top, width, QUESTION_LINES * size * LEADING, size, size * 0.75)


# Blocks: the parts of a card between the header and the footer ----------------------


class Block(Protocol):
    def height(self, m: Metrics, width: float) -> float: ...

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None: ...


@dataclass(frozen=True)
class ScaleGroup:
    """Consecutive 1–5 questions of one kind under one header naming the scale's ends."""

    kind: QuestionKind
    texts: tuple[str, ...]
    labels: tuple[str, str]

    def _boxes(self, m: Metrics, width: float) -> BoxRow:
        return BoxRow.fitting(len(scale_values(self.kind)), m.box, width * 0.45)

    def _rows(self, m: Metrics, width: float) -> list[float]:
        text_width_ = width - self._boxes(m, width).width - m.u * 1.2
        return [max(text_height(t, text_width_, m.text), m.box) + 2 * m.pad for t in self.texts]

    def height(self, m: Metrics, width: float) -> float:
        return m.small * 1.5 + sum(self._rows(m, width))

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None:
        boxes = self._boxes(m, width)
        box_x = x + width - boxes.width - m.u * 0.3
        draw_end_labels(canvas, self.labels, box_x, boxes.width, top - m.small * 1.05, m.small)
        y = top - m.small * 1.5
        text_w = width - boxes.width - m.u * 1.2
        for index, (text, row_h) in enumerate(zip(self.texts, self._rows(m, width), strict=True)):
            if index % 2 == 0:
                canvas.setFillColor(SHADE)
                canvas.rect(x, y - row_h, width, row_h, stroke=0, fill=1)
            text_h = text_height(text, text_w, m.text)
            text_top = y - (row_h - text_h) / 2 + m.text * 0.05
            draw_question_text(canvas, text, x + m.u * 0.3, text_top, text_w, m.text)
            draw_boxes(canvas, boxes, box_x, y - (row_h + boxes.box) / 2, scale_values(self.kind))
            y -= row_h


@dataclass(frozen=True)
class YesNoGroup:
    texts: tuple[str, ...]
    answers: tuple[str, str]

    def _answers_width(self, m: Metrics) -> float:
        return sum(m.box + m.u * 0.35 + text_width(a, m.small) for a in self.answers) + m.u * 1.3

    def _rows(self, m: Metrics, width: float) -> list[float]:
        text_w = width - self._answers_width(m) - m.u * 1.2
        return [max(text_height(t, text_w, m.text), m.box) + 2 * m.pad for t in self.texts]

    def height(self, m: Metrics, width: float) -> float:
        return sum(self._rows(m, width))

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None:
        answers_w = self._answers_width(m)
        text_w = width - answers_w - m.u * 1.2
        y = top
        for index, (text, row_h) in enumerate(zip(self.texts, self._rows(m, width), strict=True)):
            if index % 2 == 0:
                canvas.setFillColor(SHADE)
                canvas.rect(x, y - row_h, width, row_h, stroke=0, fill=1)
            text_h = text_height(text, text_w, m.text)
            draw_question_text(
                canvas, text, x + m.u * 0.3, y - (row_h - text_h) / 2, text_w, m.text
            )
            left = x + width - answers_w
            box_y = y - (row_h + m.box) / 2
            canvas.setStrokeColor(INK)
            canvas.setLineWidth(max(0.5, m.box * 0.06))
            canvas.setFont(font(), m.small)
            for answer in self.answers:
                canvas.setFillColor(white)
                canvas.rect(left, box_y, m.box, m.box, stroke=1, fill=1)
                canvas.setFillColor(INK)
                canvas.drawString(left + m.box + m.u * 0.35, box_y + m.box * 0.28, answer)
                left += m.box + m.u * 0.35 + text_width(answer, m.small) + m.u
            y -= row_h


@dataclass(frozen=True)
class NpsBlock:
    text: str
    labels: tuple[str, str]

    def _boxes(self, m: Metrics, width: float) -> BoxRow:
        side = min(m.box, width / (11 + 0.4 * 10))
        gap = min((width - 11 * side) / 10, side * 0.9)
        return BoxRow(11, side, gap)

    def height(self, m: Metrics, width: float) -> float:
        boxes = self._boxes(m, width)
        return text_height(self.text, width, m.text) + m.pad * 2 + boxes.box + m.small * 1.5 + m.pad

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None:
        text_h = text_height(self.text, width, m.text)
        draw_question_text(canvas, self.text, x, top - m.pad, width, m.text)
        boxes = self._boxes(m, width)
        left = x + (width - boxes.width) / 2
        box_y = top - m.pad - text_h - m.pad - boxes.box
        draw_boxes(canvas, boxes, left, box_y, scale_values(QuestionKind.NPS))
        draw_end_labels(canvas, self.labels, left, boxes.width, box_y - m.small * 1.15, m.small)


@dataclass(frozen=True)
class OpenBlock:
    text: str
    lines: int = 2
    spacing: float = 2.1  # writing-line distance in base sizes

    def height(self, m: Metrics, width: float) -> float:
        return text_height(self.text, width, m.text) + m.pad + self.lines * self.spacing * m.u

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None:
        draw_question_text(canvas, self.text, x, top - m.pad, width, m.text)
        y = top - m.pad - text_height(self.text, width, m.text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        for _line in range(self.lines):
            y -= self.spacing * m.u
            canvas.line(x, y, x + width, y)


@dataclass(frozen=True)
class ContactBlock:
    """Name and contact lines for the customer to fill (the name printed when known)."""

    labels: tuple[str, ...]
    name: str

    def _label_width(self, m: Metrics, width: float) -> float:
        widest = max(text_width(label, m.small) for label in self.labels)
        return min(widest + m.u * 0.6, width * 0.4)

    def height(self, m: Metrics, width: float) -> float:
        return len(self.labels) * m.writing + m.pad

    def draw(self, canvas: Canvas, m: Metrics, x: float, top: float, width: float) -> None:
        label_w = self._label_width(m, width)
        y = top - m.pad
        for index, label in enumerate(self.labels):
            y -= m.writing
            draw_text_box(
                canvas,
                label,
                x,
                y + m.small * 1.35,
                label_w,
                m.small * 1.3,
                m.small,
                m.small * 0.6,
                MUTED,
            )
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(x + label_w, y, x + width, y)
            if index == 0 and self.name:
                draw_text_box(
                    canvas,
                    self.name,
                    x + label_w + m.u * 0.3,
                    y + m.text * 1.3,
                    width - label_w - m.u * 0.3,
                    m.text * 1.35,
                    m.text,
                    m.text * 0.5,
                )


def question_blocks(ctx: DocumentContext, questions: Sequence[Question]) -> list[Block]:
    """The questions grouped into blocks: runs of same-kind scale questions share a header."""
    _ = ctx.gettext
    blocks: list[Block] = []
    run: list[Question] = []

    def flush() -> None:
        if not run:
            return
        kind = run[0].kind
        texts = tuple(q.text for q in run)
        if kind is QuestionKind.YES_NO:
            blocks.append(YesNoGroup(texts, (_("Yes"), _("No"))))
        else:
            blocks.append(ScaleGroup(kind, texts, end_labels(ctx, kind)))
        run.clear()

    for question in questions:
        if question.kind in (QuestionKind.RATING, QuestionKind.EFFORT, QuestionKind.YES_NO):
            if run and run[0].kind is not question.kind:
                flush()
            run.append(question)
            continue
        flush()
        if question.kind is QuestionKind.NPS:
            blocks.append(NpsBlock(question.text, end_labels(ctx, QuestionKind.NPS)))
        else:
            blocks.append(OpenBlock(question.text))
    flush()
    return blocks


# The whole card ----------------------------------------------------------------------


@dataclass
class CardPlan:
    """A card laid out once for a batch: sizes, blocks per column and the spare room."""

    m: Metrics
    columns: list[list[Block]]
    column_width: float
    gaps: list[float]  # the gap between blocks, per column
    header_height: float
    footer_height: float
    barcode_width: float
    bar_width: float
    bar_height: float
    title: str
    instruction: str
    shop_name: str
    thanks: str
    card_label: str
    logo: ImageReader | None = field(default=None, repr=False)


def _barcode(code: str, bar_width: float, bar_height: float) -> Code128:
    return Code128(code, barWidth=bar_width, barHeight=bar_height, humanReadable=0, quiet=1)


def _split(blocks: list[Block], m: Metrics, width: float, gutter: float) -> list[list[Block]]:
    """Two columns of blocks in order, as even in height as the blocks allow."""
    col_w = (width - gutter) / 2
    heights = [b.height(m, col_w) + m.gap for b in blocks]
    best, best_at = math.inf, 1
    for at in range(1, len(blocks)):
        tallest = max(sum(heights[:at]), sum(heights[at:]))
        if tallest < best:
            best, best_at = tallest, at
    return [blocks[:best_at], blocks[best_at:]]


def plan_card(
    ctx: DocumentContext,
    version: QuestionnaireVersionRecord,
    width: float,
    height: float,
    *,
    name: str,
    contact_fields: bool,
    sample_code: str,
) -> CardPlan:
    """Lay out the card in the content area ``width`` x ``height``: the largest base size at
    which everything fits, then the spare room spent on writing lines and spacing."""
    _ = ctx.gettext
    blocks = question_blocks(ctx, version.questions)
    if contact_fields:
        blocks.append(ContactBlock((_("Name"), _("Phone or email")), name))
    two_columns = width > height * 1.1 and len(blocks) > 1
    logo = image_reader(ctx.logo)
    title = version.title
    instruction = _("Please tick one box for each question.")
    if name and not contact_fields:
        instruction = _("For {name}").format(name=name) + " · " + instruction

    def header_h(m: Metrics) -> float:
        title_h = text_height(title, width, m.u * 1.55, 2)
        return m.u * 2.6 + m.u * 0.9 + title_h + m.u * 0.25 + m.small * 1.3 + m.gap

    def footer_h(m: Metrics) -> float:
        return m.gap + _bar_height(m) + m.small * 1.6

    def _bar_height(m: Metrics) -> float:
        return max(m.u * 2.2, 6 * MM)

    def layout(m: Metrics) -> tuple[list[list[Block]], float, float]:
        """Columns, their width and the tallest column's height."""
        if two_columns:
            gutter = m.u * 2.2
            columns = _split(list(blocks), m, width, gutter)
            col_w = (width - gutter) / 2
        else:
            columns, col_w = [list(blocks)], width
        tallest = max(
            sum(b.height(m, col_w) for b in col) + m.gap * (len(col) - 1) for col in columns
        )
        return columns, col_w, tallest

    def fits(u: float) -> bool:
        m = Metrics(u)
        return header_h(m) + layout(m)[2] + footer_h(m) <= height

    # The largest base size that fits (binary search; height grows with the size).
    low, high = MIN_SIZE, min(MAX_SIZE, max(MIN_SIZE, height / 40))
    if fits(high):
        low = high
    elif not fits(low):
        low, high = LAST_RESORT_SIZE, MIN_SIZE
    while high - low > 0.05:
        middle = (low + high) / 2
        if fits(middle):
            low = middle
        else:
            high = middle
    m = Metrics(low)
    columns, col_w, _tallest = layout(m)
    available = height - header_h(m) - footer_h(m)
    columns, gaps = _spend_spare_room(columns, m, col_w, available)
    bar_h = _bar_height(m)
    bar_w = min(max(0.72, m.u * 0.085), 1.15)
    return CardPlan(
        m=m,
        columns=columns,
        column_width=col_w,
        gaps=gaps,
        header_height=header_h(m),
        footer_height=footer_h(m),
        barcode_width=_barcode(sample_code, bar_w, bar_h).width,
        bar_width=bar_w,
        bar_height=bar_h,
        title=title,
        instruction=instruction,
        shop_name=ctx.shop_name,
        thanks=_("Thank you for your time!"),
        card_label=_("Card no."),
        logo=logo,
    )


def _spend_spare_room(
    columns: list[list[Block]], m: Metrics, width: float, available: float
) -> tuple[list[list[Block]], list[float]]:
    """More writing lines for the open questions (up to 6 each), then wider gaps (up to
    2.5 base sizes) so a card with few questions is not crowded at the top."""
    result: list[list[Block]] = []
    gaps: list[float] = []
    for column in columns:
        blocks = list(column)

        def used(blocks: list[Block] = blocks) -> float:
            return sum(b.height(m, width) for b in blocks) + m.gap * (len(blocks) - 1)

        open_at = [i for i, b in enumerate(blocks) if isinstance(b, OpenBlock)]
        grown = True
        while open_at and grown:
            grown = False
            for i in open_at:
                block = blocks[i]
                assert isinstance(block, OpenBlock)
                if block.lines >= 6:
                    continue
                blocks[i] = replace(block, lines=block.lines + 1)
                if used() <= available:
                    grown = True
                else:
                    blocks[i] = block
        spare = max(0.0, available - used())
        if open_at:  # stretch the writing lines a little before stretching the gaps
            lines = sum(b.lines for b in blocks if isinstance(b, OpenBlock))
            extra = min(spare / lines / m.u, 2.8 - 2.1)
            for i in open_at:
                block = blocks[i]
                assert isinstance(block, OpenBlock)
                blocks[i] = replace(block, spacing=block.spacing + extra)
            spare = max(0.0, available - used())
        gap = m.gap + (min(spare / (len(blocks) - 1), m.u * 1.8) if len(blocks) > 1 else 0)
        result.append(blocks)
        gaps.append(gap)
    return result, gaps


def draw_static(canvas: Canvas, plan: CardPlan, x: float, top: float, width: float) -> None:
    """Everything but the number: header, title, questions, the footer's thank-you."""
    m = plan.m
    logo_h = m.u * 2.6
    text_x = x
    if plan.logo is not None:
        text_x += draw_image_fitted(canvas, plan.logo, x, top - logo_h, logo_h * 3, logo_h)
        text_x += m.u
    name_size = m.u * 1.3
    name_fit = fit_text(plan.shop_name, x + width - text_x, logo_h, name_size, m.u * 0.6)
    name_h = len(name_fit.lines) * name_fit.size * LEADING
    draw_text_box(
        canvas,
        plan.shop_name,
        text_x,
        top - (logo_h - name_h) / 2,
        x + width - text_x,
        logo_h,
        name_size,
        m.u * 0.6,
        ACCENT,
    )
    y = top - logo_h - m.u * 0.45
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(max(0.8, m.u * 0.1))
    canvas.line(x, y, x + width, y)
    y -= m.u * 0.45
    title_size = m.u * 1.55
    y = draw_text_box(
        canvas, plan.title, x, y, width, 2 * title_size * LEADING, title_size, m.u, INK
    )
    y -= m.u * 0.25
    draw_text_box(
        canvas, plan.instruction, x, y, width, m.small * 1.3, m.small, m.small * 0.6, MUTED
    )
    gutter = width - 2 * plan.column_width if len(plan.columns) > 1 else 0
    for index, (column, gap) in enumerate(zip(plan.columns, plan.gaps, strict=True)):
        col_x = x + index * (plan.column_width + gutter)
        y = top - plan.header_height
        for block in column:
            block.draw(canvas, m, col_x, y, plan.column_width)
            y -= block.height(m, plan.column_width) + gap


def draw_footer_static(
    canvas: Canvas, plan: CardPlan, x: float, bottom: float, width: float
) -> None:
    """The thank-you on the left; each card's barcode goes on the right."""
    m = plan.m
    thanks_w = width - plan.barcode_width - m.u * 1.5
    size = m.u * 1.15
    thanks_h = text_height(plan.thanks, thanks_w, size, 2)
    middle = bottom + (plan.footer_height - m.gap * 0.5) / 2
    draw_text_box(
        canvas,
        plan.thanks,
        x,
        middle + thanks_h / 2,
        thanks_w,
        2 * size * LEADING,
        size,
        m.u * 0.6,
        ACCENT,
    )


def draw_number(canvas: Canvas, plan: CardPlan, number: int, right: float, bottom: float) -> None:
    """The card's own part: its barcode and printed number, bottom right."""
    m = plan.m
    barcode = _barcode(card_code(number), plan.bar_width, plan.bar_height)
    text_y = bottom + m.small * 0.25
    barcode.drawOn(canvas, right - barcode.width, text_y + m.small * 1.35)
    canvas.setFont(font(), m.small)
    canvas.setFillColor(MUTED)
    code = display_code(number)
    canvas.drawRightString(right - barcode.lquiet, text_y, code)
    label_right = right - barcode.lquiet - text_width(code, m.small) - m.u * 0.4
    canvas.drawRightString(label_right, text_y, plan.card_label)


# The document ------------------------------------------------------------------------


def card_padding(per_sheet: int) -> float:
    """The white border inside each card: a full page needs a printer's margin, a cut card
    a little less so that more fits."""
    return 14 * MM if per_sheet == 1 else 8 * MM


def build(
    shop: Shop,
    request: CommentCardRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    check_cancelled(cancelled)
    per_sheet = request.per_sheet
    if per_sheet not in PER_SHEET:  # refused before any card number is used up
        raise ValidationError("per_sheet", N_("Print 1, 2 or 4 cards on a sheet."))
    base = document_context(shop)
    name = ""
    language = request.language
    if request.customer_id is not None:
        customer = shop.customers.get(request.customer_id)
        name = customer.name
        language = language or customer.language
    ctx = base.in_language(language) if language else base
    version = (
        shop.questionnaires.current(request.questionnaire_id)
        if request.questionnaire_id is not None
        else shop.questionnaires.default()
    )
    numbers = shop.questionnaires.allocate_cards(
        version.id, request.count, request.customer_id, ctx.language
    )
    printed = starter_in_language(version, ctx.language)
    pdf = render_cards(
        ctx, printed, numbers, per_sheet, name, request.contact_fields, progress, cancelled
    )
    first, last = card_code(numbers[0])[:-1], card_code(numbers[-1])[:-1]
    file_name = (
        f"comment-card-{first}.pdf" if len(numbers) == 1 else f"comment-cards-{first}-{last}.pdf"
    )
    pages = math.ceil(len(numbers) / per_sheet)
    return GeneratedDocument(DocumentKind.COMMENT_CARD, pdf, pages, file_name)


def render_cards(
    ctx: DocumentContext,
    version: QuestionnaireVersionRecord,
    numbers: Sequence[int],
    per_sheet: int,
    name: str,
    contact_fields: bool,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> bytes:
    """The PDF of cards with ``numbers`` (already allocated), ``per_sheet`` to a page."""
    _ = ctx.gettext
    page_size = ctx.page_size
    slots = card_slots(page_size, per_sheet)
    pad = card_padding(per_sheet)
    content_w = slots[0].width - 2 * pad
    content_h = slots[0].height - 2 * pad
    plan = plan_card(
        ctx,
        version,
        content_w,
        content_h,
        name=name,
        contact_fields=contact_fields,
        sample_code=card_code(numbers[-1]),
    )
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=page_size, pageCompression=1)
    canvas.setTitle(f"{_('Comment cards')} · {ctx.shop_name}")
    canvas.setAuthor(ctx.shop_name)
    canvas.setSubject(version.title)
    forms = [_define_form(canvas, plan, slot, pad, index) for index, slot in enumerate(slots)]
    total = len(numbers)
    for start in range(0, total, per_sheet):
        for form, slot, number in zip(
            forms, slots, numbers[start : start + per_sheet], strict=False
        ):
            canvas.doForm(form)
            draw_number(canvas, plan, number, slot.x + slot.width - pad, slot.y + pad)
        draw_cut_lines(canvas, page_size, per_sheet)
        canvas.showPage()
        done = min(start + per_sheet, total)
        if done % PROGRESS_EVERY < per_sheet or done == total:
            check_cancelled(cancelled)
            if progress is not None:
                progress(done, total)
    canvas.save()
    return out.getvalue()


def _define_form(canvas: Canvas, plan: CardPlan, slot: Slot, pad: float, index: int) -> str:
    """The card's unchanging part drawn once, in page coordinates, as a form XObject whose
    bounding box is the card's place on the sheet."""
    name = f"card{index}"
    # The stubs want whole points for the lower corner; rounding down only widens the box.
    lower_x, lower_y = math.floor(slot.x), math.floor(slot.y)
    canvas.beginForm(name, lower_x, lower_y, slot.x + slot.width, slot.y + slot.height)
    x, top, width = slot.x + pad, slot.y + slot.height - pad, slot.width - 2 * pad
    draw_static(canvas, plan, x, top, width)
    draw_footer_static(canvas, plan, x, slot.y + pad, width)
    canvas.endForm()
    return name
