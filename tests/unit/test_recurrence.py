"""Calendar maths for reminders (domain.recurrence): table-driven cases and properties."""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.recurrence import (
    MAX_EVERY,
    UNITS,
    Recurrence,
    Unit,
    add_months,
    anniversary,
    local_today,
    next_anniversary,
    next_occurrence,
    occurrences,
    rule_text,
    snooze_until,
)

D = date.fromisoformat
THIRD_MONDAY_OF_SEPTEMBER = Recurrence(rrule="FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO")

# Dates people keep in a shop's records; the rule engine iterates from the start, so the windows
# in property tests stay a few years long.
shop_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
units = st.sampled_from(UNITS)


# --- anniversary ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("original", "year", "expected"),
    [
        ("2024-02-29", 2025, "2025-02-28"),  # leap day in a common year
        ("2024-02-29", 2028, "2028-02-29"),
        ("2000-02-29", 2100, "2100-02-28"),  # 2100 is not a leap year
        ("2000-02-29", 2400, "2400-02-29"),
        ("1990-02-28", 2024, "2024-02-28"),  # 28 February stays put in a leap year
        ("1990-03-01", 2024, "2024-03-01"),
        ("1985-12-31", 2025, "2025-12-31"),
        ("2025-01-01", 1990, "1990-01-01"),  # years before the original work too
    ],
)
def test_anniversary(original: str, year: int, expected: str) -> None:
    assert anniversary(D(original), year) == D(expected)


@pytest.mark.parametrize(
    ("original", "on_or_after", "expected"),
    [
        ("1990-05-10", "2025-05-10", "2025-05-10"),  # the day itself
        ("1990-05-10", "2025-05-11", "2026-05-10"),
        ("1990-05-10", "2025-01-01", "2025-05-10"),
        ("1980-01-01", "2024-12-31", "2025-01-01"),  # across the year end
        ("1980-12-31", "2025-01-01", "2025-12-31"),
        ("2000-02-29", "2025-02-28", "2025-02-28"),
        ("2000-02-29", "2025-03-01", "2026-02-28"),
        ("2000-02-29", "2027-03-01", "2028-02-29"),
        ("2000-02-29", "2028-02-29", "2028-02-29"),
        ("2020-06-15", "2019-01-01", "2020-06-15"),  # nothing before the original date
    ],
)
def test_next_anniversary(original: str, on_or_after: str, expected: str) -> None:
    assert next_anniversary(D(original), D(on_or_after)) == D(expected)


@given(original=st.dates(), year=st.integers(1, 9999))
def test_anniversary_is_in_the_year_and_the_original_day_when_valid(
    original: date, year: int
) -> None:
    moved = anniversary(original, year)
    assert moved.year == year
    assert moved.month == original.month
    if original.day <= calendar.monthrange(year, original.month)[1]:
        assert moved == date(year, original.month, original.day)
    else:
        assert (original.month, original.day, moved.day) == (2, 29, 28)


@given(
    original=st.dates(max_value=date(9998, 1, 1)),
    on_or_after=st.dates(date(1, 1, 1), date(9998, 1, 1)),
)
def test_next_anniversary_is_the_first_one_on_or_after(original: date, on_or_after: date) -> None:
    found = next_anniversary(original, on_or_after)
    assert found >= on_or_after
    assert found >= original
    assert found == anniversary(original, found.year)
    if found > original:  # the one a year earlier was too early (or before the original)
        assert anniversary(original, found.year - 1) < max(on_or_after, original)


# --- add_months -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2024-08-31", 6, "2025-02-28"),  # six months after 31 August
        ("2023-08-31", 6, "2024-02-29"),  # ... into a leap year
        ("2024-01-31", 1, "2024-02-29"),
        ("2024-01-31", 3, "2024-04-30"),
        ("2024-03-31", -1, "2024-02-29"),  # backwards, clamped too
        ("2024-05-31", -3, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2024-12-15", 1, "2025-01-15"),  # across the year end
        ("2025-01-15", -1, "2024-12-15"),
        ("2024-11-30", 14, "2026-01-30"),
        ("2024-10-31", -13, "2023-09-30"),
        ("2024-07-04", 0, "2024-07-04"),
        ("0001-01-31", 1, "0001-02-28"),
        ("9999-11-30", 1, "9999-12-30"),
    ],
)
def test_add_months(day: str, months: int, expected: str) -> None:
    assert add_months(D(day), months) == D(expected)


@pytest.mark.parametrize(("day", "months"), [("9999-12-01", 1), ("0001-01-31", -1)])
def test_add_months_outside_the_calendar_raises_value_error(day: str, months: int) -> None:
    with pytest.raises(ValueError, match="outside years"):
        add_months(D(day), months)


@given(day=st.dates(), months=st.integers(-12 * 10_000, 12 * 10_000))
def test_add_months_never_raises_in_range_and_lands_in_the_right_month(
    day: date, months: int
) -> None:
    target = day.year * 12 + day.month - 1 + months
    assume(12 <= target < 12 * 10_000)  # years 1..9999
    moved = add_months(day, months)
    assert moved.year * 12 + moved.month - 1 == target
    assert moved.day == min(day.day, calendar.monthrange(moved.year, moved.month)[1])
    assert moved == day + relativedelta(months=months)  # dateutil agrees


@given(day=st.dates(date(2, 1, 1), date(9998, 12, 31)), months=st.integers(-12, 12))
def test_add_months_round_trips_when_the_day_exists_everywhere(day: date, months: int) -> None:
    assume(day.day <= 28)
    assert add_months(add_months(day, months), -months) == day


# --- snooze and the shop's today -------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "days", "expected"),
    [
        ("2024-12-28", 7, "2025-01-04"),  # across a year end
        ("2023-12-31", 1, "2024-01-01"),
        ("2024-02-28", 1, "2024-02-29"),
        ("2025-02-28", 1, "2025-03-01"),
        ("2025-03-29", 2, "2025-03-31"),  # the DST change is not a calendar event
    ],
)
def test_snooze_until(today: str, days: int, expected: str) -> None:
    assert snooze_until(D(today), days) == D(expected)


def test_snooze_is_at_least_a_day() -> None:
    with pytest.raises(ValueError):
        snooze_until(D("2025-01-01"), 0)


@given(today=st.dates(max_value=date(9000, 1, 1)), days=st.integers(1, 3650))
def test_snooze_adds_exactly_the_days(today: date, days: int) -> None:
    assert (snooze_until(today, days) - today).days == days


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("now_utc", "zone", "expected"),
    [
        ("2024-12-31T23:30", "Europe/Madrid", "2025-01-01"),  # already tomorrow in Madrid
        ("2024-12-31T22:59", "Europe/Madrid", "2024-12-31"),
        ("2024-12-31T23:00", "Europe/Madrid", "2025-01-01"),  # midnight CET exactly
        ("2025-06-30T21:59", "Europe/Madrid", "2025-06-30"),  # CEST is UTC+2
        ("2025-06-30T22:00", "Europe/Madrid", "2025-07-01"),
        ("2025-03-30T00:30", "Europe/Madrid", "2025-03-30"),  # night of the spring change
        ("2025-10-25T22:30", "Europe/Madrid", "2025-10-26"),  # night of the autumn change
        ("2024-12-31T23:30", "UTC", "2024-12-31"),
        ("2025-01-01T03:00", "America/New_York", "2024-12-31"),  # still yesterday
        ("2025-01-01T05:00", "America/New_York", "2025-01-01"),
        ("2024-12-31T10:00", "Pacific/Kiritimati", "2025-01-01"),  # UTC+14
        ("2025-01-01T11:00", "Pacific/Pago_Pago", "2025-01-01"),  # UTC-11
        ("2025-01-01T10:59", "Pacific/Pago_Pago", "2024-12-31"),
        ("2024-02-29T16:00", "Asia/Shanghai", "2024-03-01"),
        ("2024-02-28T18:30", "Asia/Kolkata", "2024-02-29"),  # UTC+5:30
    ],
)
def test_local_today(now_utc: str, zone: str, expected: str) -> None:
    assert local_today(_utc(now_utc), zone) == D(expected)


def test_local_today_accepts_any_aware_datetime() -> None:
    in_madrid = datetime(2025, 1, 1, 0, 30, tzinfo=ZoneInfo("Europe/Madrid"))
    assert local_today(in_madrid, "UTC") == D("2024-12-31")


def test_local_today_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="aware"):
        local_today(datetime(2025, 1, 1, 12, 0), "Europe/Madrid")


def test_local_today_rejects_an_unknown_zone() -> None:
    with pytest.raises(ZoneInfoNotFoundError):
        local_today(_utc("2025-01-01T12:00"), "Mars/Olympus_Mons")


ZONES = ["UTC", "Europe/Madrid", "America/New_York", "Pacific/Kiritimati", "Asia/Kolkata"]


@given(
    now=st.datetimes(datetime(1971, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)),
    zone=st.sampled_from(ZONES),
)
def test_local_today_is_the_utc_date_shifted_by_the_offset(now: datetime, zone: str) -> None:
    today = local_today(now, zone)
    offset = ZoneInfo(zone).utcoffset(now.replace(tzinfo=None))
    assert offset is not None
    assert abs((today - now.date()).days) <= 1
    assert today == (now.replace(tzinfo=None) + offset).date()


# --- Recurrence: validation and the rule it follows ------------------------------------------


@pytest.mark.parametrize(
    ("recurrence", "start", "expected"),
    [
        (Recurrence(unit="day"), "2025-03-10", "FREQ=DAILY;INTERVAL=1"),
        (Recurrence(every=2, unit="week"), "2025-03-10", "FREQ=WEEKLY;INTERVAL=2"),
        (Recurrence(every=3, unit="month"), "2025-03-10", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10"),
        (Recurrence(unit="month"), "2025-03-28", "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28"),
        (
            Recurrence(unit="month"),
            "2025-03-30",
            "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=28,29,30;BYSETPOS=-1",
        ),
        (
            Recurrence(unit="year"),
            "2024-02-29",
            "FREQ=YEARLY;INTERVAL=1;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1",
        ),
        (Recurrence(unit="year"), "2024-07-04", "FREQ=YEARLY;INTERVAL=1;BYMONTH=7;BYMONTHDAY=4"),
        (THIRD_MONDAY_OF_SEPTEMBER, "2025-03-10", "FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO"),
    ],
)
def test_rule_text(recurrence: Recurrence, start: str, expected: str) -> None:
    assert rule_text(recurrence, D(start)) == expected


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO", "FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO"),
        ("  rrule:freq=monthly;byday=-1fr ", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=12", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=12"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;UNTIL=20301231", None),
        ("FREQ=YEARLY;UNTIL=20301231T235959Z", None),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", None),  # leap years only: rare, not impossible
        ("FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", None),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", None),  # last working day
        ("FREQ=DAILY;WKST=SU", None),
    ],
)
def test_a_raw_rule_is_accepted_and_normalised(written: str, stored: str | None) -> None:
    assert Recurrence(rrule=written).rrule == (stored or written)


@pytest.mark.parametrize(
    "written",
    [
        "",
        "RRULE:",
        "FREQ=FORTNIGHTLY",
        "FREQ=HOURLY",  # several times a day: reminders are per date
        "FREQ=DAILY;BYHOUR=9",
        "INTERVAL=2",  # no FREQ
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=DAILY;INTERVAL=0",  # dateutil would repeat the start date forever
        "FREQ=DAILY;INTERVAL=-1",
        f"FREQ=DAILY;INTERVAL={MAX_EVERY + 1}",
        "FREQ=DAILY;COUNT=0",
        "FREQ=DAILY;COUNT=3;UNTIL=20300101",  # RFC 5545: one or the other
        "FREQ=YEARLY;UNTIL=1",
        "FREQ=YEARLY;UNTIL=20301340",
        "FREQ=MONTHLY;BYDAY=XX",
        "FREQ=MONTHLY;BYDAY=",
        "FREQ=MONTHLY;BYSETPOS=0;BYDAY=MO",
        "FREQ=MONTHLY;BYMONTHDAY=1,,2",
        "FREQ=YEARLY;BYEASTER=0",  # dateutil's own extension
        "FREQ=YEARLY;BYMONTH=13",  # never falls on any date
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=4,6,9,11",
        "FREQ=WEEKLY;BYWEEKNO=1",  # RFC 5545 3.3.10 forbids these combinations
        "FREQ=MONTHLY;BYYEARDAY=100",
        "FREQ=WEEKLY;BYMONTHDAY=1",
        "FREQ=WEEKLY;BYDAY=+1MO",
        "FREQ=YEARLY;BYWEEKNO=20;BYDAY=1MO",
        "DTSTART:20200101\nRRULE:FREQ=DAILY",
        "FREQ=DAILY EXDATE=20200101",
    ],
)
def test_a_malformed_rule_is_a_validation_error(written: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Recurrence(rrule=written)
    assert caught.value.field == "rrule"


@pytest.mark.parametrize(
    ("every", "unit", "field"),
    [
        (0, "day", "every"),
        (-1, "week", "every"),
        (MAX_EVERY + 1, "month", "every"),
        (True, "day", "every"),
        (1, "fortnight", "unit"),
    ],
)
def test_a_bad_unit_form_is_a_validation_error(every: int, unit: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Recurrence(every=every, unit=unit)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_a_recurrence_has_a_unit_or_a_rule_not_both() -> None:
    with pytest.raises(ValueError):
        Recurrence()
    with pytest.raises(ValueError):
        Recurrence(unit="day", rrule="FREQ=DAILY")
    with pytest.raises(ValueError):
        Recurrence(every=2, rrule="FREQ=DAILY")


def test_a_recurrence_is_a_frozen_value() -> None:
    assert Recurrence(every=2, unit="week") == Recurrence(every=2, unit="week")
    assert Recurrence(rrule="rrule:freq=daily") == Recurrence(rrule="FREQ=DAILY")
    assert len({Recurrence(unit="day"), Recurrence(unit="day"), Recurrence(unit="week")}) == 2


# --- occurrences -------------------------------------------------------------------------------


def _dates(*texts: str) -> list[date]:
    return [D(text) for text in texts]


@pytest.mark.parametrize(
    ("recurrence", "start", "after", "until", "expected"),
    [
        pytest.param(
            Recurrence(unit="month"),
            "2024-01-31",
            "2024-01-01",
            "2024-06-30",
            _dates(
                "2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30"
            ),
            id="monthly on the 31st clamps to short months",
        ),
        pytest.param(
            Recurrence(every=6, unit="month"),
            "2024-08-31",
            "2024-08-31",
            "2026-12-31",
            _dates("2025-02-28", "2025-08-31", "2026-02-28", "2026-08-31"),
            id="six months from 31 August, after the start",
        ),
        pytest.param(
            Recurrence(unit="month"),
            "2025-01-30",
            "2025-01-30",
            "2025-04-30",
            _dates("2025-02-28", "2025-03-30", "2025-04-30"),
            id="monthly on the 30th",
        ),
        pytest.param(
            Recurrence(unit="year"),
            "2024-02-29",
            "2023-12-31",
            "2029-01-01",
            _dates("2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"),
            id="yearly from 29 February",
        ),
        pytest.param(
            Recurrence(every=2, unit="week"),
            "2024-12-18",
            "2024-12-18",
            "2025-01-31",
            _dates("2025-01-01", "2025-01-15", "2025-01-29"),
            id="fortnightly across the year end",
        ),
        pytest.param(
            Recurrence(unit="day"),
            "2025-03-28",
            "2025-03-28",
            "2025-04-01",
            _dates("2025-03-29", "2025-03-30", "2025-03-31", "2025-04-01"),
            id="daily across the spring DST change: dates, not instants",
        ),
        pytest.param(
            Recurrence(unit="day"),
            "2025-03-28",
            "2025-03-30",
            "2025-03-30",
            [],
            id="after is exclusive: an empty window",
        ),
        pytest.param(
            Recurrence(unit="day"),
            "2025-03-28",
            "2025-04-01",
            "2025-03-01",
            [],
            id="until before after",
        ),
        pytest.param(
            Recurrence(unit="week"),
            "2025-03-10",
            "2025-01-01",
            "2025-03-09",
            [],
            id="nothing before the start",
        ),
        pytest.param(
            THIRD_MONDAY_OF_SEPTEMBER,
            "2024-01-01",
            "2024-01-01",
            "2027-12-31",
            _dates("2024-09-16", "2025-09-15", "2026-09-21", "2027-09-20"),
            id="third Monday of September",
        ),
        pytest.param(
            THIRD_MONDAY_OF_SEPTEMBER,
            "2025-09-16",
            "2025-01-01",
            "2026-12-31",
            _dates("2026-09-21"),
            id="a raw rule's start is an occurrence only when it matches",
        ),
        pytest.param(
            Recurrence(rrule="FREQ=MONTHLY;BYDAY=-1FR"),
            "2025-01-01",
            "2025-01-01",
            "2025-04-30",
            _dates("2025-01-31", "2025-02-28", "2025-03-28", "2025-04-25"),
            id="last Friday of the month",
        ),
        pytest.param(
            Recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=31"),
            "2025-01-01",
            "2025-01-01",
            "2025-08-31",
            _dates("2025-01-31", "2025-03-31", "2025-05-31", "2025-07-31", "2025-08-31"),
            id="a raw BYMONTHDAY=31 skips short months, as RFC 5545 says",
        ),
        pytest.param(
            Recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"),
            "2024-01-15",
            "2000-01-01",
            "2030-01-01",
            _dates("2024-01-31", "2024-02-29", "2024-03-31"),
            id="COUNT counts from the start",
        ),
        pytest.param(
            Recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"),
            "2024-01-15",
            "2024-02-01",
            "2030-01-01",
            _dates("2024-02-29", "2024-03-31"),
            id="COUNT still counts from the start when the window starts later",
        ),
        pytest.param(
            Recurrence(rrule="FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20250113"),
            "2025-01-01",
            "2024-12-31",
            "2025-12-31",
            _dates("2025-01-02", "2025-01-06", "2025-01-09", "2025-01-13"),
            id="UNTIL is inclusive",
        ),
        pytest.param(
            Recurrence(unit="day"),
            "9999-12-29",
            "9999-12-28",
            "9999-12-31",
            _dates("9999-12-29", "9999-12-30", "9999-12-31"),
            id="the end of the calendar",
        ),
    ],
)
def test_occurrences(
    recurrence: Recurrence, start: str, after: str, until: str, expected: list[date]
) -> None:
    assert occurrences(recurrence, D(start), D(after), D(until)) == expected


@pytest.mark.parametrize(
    ("recurrence", "start", "after", "expected"),
    [
        (THIRD_MONDAY_OF_SEPTEMBER, "2020-01-01", "2025-09-15", "2026-09-21"),
        (THIRD_MONDAY_OF_SEPTEMBER, "2020-01-01", "2025-09-14", "2025-09-15"),
        (Recurrence(unit="year"), "2024-02-29", "2024-02-29", "2025-02-28"),
        (Recurrence(every=6, unit="month"), "2024-08-31", "2024-12-01", "2025-02-28"),
        (Recurrence(unit="week"), "2025-12-29", "2025-12-29", "2026-01-05"),
        (Recurrence(unit="day"), "2025-01-01", "2024-06-01", "2025-01-01"),
        (Recurrence(rrule="FREQ=DAILY;COUNT=2"), "2025-01-01", "2025-01-02", None),
        (Recurrence(rrule="FREQ=DAILY;UNTIL=20250105"), "2025-01-01", "2025-01-05", None),
        (Recurrence(rrule="FREQ=WEEKLY"), "9999-12-20", "9999-12-28", None),  # past year 9999
        # Valid in general, never from this start: ends (after a scan) instead of hanging.
        (
            Recurrence(rrule="FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29"),
            "2001-01-01",
            "2001-01-01",
            None,
        ),
    ],
)
def test_next_occurrence(
    recurrence: Recurrence, start: str, after: str, expected: str | None
) -> None:
    assert next_occurrence(recurrence, D(start), D(after)) == (expected and D(expected))


@st.composite
def simple_recurrences(draw: st.DrawFn) -> Recurrence:
    unit: Unit = draw(units)
    limit = {"day": 60, "week": 12, "month": 24, "year": 5}[unit]
    return Recurrence(every=draw(st.integers(1, limit)), unit=unit)


raw_rules = st.sampled_from(
    [
        THIRD_MONDAY_OF_SEPTEMBER,
        Recurrence(rrule="FREQ=MONTHLY;BYDAY=-1FR"),
        Recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=31"),
        Recurrence(rrule="FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5"),
        Recurrence(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"),
        Recurrence(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        Recurrence(rrule="FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
        Recurrence(rrule="FREQ=DAILY;INTERVAL=10;UNTIL=20300101"),
    ]
)


@given(
    recurrence=st.one_of(simple_recurrences(), raw_rules),
    start=shop_dates,
    after_offset=st.integers(-400, 2000),
    span=st.integers(-10, 1500),
)
@settings(deadline=None)
def test_occurrences_are_sorted_unique_and_within_bounds(
    recurrence: Recurrence, start: date, after_offset: int, span: int
) -> None:
    after = start + timedelta(days=after_offset)
    until = after + timedelta(days=span)
    found = occurrences(recurrence, start, after, until)
    assert found == sorted(set(found))
    assert all(after < day <= until and day >= start for day in found)
    following = next_occurrence(recurrence, start, after)
    if found:
        assert following == found[0]
    else:
        assert following is None or following > until


@given(
    recurrence=st.one_of(simple_recurrences(), raw_rules),
    start=shop_dates,
    cuts=st.lists(st.integers(-30, 1500), min_size=3, max_size=3),
)
@settings(deadline=None)
def test_catching_up_in_pieces_finds_the_same_dates(
    recurrence: Recurrence, start: date, cuts: list[int]
) -> None:
    """Two catch-ups (closed overnight, then again) find what one would have found."""
    first, middle, last = (start + timedelta(days=n) for n in sorted(cuts))
    whole = occurrences(recurrence, start, first, last)
    pieces = occurrences(recurrence, start, first, middle) + occurrences(
        recurrence, start, middle, last
    )
    assert pieces == whole


@given(start=shop_dates, every=st.integers(1, 24), periods=st.integers(1, 30))
@settings(deadline=None)
def test_the_unit_forms_agree_with_plain_date_arithmetic(
    start: date, every: int, periods: int
) -> None:
    """Each unit's k-th occurrence: k·N days/weeks later, k·N months clamped, the anniversary."""
    expected: dict[Unit, list[date]] = {
        "day": [start + timedelta(days=k * every) for k in range(periods)],
        "week": [start + timedelta(weeks=k * every) for k in range(periods)],
        "month": [add_months(start, k * every) for k in range(periods)],
        "year": [anniversary(start, start.year + k * every) for k in range(periods)],
    }
    for unit, dates in expected.items():
        recurrence = Recurrence(every=every, unit=unit)
        assert occurrences(recurrence, start, start - timedelta(days=1), dates[-1]) == dates


@given(start=st.dates(date(1900, 1, 1), date(2400, 1, 1)), years=st.integers(1, 12))
@settings(deadline=None)
def test_the_third_monday_of_september_is_a_monday_from_the_15th_to_the_21st(
    start: date, years: int
) -> None:
    until = date(start.year + years, 12, 31)
    found = occurrences(THIRD_MONDAY_OF_SEPTEMBER, start, start - timedelta(days=1), until)
    years_found = [day.year for day in found]
    assert years_found == list(range(years_found[0], until.year + 1))  # one a year, none missed
    assert years_found[0] in (start.year, start.year + 1)
    for day in found:
        assert day.weekday() == calendar.MONDAY
        assert day.month == 9
        assert 15 <= day.day <= 21


RULE_WORDS = st.sampled_from(
    [
        "FREQ=DAILY",
        "FREQ=WEEKLY",
        "FREQ=MONTHLY",
        "FREQ=YEARLY",
        "FREQ=HOURLY",
        "INTERVAL=2",
        "INTERVAL=0",
        "COUNT=3",
        "UNTIL=20301231",
        "BYDAY=MO",
        "BYDAY=+3MO",
        "BYDAY=-1FR",
        "BYDAY=MO,WE",
        "BYMONTHDAY=31",
        "BYMONTHDAY=-1",
        "BYMONTH=2",
        "BYMONTH=9",
        "BYSETPOS=-1",
        "BYSETPOS=2",
        "BYWEEKNO=53",
        "BYYEARDAY=366",
        "WKST=SU",
        "X=1",
        "",
    ]
)


@given(
    text=st.one_of(
        st.lists(RULE_WORDS, min_size=1, max_size=5).map(";".join),
        st.text(alphabet="FREQ=DAILYMOTHBYN;+-,0123456789:", max_size=30),
        st.text(max_size=20),
    )
)
@settings(deadline=None, max_examples=150)
def test_any_text_is_a_rule_or_a_validation_error(text: str) -> None:
    try:
        recurrence = Recurrence(rrule=text)
    except ValidationError as error:
        assert error.field == "rrule"
        return
    start = date(2024, 1, 1)
    found = occurrences(recurrence, start, start - timedelta(days=1), date(2032, 12, 31))
    assert found == sorted(set(found))


def test_weeks_start_on_monday_whatever_the_process_calendar_says() -> None:
    """dateutil's default week start is ``calendar.firstweekday()``; rules use RFC 5545's MO."""
    fortnightly = Recurrence(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,SU")
    start, until = D("2025-01-01"), D("2025-01-31")
    expected = _dates("2025-01-05", "2025-01-13", "2025-01-19", "2025-01-27")
    assert occurrences(fortnightly, start, start, until) == expected
    calendar.setfirstweekday(calendar.SUNDAY)
    try:
        assert occurrences(fortnightly, start, start, until) == expected
    finally:
        calendar.setfirstweekday(calendar.MONDAY)
