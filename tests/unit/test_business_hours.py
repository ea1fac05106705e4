"""Deadline maths over opening hours (domain.business_hours): table-driven cases and properties."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_crm.domain.business_hours import (
    DEFAULT_TARGETS,
    BusinessHours,
    Target,
    add_business_days,
    add_business_time,
    business_time_between,
    deadline,
    extend_for_pause,
    is_escalated,
    is_open,
    missed_by,
    time_left_share,
)
from desktop_crm.domain.errors import ValidationError

MADRID = "Europe/Madrid"
H = timedelta(hours=1)
T = time.fromisoformat
SPLIT_DAY = ((T("09:00"), T("13:00")), (T("15:00"), T("19:00")))
# Mon–Fri 9–13 and 15–19, Saturday 10–14, Sunday closed; Epiphany and Christmas closed.
SPLIT = BusinessHours(
    weekly=(SPLIT_DAY,) * 5 + (((T("10:00"), T("14:00")),), ()),
    closed_days=frozenset({date(2025, 1, 6), date(2025, 12, 25)}),
    time_zone=MADRID,
)
OFFICE = BusinessHours.default(MADRID)  # Mon–Fri 9–18
OFFICE_HOLIDAYS = BusinessHours(
    weekly=OFFICE.weekly,
    closed_days=frozenset({date(2025, 1, 6), date(2025, 12, 25)}),
    time_zone=MADRID,
)
ROUND_THE_CLOCK = BusinessHours(weekly=(((T("00:00"), T("00:00")),),) * 7, time_zone=MADRID)
NEW_YORK = BusinessHours.default("America/New_York")
SHANGHAI = BusinessHours.default("Asia/Shanghai")


def local(text: str, zone: str = MADRID) -> datetime:
    """A wall time in ``zone`` (fold 0), as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# --- add_business_time ------------------------------------------------------------------------
# 2025-03-03 is a Monday; 2025-03-30 and 2025-10-26 are the DST Sundays in Madrid.
ADD_TIME_CASES = [
    ("inside the morning", SPLIT, local("2025-03-03T10:00"), 2 * H, local("2025-03-03T12:00")),
    ("over the lunch break", SPLIT, local("2025-03-03T12:00"), 2 * H, local("2025-03-03T16:00")),
    ("start in the lunch break", SPLIT, local("2025-03-03T13:30"), H, local("2025-03-03T16:00")),
    ("start before opening", SPLIT, local("2025-03-03T07:00"), H, local("2025-03-03T10:00")),
    ("ends exactly at a close", SPLIT, local("2025-03-03T11:00"), 2 * H, local("2025-03-03T13:00")),
    ("over closing time", SPLIT, local("2025-03-07T18:00"), 2 * H, local("2025-03-08T11:00")),
    ("over the weekend", SPLIT, local("2025-03-08T13:00"), 2 * H, local("2025-03-10T10:00")),
    ("Sunday night", SPLIT, local("2025-03-09T23:30"), 4 * H, local("2025-03-10T13:00")),
    ("holiday Monday", SPLIT, local("2025-01-05T20:00"), H, local("2025-01-07T10:00")),
    ("office, Friday late", OFFICE, local("2025-03-07T17:00"), 2 * H, local("2025-03-10T10:00")),
    ("a week of office time", OFFICE, local("2025-03-03T09:00"), 45 * H, local("2025-03-07T18:00")),
    ("zero duration", SPLIT, local("2025-03-09T12:00"), timedelta(0), local("2025-03-09T12:00")),
    # DST: the shop's wall times hold on both sides of the change.
    ("spring forward", SPLIT, local("2025-03-29T13:00"), 2 * H, utc("2025-03-31T08:00")),
    ("fall back", SPLIT, local("2025-10-25T13:00"), 2 * H, utc("2025-10-27T09:00")),
    # Round the clock: a business hour is a real hour, also on the 23- and 25-hour days.
    ("24h, 23-hour day", ROUND_THE_CLOCK, utc("2025-03-29T11:00"), 24 * H, utc("2025-03-30T11:00")),
    ("24h, 25-hour day", ROUND_THE_CLOCK, utc("2025-10-25T11:00"), 48 * H, utc("2025-10-27T11:00")),
    # The same instant (Monday 14:00 UTC) in two shops: New York is open, Shanghai has closed.
    ("New York", NEW_YORK, utc("2025-06-02T14:00"), 2 * H, utc("2025-06-02T16:00")),
    ("Shanghai", SHANGHAI, utc("2025-06-02T14:00"), 2 * H, utc("2025-06-03T03:00")),
]


@pytest.mark.parametrize(
    ("hours", "start", "duration", "expected"),
    [case[1:] for case in ADD_TIME_CASES],
    ids=[case[0] for case in ADD_TIME_CASES],
)
def test_add_business_time(
    hours: BusinessHours, start: datetime, duration: timedelta, expected: datetime
) -> None:
    result = add_business_time(start, duration, hours)
    assert result == expected
    assert result.tzinfo is UTC
    assert business_time_between(start, result, hours) == duration


def test_add_business_time_refuses_naive_and_negative() -> None:
    with pytest.raises(ValueError):
        add_business_time(datetime(2025, 3, 3, 10), H, OFFICE)
    with pytest.raises(ValueError):
        add_business_time(local("2025-03-03T10:00"), -H, OFFICE)


# --- business_time_between --------------------------------------------------------------------
BETWEEN_CASES = [
    ("Friday to Monday", OFFICE, local("2025-03-07T17:00"), local("2025-03-10T10:00"), 2 * H),
    ("over lunch", SPLIT, local("2025-03-03T12:00"), local("2025-03-03T16:00"), 2 * H),
    ("both closed", SPLIT, local("2025-03-03T13:10"), local("2025-03-03T14:50"), timedelta(0)),
    ("b before a", OFFICE, local("2025-03-03T12:00"), local("2025-03-03T10:00"), timedelta(0)),
    ("a week", SPLIT, local("2025-03-03T00:00"), local("2025-03-10T00:00"), 44 * H),
    ("holiday week", SPLIT, local("2025-01-06T00:00"), local("2025-01-13T00:00"), 36 * H),
    ("DST weekend", SPLIT, local("2025-03-29T13:00"), local("2025-03-31T10:00"), 2 * H),
]


@pytest.mark.parametrize(
    ("hours", "a", "b", "expected"),
    [case[1:] for case in BETWEEN_CASES],
    ids=[case[0] for case in BETWEEN_CASES],
)
def test_business_time_between(
    hours: BusinessHours, a: datetime, b: datetime, expected: timedelta
) -> None:
    assert business_time_between(a, b, hours) == expected


# --- add_business_days ------------------------------------------------------------------------
ADD_DAYS_CASES = [
    ("next day", OFFICE, local("2025-03-03T10:00"), 1, local("2025-03-04T18:00")),
    ("before opening", OFFICE, local("2025-03-03T07:00"), 1, local("2025-03-04T18:00")),
    ("after closing", OFFICE, local("2025-03-03T20:00"), 1, local("2025-03-04T18:00")),
    ("Friday", OFFICE, local("2025-03-07T10:00"), 1, local("2025-03-10T18:00")),
    ("Saturday", OFFICE, local("2025-03-08T10:00"), 1, local("2025-03-10T18:00")),
    ("Sunday night", OFFICE, local("2025-03-09T23:59"), 1, local("2025-03-10T18:00")),
    ("five days", OFFICE, local("2025-03-03T10:00"), 5, local("2025-03-10T18:00")),
    ("Saturday counts", SPLIT, local("2025-03-03T10:00"), 5, local("2025-03-08T14:00")),
    ("Epiphany", OFFICE_HOLIDAYS, local("2025-01-03T10:00"), 1, local("2025-01-07T18:00")),
    ("Christmas", OFFICE_HOLIDAYS, local("2025-12-22T10:00"), 5, local("2025-12-30T18:00")),
    ("spring forward", OFFICE, local("2025-03-28T12:00"), 1, utc("2025-03-31T16:00")),
    ("fall back", OFFICE, local("2025-10-24T12:00"), 1, utc("2025-10-27T17:00")),
    ("midnight close", ROUND_THE_CLOCK, local("2025-03-29T12:00"), 1, utc("2025-03-30T22:00")),
    ("New York", NEW_YORK, utc("2025-06-02T14:00"), 1, utc("2025-06-03T22:00")),
    ("Shanghai", SHANGHAI, utc("2025-06-02T14:00"), 1, utc("2025-06-03T10:00")),
]


@pytest.mark.parametrize(
    ("hours", "start", "days", "expected"),
    [case[1:] for case in ADD_DAYS_CASES],
    ids=[case[0] for case in ADD_DAYS_CASES],
)
def test_add_business_days(
    hours: BusinessHours, start: datetime, days: int, expected: datetime
) -> None:
    assert add_business_days(start, days, hours) == expected


def test_add_business_days_needs_a_day() -> None:
    with pytest.raises(ValueError):
        add_business_days(local("2025-03-03T10:00"), 0, OFFICE)


# --- targets and deadlines --------------------------------------------------------------------
DEADLINE_CASES = [
    ("critical", 0, local("2025-03-03T17:00"), local("2025-03-04T10:00")),
    ("critical", 1, local("2025-03-03T17:00"), local("2025-03-04T18:00")),
    ("high", 0, local("2025-03-07T16:00"), local("2025-03-10T11:00")),
    ("high", 1, local("2025-03-07T16:00"), local("2025-03-11T18:00")),
    ("normal", 0, local("2025-03-03T10:00"), local("2025-03-04T18:00")),
    ("normal", 1, local("2025-03-03T10:00"), local("2025-03-10T18:00")),
    ("low", 0, local("2025-03-03T10:00"), local("2025-03-05T18:00")),
    ("low", 1, local("2025-03-03T10:00"), local("2025-03-17T18:00")),
]


@pytest.mark.parametrize(("severity", "which", "start", "expected"), DEADLINE_CASES)
def test_default_targets(severity: str, which: int, start: datetime, expected: datetime) -> None:
    assert deadline(start, DEFAULT_TARGETS[severity][which], OFFICE) == expected


def test_default_targets_cover_every_severity() -> None:
    assert set(DEFAULT_TARGETS) == {"low", "normal", "high", "critical"}


@pytest.mark.parametrize(
    ("amount", "unit", "field"),
    [(0, "hours", "amount"), (-1, "business_days", "amount"), (1, "weeks", "unit")],
)
def test_target_validation(amount: int, unit: str, field: str) -> None:
    with pytest.raises(ValidationError) as error:
        Target(amount, unit)  # type: ignore[arg-type]
    assert error.value.field == field


# --- BusinessHours validation -----------------------------------------------------------------
def week(*day: tuple[time, time]) -> tuple[tuple[tuple[time, time], ...], ...]:
    return (tuple(day),) * 5 + ((), ())


@pytest.mark.parametrize(
    ("weekly", "time_zone", "field"),
    [
        (week((T("13:00"), T("09:00"))), MADRID, "weekly"),
        (week((T("09:00"), T("09:00"))), MADRID, "weekly"),
        (week((T("09:00"), T("13:00")), (T("12:00"), T("18:00"))), MADRID, "weekly"),
        (week((T("15:00"), T("19:00")), (T("09:00"), T("13:00"))), MADRID, "weekly"),
        (week((T("00:00"), T("00:00")), (T("09:00"), T("13:00"))), MADRID, "weekly"),
        (((),) * 7, MADRID, "weekly"),
        (((),) * 6, MADRID, "weekly"),
        (week((T("09:00"), T("18:00"))), "Mars/Olympus_Mons", "time_zone"),
        (week((T("09:00"), T("18:00").replace(tzinfo=UTC))), MADRID, "weekly"),
    ],
)
def test_business_hours_validation(
    weekly: tuple[tuple[tuple[time, time], ...], ...], time_zone: str, field: str
) -> None:
    with pytest.raises(ValidationError) as error:
        BusinessHours(weekly=weekly, time_zone=time_zone)
    assert error.value.field == field


def test_business_hours_accepts_touching_intervals_and_lists() -> None:
    hours = BusinessHours(
        weekly=[[(T("09:00"), T("13:00")), (T("13:00"), T("18:00"))]] * 7,  # type: ignore[arg-type]
        closed_days={date(2025, 1, 1)},  # type: ignore[arg-type]
    )
    assert isinstance(hours.weekly, tuple)
    assert isinstance(hours.closed_days, frozenset)
    assert hash(hours) == hash(hours)
    assert add_business_time(utc("2025-03-03T12:00"), 2 * H, hours) == utc("2025-03-03T14:00")


def test_default_hours() -> None:
    assert OFFICE.weekly[0] == ((T("09:00"), T("18:00")),)
    assert OFFICE.weekly[5] == OFFICE.weekly[6] == ()
    assert OFFICE.is_open_day(date(2025, 3, 3))
    assert not OFFICE.is_open_day(date(2025, 3, 8))
    assert not OFFICE_HOLIDAYS.is_open_day(date(2025, 1, 6))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (local("2025-03-03T09:00"), True),
        (local("2025-03-03T12:59"), True),
        (local("2025-03-03T13:00"), False),
        (local("2025-03-03T14:00"), False),
        (local("2025-03-09T11:00"), False),
        (local("2025-01-06T11:00"), False),
    ],
)
def test_is_open(moment: datetime, expected: bool) -> None:
    assert is_open(moment, SPLIT) is expected


# --- pausing, escalation, missed deadlines ----------------------------------------------------
DUE = local("2025-03-04T18:00")  # Tuesday close, office hours
PAUSE_CASES = [
    ("two hours", local("2025-03-03T14:00"), local("2025-03-03T16:00"), local("2025-03-05T11:00")),
    ("overnight", local("2025-03-03T17:00"), local("2025-03-04T10:00"), local("2025-03-05T11:00")),
    (
        "crosses deadline",
        local("2025-03-04T17:00"),
        local("2025-03-05T12:00"),
        local("2025-03-05T10:00"),
    ),
    ("after deadline", local("2025-03-05T09:00"), local("2025-03-05T12:00"), DUE),
    ("weekend only", local("2025-03-01T09:00"), local("2025-03-02T20:00"), DUE),
    ("empty", local("2025-03-03T14:00"), local("2025-03-03T14:00"), DUE),
]


@pytest.mark.parametrize(
    ("pause_start", "pause_end", "expected"),
    [case[1:] for case in PAUSE_CASES],
    ids=[case[0] for case in PAUSE_CASES],
)
def test_extend_for_pause(pause_start: datetime, pause_end: datetime, expected: datetime) -> None:
    assert extend_for_pause(DUE, pause_start, pause_end, OFFICE) == expected


OPENED = local("2025-03-03T09:00")
DUE_SAME_DAY = local("2025-03-03T17:00")  # 8 business hours after opening


@pytest.mark.parametrize(
    ("now", "share", "escalated"),
    [
        (local("2025-03-03T07:00"), 1.0, False),
        (local("2025-03-03T09:00"), 1.0, False),
        (local("2025-03-03T13:00"), 0.5, False),
        (local("2025-03-03T15:00"), 0.25, False),  # exactly the threshold: not yet
        (local("2025-03-03T15:30"), 0.1875, True),
        (local("2025-03-03T17:00"), 0.0, True),
        (local("2025-03-04T10:00"), 0.0, True),
    ],
)
def test_time_left_share(now: datetime, share: float, escalated: bool) -> None:
    result = time_left_share(OPENED, DUE_SAME_DAY, now, OFFICE)
    assert result == pytest.approx(share)
    assert is_escalated(result) is escalated


def test_time_left_share_without_business_time() -> None:
    saturday, sunday = local("2025-03-08T10:00"), local("2025-03-09T10:00")
    assert time_left_share(saturday, sunday, saturday, OFFICE) == 1.0
    assert time_left_share(saturday, sunday, sunday, OFFICE) == 0.0


def test_is_escalated_threshold() -> None:
    assert is_escalated(0.3, threshold=0.5)
    assert not is_escalated(0.3)


def test_missed_by() -> None:
    assert missed_by(DUE, local("2025-03-04T17:59")) is None
    assert missed_by(DUE, DUE) is None
    assert missed_by(DUE, local("2025-03-05T09:30")) == timedelta(hours=15, minutes=30)
    assert missed_by(DUE, utc("2025-03-04T17:30")) == timedelta(minutes=30)


# --- properties -------------------------------------------------------------------------------
SHOPS = [SPLIT, OFFICE_HOLIDAYS, ROUND_THE_CLOCK, NEW_YORK, SHANGHAI]
shops = st.sampled_from(SHOPS)
# Any instant over a decade, at any second; DST changes fall inside it many times.
instants = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(weeks=3)).map(
    lambda d: timedelta(seconds=int(d.total_seconds()))
)
ONE = timedelta(microseconds=1)


@settings(max_examples=300, deadline=None)
@given(shops, instants, durations)
def test_adding_then_measuring_gives_the_duration(
    hours: BusinessHours, start: datetime, duration: timedelta
) -> None:
    end = add_business_time(start, duration, hours)
    assert end >= start
    assert business_time_between(start, end, hours) == duration


@settings(max_examples=200, deadline=None)
@given(shops, instants, durations, durations)
def test_adding_is_monotonic(
    hours: BusinessHours, start: datetime, first: timedelta, second: timedelta
) -> None:
    shorter, longer = sorted((first, second))
    assert add_business_time(start, shorter, hours) <= add_business_time(start, longer, hours)


@settings(max_examples=300, deadline=None)
@given(shops, instants, durations.filter(lambda d: d > timedelta(0)))
def test_result_is_inside_hours_or_at_a_close(
    hours: BusinessHours, start: datetime, duration: timedelta
) -> None:
    # The instant just before the result is open: the result is inside an interval or its close.
    end = add_business_time(start, duration, hours)
    assert is_open(end - ONE, hours)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([SPLIT, OFFICE_HOLIDAYS, NEW_YORK, SHANGHAI]), instants, st.integers(1, 15))
def test_business_days_end_at_a_close_on_a_later_day(
    hours: BusinessHours, start: datetime, days: int
) -> None:
    end = add_business_days(start, days, hours)
    assert is_open(end - ONE, hours)
    assert not is_open(end, hours)
    zone = ZoneInfo(hours.time_zone)
    assert (end - ONE).astimezone(zone).date() > start.astimezone(zone).date()
    assert add_business_days(start, days + 1, hours) > end


@settings(max_examples=200, deadline=None)
@given(shops, instants, durations, durations, durations)
def test_pauses_never_bring_a_deadline_forward(
    hours: BusinessHours, opened: datetime, target: timedelta, offset: timedelta, length: timedelta
) -> None:
    due = add_business_time(opened, target, hours)
    pause_start = opened + offset
    extended = extend_for_pause(due, pause_start, pause_start + length, hours)
    assert extended >= due
    counted = business_time_between(pause_start, min(pause_start + length, due), hours)
    assert business_time_between(due, extended, hours) == counted


@settings(max_examples=200, deadline=None)
@given(shops, instants, durations.filter(lambda d: d > timedelta(0)), durations, durations)
def test_time_left_share_is_a_falling_share(
    hours: BusinessHours, opened: datetime, target: timedelta, first: timedelta, second: timedelta
) -> None:
    due = add_business_time(opened, target, hours)
    earlier, later = sorted((opened + first, opened + second))
    early_share = time_left_share(opened, due, earlier, hours)
    late_share = time_left_share(opened, due, later, hours)
    assert 0.0 <= late_share <= early_share <= 1.0
