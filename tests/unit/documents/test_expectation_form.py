"""The expectation form: the attributes on the comment card's 1–5 scale, importance, notes."""

from __future__ import annotations

import dataclasses
import io
import re

from PIL import Image

from desktop_crm.documents.api import ExpectationEntry, ExpectationFormRequest, generate
from desktop_crm.documents.context import document_context
from desktop_crm.documents.sheet import rating_labels
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import (
    DEFAULT_EXPECTATION_ATTRIBUTES,
    CompanyProfile,
    ImageKind,
    PaperSize,
)
from desktop_crm.services.shop import Shop
from tests.unit.documents.conftest import Named
from tests.unit.documents.pdf_check import contains, overflows, page_count, pdf_text, reader

LABELS = (
    "What do you expect from us?",
    "What you expect",
    "How important is it to you",
    "Poor",
    "Excellent",
    "Not important",
    "Very important",
    "Anything else we should know?",
    "Signature",
    "Date",
    "Name",
)


def _ticks(pdf: bytes) -> int:
    """Boxes printed filled in (drawn filled and outlined: the ``re B`` operator)."""
    data = reader(pdf).pages[0].get_contents()
    assert data is not None
    return len(re.findall(rb" re B\b", data.get_data()))


def test_form_for_each_script_and_paper(shop: Shop, customer: Named, paper: PaperSize) -> None:
    doc = generate(shop, ExpectationFormRequest(customer_id=customer.id))
    assert doc.pages == 1
    assert page_count(doc.pdf) == 1
    text = pdf_text(doc.pdf)
    gettext = translations_for(customer.language).gettext
    assert customer.name in text
    for label in LABELS:
        assert contains(text, gettext(label))
    for attribute in DEFAULT_EXPECTATION_ATTRIBUTES:
        assert contains(text, gettext(attribute))
    assert overflows(doc.pdf) == []
    assert _ticks(doc.pdf) == 0
    assert doc.file_name.startswith("expectation-form-") and doc.file_name.isascii()
    width, height = reader(doc.pdf).pages[0].mediabox.upper_right
    expected = (595, 842) if paper is PaperSize.A4 else (612, 792)
    assert (round(float(width)), round(float(height))) == expected


def test_filled_on_screen_prints_ticks_and_notes(shop: Shop, customer: Named) -> None:
    entries = (
        ExpectationEntry("Delivered by Friday", expected=5, importance=4),
        ExpectationEntry("Gift wrapping", expected=3),
        ExpectationEntry("Price", importance=2),
        ExpectationEntry("Colour matches the sample"),
    )
    notes = "Please call before you come; the doorbell is broken. " * 4
    doc = generate(
        shop, ExpectationFormRequest(customer_id=customer.id, entries=entries, notes=notes)
    )
    text = pdf_text(doc.pdf)
    for entry in entries:
        assert entry.attribute in text
    assert "doorbell is broken" in " ".join(text.split())
    assert _ticks(doc.pdf) == 4
    assert overflows(doc.pdf) == []


def test_profile_attributes_replace_the_standard_ones(shop: Shop, company: CompanyProfile) -> None:
    shop.company.save(
        dataclasses.replace(company, expectation_attributes=("Fit", "Comfort", "Durability"))
    )
    text = pdf_text(generate(shop, ExpectationFormRequest()).pdf)
    for attribute in ("Fit", "Comfort", "Durability"):
        assert attribute in text
    assert "Delivery time" not in text


def test_blank_form_without_a_customer(shop: Shop, company: CompanyProfile) -> None:
    doc = generate(shop, ExpectationFormRequest())
    assert doc.file_name == "expectation-form-blank.pdf"
    text = pdf_text(doc.pdf)
    assert "Bici Sur" in text
    assert all(label in text for label in rating_labels(document_context(shop)))
    assert overflows(doc.pdf) == []


def test_long_name_and_many_long_attributes_stay_on_the_page(shop: Shop, long_named: Named) -> None:
    entries = tuple(
        ExpectationEntry(f"Attribute {n} " + "with a very long description " * 4, 3, 3)
        for n in range(20)
    )
    doc = generate(
        shop,
        ExpectationFormRequest(customer_id=long_named.id, entries=entries, notes="x " * 3000),
    )
    assert doc.pages == 1
    assert overflows(doc.pdf) == []
    assert "Attribute 19" in pdf_text(doc.pdf)


def test_language_can_be_chosen(shop: Shop, customer: Named) -> None:
    doc = generate(shop, ExpectationFormRequest(customer_id=customer.id, language="en"))
    assert "What do you expect from us?" in pdf_text(doc.pdf)


def test_logo_and_emoji(shop: Shop, company: CompanyProfile) -> None:
    out = io.BytesIO()
    Image.new("RGB", (200, 80), "#1d5c8c").save(out, "PNG")
    shop.company.set_image(ImageKind.LOGO, out.getvalue())
    from desktop_crm.domain.customers import CustomerDraft

    created = shop.customers.create(CustomerDraft(name="مريم 😀 Smile"))
    doc = generate(
        shop,
        ExpectationFormRequest(
            customer_id=created.id, entries=(ExpectationEntry("Speed 🚀 سريع", 4, 4),)
        ),
    )
    assert len(reader(doc.pdf).pages[0].images) == 1
    assert "Smile" in pdf_text(doc.pdf)
    assert doc.file_name == "expectation-form-smile.pdf"
