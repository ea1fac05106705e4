"""What every document needs besides its own data: the language it is written in (the
customer's, else the shop's), the shop's name and company profile, paper size, images, and
locale-aware dates and money."""

from __future__ import annotations

import dataclasses
import gettext
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from desktop_crm.i18n import SHIPPED_LANGUAGES, translations_for
from desktop_crm.i18n.formatting import format_date, format_money
from desktop_crm.services.company_profile import CompanyProfile, ImageKind, PaperSize
from desktop_crm.services.shop import Shop

MM = 72 / 25.4  # points per millimetre
INCH = 72.0
PAGE_SIZES = {PaperSize.A4: (210 * MM, 297 * MM), PaperSize.LETTER: (8.5 * INCH, 11 * INCH)}


def plain_spaces(text: str) -> str:
    """Babel's narrow no-break space (Russian dates, French money) is a full em wide in the
    embedded font: print a plain no-break space instead."""
    return text.replace("\u202f", "\u00a0")


@dataclass(frozen=True)
class DocumentContext:
    language: str
    shop_name: str
    currency: str
    time_zone: str
    profile: CompanyProfile
    logo: bytes | None
    signature: bytes | None
    translations: gettext.NullTranslations = dataclasses.field(repr=False, compare=False)

    @property
    def page_size(self) -> tuple[float, float]:
        return PAGE_SIZES[self.profile.paper_size]

    @property
    def paper(self) -> PaperSize:
        return self.profile.paper_size

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def date(self, value: date | None, style: str = "long") -> str:
        return plain_spaces(format_date(value, self.language, style))

    def money(self, amount: Decimal) -> str:
        return plain_spaces(format_money(amount, self.currency, self.language))

    def in_language(self, language: str | None) -> DocumentContext:
        """The same shop writing in ``language`` (a customer's); unshipped or empty languages
        keep this context's language."""
        chosen = language if language in SHIPPED_LANGUAGES else None
        if chosen is None or chosen == self.language:
            return self
        return dataclasses.replace(self, language=chosen, translations=translations_for(chosen))


def document_context(shop: Shop, language: str | None = None) -> DocumentContext:
    """The context for documents of ``shop`` in ``language`` (default: the shop's)."""
    settings = shop.settings.get()
    shop_language = settings.language if settings.language in SHIPPED_LANGUAGES else "en"
    base = DocumentContext(
        language=shop_language,
        shop_name=settings.shop_name,
        currency=settings.currency,
        time_zone=settings.time_zone,
        profile=shop.company.get(),
        logo=shop.company.image(ImageKind.LOGO),
        signature=shop.company.image(ImageKind.SIGNATURE),
        translations=translations_for(shop_language),
    )
    return base.in_language(language)
