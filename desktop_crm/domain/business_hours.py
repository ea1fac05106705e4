"""Deadline maths over a shop's opening hours: business time, business days, pauses, escalation.

Everything is computed in the shop's local wall time (``BusinessHours.time_zone``), day by day:
each opening interval of a local day is turned into a pair of UTC instants with zoneinfo, and the
arithmetic runs on those instants. An hour of business time is therefore a real hour, also on
the days the clocks change (a shop open 09:00–18:00 is open nine real hours on both DST Sundays;
a shop open round the clock is open 23 real hours on the last Sunday of March).

Conventions:

* an opening interval is half-open, ``[open, close)``; a close of ``00:00`` means midnight at the
  end of the day (a shop open until midnight, or round the clock with ``00:00–00:00``);
* every function takes aware datetimes (any zone) and returns aware UTC datetimes;
* a wall time the clocks skip (02:30 on the last Sunday of March in Madrid) is read with the
  offset before the change, a repeated one as its first occurrence; an interval that would then
  overlap the previous one is cut to start where that one ended.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop_crm.domain.errors import N_, ValidationError

Interval = tuple[time, time]
"""One opening interval of a weekday, ``(open, close)`` in local wall time."""
WeekHours = tuple[tuple[Interval, ...], ...]
"""Opening intervals for Monday..Sunday (index = ``date.weekday()``)."""

_ZERO = timedelta(0)
_MIDNIGHT = time(0, 0)


def _from_midnight(moment: time) -> timedelta:
    return timedelta(
        hours=moment.hour,
        minutes=moment.minute,
        seconds=moment.second,
        microseconds=moment.microsecond,
    )


def _close_offset(close: time) -> timedelta:
    """How far after midnight a close lies; ``00:00`` is the midnight that ends the day."""
    return timedelta(days=1) if close == _MIDNIGHT else _from_midnight(close)


@dataclass(frozen=True)
class BusinessHours:
    """When a shop is open: weekly intervals, closed days (holidays) and its time zone."""

    weekly: WeekHours
    closed_days: frozenset[date] = frozenset()
    time_zone: str = "UTC"

    def __post_init__(self) -> None:
        # Accept lists from settings; store tuples so the value stays hashable.
        weekly = tuple(tuple((o, c) for o, c in day) for day in self.weekly)
        object.__setattr__(self, "weekly", weekly)
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))
        if len(weekly) != 7:
            raise ValidationError("weekly", N_("Give opening hours for each day of the week."))
        for weekday, intervals in enumerate(weekly):
            previous_close = _ZERO
            for opens, closes in intervals:
                if opens.tzinfo is not None or closes.tzinfo is not None:
                    raise ValidationError(
                        "weekly", N_("Opening hours are local times without a time zone.")
                    )
                start, end = _from_midnight(opens), _close_offset(closes)
                if start >= end:
                    raise ValidationError(
                        "weekly",
                        N_("An opening time must come before its closing time ({opens}–{closes})."),
                        weekday=weekday,
                        opens=opens.isoformat("minutes"),
                        closes=closes.isoformat("minutes"),
                    )
                if start < previous_close:
                    raise ValidationError(
                        "weekly",
                        N_("Opening hours of a day must be in order and must not overlap."),
                        weekday=weekday,
                    )
                previous_close = end
        if not any(weekly):
            raise ValidationError("weekly", N_("The shop must be open on at least one day."))
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationError(
                "time_zone", N_("Unknown time zone: {name}."), name=self.time_zone
            ) from None

    @classmethod
    def default(cls, time_zone: str = "UTC") -> BusinessHours:
        """Monday to Friday 09:00–18:00, no closed days."""
        day = ((time(9, 0), time(18, 0)),)
        return cls(weekly=(day,) * 5 + ((), ()), time_zone=time_zone)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_open_day(self, day: date) -> bool:
        """Whether the shop opens at all on ``day`` (by the week, not counting DST quirks)."""
        return day not in self.closed_days and bool(self.weekly[day.weekday()])


def _utc(moment: datetime, name: str = "moment") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime")
    return moment.astimezone(UTC)


def _open_days(
    hours: BusinessHours, first_day: date
) -> Iterator[tuple[date, list[tuple[datetime, datetime]]]]:
    """Each open day from ``first_day`` on with its opening intervals as UTC instants.

    Intervals come out ordered and non-overlapping, also across days and clock changes.
    Endless: the caller stops (the week has an open interval and closed days are finitely many).
    """
    zone = hours.zone
    last_end = datetime.min.replace(tzinfo=UTC)
    day = first_day
    while True:
        if day not in hours.closed_days:
            intervals = []
            for opens, closes in hours.weekly[day.weekday()]:
                start = datetime.combine(day, opens, tzinfo=zone).astimezone(UTC)
                close_day = day + timedelta(days=1) if closes == _MIDNIGHT else day
                end = datetime.combine(close_day, closes, tzinfo=zone).astimezone(UTC)
                start = max(start, last_end)
                if end > start:
                    intervals.append((start, end))
                    last_end = end
            if intervals:
                yield day, intervals
        day += timedelta(days=1)


def _intervals_from(hours: BusinessHours, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Opening intervals (UTC) that end after ``moment``, the first one cut to start there."""
    # Start a day early: around a clock change the previous local day may reach past midnight.
    first_day = moment.astimezone(hours.zone).date() - timedelta(days=1)
    for _day, intervals in _open_days(hours, first_day):
        for start, end in intervals:
            if end > moment:
                yield max(start, moment), end


def is_open(moment: datetime, hours: BusinessHours) -> bool:
    """Whether the shop is open at ``moment`` (an interval's close is already closed)."""
    moment = _utc(moment)
    start, _end = next(_intervals_from(hours, moment))
    return start == moment


def add_business_time(start: datetime, duration: timedelta, hours: BusinessHours) -> datetime:
    """The instant when ``duration`` of opening time has passed after ``start``.

    Outside opening hours the count begins at the next opening. A duration that uses up an
    interval exactly ends at its close (Friday 18:00, not Monday 09:00). A zero duration returns
    ``start`` unchanged, so extending a deadline by nothing leaves it where it was.
    """
    start = _utc(start, "start")
    if duration < _ZERO:
        raise ValueError("duration must not be negative")
    if duration == _ZERO:
        return start
    remaining = duration
    for begin, end in _intervals_from(hours, start):
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    raise AssertionError("unreachable: opening intervals never run out")  # pragma: no cover


def business_time_between(a: datetime, b: datetime, hours: BusinessHours) -> timedelta:
    """Opening time between two instants; zero when ``b`` is not after ``a``."""
    a, b = _utc(a, "a"), _utc(b, "b")
    total = _ZERO
    if b <= a:
        return total
    for begin, end in _intervals_from(hours, a):
        if begin >= b:
            break
        total += min(end, b) - begin
    return total


def add_business_days(start: datetime, days: int, hours: BusinessHours) -> datetime:
    """The close of the ``days``-th open day after the local day of ``start``.

    Day 1 is the first open day *after* the day the count starts on, whatever the hour: a
    complaint on Monday at 10:00, at 20:00 or at 07:00 before opening all get Tuesday's close for
    one business day; one on Saturday, Sunday or a holiday gets the next open day (Monday) as
    day 1. The start's own day never counts, so the target never shrinks to a few hours.
    """
    start = _utc(start, "start")
    if days < 1:
        raise ValueError("days must be at least 1")
    local_day = start.astimezone(hours.zone).date()
    open_days = _open_days(hours, local_day + timedelta(days=1))
    for counted, (_day, intervals) in enumerate(open_days, start=1):
        if counted == days:
            return intervals[-1][1]
    raise AssertionError("unreachable: open days never run out")  # pragma: no cover


Unit = Literal["hours", "business_days"]
UNITS: tuple[Unit, ...] = get_args(Unit)


@dataclass(frozen=True)
class Target:
    """A deadline target: ``amount`` hours of opening time, or ``amount`` business days."""

    amount: int
    unit: Unit

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise ValidationError("unit", N_("Choose hours or business days."))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise ValidationError("amount", N_("A target must be at least 1."))


def deadline(start: datetime, target: Target, hours: BusinessHours) -> datetime:
    """When a target counted from ``start`` runs out (UTC)."""
    if target.unit == "hours":
        return add_business_time(start, timedelta(hours=target.amount), hours)
    return add_business_days(start, target.amount, hours)


SEVERITIES = ("low", "normal", "high", "critical")

DEFAULT_TARGETS: Mapping[str, tuple[Target, Target]] = {
    # severity: (first response, resolution)
    "critical": (Target(2, "hours"), Target(1, "business_days")),
    "high": (Target(4, "hours"), Target(2, "business_days")),
    "normal": (Target(1, "business_days"), Target(5, "business_days")),
    "low": (Target(2, "business_days"), Target(10, "business_days")),
}


def extend_for_pause(
    deadline: datetime, pause_start: datetime, pause_end: datetime, hours: BusinessHours
) -> datetime:
    """The deadline pushed later by the opening time spent paused ("waiting for customer").

    Only the part of the pause before the deadline counts: a deadline once missed stays missed,
    and a pause starting after it changes nothing. Apply pauses one after the other, oldest
    first, each to the deadline the previous one produced.
    """
    deadline = _utc(deadline, "deadline")
    paused = business_time_between(pause_start, min(_utc(pause_end, "pause_end"), deadline), hours)
    return add_business_time(deadline, paused, hours)


def time_left_share(
    opened_at: datetime, deadline: datetime, now: datetime, hours: BusinessHours
) -> float:
    """Opening time left before the deadline as a share of all of it, within [0, 1].

    While a complaint is paused, pass the pause's start as ``now`` (the clock stands still).
    A deadline with no opening time before it counts as fully used once reached.
    """
    total = business_time_between(opened_at, deadline, hours)
    left = business_time_between(now, deadline, hours)
    if total <= _ZERO:
        return 1.0 if _utc(now, "now") < _utc(deadline, "deadline") else 0.0
    return min(1.0, max(0.0, left / total))


def is_escalated(share: float, threshold: float = 0.25) -> bool:
    """Whether less than ``threshold`` of the time is left (exactly the threshold is not yet)."""
    return share < threshold


def missed_by(deadline: datetime, done_at_or_now: datetime) -> timedelta | None:
    """How late (real time) the work came after the deadline; ``None`` when on time."""
    late = _utc(done_at_or_now, "done_at_or_now") - _utc(deadline, "deadline")
    return late if late > _ZERO else None
