"""Customers with Latin, Cyrillic and Chinese names (and one with a 200-character name),
and the shop's paper set to A4 or Letter, for every document's tests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.company_profile import (
    CompanyProfile,
    KeyPerson,
    PaperSize,
    ProductBenefit,
)
from desktop_crm.services.shop import Shop

LONG_NAME = ("Maximiliana Wolfeschlegelsteinhausenbergerdorff " * 5)[:200]


@dataclass(frozen=True)
class Named:
    id: int
    name: str
    language: str
    address: str


SCRIPTS = {
    "latin": ("José Núñez Peña", "es", "Calle Mayor 12, 3º B\n28013 Madrid"),
    "cyrillic": ("Пётр Ильич Чайковский", "ru", "ул. Тверская, д. 7, кв. 15\n125009 Москва"),
    "chinese": ("王小明", "zh", "北京市朝阳区建国路88号\n100022"),
}


@pytest.fixture
def company(shop: Shop) -> CompanyProfile:
    """A filled-in company profile (no images) and a shop name."""
    settings = shop.settings.get()
    shop.settings.save(dataclasses.replace(settings, shop_name="Bici Sur"))
    return shop.company.save(
        CompanyProfile(
            address="Avenida del Puerto 3\n46023 Valencia",
            phone="+34 961 234 567",
            email="hola@bicisur.example",
            website="bicisur.example",
            owner_name="Ana García",
            owner_title="Owner",
            about="Bicycles sold, repaired and loved since 1998.",
            key_staff=(KeyPerson("Ana García", "Owner", "+34 600 000 001"),),
            products=(ProductBenefit("City bikes", "Light, sturdy, serviced for a year"),),
            why_us=("Repairs done the same day",),
        )
    )


@pytest.fixture(params=[PaperSize.A4, PaperSize.LETTER], ids=["A4", "Letter"])
def paper(request: pytest.FixtureRequest, shop: Shop, company: CompanyProfile) -> PaperSize:
    """Each test using this runs once on A4 and once on US Letter."""
    size: PaperSize = request.param
    shop.company.save(dataclasses.replace(shop.company.get(), paper_size=size))
    return size


def _add(shop: Shop, name: str, language: str, address: str) -> Named:
    created = shop.customers.create(CustomerDraft(name=name, language=language, address=address))
    shop.purchases.add(created.id, date(2026, 11, 20), f"Service for {name[:20]}", Decimal("49.90"))
    return Named(created.id, name, language, address)


@pytest.fixture(params=list(SCRIPTS), ids=list(SCRIPTS))
def customer(request: pytest.FixtureRequest, shop: Shop, company: CompanyProfile) -> Named:
    """One customer per script (Latin, Cyrillic, Chinese) with an address and a purchase."""
    name, language, address = SCRIPTS[request.param]
    return _add(shop, name, language, address)


@pytest.fixture
def long_named(shop: Shop, company: CompanyProfile) -> Named:
    return _add(shop, LONG_NAME, "en", "Calle " + "Larguísima " * 18 + "1\n28001 Madrid")
