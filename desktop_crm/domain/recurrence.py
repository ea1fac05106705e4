"""Calendar maths for reminders: anniversaries, month steps, recurrence rules, the shop's today.

Everything here works on calendar dates (``datetime.date``), never on instants, so daylight-saving
changes cannot shift a due date: the only place a clock time meets a date is ``local_today``.
Repeating reminders are RFC 5545 recurrence rules evaluated by ``dateutil.rrule``; the simple
"every N days/weeks/months/years" form is translated into such a rule, so there is one engine.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import takewhile
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from desktop_crm.domain.errors import N_, ValidationError

Unit = Literal["day", "week", "month", "year"]
UNITS: tuple[Unit, ...] = get_args(Unit)
MAX_EVERY = 999
"""The largest interval a reminder may repeat at (999 days ... 999 years)."""

_FREQUENCY = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "year": "YEARLY"}
# RFC 5545 parts a reminder's rule may use. Sub-daily parts (BYHOUR...) would give several
# occurrences on one date, and BYEASTER is a dateutil extension other calendars would not read.
_ALLOWED_PARTS = frozenset(
    {
        "FREQ",
        "INTERVAL",
        "COUNT",
        "UNTIL",
        "BYDAY",
        "BYMONTHDAY",
        "BYYEARDAY",
        "BYWEEKNO",
        "BYMONTH",
        "BYSETPOS",
        "WKST",
    }
)
_PART = re.compile(r"([A-Z]+)=([A-Z0-9+,\-]+)")
_NUMBER = re.compile(r"[0-9]{1,6}")
_UNTIL = re.compile(r"[0-9]{8}(T[0-9]{6}Z?)?")  # RFC 5545 DATE or DATE-TIME
_NOT_PROBED = ("COUNT", "UNTIL", "INTERVAL")
# A rule that can ever match, matches within one 400-year Gregorian cycle (146,097 days, a whole
# number of weeks, so the calendar repeats exactly). Probing the last cycle before year 10000 keeps
# the cost of an impossible rule (dateutil scans until year 9999 before giving up) small.
_PROBE_START = datetime(9600, 1, 1)

_NOT_A_RULE = N_("This repeat rule cannot be used. Check how often and on which days it repeats.")


def anniversary(original: date, year: int) -> date:
    """``original`` moved to ``year``; 29 February falls on 28 February in common years.

    (``date.replace(year=...)`` raises on 29 February: use this instead.)
    """
    if original.month == 2 and original.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return original.replace(year=year)


def next_anniversary(original: date, on_or_after: date) -> date:
    """The first anniversary of ``original`` on or after ``on_or_after``.

    ``original`` itself counts (anniversary zero): nothing before it is returned.
    """
    if on_or_after <= original:
        return original
    this_year = anniversary(original, on_or_after.year)
    return this_year if this_year >= on_or_after else anniversary(original, on_or_after.year + 1)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the end of a shorter month.

    31 August + 6 months is 28 (or 29) February; each call counts from ``day`` itself, so a
    schedule should always add ``k * n`` months to its first date rather than chain calls
    (31 Jan → 29 Feb → 29 Mar would drift). Raises ``ValueError`` outside years 1-9999.
    """
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    if not 1 <= year <= 9999:
        raise ValueError(f"{day} + {months} months is outside years 1-9999")
    month = month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def snooze_until(today: date, days: int) -> date:
    """The date a reminder snoozed ``today`` for ``days`` days comes back (plain calendar days)."""
    if days < 1:
        raise ValueError("a snooze lasts at least one day")
    return today + timedelta(days=days)


def local_today(now_utc: datetime, time_zone: str) -> date:
    """The shop's calendar date at the instant ``now_utc`` (an aware datetime), in ``time_zone``.

    23:30 UTC on 31 December is already 1 January in Europe/Madrid. A naive datetime is refused
    rather than guessed at. An unknown zone raises ``zoneinfo.ZoneInfoNotFoundError``.
    """
    if now_utc.tzinfo is None or now_utc.utcoffset() is None:
        raise ValueError("local_today needs an aware datetime (UTC), not a naive one")
    return now_utc.astimezone(ZoneInfo(time_zone)).date()


@dataclass(frozen=True)
class Recurrence:
    """How a hand-made reminder repeats: ``every`` N ``unit`` s, or a raw RFC 5545 ``rrule``.

    ``Recurrence(every=2, unit="week")``, ``Recurrence(unit="month")`` or
    ``Recurrence(rrule="FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO")`` (the third Monday of September).
    Give a unit or a rule, not both. A rule is stored upper-cased without an ``RRULE:`` prefix.

    Month ends: the unit form keeps to the start's day of the month and clamps it to shorter
    months (started on 31 January: 29 February, 31 March, 30 April...; started on 29 February and
    yearly: 28 February in common years). In the rule it becomes ``BYMONTHDAY=28,...,d;BYSETPOS=-1``
    (the last of those days the month has) because a plain ``BYMONTHDAY=31`` skips short months,
    as RFC 5545 says. A raw rule is taken as written: use ``BYMONTHDAY=-1`` for "the last day".
    """

    every: int = 1
    unit: Unit | None = None
    rrule: str | None = None

    def __post_init__(self) -> None:
        if (self.unit is None) == (self.rrule is None):
            raise ValueError("a Recurrence has either a unit or an rrule")
        if self.rrule is not None:
            if self.every != 1:
                raise ValueError("a raw rule carries its own INTERVAL")
            object.__setattr__(self, "rrule", _checked_rule(self.rrule))
            return
        if self.unit not in UNITS:
            raise ValidationError("unit", N_("Choose days, weeks, months or years."))
        if isinstance(self.every, bool) or not 1 <= self.every <= MAX_EVERY:
            raise ValidationError(
                "every",
                N_("Repeat every 1 to {limit} days, weeks, months or years."),
                limit=MAX_EVERY,
            )


def rule_text(recurrence: Recurrence, start: date) -> str:
    """The RFC 5545 RRULE value (without ``RRULE:``) that ``recurrence`` follows from ``start``.

    The unit form depends on ``start`` (its weekday, day and month); a raw rule does not.
    """
    if recurrence.rrule is not None:
        return recurrence.rrule
    assert recurrence.unit is not None  # __post_init__ guarantees one of the two
    parts = [f"FREQ={_FREQUENCY[recurrence.unit]}", f"INTERVAL={recurrence.every}"]
    if recurrence.unit in ("month", "year"):
        if recurrence.unit == "year":
            parts.append(f"BYMONTH={start.month}")
        if start.day <= 28:
            parts.append(f"BYMONTHDAY={start.day}")
        else:
            days = ",".join(str(d) for d in range(28, start.day + 1))
            parts += [f"BYMONTHDAY={days}", "BYSETPOS=-1"]
    return ";".join(parts)


def occurrences(recurrence: Recurrence, start: date, after: date, until: date) -> list[date]:
    """The dates ``recurrence`` falls on, counted from ``start``, after ``after`` (exclusive) and
    on or before ``until`` (inclusive): sorted, each once.

    With ``after`` = the last date already handled and ``until`` = today this is exactly what
    came due meanwhile. ``start`` is an occurrence only when it matches the rule (always, for the
    unit form); ``COUNT`` in a raw rule counts from ``start``. Iteration stops at year 9999.

    Cost: dateutil walks the rule from ``start``, one period at a time (about 3 µs a period: a
    ten-year-old daily reminder costs ~10 ms). A valid rule that can never fall again from this
    particular start (``FREQ=DAILY;INTERVAL=7;BYDAY=MO`` started on a Tuesday) is walked up to
    year 9999 before it ends: up to about a second, so generate reminders off the UI thread.
    """
    if until <= after:
        return []
    found = _after(_rule(recurrence, start), after)
    return list(takewhile(lambda day: day <= until, found))


def next_occurrence(recurrence: Recurrence, start: date, after: date) -> date | None:
    """The first date ``recurrence`` (counted from ``start``) falls on after ``after``; ``None``
    when the rule has ended (``COUNT``/``UNTIL``) or never falls again before year 10000."""
    return next(_after(_rule(recurrence, start), after), None)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def _rule(recurrence: Recurrence, start: date) -> rrule:
    text = rule_text(recurrence, start)
    if "WKST=" not in text:  # RFC 5545's default; dateutil's follows calendar.firstweekday()
        text += ";WKST=MO"
    parsed = rrulestr(text, dtstart=_midnight(start), ignoretz=True)
    assert isinstance(parsed, rrule)  # a single RRULE value never parses to an rruleset
    return parsed


def _after(rule: rrule, after: date) -> Iterator[date]:
    """Occurrence dates strictly after ``after``; ends quietly where dateutil would step past
    year 9999 (it raises ``ValueError`` there)."""
    found = rule.xafter(_midnight(after), inc=False)
    while True:
        try:
            moment = next(found)
        except (StopIteration, ValueError, OverflowError):
            return
        yield moment.date()


def _checked_rule(text: str) -> str:
    """``text`` as a stored rule (upper case, no ``RRULE:``); ``ValidationError`` when it is not
    a date-level RFC 5545 rule that falls on at least one date."""
    rule = text.strip().upper().removeprefix("RRULE:")
    parts: dict[str, str] = {}
    for part in rule.split(";"):
        match = _PART.fullmatch(part)
        if match is None or match[1] not in _ALLOWED_PARTS or match[1] in parts:
            raise ValidationError("rrule", _NOT_A_RULE)
        parts[match[1]] = match[2]
    if parts.get("FREQ") not in _FREQUENCY.values() or ("COUNT" in parts and "UNTIL" in parts):
        raise ValidationError("rrule", _NOT_A_RULE)
    for name in ("INTERVAL", "COUNT"):
        if name in parts and not (
            _NUMBER.fullmatch(parts[name]) and 1 <= int(parts[name]) <= MAX_EVERY
        ):
            raise ValidationError("rrule", _NOT_A_RULE)
    if "UNTIL" in parts and not _UNTIL.fullmatch(parts["UNTIL"]):
        raise ValidationError("rrule", _NOT_A_RULE)
    if _breaks_rfc_5545(parts):
        raise ValidationError("rrule", _NOT_A_RULE)
    # The probe asks whether the calendar parts can ever match, whatever the start: it leaves out
    # COUNT and UNTIL (bounds in time) and INTERVAL (with INTERVAL=1 every period is included,
    # so its dates are a superset of those of any start and interval).
    probe = ";".join(f"{name}={value}" for name, value in parts.items() if name not in _NOT_PROBED)
    try:
        rrulestr(rule, dtstart=datetime(2000, 1, 1), ignoretz=True)  # UNTIL's date, BYDAY...
        first = rrulestr(probe, dtstart=_PROBE_START, ignoretz=True).after(_PROBE_START, inc=True)
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        raise ValidationError("rrule", _NOT_A_RULE) from exc
    if first is None:
        raise ValidationError("rrule", _NOT_A_RULE)
    return rule


def _breaks_rfc_5545(parts: dict[str, str]) -> bool:
    """Combinations RFC 5545 (3.3.10) forbids: dateutil evaluates them somehow, but a calendar
    the rule is exported to may not."""
    frequency = parts["FREQ"]
    return (
        ("BYWEEKNO" in parts and frequency != "YEARLY")
        or ("BYYEARDAY" in parts and frequency in ("DAILY", "WEEKLY", "MONTHLY"))
        or ("BYMONTHDAY" in parts and frequency == "WEEKLY")
        or (
            re.search(r"[0-9]", parts.get("BYDAY", "")) is not None
            and (frequency not in ("MONTHLY", "YEARLY") or "BYWEEKNO" in parts)
        )
    )
