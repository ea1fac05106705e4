"""Guarantee letters: one page per customer, in the customer's language, the address in the
envelope window, the owner's guarantee text and signature."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop_crm.documents.api import DocumentCancelled, GuaranteeLetterRequest, generate
from desktop_crm.documents.layout import address_window
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.i18n import translations_for
from desktop_crm.services.company_profile import (
    DEFAULT_GUARANTEE_TEXT,
    CompanyProfile,
    ImageKind,
    PaperSize,
)
from desktop_crm.services.shop import Shop
from tests.unit.documents.conftest import Named
from tests.unit.documents.pdf_check import (
    contains,
    overflows,
    page_count,
    page_texts,
    pdf_text,
    png_bytes,
    reader,
)


def _png() -> bytes:
    return png_bytes(300, 90, "#203060")


def _add(shop: Shop, name: str, language: str = "en") -> int:
    created = shop.customers.create(CustomerDraft(name=name, language=language, address="Street 1"))
    shop.purchases.add(created.id, date(2026, 11, 20), f"Bike for {name}", Decimal("10"))
    return created.id


def test_a_letter_for_each_script_and_paper(shop: Shop, customer: Named, paper: PaperSize) -> None:
    made = generate(shop, GuaranteeLetterRequest((customer.id,)))

    assert made.pages == page_count(made.pdf) == 1
    text = pdf_text(made.pdf)
    gettext = translations_for(customer.language).gettext
    assert customer.name in text
    assert customer.address.splitlines()[0] in text
    assert f"Service for {customer.name[:20]}" in text
    assert gettext("Our 100% satisfaction guarantee") in text
    assert gettext("Dear {name},").format(name=customer.name) in text
    guarantee = gettext(DEFAULT_GUARANTEE_TEXT).format(shop_name="Bici Sur", customer_name="")
    assert contains(text, guarantee)
    assert "Ana García" in text
    assert overflows(made.pdf) == []
    assert made.file_name.endswith(".pdf")


def test_the_address_sits_in_the_envelope_window(
    shop: Shop, customer: Named, paper: PaperSize
) -> None:
    made = generate(shop, GuaranteeLetterRequest((customer.id,)))
    page = reader(made.pdf).pages[0]
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if customer.name[:3] in text:
            found.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    window = address_window(paper, float(page.mediabox.height))
    x, y = found[0]  # the first place the name is drawn: the address, above the salutation
    assert window.x - 1 <= x <= window.x + window.width
    assert window.top - window.height <= y <= window.top


def test_a_batch_is_one_page_per_customer_in_each_language(shop: Shop, company: object) -> None:
    ids = (_add(shop, "Ann", "en"), _add(shop, "Пётр", "ru"), _add(shop, "王小明", "zh"))
    seen: list[tuple[int, int]] = []

    made = generate(shop, GuaranteeLetterRequest(ids), progress=lambda d, t: seen.append((d, t)))

    texts = page_texts(made.pdf)
    assert made.pages == len(texts) == 3
    expected = (("Ann", "en"), ("Пётр", "ru"), ("王小明", "zh"))
    for text, (name, language) in zip(texts, expected, strict=True):
        assert name in text
        assert translations_for(language).gettext("Kind regards,") in text
    assert seen[-1] == (3, 3)


def test_custom_guarantee_text_names_the_customer(shop: Shop, customer: Named) -> None:
    profile = shop.company.get()
    shop.company.save(
        dataclasses.replace(profile, guarantee_text="{customer_name}, {shop_name} stands by it.")
    )
    text = pdf_text(generate(shop, GuaranteeLetterRequest((customer.id,))).pdf)
    assert contains(text, f"{customer.name}, Bici Sur stands by it.")


def test_signature_drawn_only_when_set(shop: Shop, customer: Named) -> None:
    without = generate(shop, GuaranteeLetterRequest((customer.id,)))
    assert len(reader(without.pdf).pages[0].images) == 0
    shop.company.set_image(ImageKind.SIGNATURE, _png())
    signed = generate(shop, GuaranteeLetterRequest((customer.id,)))
    assert len(reader(signed.pdf).pages[0].images) == 1
    assert signed.pages == 1


def test_many_purchases_stay_on_one_page(shop: Shop, company: CompanyProfile) -> None:
    customer = _add(shop, "Ann")
    for n in range(12):
        shop.purchases.add(customer, date(2026, 11, 1) + timedelta(days=n), "Part " * 30, "5")
    made = generate(shop, GuaranteeLetterRequest((customer,), date(2026, 10, 1)))
    text = pdf_text(made.pdf)
    assert made.pages == 1
    more = translations_for("en").ngettext(
        "and {count} more purchase", "and {count} more purchases", 6
    )
    assert more.format(count=6) in text
    assert overflows(made.pdf) == []


def test_a_very_long_guarantee_text_shrinks_onto_one_page(shop: Shop, customer: Named) -> None:
    profile = shop.company.get()
    shop.company.save(dataclasses.replace(profile, guarantee_text="We promise. " * 400))
    made = generate(shop, GuaranteeLetterRequest((customer.id,)))
    assert made.pages == page_count(made.pdf) == 1
    assert overflows(made.pdf) == []


def test_long_name_and_other_scripts_do_not_overflow(
    shop: Shop, long_named: Named, paper: PaperSize
) -> None:
    odd = _add(shop, "Ali 😀 علي")
    made = generate(shop, GuaranteeLetterRequest((long_named.id, odd)))
    assert made.pages == 2
    assert overflows(made.pdf) == []


def test_cancelled_batch_raises(shop: Shop, company: CompanyProfile) -> None:
    ids = tuple(_add(shop, f"C{n}") for n in range(30))
    with pytest.raises(DocumentCancelled):
        generate(shop, GuaranteeLetterRequest(ids), cancelled=lambda: True)
