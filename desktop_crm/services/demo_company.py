"""The demo shop's company profile: what its documents print (letterhead, brochure, letters),
with a drawn logo and signature so the demo shows them."""

from __future__ import annotations

import dataclasses
import io
import math

from desktop_crm.services.company_profile import (
    CompanyProfile,
    CompanyProfileService,
    ImageKind,
    KeyPerson,
    ProductBenefit,
)
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database

DEMO_SHOP_NAME = "Bici Sur"
DEMO_PROFILE = CompanyProfile(
    address="Avenida del Puerto 3\n46023 Valencia",
    phone="+34 961 234 567",
    email="hola@bicisur.example",
    website="www.bicisur.example",
    owner_name="Ana Torres",
    owner_title="Owner",
    about=(
        "Bici Sur sells, repairs and services bicycles, scooters and their owners' good mood "
        "since 1998: a family workshop near the harbour with five people who know your bike."
    ),
    key_staff=(
        KeyPerson("Ana Torres", "Owner", "+34 912 345 678"),
        KeyPerson("Dmitri Volkov", "Repairs", "+34 612 000 222"),
        KeyPerson("Li Wei", "Sales", "+34 612 000 111"),
    ),
    products=(
        ProductBenefit("City and trekking bikes", "Fitted to you, first service free"),
        ProductBenefit("Repairs and servicing", "Most repairs done the same day"),
        ProductBenefit("Service contracts", "Two check-ups a year and priority repairs"),
    ),
    why_us=(
        "Same-day repairs for most jobs",
        "A reminder before every service is due",
        "Our 100% satisfaction guarantee, no small print",
    ),
)


def ensure_demo_company(db: Database) -> None:
    """Give a shop without a company profile the demo one (name, profile, logo, signature)."""
    settings = SettingsService(db)
    company = CompanyProfileService(db, settings)
    if company.get().address:
        return
    current = settings.get()
    if not current.shop_name:
        settings.save(dataclasses.replace(current, shop_name=DEMO_SHOP_NAME))
    company.save(dataclasses.replace(DEMO_PROFILE, paper_size=company.get().paper_size))
    company.set_image(ImageKind.LOGO, _logo())
    company.set_image(ImageKind.SIGNATURE, _signature())


def _png(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG")  # type: ignore[attr-defined]
    return out.getvalue()


def _logo() -> bytes:
    """Two wheels and a frame: a bicycle in the shop's blue."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (360, 150), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    blue = (29, 92, 140, 255)
    for x in (90, 270):
        draw.ellipse((x - 62, 20, x + 62, 144), outline=blue, width=12)
    draw.line([(90, 82), (160, 6), (250, 6), (270, 82)], fill=blue, width=12)
    draw.line([(160, 6), (180, 82), (90, 82)], fill=blue, width=12)
    draw.line([(180, 82), (250, 6)], fill=blue, width=12)
    return _png(image)


def _signature() -> bytes:
    """A handwritten-looking stroke."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (420, 120), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [
        (20 + t * 3.8, 62 + 30 * math.sin(t / 6.0) * math.exp(-t / 160) + 8 * math.sin(t / 1.7))
        for t in range(100)
    ]
    draw.line(points, fill=(20, 30, 70, 255), width=4, joint="curve")
    return _png(image)
