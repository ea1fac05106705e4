"""The day's agenda: what is due (open reminders and pending promises, overdue ones first and
marked) as one printable list in the shop's language, with a box to tick for each line.
Tables repeat their header on every page."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)

from desktop_crm.documents import layout
from desktop_crm.documents.api import AgendaRequest, DocumentKind, GeneratedDocument
from desktop_crm.documents.context import MM, DocumentContext, document_context
from desktop_crm.services.document_data import AgendaLine
from desktop_crm.services.progress import Cancelled, Progress
from desktop_crm.services.reminders.service import KIND_LABELS
from desktop_crm.services.shop import Shop

MARGIN = 16 * MM
OVERDUE = HexColor("#b42318")
OVERDUE_TINT = HexColor("#fdf0ee")
HEADER_TINT = HexColor("#e8eef4")


class _TickBox(Flowable):
    """An empty square to tick by hand when a line is done."""

    SIDE = 3.6 * MM

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.SIDE, self.SIDE

    def draw(self) -> None:
        self.canv.setStrokeColor(layout.MUTED)
        self.canv.setLineWidth(0.7)
        self.canv.rect(0, 0, self.SIDE, self.SIDE)


def _styles(ctx: DocumentContext) -> dict[str, ParagraphStyle]:
    styles = layout.paragraph_styles(ctx)
    body = styles["body"]
    styles["cell"] = ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12)
    styles["head"] = ParagraphStyle(
        "head", parent=body, fontSize=8.5, leading=11, textColor=layout.ACCENT
    )
    styles["late"] = ParagraphStyle("late", parent=styles["cell"], textColor=OVERDUE)
    return styles


def _what(ctx: DocumentContext, line: AgendaLine) -> str:
    """A reminder in a few words: its kind, its own text, and the day of its event."""
    _ = ctx.gettext
    label = _(KIND_LABELS.get(line.kind, KIND_LABELS["manual"]))
    parts = [label]
    if line.title:
        parts.append(line.title.strip().splitlines()[0])
    if line.event_on is not None:
        parts.append(ctx.date(line.event_on, "medium"))
    return " — ".join(parts)


def _due(ctx: DocumentContext, line: AgendaLine, styles: dict[str, ParagraphStyle]) -> Paragraph:
    _ = ctx.gettext
    when = ctx.date(line.on, "medium")
    if line.overdue:
        return Paragraph(layout.markup(f"{when}\n{_('Overdue')}"), styles["late"])
    return Paragraph(layout.markup(when), styles["cell"])


def _table(
    header: list[str],
    rows: list[list[Any]],
    overdue: list[bool],
    widths: list[float],
    styles: dict[str, ParagraphStyle],
) -> LongTable:
    head = [""] + [Paragraph(layout.markup(text), styles["head"]) for text in header]
    table = LongTable([head, *rows], colWidths=widths, repeatRows=1)
    commands: list[Any] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_TINT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, layout.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for number, late in enumerate(overdue, start=1):
        if late:
            commands.append(("BACKGROUND", (0, number), (-1, number), OVERDUE_TINT))
            commands.append(("LINEBEFORE", (0, number), (0, number), 2, OVERDUE))
    table.setStyle(TableStyle(commands))
    return table


def _cell(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(layout.markup(text), style)


def _reminders(
    ctx: DocumentContext,
    lines: tuple[AgendaLine, ...],
    styles: dict[str, ParagraphStyle],
    width: float,
) -> LongTable:
    _ = ctx.gettext
    cell = styles["cell"]
    rows = [
        [
            _TickBox(),
            _cell(line.customer_name, cell),
            _cell(line.phone, cell),
            _cell(_what(ctx, line), cell),
            _due(ctx, line, styles),
        ]
        for line in lines
    ]
    rest = width - 8 * MM
    widths = [8 * MM, rest * 0.27, rest * 0.2, rest * 0.35, rest * 0.18]
    header = [_("Customer"), _("Phone"), _("What"), _("Due")]
    return _table(header, rows, [line.overdue for line in lines], widths, styles)


def _promises(
    ctx: DocumentContext,
    lines: tuple[AgendaLine, ...],
    styles: dict[str, ParagraphStyle],
    width: float,
) -> LongTable:
    _ = ctx.gettext
    cell = styles["cell"]
    rows = [
        [
            _TickBox(),
            _cell(line.customer_name, cell),
            _cell(line.phone, cell),
            _cell(line.title, cell),
            _cell(line.promised_by, cell),
            _due(ctx, line, styles),
        ]
        for line in lines
    ]
    rest = width - 8 * MM
    widths = [8 * MM, rest * 0.23, rest * 0.17, rest * 0.3, rest * 0.13, rest * 0.17]
    header = [_("Customer"), _("Phone"), _("What"), _("Promised by"), _("Due")]
    return _table(header, rows, [line.overdue for line in lines], widths, styles)


def build(
    shop: Shop,
    request: AgendaRequest,
    progress: Progress | None,
    cancelled: Cancelled | None,
) -> GeneratedDocument:
    ctx = document_context(shop)
    _ = ctx.gettext
    agenda = shop.document_data.agenda(request.day)
    styles = _styles(ctx)
    width = ctx.page_size[0] - 2 * MARGIN
    title = _("Agenda for {date}").format(date=ctx.date(agenda.day, "full"))
    story: list[Flowable] = [
        Paragraph(layout.markup(title), styles["title"]),
        Paragraph(layout.markup(ctx.shop_name), styles["small"]),
        Spacer(0, 4 * MM),
    ]
    late = sum(line.overdue for line in agenda.reminders + agenda.promises)
    if agenda.empty:
        story.append(Paragraph(layout.markup(_("Nothing is due today.")), styles["body"]))
    else:
        summary = [
            ctx.ngettext("{count} reminder", "{count} reminders", len(agenda.reminders)),
            ctx.ngettext("{count} promise", "{count} promises", len(agenda.promises)),
        ]
        text = " · ".join(
            part.format(count=n)
            for part, n in zip(summary, (len(agenda.reminders), len(agenda.promises)), strict=True)
        )
        if late:
            text += " · " + ctx.ngettext("{count} overdue", "{count} overdue", late).format(
                count=late
            )
        story.append(Paragraph(layout.markup(text), styles["body"]))
    if agenda.reminders:
        story += [
            KeepTogether([Paragraph(layout.markup(_("Reminders")), styles["heading"])]),
            _reminders(ctx, agenda.reminders, styles, width),
            Spacer(0, 6 * MM),
        ]
    if agenda.promises:
        story += [
            Paragraph(layout.markup(_("Promises")), styles["heading"]),
            _promises(ctx, agenda.promises, styles, width),
        ]
    if agenda.more:
        more = ctx.ngettext(
            "{count} more entry is not listed.", "{count} more entries are not listed.", agenda.more
        )
        story += [
            Spacer(0, 4 * MM),
            Paragraph(layout.markup(more.format(count=agenda.more)), styles["small"]),
        ]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=ctx.page_size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=18 * MM,
        title=title,
        author=ctx.shop_name,
        invariant=1,
    )
    footer = layout.page_footer(ctx, title, MARGIN, 9 * MM)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    if progress is not None:
        progress(1, 1)
    return GeneratedDocument(
        kind=DocumentKind.AGENDA,
        pdf=buffer.getvalue(),
        pages=doc.page,
        file_name=f"agenda-{agenda.day.isoformat()}.pdf",
    )
