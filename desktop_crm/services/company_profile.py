"""The company profile printed on documents: contact details, owner, paper, key staff,
products and their benefits, why customers choose the shop, the guarantee text, the
attributes of the expectation form, and the logo and signature images.

The shop's name and default language stay in the shop settings (one place for each).
"""

from __future__ import annotations

import dataclasses
import io
import json
import string
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy import delete, select

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import CompanyImage, Setting
from desktop_crm.storage.types import utc_now

PROFILE_KEY = "company_profile"
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_LIST_ENTRIES = 20
# Countries whose shops print on US Letter by default (the rest of the world uses A4).
LETTER_COUNTRIES = frozenset({"US", "CA", "MX", "PH", "CL", "CO", "VE", "GT", "CR", "PR"})

DEFAULT_EXPECTATION_ATTRIBUTES = (
    N_("Delivery time"),
    N_("Quality"),
    N_("Price"),
    N_("Customer service"),
)
GUARANTEE_PLACEHOLDERS = frozenset({"shop_name", "customer_name"})
DEFAULT_GUARANTEE_TEXT = N_(
    "If you are not completely satisfied with what you bought from {shop_name}, tell us. "
    "We will put it right, replace it or refund you in full: whichever you prefer. "
    "No forms, no questions asked, no small print."
)


class PaperSize(StrEnum):
    A4 = "A4"
    LETTER = "Letter"


class ImageKind(StrEnum):
    LOGO = "logo"
    SIGNATURE = "signature"


@dataclass(frozen=True)
class KeyPerson:
    name: str
    title: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ProductBenefit:
    name: str
    benefits: str = ""


@dataclass(frozen=True)
class CompanyProfile:
    address: str = ""  # several lines
    phone: str = ""
    email: str = ""
    website: str = ""
    owner_name: str = ""
    owner_title: str = ""
    paper_size: PaperSize = PaperSize.A4
    about: str = ""  # the short profile: who we are
    key_staff: tuple[KeyPerson, ...] = ()
    products: tuple[ProductBenefit, ...] = ()
    why_us: tuple[str, ...] = ()
    # Empty: the standard text, translated into each letter's language.
    guarantee_text: str = ""
    # Empty: the standard attributes (delivery time, quality, price, service), translated.
    expectation_attributes: tuple[str, ...] = field(default=())


def validate_profile(profile: CompanyProfile) -> CompanyProfile:
    if profile.paper_size not in tuple(PaperSize):
        raise ValidationError("paper_size", N_("Choose A4 or US Letter."))
    key_staff = tuple(
        KeyPerson(p.name.strip(), p.title.strip(), p.phone.strip())
        for p in profile.key_staff
        if p.name.strip()
    )
    products = tuple(
        ProductBenefit(p.name.strip(), p.benefits.strip())
        for p in profile.products
        if p.name.strip()
    )
    why_us = tuple(point.strip() for point in profile.why_us if point.strip())
    attributes = tuple(a.strip() for a in profile.expectation_attributes if a.strip())
    for name, entries in (
        ("key_staff", key_staff),
        ("products", products),
        ("why_us", why_us),
        ("expectation_attributes", attributes),
    ):
        if len(entries) > MAX_LIST_ENTRIES:
            raise ValidationError(name, N_("At most {count} entries."), count=MAX_LIST_ENTRIES)
    if profile.guarantee_text.strip() and not _plain_placeholders(profile.guarantee_text):
        raise ValidationError(
            "guarantee_text",
            N_("Only {{shop_name}} and {{customer_name}} can be filled in; check the braces."),
        )
    return dataclasses.replace(
        profile,
        address=profile.address.strip(),
        phone=profile.phone.strip(),
        email=profile.email.strip(),
        website=profile.website.strip(),
        owner_name=profile.owner_name.strip(),
        owner_title=profile.owner_title.strip(),
        paper_size=PaperSize(profile.paper_size),
        about=profile.about.strip(),
        key_staff=key_staff,
        products=products,
        why_us=why_us,
        guarantee_text=profile.guarantee_text.strip(),
        expectation_attributes=attributes,
    )


def _plain_placeholders(text: str) -> bool:
    """True when ``text`` formats, filling in only {shop_name} and {customer_name} as they are:
    no attribute, index, conversion or format spec (``{shop_name:>99999999}`` would print a
    huge line on every letter, ``{customer_name.upper}`` a Python repr)."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return False
    return all(
        name is None or (name in GUARANTEE_PLACEHOLDERS and not spec and conversion is None)
        for _literal, name, spec, conversion in parsed
    )


def _to_json(profile: CompanyProfile) -> str:
    return json.dumps(dataclasses.asdict(profile), ensure_ascii=False)


def _from_json(text: str, default: CompanyProfile) -> CompanyProfile:
    stored = json.loads(text)
    known = {f.name for f in dataclasses.fields(CompanyProfile)}
    values = {k: v for k, v in stored.items() if k in known}
    values["key_staff"] = tuple(KeyPerson(**p) for p in values.get("key_staff", ()))
    values["products"] = tuple(ProductBenefit(**p) for p in values.get("products", ()))
    values["why_us"] = tuple(values.get("why_us", ()))
    values["expectation_attributes"] = tuple(values.get("expectation_attributes", ()))
    if "paper_size" in values:
        values["paper_size"] = PaperSize(values["paper_size"])
    return dataclasses.replace(default, **values)


class CompanyProfileService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def get(self) -> CompanyProfile:
        """The stored profile; before it is saved, paper follows the shop's country."""
        country = self._settings.get().country
        default = CompanyProfile(
            paper_size=PaperSize.LETTER if country in LETTER_COUNTRIES else PaperSize.A4
        )
        with self._db.read() as session:
            stored = session.get(Setting, PROFILE_KEY)
            text = stored.value if stored is not None else None
        return default if text is None else _from_json(text, default)

    def save(self, profile: CompanyProfile) -> CompanyProfile:
        profile = validate_profile(profile)
        with self._db.write() as session:
            session.merge(Setting(key=PROFILE_KEY, value=_to_json(profile)))
        return profile

    def image(self, kind: ImageKind) -> bytes | None:
        with self._db.read() as session:
            row = session.get(CompanyImage, str(kind))
            return None if row is None else bytes(row.data)

    def set_image(self, kind: ImageKind, data: bytes) -> None:
        """Store a PNG, JPEG or GIF image; raises ValidationError for anything else."""
        check_image(data)
        with self._db.write() as session:
            session.merge(CompanyImage(kind=str(kind), data=data, updated_at=utc_now()))

    def remove_image(self, kind: ImageKind) -> None:
        with self._db.write() as session:
            session.execute(delete(CompanyImage).where(CompanyImage.kind == str(kind)))

    def image_kinds(self) -> set[ImageKind]:
        with self._db.read() as session:
            return {ImageKind(k) for k in session.scalars(select(CompanyImage.kind))}


def check_image(data: bytes) -> None:
    """Raise ValidationError unless ``data`` is an image documents can print."""
    from PIL import Image, UnidentifiedImageError  # Pillow comes with ReportLab

    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError("image", N_("The image is larger than 5 MB."))
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError("image", N_("This file is not an image that can be read.")) from exc
    if image_format not in {"PNG", "JPEG", "GIF"}:
        raise ValidationError("image", N_("Use a PNG, JPEG or GIF image."))
