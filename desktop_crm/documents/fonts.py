"""The embedded TrueType font: WenQuanYi Micro Hei covers Latin with accents, Cyrillic and
Chinese in one face, so a document never has to pick a font per script (ReportLab has no
per-glyph fallback). Characters it lacks (emoji, Arabic) print as an empty box, never fail."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
FONT_FILE = FONT_DIR / "wqy-microhei.ttc"
FONT = "CrmSans"


@cache
def register_fonts() -> str:
    """Register the font with ReportLab once per process; returns its name."""
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    # One face for all four styles: <b> and <i> in paragraphs must not look for another font.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FONT, bold, italic, FONT)
    # ASCII85 around compressed page streams only makes files bigger, and ReportLab encodes
    # it in pure Python without its optional accelerator (a fifth of a batch's build time).
    rl_config.useA85 = 0
    return FONT


def covers(text: str) -> bool:
    """Whether the font has a glyph for every character of ``text``."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(register_fonts()).face  # type: ignore[attr-defined]
    return all(ord(ch) in face.charToGlyph or ch.isspace() for ch in text)
