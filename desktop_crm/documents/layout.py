"""Drawing helpers shared by the documents: text that wraps or shrinks to its box, the
letterhead, the address where a window envelope shows it, images that may be missing or
broken, and paragraph styles in the embedded font."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop_crm.documents.context import INCH, MM, DocumentContext
from desktop_crm.documents.fonts import register_fonts
from desktop_crm.services.company_profile import PaperSize

INK = HexColor("#1f2933")
MUTED = HexColor("#5f6b7a")
ACCENT = HexColor("#1d5c8c")
RULE = HexColor("#b8c2cc")


def font() -> str:
    return register_fonts()


def is_wide(ch: str) -> bool:
    """CJK and other wide characters: a line may break between any two of them."""
    return unicodedata.east_asian_width(ch) in ("W", "F")


def markup(text: str) -> str:
    """``text`` made safe for a ReportLab Paragraph (which reads a little XML)."""
    return escape(text).replace("\n", "<br/>")


def text_width(text: str, size: float) -> float:
    return float(stringWidth(text, font(), size))


def _tokens(text: str) -> list[str]:
    """Words with their trailing space, each wide character its own token."""
    tokens: list[str] = []
    current = ""
    for ch in text:
        if is_wide(ch):
            if current:
                tokens.append(current)
                current = ""
            tokens.append(ch)
        elif ch == " ":
            current += ch
            tokens.append(current)
            current = ""
        else:
            current += ch
    if current:
        tokens.append(current)
    return tokens


def wrap_lines(text: str, size: float, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (words longer than a line are cut;
    explicit newlines are kept)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _tokens(paragraph):
            if text_width(line + token.rstrip(), size) <= width:
                line += token
                continue
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            while text_width(token.rstrip(), size) > width:  # a word longer than the line
                cut = max(1, _fitting_prefix(token, size, width))
                lines.append(token[:cut])
                token = token[cut:]
            line = token
        lines.append(line.rstrip())
    return lines


def _fitting_prefix(text: str, size: float, width: float) -> int:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle], size) <= width:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True)
class FittedText:
    lines: list[str]
    size: float


def fit_text(
    text: str, width: float, height: float, size: float, min_size: float = 6, leading: float = 1.2
) -> FittedText:
    """Lines and font size that put ``text`` inside ``width`` x ``height``: shrink first,
    then wrap; at the smallest size, the lines that do not fit end in an ellipsis."""
    current = size
    while True:
        lines = wrap_lines(text, current, width)
        if len(lines) * current * leading <= height or current <= min_size:
            break
        current = max(min_size, current - 0.5)
    fitting = max(1, int(height // (current * leading)))
    if len(lines) > fitting:
        lines = lines[:fitting]
        last = lines[-1]
        while last and text_width(last + "…", current) > width:
            last = last[:-1]
        lines[-1] = last + "…"
    return FittedText(lines, current)


def draw_text_box(
    canvas: Canvas,
    text: str,
    x: float,
    top: float,
    width: float,
    height: float,
    size: float,
    min_size: float = 6,
    color: Color = INK,
) -> float:
    """Draw ``text`` fitted inside the box whose top-left corner is (x, top); returns the
    y just below the last line."""
    fitted = fit_text(text, width, height, size, min_size)
    canvas.setFillColor(color)
    canvas.setFont(font(), fitted.size)
    y = top - fitted.size
    for line in fitted.lines:
        canvas.drawString(x, y, line)
        y -= fitted.size * 1.2
    return y + fitted.size * 1.2 - fitted.size * 0.3


def image_reader(data: bytes | None) -> ImageReader | None:
    """An image to draw, or None when there is none or it cannot be read (the document
    is then made without it)."""
    if not data:
        return None
    try:
        reader = ImageReader(io.BytesIO(data))
        reader.getSize()
    except Exception:  # ReportLab and Pillow raise many kinds for a broken image
        return None
    return reader


def draw_image_fitted(
    canvas: Canvas, image: ImageReader, x: float, y: float, width: float, height: float
) -> float:
    """Draw ``image`` inside the box (bottom-left x, y), keeping its proportions; returns
    the width drawn."""
    image_width, image_height = image.getSize()
    scale = min(width / image_width, height / image_height)
    drawn_width, drawn_height = image_width * scale, image_height * scale
    canvas.drawImage(image, x, y + (height - drawn_height), drawn_width, drawn_height, mask="auto")
    return drawn_width


def contact_line(ctx: DocumentContext) -> str:
    profile = ctx.profile
    parts = [profile.address.replace("\n", ", "), profile.phone, profile.email, profile.website]
    return " · ".join(part for part in parts if part)


def draw_letterhead(canvas: Canvas, ctx: DocumentContext, margin: float = 20 * MM) -> float:
    """The shop's logo, name and contact details across the top of the page; returns the y
    below it."""
    page_width, page_height = ctx.page_size
    top = page_height - 12 * MM
    x = margin
    logo = image_reader(ctx.logo)
    if logo is not None:
        x += draw_image_fitted(canvas, logo, margin, top - 18 * MM, 40 * MM, 18 * MM) + 5 * MM
    width = page_width - margin - x
    draw_text_box(canvas, ctx.shop_name, x, top, width, 10 * MM, 18, 9, ACCENT)
    draw_text_box(canvas, contact_line(ctx), x, top - 11 * MM, width, 8 * MM, 8.5, 6, MUTED)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(margin, top - 21 * MM, page_width - margin, top - 21 * MM)
    return top - 21 * MM


@dataclass(frozen=True)
class Box:
    x: float
    top: float  # distance measured from the bottom of the page, as ReportLab does
    width: float
    height: float


def address_window(paper: PaperSize, page_height: float) -> Box:
    """Where the recipient's address goes so that a window envelope shows it: DIN 5008
    form B on A4 (window 20 mm from the left, address zone from 62.7 mm below the top,
    85 x 27.3 mm), a #10 envelope's window on Letter (a letter folded in three shows
    roughly 1 in from the left, 2 in below the top, 4 x 1 in)."""
    if paper is PaperSize.A4:
        return Box(25 * MM, page_height - 62.7 * MM, 75 * MM, 27.3 * MM)
    return Box(1.0 * INCH, page_height - 2.0 * INCH, 3.75 * INCH, 1.0 * INCH)


def return_address_box(paper: PaperSize, page_height: float) -> Box:
    """The small sender line just above the recipient in the window."""
    if paper is PaperSize.A4:
        return Box(25 * MM, page_height - 50 * MM, 75 * MM, 5 * MM)
    return Box(1.0 * INCH, page_height - 1.8 * INCH, 3.75 * INCH, 0.15 * INCH)


def paragraph_styles(ctx: DocumentContext) -> dict[str, ParagraphStyle]:
    """Body, heading, title and small styles in the embedded font; Chinese text may break
    between any two characters."""
    wrap = "CJK" if ctx.language == "zh" else None
    name = font()
    body = ParagraphStyle(
        "body", fontName=name, fontSize=10.5, leading=14.5, textColor=INK, wordWrap=wrap
    )
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        "heading": ParagraphStyle(
            "heading",
            parent=body,
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "title": ParagraphStyle(
            "title", parent=body, fontSize=22, leading=27, textColor=ACCENT, spaceAfter=10
        ),
    }


def page_footer(
    ctx: DocumentContext, left_text: str, margin: float, y: float, rule: bool = False
) -> Callable[[Canvas, Any], None]:
    """A page template callback: ``left_text`` (fitted to half the page) on the left and
    "Page N" on the right at height ``y``; with ``rule``, a thin line above them."""
    page_width = ctx.page_size[0]
    page_label = ctx.gettext("Page {number}")  # extracted: see i18n.catalogs.KEYWORDS
    fitted = fit_text(left_text, page_width * 0.55, 10, 8.5, 6)

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        if rule:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(margin, y + 5 * MM, page_width - margin, y + 5 * MM)
        canvas.setFillColor(MUTED)
        canvas.setFont(font(), 8.5)
        canvas.drawRightString(page_width - margin, y, page_label.format(number=doc.page))
        canvas.setFont(font(), fitted.size)
        canvas.drawString(margin, y, fitted.lines[0] if fitted.lines else "")
        canvas.restoreState()

    return draw
