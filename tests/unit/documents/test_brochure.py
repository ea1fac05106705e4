"""The company brochure: a cover and the profile's sections; empty sections left out."""

from __future__ import annotations

from desktop_crm.documents.api import BrochureRequest, generate
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import CompanyProfile, ImageKind, PaperSize
from desktop_crm.services.shop import Shop
from tests.unit.documents.pdf_check import overflows, page_count, pdf_text, png_bytes, reader

SECTIONS = ("Who we are", "Our team", "What we offer", "Why customers choose us")


def _png() -> bytes:
    return png_bytes(300, 120, "#1d5c8c")


def test_brochure_in_each_language_and_paper(shop: Shop, paper: PaperSize) -> None:
    for language in ("es", "ru", "zh"):
        made = generate(shop, BrochureRequest(language))
        text = pdf_text(made.pdf)
        gettext = translations_for(language).gettext
        assert made.pages == page_count(made.pdf) >= 2
        for section in (*SECTIONS, "Our guarantee"):
            assert gettext(section) in text
        for data in ("Bici Sur", "Bicycles sold", "+34 600 000 001", "City bikes", "Light, sturdy"):
            assert data in text
        assert "Repairs done the same day" in text
        assert gettext("Page {number}").format(number=2) in text
        assert overflows(made.pdf) == []


def test_an_empty_profile_gives_a_cover_and_the_guarantee(shop: Shop) -> None:
    made = generate(shop, BrochureRequest())
    text = pdf_text(made.pdf)
    assert made.pages >= 1
    for section in SECTIONS:
        assert section not in text
    assert "Our guarantee" in text
    assert len(reader(made.pdf).pages[0].images) == 0


def test_the_logo_is_on_the_cover(shop: Shop, company: CompanyProfile) -> None:
    shop.company.set_image(ImageKind.LOGO, _png())
    made = generate(shop, BrochureRequest("en"))
    assert len(reader(made.pdf).pages[0].images) == 1
