"""Pieces the comment card and the expectation form share: the 1–5 tick-box scale with its
end labels (the form must ask on exactly the card's scale), cards laid out N to a sheet with
cut lines, and an ASCII-safe file-name part."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen.canvas import Canvas

from desktop_crm.documents.context import MM, DocumentContext
from desktop_crm.documents.layout import ACCENT, INK, MUTED, RULE, fit_text, font, text_width
from desktop_crm.domain.questionnaires import SCALES, QuestionKind

# The comment card's rating scale, also used by the expectation form.
RATING_SCALE: tuple[int, int] = SCALES[QuestionKind.RATING]
SHADE = HexColor("#eef2f6")  # alternate rows, so the eye follows a row to its boxes
BOX_NUMBER = HexColor("#9aa5b1")  # the light number inside an empty box


def scale_values(kind: QuestionKind) -> list[int]:
    low, high = SCALES[kind]
    return list(range(low, high + 1))


def rating_labels(ctx: DocumentContext) -> tuple[str, str]:
    """The ends of the 1–5 rating scale (card ratings and the form's expectations)."""
    _ = ctx.gettext
    return _("Poor"), _("Excellent")


def effort_labels(ctx: DocumentContext) -> tuple[str, str]:
    _ = ctx.gettext
    return _("Very difficult"), _("Very easy")


def nps_labels(ctx: DocumentContext) -> tuple[str, str]:
    _ = ctx.gettext
    return _("Not at all likely"), _("Extremely likely")


def importance_labels(ctx: DocumentContext) -> tuple[str, str]:
    _ = ctx.gettext
    return _("Not important"), _("Very important")


def end_labels(ctx: DocumentContext, kind: QuestionKind) -> tuple[str, str]:
    if kind is QuestionKind.NPS:
        return nps_labels(ctx)
    if kind is QuestionKind.EFFORT:
        return effort_labels(ctx)
    return rating_labels(ctx)


@dataclass(frozen=True)
class BoxRow:
    """A row of tick boxes: ``count`` boxes of side ``box`` with ``gap`` between them."""

    count: int
    box: float
    gap: float

    @property
    def width(self) -> float:
        return self.count * self.box + (self.count - 1) * self.gap

    @staticmethod
    def fitting(count: int, box: float, width: float) -> BoxRow:
        """Boxes of about ``box`` side (gaps 40 % of it), narrowed to fit ``width``."""
        side = min(box, width / (count + 0.4 * (count - 1)))
        return BoxRow(count, side, side * 0.4)


def draw_boxes(
    canvas: Canvas,
    row: BoxRow,
    x: float,
    y: float,
    values: Sequence[int],
    ticked: int | None = None,
) -> None:
    """Tick boxes from (x, y) (bottom-left of the first), each with its value in light grey;
    the ``ticked`` value is printed filled in (a form filled on screen)."""
    size = row.box * 0.52
    canvas.setLineWidth(max(0.5, row.box * 0.06))
    canvas.setStrokeColor(INK)
    canvas.setFont(font(), size)
    for index, value in enumerate(values):
        left = x + index * (row.box + row.gap)
        chosen = value == ticked
        canvas.setFillColor(ACCENT if chosen else white)
        canvas.rect(left, y, row.box, row.box, stroke=1, fill=1 if chosen else 0)
        canvas.setFillColor(white if chosen else BOX_NUMBER)
        canvas.drawCentredString(left + row.box / 2, y + (row.box - size * 0.72) / 2, str(value))


def draw_end_labels(
    canvas: Canvas,
    labels: tuple[str, str],
    x: float,
    width: float,
    y: float,
    size: float,
    color: Color = MUTED,
) -> None:
    """The two ends of a scale on one line under/over ``width``: the first left-aligned at
    ``x``, the second right-aligned at ``x + width``; each shrinks to half the width."""
    half = width / 2 - size * 0.3
    canvas.setFillColor(color)
    for index, label in enumerate(labels):
        fitted = fit_text(label, half, size * 1.25, size, min_size=min(size, 3.5))
        text = fitted.lines[0] if fitted.lines else ""
        canvas.setFont(font(), fitted.size)
        if index == 0:
            canvas.drawString(x, y, text)
        else:
            canvas.drawRightString(x + width, y, text)


def end_labels_fit(labels: tuple[str, str], width: float, size: float) -> bool:
    """Whether both labels fit side by side over ``width`` at ``size`` without shrinking."""
    return all(text_width(label, size) <= width / 2 - size * 0.3 for label in labels)


# Cards several to a sheet -------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A card's place on the sheet (bottom-left corner, size), in points."""

    x: float
    y: float
    width: float
    height: float


PER_SHEET = (1, 2, 4)


def card_slots(page_size: tuple[float, float], per_sheet: int) -> list[Slot]:
    """Where the cards go, in reading order: the whole page, two halves (top, bottom) or
    four quarters (left to right, top to bottom)."""
    width, height = page_size
    if per_sheet == 1:
        return [Slot(0, 0, width, height)]
    if per_sheet == 2:
        return [Slot(0, height / 2, width, height / 2), Slot(0, 0, width, height / 2)]
    if per_sheet == 4:
        half_w, half_h = width / 2, height / 2
        return [
            Slot(0, half_h, half_w, half_h),
            Slot(half_w, half_h, half_w, half_h),
            Slot(0, 0, half_w, half_h),
            Slot(half_w, 0, half_w, half_h),
        ]
    raise ValueError(f"cards per sheet must be one of {PER_SHEET}")


def draw_cut_lines(canvas: Canvas, page_size: tuple[float, float], per_sheet: int) -> None:
    """Dashed lines where the sheet is cut, with short solid ticks at the paper's edges so
    they can be lined up on a guillotine."""
    if per_sheet == 1:
        return
    width, height = page_size
    lines = [(0.0, height / 2, width, height / 2)]
    if per_sheet == 4:
        lines.append((width / 2, 0.0, width / 2, height))
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.setDash(4, 3)
    for x1, y1, x2, y2 in lines:
        canvas.line(x1, y1, x2, y2)
    canvas.setDash()
    canvas.setStrokeColor(MUTED)
    tick = 4 * MM
    for x1, y1, _x2, y2 in lines:
        if y1 == y2:
            canvas.line(0, y1, tick, y1)
            canvas.line(width - tick, y1, width, y1)
        else:
            canvas.line(x1, 0, x1, tick)
            canvas.line(x1, height - tick, x1, height)
    canvas.restoreState()


def ascii_slug(text: str, fallback: str = "") -> str:
    """``text`` as a lower-case ASCII file-name part (accents dropped, other scripts and
    symbols removed); ``fallback`` when nothing is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:60].strip("-")
    return slug or fallback
