"""The company profile: stored and read back whole, paper by country, images checked."""

from __future__ import annotations

import dataclasses
import io

import pytest
from PIL import Image

from desktop_crm.domain.errors import ValidationError
from desktop_crm.services.company_profile import (
    MAX_IMAGE_BYTES,
    MAX_LIST_ENTRIES,
    CompanyProfile,
    ImageKind,
    KeyPerson,
    PaperSize,
    ProductBenefit,
)
from desktop_crm.services.shop import Shop


def png(width: int = 40, height: int = 20) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "#1e88e5").save(out, "PNG")
    return out.getvalue()


def image_bytes(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(out, image_format)
    return out.getvalue()


FILLED = CompanyProfile(
    address="Calle Mayor 12\n41001 Sevilla",
    phone="+34 954 123 456",
    email="hola@bicisur.es",
    website="bicisur.es",
    owner_name="Lucía Pérez",
    owner_title="Dueña",
    paper_size=PaperSize.LETTER,
    about="Tienda familiar desde 1998.",
    key_staff=(KeyPerson("Lucía Pérez", "Dueña", "600 111 222"), KeyPerson("王小明", "", "")),
    products=(ProductBenefit("Reparaciones", "En el día"), ProductBenefit("E-bikes")),
    why_us=("Precios honestos", "Пётр says hi"),
    guarantee_text="{customer_name}, {shop_name} lo arregla.",
    expectation_attributes=("Plazo", "Calidad"),
)


def test_a_new_shop_has_an_empty_profile_on_a4_in_spain(shop: Shop) -> None:
    assert shop.company.get() == CompanyProfile(paper_size=PaperSize.A4)


def test_a_us_shop_prints_on_letter_until_it_chooses(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), country="US", currency="USD"))
    assert shop.company.get().paper_size is PaperSize.LETTER
    shop.company.save(dataclasses.replace(shop.company.get(), paper_size=PaperSize.A4))
    assert shop.company.get().paper_size is PaperSize.A4


def test_round_trip_with_lists(shop: Shop) -> None:
    assert shop.company.save(FILLED) == FILLED
    assert shop.company.get() == FILLED


def test_saving_trims_and_drops_blank_entries(shop: Shop) -> None:
    messy = dataclasses.replace(
        FILLED,
        phone="  954 1 ",
        key_staff=(KeyPerson(" Ana ", " Mecánica ", " 6 "), KeyPerson("  ", "Title only")),
        products=(ProductBenefit(""), ProductBenefit(" Rueda ", " dura ")),
        why_us=(" uno ", "", "   "),
        guarantee_text="   ",
        expectation_attributes=(" Precio ", ""),
    )
    stored = shop.company.save(messy)
    assert stored.phone == "954 1"
    assert stored.key_staff == (KeyPerson("Ana", "Mecánica", "6"),)
    assert stored.products == (ProductBenefit("Rueda", "dura"),)
    assert stored.why_us == ("uno",)
    assert stored.guarantee_text == ""  # the standard text
    assert stored.expectation_attributes == ("Precio",)
    assert shop.company.get() == stored


def test_too_many_entries_are_refused(shop: Shop) -> None:
    points = tuple(f"point {i}" for i in range(MAX_LIST_ENTRIES + 1))
    with pytest.raises(ValidationError) as error:
        shop.company.save(dataclasses.replace(FILLED, why_us=points))
    assert error.value.field == "why_us"


@pytest.mark.parametrize(
    "text", ["{shop}", "{customer_name", "}{", "{0}", "Hi {customer_name.upper}x{"]
)
def test_guarantee_text_with_bad_braces_is_refused(shop: Shop, text: str) -> None:
    with pytest.raises(ValidationError) as error:
        shop.company.save(dataclasses.replace(FILLED, guarantee_text=text))
    assert error.value.field == "guarantee_text"
    assert shop.company.get() == CompanyProfile()  # nothing stored


def test_guarantee_text_may_fill_in_names(shop: Shop) -> None:
    text = "Dear {customer_name}, {shop_name} stands behind it ({{really}})."
    assert shop.company.save(dataclasses.replace(FILLED, guarantee_text=text)).guarantee_text == (
        text
    )


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "GIF"])
def test_images_are_stored_and_removed(shop: Shop, image_format: str) -> None:
    data = image_bytes(image_format)
    assert shop.company.image(ImageKind.LOGO) is None
    shop.company.set_image(ImageKind.LOGO, data)
    assert shop.company.image(ImageKind.LOGO) == data
    assert shop.company.image(ImageKind.SIGNATURE) is None
    assert shop.company.image_kinds() == {ImageKind.LOGO}

    replacement = png(60, 30)
    shop.company.set_image(ImageKind.LOGO, replacement)
    shop.company.set_image(ImageKind.SIGNATURE, png())
    assert shop.company.image(ImageKind.LOGO) == replacement
    shop.company.remove_image(ImageKind.LOGO)
    assert shop.company.image(ImageKind.LOGO) is None
    assert shop.company.image(ImageKind.SIGNATURE) == png()
    shop.company.remove_image(ImageKind.LOGO)  # removing what is not there is fine


@pytest.mark.parametrize(
    "data",
    [
        b"This is a text file, not a picture.",
        b"",
        png()[:30],  # cut short
        image_bytes("BMP"),  # an image, but not one documents print
    ],
)
def test_what_is_not_a_printable_image_is_refused(shop: Shop, data: bytes) -> None:
    with pytest.raises(ValidationError) as error:
        shop.company.set_image(ImageKind.SIGNATURE, data)
    assert error.value.field == "image"
    assert shop.company.image(ImageKind.SIGNATURE) is None


def test_an_image_over_5_mb_is_refused(shop: Shop) -> None:
    too_big = png() + b"\0" * (MAX_IMAGE_BYTES + 1 - len(png()))
    with pytest.raises(ValidationError) as error:
        shop.company.set_image(ImageKind.LOGO, too_big)
    assert "5 MB" in error.value.message
    assert shop.company.image(ImageKind.LOGO) is None


@pytest.mark.parametrize(
    "text",
    [
        "{customer_name.upper}",  # would print "<built-in method upper ...>"
        "{shop_name:>100000000}",  # a 100 MB line on every letter
        "{customer_name!r}",
        "{shop_name[0]}",
    ],
)
def test_placeholders_are_only_the_plain_names(shop: Shop, text: str) -> None:
    with pytest.raises(ValidationError) as error:
        shop.company.save(dataclasses.replace(FILLED, guarantee_text=text))
    assert error.value.field == "guarantee_text"
