"""The company brochure: a cover (logo, shop name, the short profile) and a few pages from the
company profile: who we are, our team, what we offer, why customers choose us, our guarantee.
Sections without data are left out, so an empty profile still gives a clean cover."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from desktop_crm.documents import layout
from desktop_crm.documents.api import BrochureRequest, DocumentKind, GeneratedDocument
from desktop_crm.documents.context import MM, DocumentContext, document_context
from desktop_crm.documents.guarantee_letter import guarantee_text
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.shop import Shop

MARGIN = 22 * MM


class _Logo(Flowable):
    """The logo, centred and fitted to a box, keeping its proportions."""

    def __init__(self, data: bytes | None, width: float, height: float) -> None:
        super().__init__()
        self.image = layout.image_reader(data)
        self.box = (width, height)
        self.width, self.height = (width, height) if self.image is not None else (0, 0)
        self.available = width

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.available = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        if self.image is None:
            return
        image_width, image_height = self.image.getSize()
        scale = min(self.box[0] / image_width, self.box[1] / image_height)
        width, height = image_width * scale, image_height * scale
        x = (self.available - width) / 2
        self.canv.drawImage(self.image, x, 0, width, height, mask="auto")


def _styles(ctx: DocumentContext) -> dict[str, ParagraphStyle]:
    styles = layout.paragraph_styles(ctx)
    body = styles["body"]
    styles["body"] = ParagraphStyle("brochure_body", parent=body, fontSize=11, leading=16)
    styles["cover_title"] = ParagraphStyle(
        "cover_title", parent=styles["title"], fontSize=34, leading=40, alignment=TA_CENTER
    )
    styles["lead"] = ParagraphStyle(
        "lead", parent=body, fontSize=14, leading=21, alignment=TA_CENTER, textColor=layout.INK
    )
    styles["centre"] = ParagraphStyle(
        "centre", parent=styles["small"], fontSize=10, leading=14, alignment=TA_CENTER
    )
    styles["section"] = ParagraphStyle(
        "section", parent=styles["title"], fontSize=20, leading=25, spaceBefore=6, spaceAfter=6
    )
    styles["item"] = ParagraphStyle(
        "item",
        parent=styles["heading"],
        fontSize=12.5,
        leading=16,
        spaceBefore=9,
        spaceAfter=1,
    )
    styles["cell"] = ParagraphStyle("cell", parent=body, fontSize=10.5, leading=14)
    styles["bullet"] = ParagraphStyle(
        "bullet", parent=styles["body"], leftIndent=14, bulletIndent=2, spaceAfter=4
    )
    return styles


class _Group(Flowable):
    """A few flowables that stay on one page together (a product and its benefits); unlike
    KeepTogether it has a real height, so a section's heading can be kept with it."""

    def __init__(self, content: list[Flowable]) -> None:
        super().__init__()
        self.content = content
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._sizes = [f.wrapOn(self.canv, availWidth, availHeight) for f in self.content]
        self.width = availWidth
        self.height = sum(h for _, h in self._sizes) + sum(
            f.getSpaceBefore() + f.getSpaceAfter() for f in self.content[1:]
        )
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return float(self.content[0].getSpaceBefore())

    def draw(self) -> None:
        y = self.height
        for number, (flowable, (_, height)) in enumerate(
            zip(self.content, self._sizes, strict=True)
        ):
            if number:
                y -= flowable.getSpaceBefore()
            y -= height
            flowable.drawOn(self.canv, 0, y)
            y -= flowable.getSpaceAfter()


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(layout.markup(text), style)


def _section(title: str, styles: dict[str, ParagraphStyle], body: list[Flowable]) -> list[Flowable]:
    """A heading with a short rule, kept with the start of its content."""
    head: list[Flowable] = [
        _p(title, styles["section"]),
        HRFlowable(width=18 * MM, thickness=1.5, color=layout.ACCENT, hAlign="LEFT", spaceAfter=8),
    ]
    return [CondPageBreak(40 * MM), KeepTogether([*head, *body[:1]]), *body[1:], Spacer(0, 8 * MM)]


def _table(rows: list[list[Any]], widths: tuple[float, ...]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, layout.RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table


def _cover(ctx: DocumentContext, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    profile = ctx.profile
    story: list[Flowable] = [Spacer(0, 30 * MM), _Logo(ctx.logo, width * 0.6, 45 * MM)]
    story += [Spacer(0, 12 * MM), _p(ctx.shop_name or " ", styles["cover_title"])]
    story.append(HRFlowable(width=30 * MM, thickness=2, color=layout.ACCENT, spaceAfter=14))
    if profile.about:
        story.append(_p(profile.about, styles["lead"]))
    contact = [p for p in (profile.address.replace("\n", ", "), profile.phone) if p]
    online = [p for p in (profile.email, profile.website) if p]
    if contact or online:
        story.append(Spacer(0, 20 * MM))
        story += [_p(" · ".join(line), styles["centre"]) for line in (contact, online) if line]
    return story


def _who_we_are(
    ctx: DocumentContext, styles: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    _ = ctx.gettext
    profile = ctx.profile
    rows = [
        (_("Owner"), ", ".join(p for p in (profile.owner_name, profile.owner_title) if p)),
        (_("Address"), profile.address),
        (_("Phone"), profile.phone),
        (_("Email"), profile.email),
        (_("Website"), profile.website),
    ]
    shown = [
        [_p(label, styles["small"]), _p(value, styles["cell"])] for label, value in rows if value
    ]
    if not shown:
        return []
    return _section(_("Who we are"), styles, [_table(shown, (35 * MM, width - 35 * MM))])


def _team(ctx: DocumentContext, styles: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    _ = ctx.gettext
    staff = ctx.profile.key_staff
    if not staff:
        return []
    rows = [
        [_p(p.name, styles["cell"]), _p(p.title, styles["small"]), _p(p.phone, styles["cell"])]
        for p in staff
    ]
    table = _table(rows, (width * 0.42, width * 0.33, width * 0.25))
    return _section(_("Our team"), styles, [table])


def _offer(ctx: DocumentContext, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    _ = ctx.gettext
    body: list[Flowable] = []
    for product in ctx.profile.products:
        entry: list[Flowable] = [_p(product.name, styles["item"])]
        if product.benefits:
            entry.append(_p(product.benefits, styles["body"]))
        body.append(_Group(entry))
    return _section(_("What we offer"), styles, body) if body else []


def _why_us(ctx: DocumentContext, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    _ = ctx.gettext
    points = [
        Paragraph(layout.markup(point), styles["bullet"], bulletText="✓")
        for point in ctx.profile.why_us
    ]
    return _section(_("Why customers choose us"), styles, list(points)) if points else []


def _guarantee(
    ctx: DocumentContext, styles: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    _ = ctx.gettext
    # A brochure has no one customer: {customer_name} reads "you".
    box = Table([[_p(guarantee_text(ctx, _("you")), styles["body"])]], colWidths=(width,))
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), layout.ACCENT.clone(alpha=0.07)),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, layout.ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 11),
            ]
        )
    )
    return _section(_("Our guarantee"), styles, [box])


def build(
    shop: Shop,
    request: BrochureRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    ctx = document_context(shop, request.language)
    styles = _styles(ctx)
    page_width, _height = ctx.page_size
    width = page_width - 2 * MARGIN
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=ctx.page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=22 * MM,
        title=ctx.gettext("Company brochure"),
        author=ctx.shop_name,
        invariant=1,
    )
    story = _cover(ctx, styles, width)
    sections = [
        *_who_we_are(ctx, styles, width),
        *_team(ctx, styles, width),
        *_offer(ctx, styles),
        *_why_us(ctx, styles),
        *_guarantee(ctx, styles, width),
    ]
    story += [PageBreak(), *sections]
    doc.build(
        story, onLaterPages=layout.page_footer(ctx, ctx.shop_name, MARGIN, 10 * MM, rule=True)
    )
    if progress is not None:
        progress(1, 1)
    return GeneratedDocument(
        kind=DocumentKind.BROCHURE,
        pdf=buffer.getvalue(),
        pages=doc.page,
        file_name=f"brochure-{ctx.language}.pdf",
    )
