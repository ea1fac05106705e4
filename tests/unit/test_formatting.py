"""Dates, times and money as each shipped language writes them (Babel), with Decimal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from desktop_crm import i18n
from desktop_crm.i18n.formatting import babel_locale, format_date, format_datetime, format_money


def plain(text: str) -> str:
    """CLDR uses no-break and narrow no-break spaces; compare them as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.fixture(autouse=True)
def _english_afterwards() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize(
    ("language", "medium", "short"),
    [
        ("en", "Mar 5, 2024", "3/5/24"),
        ("es", "5 mar 2024", "5/3/24"),
        ("zh", "2024年3月5日", "2024/3/5"),
        ("ru", "5 мар. 2024 г.", "05.03.2024"),
    ],
)
def test_dates_per_language(language: str, medium: str, short: str) -> None:
    day = date(2024, 3, 5)
    assert plain(format_date(day, language)) == medium
    assert plain(format_date(day, language, style="short")) == short


def test_no_date_is_an_empty_string() -> None:
    assert format_date(None, "es") == ""
    assert format_datetime(None, "Europe/Madrid", "es") == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "3/6/24, 12:30 AM"),
        ("es", "6/3/24, 0:30"),
        ("zh", "2024/3/6 00:30"),
        ("ru", "06.03.2024, 00:30"),
    ],
)
def test_timestamps_shown_in_the_shops_time_zone(language: str, expected: str) -> None:
    # 23:30 UTC on 5 March is half past midnight on 6 March in Madrid.
    moment = datetime(2024, 3, 5, 23, 30, tzinfo=UTC)
    assert plain(format_datetime(moment, "Europe/Madrid", language)) == expected


def test_timestamps_follow_daylight_saving_time() -> None:
    winter = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
    summer = datetime(2024, 7, 15, 12, 0, tzinfo=UTC)
    assert plain(format_datetime(winter, "Europe/Madrid", "es")).endswith("13:00")
    assert plain(format_datetime(summer, "Europe/Madrid", "es")).endswith("14:00")


@pytest.mark.parametrize(
    ("language", "currency", "amount", "expected"),
    [
        ("en", "EUR", Decimal("1234.5"), "€1,234.50"),
        ("es", "EUR", Decimal("1234.5"), "1.234,50 €"),
        ("zh", "CNY", Decimal("1234.5"), "¥1,234.50"),
        ("ru", "RUB", Decimal("1234.5"), "1 234,50 ₽"),
        ("en", "USD", Decimal("0.1") + Decimal("0.2"), "$0.30"),
        ("es", "EUR", Decimal("0.1") + Decimal("0.2"), "0,30 €"),
        ("en", "EUR", Decimal("1234567.89"), "€1,234,567.89"),
        ("es", "EUR", Decimal("1234567.89"), "1.234.567,89 €"),
        ("ru", "EUR", Decimal("-5"), "-5,00 €"),
        ("en", "JPY", Decimal("1234"), "¥1,234"),
    ],
)
def test_money_per_language(language: str, currency: str, amount: Decimal, expected: str) -> None:
    assert plain(format_money(amount, currency, language)) == expected


def test_money_keeps_every_cent_of_large_decimals() -> None:
    """A float would lose the last cent of this amount; Decimal must not."""
    amount = Decimal("999999999999999.99")
    assert plain(format_money(amount, "USD", "en")) == "$999,999,999,999,999.99"


def test_formatting_follows_the_current_language() -> None:
    i18n.set_language("es")
    assert plain(format_money(Decimal("2.5"), "EUR")) == "2,50 €"
    assert format_date(date(2024, 3, 5)) == "5 mar 2024"
    i18n.set_language("en")
    assert format_money(Decimal("2.5"), "EUR") == "€2.50"


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_US"), ("es", "es_ES"), ("zh", "zh_CN"), ("ru", "ru_RU"), ("fr", "en_US")],
)
def test_babel_locale_of_each_language(language: str, locale: str) -> None:
    assert babel_locale(language) == locale
