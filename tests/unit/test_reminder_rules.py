"""When generated reminders come due (domain.reminder_rules): service, birthday, win-back."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.recurrence import anniversary
from desktop_crm.domain.reminder_rules import (
    WINBACK_MINIMUM_DAYS,
    Upcoming,
    next_birthday_reminder,
    next_service_due,
    usual_interval_days,
    winback_due,
)

D = date.fromisoformat
shop_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("last_service", "every_months", "expected"),
    [
        ("2024-08-31", 6, "2025-02-28"),  # a garage's six-month check from 31 August
        ("2023-08-31", 6, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),  # a vet's yearly vaccination
        ("2024-03-15", 12, "2025-03-15"),
        ("2024-11-30", 3, "2025-02-28"),  # across the year end
        ("2024-07-31", 1, "2024-08-31"),
    ],
)
def test_next_service_due(last_service: str, every_months: int, expected: str) -> None:
    assert next_service_due(D(last_service), every_months) == D(expected)


def test_a_service_interval_is_at_least_a_month() -> None:
    with pytest.raises(ValueError):
        next_service_due(D("2024-01-01"), 0)


@pytest.mark.parametrize(
    ("birthday", "days_before", "on_or_after", "remind_on", "event_on"),
    [
        ("1990-05-10", 7, "2025-01-01", "2025-05-03", "2025-05-10"),
        ("1990-05-10", 7, "2025-05-03", "2025-05-03", "2025-05-10"),  # today is the day
        ("1990-05-10", 7, "2025-05-04", "2026-05-03", "2026-05-10"),  # missed: next year's
        ("1990-01-03", 7, "2024-12-20", "2024-12-27", "2025-01-03"),  # reminder before New Year
        ("1990-01-03", 7, "2024-12-28", "2025-12-27", "2026-01-03"),
        ("1990-01-03", 0, "2025-01-03", "2025-01-03", "2025-01-03"),
        ("2000-02-29", 0, "2025-01-01", "2025-02-28", "2025-02-28"),  # 28 Feb in common years
        ("2000-02-29", 0, "2028-01-01", "2028-02-29", "2028-02-29"),
        ("2000-02-29", 14, "2027-01-01", "2027-02-14", "2027-02-28"),
        ("2000-02-29", 14, "2028-01-01", "2028-02-15", "2028-02-29"),
        ("2000-02-29", 1, "2025-02-28", "2026-02-27", "2026-02-28"),
        ("2024-06-01", 7, "2024-01-01", "2024-05-25", "2024-06-01"),  # born this year: the day
    ],
)
def test_next_birthday_reminder(
    birthday: str, days_before: int, on_or_after: str, remind_on: str, event_on: str
) -> None:
    assert next_birthday_reminder(D(birthday), days_before, D(on_or_after)) == Upcoming(
        D(remind_on), D(event_on)
    )


@given(birthday=shop_dates, days_before=st.integers(0, 60), offset=st.integers(0, 50_000))
def test_a_birthday_reminder_is_the_first_one_due(
    birthday: date, days_before: int, offset: int
) -> None:
    on_or_after = birthday + timedelta(days=offset)
    remind_on, event_on = next_birthday_reminder(birthday, days_before, on_or_after)
    assert remind_on >= on_or_after
    assert (event_on - remind_on).days == days_before
    assert event_on == anniversary(birthday, event_on.year)
    earlier = anniversary(birthday, event_on.year - 1)
    assert earlier < birthday or earlier - timedelta(days=days_before) < on_or_after


@pytest.mark.parametrize(
    ("purchases", "expected"),
    [
        ([], None),
        (["2025-01-10"], None),
        (["2025-01-10", "2025-01-10"], None),  # two purchases on one visit
        (["2025-01-01", "2025-01-08"], 7),
        (["2025-01-15", "2025-01-01", "2025-01-08"], 7),  # any order
        (["2025-01-01", "2025-01-08", "2025-01-15", "2025-08-01"], 7),  # one long absence
        (["2025-01-01", "2025-01-11", "2025-01-31"], 20),  # median of 10 and 20: the larger
        (["2024-12-20", "2025-01-19", "2025-02-18", "2025-02-18"], 30),  # across the year end
        (["2024-02-28", "2024-03-01"], 2),  # 29 February counts
    ],
)
def test_usual_interval_days(purchases: list[str], expected: int | None) -> None:
    assert usual_interval_days([D(day) for day in purchases]) == expected


TODAY = D("2025-06-01")


@pytest.mark.parametrize(
    ("purchases", "expected"),
    [
        pytest.param([], None, id="no purchases: nothing to win back"),
        pytest.param(["2025-03-01"], "2025-05-30", id="one purchase: the fixed default (90)"),
        pytest.param(
            ["2025-01-01", "2025-01-31", "2025-03-02", "2025-04-01"],
            "2025-05-31",
            id="a monthly customer: twice their 30 days",
        ),
        pytest.param(
            ["2025-05-01", "2025-05-08", "2025-05-15"],
            "2025-05-29",
            id="a weekly customer: 14 days",
        ),
        pytest.param(
            ["2025-05-20", "2025-05-21", "2025-05-22"],
            "2025-06-05",
            id="a daily customer: the minimum, not two days",
        ),
        pytest.param(
            ["2023-05-01", "2024-05-01"],
            "2026-05-03",
            id="a yearly customer: twice 366 days, far beyond the default",
        ),
        pytest.param(
            ["2025-03-01", "2025-07-01"],
            "2025-05-30",
            id="a purchase dated after today is ignored",
        ),
    ],
)
def test_winback_due(purchases: list[str], expected: str | None) -> None:
    due = winback_due([D(day) for day in purchases], TODAY, default_days=90)
    assert due == (expected and D(expected))


def test_winback_factor_rounds_up() -> None:
    purchases = [D("2025-01-01"), D("2025-01-21"), D("2025-02-10")]  # every 20 days
    assert winback_due(purchases, TODAY, 90, factor=1.55) == D("2025-02-10") + timedelta(days=31)


@pytest.mark.parametrize(
    ("default_days", "factor", "minimum_days"), [(0, 2.0, 14), (90, 0.5, 14), (90, 2.0, 0)]
)
def test_winback_refuses_meaningless_thresholds(
    default_days: int, factor: float, minimum_days: int
) -> None:
    with pytest.raises(ValueError):
        winback_due([TODAY], TODAY, default_days, factor, minimum_days)


@given(
    purchases=st.lists(shop_dates, max_size=12),
    today=shop_dates,
    default_days=st.integers(1, 365),
    factor=st.floats(1.0, 5.0),
)
def test_winback_comes_after_the_last_purchase_and_respects_the_minimum(
    purchases: list[date], today: date, default_days: int, factor: float
) -> None:
    due = winback_due(purchases, today, default_days, factor)
    bought = [day for day in purchases if day <= today]
    if not bought:
        assert due is None
        return
    assert due is not None
    waited = (due - max(bought)).days
    interval = usual_interval_days(bought)
    if interval is None:
        assert waited == default_days
    else:
        assert waited >= WINBACK_MINIMUM_DAYS
        assert waited >= interval * factor
        assert waited == max(WINBACK_MINIMUM_DAYS, math.ceil(interval * factor))


@given(purchases=st.lists(shop_dates, min_size=2, max_size=12))
def test_the_usual_interval_is_one_of_the_gaps(purchases: list[date]) -> None:
    days = sorted(set(purchases))
    interval = usual_interval_days(purchases)
    if len(days) < 2:
        assert interval is None
    else:
        gaps = [(b - a).days for a, b in pairwise(days)]
        assert interval in gaps
        assert min(gaps) <= interval <= max(gaps)
