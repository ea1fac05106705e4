"""Dates, times and money as the reader's locale writes them (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _format_date
from babel.dates import format_datetime as _format_datetime
from babel.numbers import format_currency

from desktop_crm.i18n import current_language

# Babel locales for our language codes; a shop may refine them with its country later.
_LOCALES = {"en": "en_US", "es": "es_ES", "zh": "zh_CN", "ru": "ru_RU"}


def babel_locale(language: str | None = None) -> str:
    return _LOCALES.get(language or current_language(), "en_US")


def format_date(value: date | None, language: str | None = None, style: str = "medium") -> str:
    return "" if value is None else str(_format_date(value, style, locale=babel_locale(language)))


def format_datetime(
    value: datetime | None, time_zone: str, language: str | None = None, style: str = "short"
) -> str:
    """An aware UTC timestamp shown in the shop's time zone."""
    if value is None:
        return ""
    local = value.astimezone(ZoneInfo(time_zone))
    return str(
        _format_datetime(local, style, tzinfo=ZoneInfo(time_zone), locale=babel_locale(language))
    )


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    return str(format_currency(amount, currency, locale=babel_locale(language)))
