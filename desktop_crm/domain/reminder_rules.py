"""When generated reminders come due: service intervals, birthdays, win-back.

Pure date maths over plain values; the reminders service decides which rule applies to whom and
stores the results. Built on ``recurrence`` (month clamping, 29 February).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

from desktop_crm.domain.recurrence import add_months, next_anniversary

WINBACK_MINIMUM_DAYS = 14
"""However often a customer buys, a win-back comes no sooner than this after their last purchase
(a daily coffee buyer who skips two days is not lost)."""


class Upcoming(NamedTuple):
    """A reminder date and the date of the event it announces (e.g. the birthday itself)."""

    remind_on: date
    event_on: date


def next_service_due(last_service: date, every_months: int) -> date:
    """The next service after ``last_service``: ``every_months`` later, clamped to the month end
    (a six-month check after 31 August is due on 28/29 February)."""
    if every_months < 1:
        raise ValueError("a service interval is at least one month")
    return add_months(last_service, every_months)


def next_birthday_reminder(birthday: date, days_before: int, on_or_after: date) -> Upcoming:
    """The first birthday reminder, ``days_before`` the birthday, falling on or after
    ``on_or_after``; 29 February birthdays are celebrated on 28 February in common years.

    Across a year end the reminder falls in the year before the birthday (7 days before
    3 January is 27 December).
    """
    if days_before < 0:
        raise ValueError("a birthday reminder cannot come after the birthday")
    # Every year counts, including the year of birth (a reminder before a baby's first birthday).
    event = next_anniversary(birthday, on_or_after + timedelta(days=days_before))
    return Upcoming(event - timedelta(days=days_before), event)


def usual_interval_days(purchase_dates: Sequence[date]) -> int | None:
    """A customer's usual number of days between purchases: the median gap between the distinct
    days they bought on (several purchases on one day are one visit), or ``None`` with fewer
    than two such days.

    The median, not the mean, so one long absence (a summer abroad) does not stretch it; of the
    two middle gaps the larger (``median_high``), so it is always a gap that happened and leans
    towards reminding later rather than nagging.
    """
    days = sorted(set(purchase_dates))
    if len(days) < 2:
        return None
    return statistics.median_high((b - a).days for a, b in pairwise(days))


def winback_due(
    purchase_dates: Sequence[date],
    today: date,
    default_days: int,
    factor: float = 2.0,
    minimum_days: int = WINBACK_MINIMUM_DAYS,
) -> date | None:
    """The date a customer who has stopped buying should get a win-back reminder; ``None`` for a
    customer with no purchases (they never bought, so there is nothing to win back).

    Chosen rule: the threshold is relative to the customer's own habit — their usual interval
    (``usual_interval_days``) times ``factor``, rounded up, and never below ``minimum_days`` —
    because a fixed N is wrong both ways: 90 days is nothing for a yearly car service and an
    eternity for a weekly baker's customer. A customer with a single purchase day has no habit
    yet, so the shop's fixed ``default_days`` applies. The reminder falls that many days after
    their last purchase. Purchases dated after ``today`` (entered ahead) are ignored.
    """
    if default_days < 1 or minimum_days < 1 or not factor >= 1:
        raise ValueError("win-back thresholds are positive and the factor at least 1")
    bought = [day for day in purchase_dates if day <= today]
    if not bought:
        return None
    interval = usual_interval_days(bought)
    if interval is None:
        threshold = default_days
    else:
        threshold = max(minimum_days, math.ceil(interval * factor))
    return max(bought) + timedelta(days=threshold)
