"""The 100% satisfaction guarantee letter: one page per customer on the shop's letterhead, the
address where a window envelope shows it, what they bought, the guarantee text the owner edits,
and the owner's signature. A batch is one PDF (one platypus build, one context)."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop_crm.documents import layout
from desktop_crm.documents.api import (
    DocumentKind,
    GeneratedDocument,
    GuaranteeLetterRequest,
    check_cancelled,
)
from desktop_crm.documents.context import MM, DocumentContext, document_context
from desktop_crm.domain.recurrence import local_today
from desktop_crm.services.company_profile import DEFAULT_GUARANTEE_TEXT
from desktop_crm.services.document_data import LetterRecipient
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.shop import Shop

MARGIN = 20 * MM
BOTTOM = 18 * MM
MAX_PURCHASE_LINES = 8  # more would push the letter onto a second page: "and N more"
PROGRESS_EVERY = 25
SIGNATURE_HEIGHT = 16 * MM
# The accent at 7 %, opaque: a transparent fill needs a graphics state PDF forms do not carry.
TINT = HexColor("#eef3f8")


def guarantee_text(ctx: DocumentContext, customer_name: str) -> str:
    """The owner's guarantee text, or the standard one in the letter's language, filled in."""
    text = ctx.profile.guarantee_text or ctx.gettext(DEFAULT_GUARANTEE_TEXT)
    try:
        return text.format(shop_name=ctx.shop_name, customer_name=customer_name)
    except (KeyError, IndexError, ValueError):  # saved before validation, or a bad translation
        return text


class _LetterPage(Flowable):
    """The first thing of each letter: draws the recipient in the envelope window and the date
    at fixed places on the page (the letterhead is the page template's); takes no room."""

    def __init__(
        self,
        ctx: DocumentContext,
        recipient: LetterRecipient,
        dated: str,
        drawn: Callable[[], None],
    ) -> None:
        super().__init__()
        self.ctx, self.recipient, self.dated, self.drawn = ctx, recipient, dated, drawn
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        ctx = self.ctx
        page_width, page_height = ctx.page_size
        window = layout.address_window(ctx.paper, page_height)
        address = "\n".join(
            part for part in (self.recipient.name, self.recipient.address.strip()) if part
        )
        layout.draw_text_box(
            canvas, address, window.x, window.top, window.width, window.height, 10.5, 6
        )
        # The date to the right of the window, level with its first line.
        right = page_width - MARGIN
        width = right - (window.x + window.width + 8 * MM)
        fitted = layout.fit_text(self.dated, width, 12, 10, 6)
        canvas.setFont(layout.font(), fitted.size)
        canvas.setFillColor(layout.INK)
        canvas.drawRightString(right, window.top - fitted.size, fitted.lines[0])
        self.drawn()

    def draw(self) -> None:  # drawOn does the work at absolute positions
        pass


def _letterhead(ctx: DocumentContext) -> Callable[[Any, Any], None]:
    """The page template's onPage: the letterhead and the sender line above the window, the
    same on every page, drawn once into a PDF form that each page refers to."""
    made: list[bool] = []

    def on_page(canvas: Any, doc: Any) -> None:
        if not made:
            canvas.beginForm("letterhead")
            _draw_letterhead(canvas, ctx)
            canvas.endForm()
            made.append(True)
        canvas.doForm("letterhead")

    return on_page


def _draw_letterhead(canvas: Any, ctx: DocumentContext) -> None:
    layout.draw_letterhead(canvas, ctx, MARGIN)
    sender = layout.return_address_box(ctx.paper, ctx.page_size[1])
    line = " · ".join(
        part for part in (ctx.shop_name, ctx.profile.address.replace("\n", ", ")) if part
    )
    if line:
        bottom = layout.draw_text_box(
            canvas, line, sender.x, sender.top, sender.width, sender.height, 7, 5, layout.MUTED
        )
        canvas.setStrokeColor(layout.RULE)
        canvas.setLineWidth(0.4)
        canvas.line(sender.x, bottom - 1, sender.x + sender.width, bottom - 1)


class _Picture(Flowable):
    """An image from a shared ImageReader (platypus' Image wants a file name)."""

    def __init__(self, image: ImageReader, width: float, height: float) -> None:
        super().__init__()
        self.image, self.width, self.height = image, width, height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.drawImage(self.image, 0, 0, self.width, self.height, mask="auto")


class _Once(Flowable):
    """A flowable laid out once per width: KeepInFrame wraps its content again when drawing.
    A shared one (text every letter of a language has: title, guarantee, closing) is also
    drawn once at ``shared_width``, into a PDF form that each page refers to."""

    def __init__(self, inner: Flowable, shared_width: float | None = None) -> None:
        super().__init__()
        self.inner, self.shared_width = inner, shared_width
        self._width: float | None = None
        self._size = (0.0, 0.0)
        self._forms: set[str] = set()

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # KeepInFrame measures at the frame's width and draws at the measured width (a hair
        # less): the same layout, not a reason to lay the text out again.
        if self._width is None or abs(self._width - availWidth) > 0.5:
            self._size = self.inner.wrapOn(self.canv, availWidth, availHeight)
            self._width = availWidth
        self.width, self.height = self._size
        return self._size

    def getSpaceBefore(self) -> float:
        return float(self.inner.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.inner.getSpaceAfter())

    def draw(self) -> None:
        # Only at the letter's normal width: a letter shrunk to fit lays the text out wider
        # (then scales it), and that one-off layout is drawn as it is.
        if self.shared_width is None or abs(self.shared_width - (self._width or 0)) > 0.5:
            self.inner.drawOn(self.canv, 0, 0)
            return
        width, height = self._size
        name = f"shared{id(self)}w{round(self._width or 0)}"  # a new layout, a new form
        if name not in self._forms:
            margin = 20  # descenders and the box's rule may reach a little outside
            self.canv.beginForm(name, -margin, -margin, width + margin, height + margin)
            self.inner.drawOn(self.canv, 0, 0)
            self.canv.endForm()
            self._forms.add(name)
        self.canv.doForm(name)


class _Boxed(Flowable):
    """A paragraph on a tinted panel with an accent rule at its left, as wide as the letter
    is laid out (wider when a long letter is shrunk to fit)."""

    def __init__(self, paragraph: Paragraph) -> None:
        super().__init__()
        self.paragraph = paragraph
        self.table: Table | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.table = Table([[self.paragraph]], colWidths=(availWidth,))
        self.table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), TINT),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.5, layout.ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
                ]
            )
        )
        self.width, self.height = self.table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        assert self.table is not None
        self.table.drawOn(self.canv, 0, 0)


class _PurchaseRows(Flowable):
    """What the customer bought: date, description (two lines at most), amount, with a rule
    under each row. Drawn on the canvas: a Table of Paragraphs costs several times more."""

    SIZE = 9.5
    LEADING = 12.0
    PAD = 3.0

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows
        self.date_width, self.amount_width = 32 * MM, 30 * MM
        self.lines: list[list[str]] = []
        self._laid_out_at: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_out_at is None or abs(self._laid_out_at - availWidth) > 0.5:
            text_width = availWidth - self.date_width - self.amount_width - 4 * MM
            self.lines = [
                layout.fit_text(
                    text, text_width, 2 * self.LEADING, self.SIZE, self.SIZE, 1.26
                ).lines
                for _, text, _ in self.rows
            ]
            self.width, self._laid_out_at = availWidth, availWidth
            self.height = sum(len(lines) * self.LEADING + 2 * self.PAD for lines in self.lines)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(layout.font(), self.SIZE)
        canvas.setStrokeColor(layout.RULE)
        canvas.setLineWidth(0.3)
        top = self.height
        for (on, _, amount), lines in zip(self.rows, self.lines, strict=True):
            baseline = top - self.PAD - self.SIZE
            canvas.setFillColor(layout.MUTED)
            canvas.drawString(0, baseline, on)
            canvas.setFillColor(layout.INK)
            for number, line in enumerate(lines):
                canvas.drawString(self.date_width, baseline - number * self.LEADING, line)
            canvas.drawRightString(self.width, baseline, amount)
            top -= len(lines) * self.LEADING + 2 * self.PAD
            canvas.line(0, top, self.width, top)


class _Letters:
    """Builds the letters of a batch, keeping what they share: styles per language, and the
    paragraphs whose text is the same in every letter of a language."""

    def __init__(self, base: DocumentContext, signature: ImageReader | None) -> None:
        self.width = base.page_size[0] - 2 * MARGIN
        self.signature = signature
        self._styles: dict[str, dict[str, ParagraphStyle]] = {}
        self._shared: dict[tuple[str, str, str], Flowable] = {}
        self._formatted: dict[tuple[str, object], str] = {}

    def date(self, ctx: DocumentContext, day: date) -> str:
        """``ctx.date`` remembered: Babel parses its locale on every call, and a batch repeats
        the same few dates."""
        key = (ctx.language, day)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = ctx.date(day, "medium")
        return text

    def money(self, ctx: DocumentContext, amount: Decimal) -> str:
        key = (ctx.language, amount)
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = ctx.money(amount)
        return text

    def styles(self, ctx: DocumentContext) -> dict[str, ParagraphStyle]:
        styles = self._styles.get(ctx.language)
        if styles is None:
            styles = layout.paragraph_styles(ctx)
            styles["guarantee"] = ParagraphStyle(
                "guarantee", parent=styles["body"], fontSize=11, leading=15.5
            )
            styles["letter_title"] = ParagraphStyle(
                "letter_title", parent=styles["heading"], fontSize=16, leading=20, spaceAfter=8
            )
            self._styles[ctx.language] = styles
        return styles

    def paragraph(self, ctx: DocumentContext, text: str, style: str) -> Flowable:
        key = (ctx.language, style, text)
        shared = self._shared.get(key)
        if shared is None:
            paragraph = Paragraph(layout.markup(text), self.styles(ctx)[style])
            shared = _Once(paragraph, self.width)
            self._shared[key] = shared
        return shared

    def guarantee(self, ctx: DocumentContext, customer_name: str) -> Flowable:
        text = guarantee_text(ctx, customer_name)
        key = (ctx.language, "guarantee-box", text)
        shared = self._shared.get(key)
        if shared is None:
            box = _Boxed(Paragraph(layout.markup(text), self.styles(ctx)["guarantee"]))
            shared = _Once(box, self.width)
            if len(self._shared) < 2000:  # a text per customer ({customer_name}): keep a few
                self._shared[key] = shared
        return shared

    def purchases(self, ctx: DocumentContext, recipient: LetterRecipient) -> list[Flowable]:
        _ = ctx.gettext
        lines = recipient.purchases
        if not lines:
            return [self.paragraph(ctx, _("Thank you for choosing us."), "body")]
        intro = ctx.ngettext(
            "Thank you for your purchase. This letter covers what you bought from us:",
            "Thank you for your purchases. This letter covers what you bought from us:",
            len(lines),
        )
        # Past the limit the last row says how many more, and for how much.
        shown = lines if len(lines) <= MAX_PURCHASE_LINES else lines[: MAX_PURCHASE_LINES - 1]
        rows = [
            (self.date(ctx, line.on), line.description, self.money(ctx, line.amount))
            for line in shown
        ]
        hidden = lines[len(shown) :]
        if hidden:
            rest = sum((line.amount for line in hidden), Decimal(0))
            more = ctx.ngettext(
                "and {count} more purchase", "and {count} more purchases", len(hidden)
            )
            rows.append(("", more.format(count=len(hidden)), self.money(ctx, rest)))
        return [self.paragraph(ctx, intro, "body"), Spacer(0, 4), _PurchaseRows(rows)]

    def letter(self, ctx: DocumentContext, recipient: LetterRecipient) -> list[Flowable]:
        _ = ctx.gettext
        profile = ctx.profile
        story: list[Flowable] = [
            self.paragraph(ctx, _("Our 100% satisfaction guarantee"), "letter_title"),
            _Once(
                Paragraph(
                    layout.markup(_("Dear {name},").format(name=recipient.name)),
                    self.styles(ctx)["body"],
                )
            ),
            Spacer(0, 6),
            *self.purchases(ctx, recipient),
            Spacer(0, 10),
            self.guarantee(ctx, recipient.name),
            Spacer(0, 10),
            self.paragraph(
                ctx,
                _("Please keep this letter with your receipt. Thank you for your trust."),
                "body",
            ),
            Spacer(0, 10),
            self.paragraph(ctx, _("Kind regards,"), "body"),
        ]
        if self.signature is not None:
            image_width, image_height = self.signature.getSize()
            scale = min(SIGNATURE_HEIGHT / image_height, 60 * MM / image_width)
            story += [
                Spacer(0, 3),
                _Picture(self.signature, image_width * scale, image_height * scale),
            ]
        else:
            story.append(Spacer(0, 14 * MM))  # room to sign by hand
        signer = "\n".join(p for p in (profile.owner_name, profile.owner_title, ctx.shop_name) if p)
        story.append(self.paragraph(ctx, signer, "body"))
        return story


def build(
    shop: Shop,
    request: GuaranteeLetterRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    base = document_context(shop)
    recipients = shop.document_data.letter_recipients(request.customer_ids, request.bought_since)
    check_cancelled(cancelled)
    page_width, page_height = base.page_size
    window = layout.address_window(base.paper, page_height)
    top = window.top - window.height - 10 * MM  # the story starts below the address
    frame_width, frame_height = page_width - 2 * MARGIN, top - BOTTOM
    frame = Frame(MARGIN, BOTTOM, frame_width, frame_height, 0, 0, 0, 0, id="letter")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=base.page_size,
        pageTemplates=[PageTemplate("letter", [frame], onPage=_letterhead(base))],
        title=base.gettext("Satisfaction guarantee"),
        author=base.shop_name,
        invariant=1,
    )
    # One reader for the batch: the image goes into the PDF once, every page refers to it.
    letters = _Letters(base, layout.image_reader(base.signature))
    dates: dict[str, str] = {}
    today = local_today(datetime.now(UTC), base.time_zone)
    story: list[Flowable] = []
    total = len(recipients)
    done = 0

    def drawn() -> None:
        # Called as each letter's page is drawn: the build is where the time goes.
        nonlocal done
        done += 1
        if done % PROGRESS_EVERY == 0:
            check_cancelled(cancelled)
            if progress is not None:
                progress(done, total)

    for recipient in recipients:
        ctx = base.in_language(recipient.language)
        if story:
            story.append(PageBreak())
        if ctx.language not in dates:
            dates[ctx.language] = ctx.date(today)
        story.append(_LetterPage(ctx, recipient, dates[ctx.language], drawn))
        # Shrinks a letter that would not fit (a long custom text, long descriptions): each
        # letter stays one page.
        letter = letters.letter(ctx, recipient)
        story.append(KeepInFrame(frame_width, frame_height - 1, letter, mode="shrink"))
    if not story:
        empty = base.gettext("No customers were chosen for this letter.")
        story.append(letters.paragraph(base, empty, "body"))
    doc.build(story)
    if progress is not None:
        progress(total, total)
    return GeneratedDocument(
        kind=DocumentKind.GUARANTEE_LETTER,
        pdf=buffer.getvalue(),
        pages=doc.page,
        file_name=_file_name(recipients, today.isoformat()),
    )


def _file_name(recipients: list[LetterRecipient], day: str) -> str:
    if len(recipients) == 1:
        return f"guarantee-letter-{recipients[0].id}-{day}.pdf"
    return f"guarantee-letters-{len(recipients)}-{day}.pdf"
