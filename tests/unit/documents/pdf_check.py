"""Reading generated PDFs back: text, page count, and whether every piece of text lies
inside its page."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_crm.documents.fonts import register_fonts


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)


def pdf_text(pdf: bytes) -> str:
    """All the text of the document, pages joined by newlines."""
    return "\n".join(page.extract_text() or "" for page in reader(pdf).pages)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


@dataclass(frozen=True)
class Overflow:
    page: int
    text: str
    x: float
    y: float
    right: float


def overflows(pdf: bytes) -> list[Overflow]:
    """Text drawn (partly) outside its page's media box. The width of each piece is measured
    with the embedded font at the size it was drawn."""
    font = register_fonts()
    found: list[Overflow] = []
    for number, page in enumerate(reader(pdf).pages, start=1):
        box = page.mediabox
        width, height = float(box.width), float(box.height)

        def visit(
            text: str,
            cm: list[float],
            tm: list[float],
            font_dict: object,
            size: float,
            *,
            page_number: int = number,
            page_width: float = width,
            page_height: float = height,
        ) -> None:
            if not text.strip():
                return
            # Text matrix then current matrix: where the text starts on the page, and scale.
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5 or 1.0
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            right = x + stringWidth(text.strip("\n"), font, size * scale)
            if x < -0.5 or right > page_width + 0.5 or y < -0.5 or y > page_height + 0.5:
                found.append(Overflow(page_number, text, x, y, right))

        page.extract_text(visitor_text=visit)
    return found


def squeezed(text: str) -> str:
    """``text`` without any whitespace: a line broken between two Chinese characters comes
    out of the PDF with a space there, and a wrapped heading with a newline."""
    return "".join(text.split())


def contains(pdf_text: str, expected: str) -> bool:
    """Whether ``expected`` is in the extracted text, however the lines were broken."""
    return squeezed(expected) in squeezed(pdf_text)


def png_bytes(width: int = 300, height: int = 120, color: str = "#1d5c8c") -> bytes:
    """A small PNG image, for a logo or a signature."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()
