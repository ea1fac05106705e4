"""Satisfaction measures: NPS with its confidence interval, CSAT, customer effort, the
expectation gap, periods (month, quarter, year) and key drivers.

Pure arithmetic on scores, so every figure the Feedback page and the reports show can be
checked by hand against a table of known answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# 1.96: the two-sided 95% quantile of the normal distribution.
Z_95 = 1.96

NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6
CSAT_SATISFIED_MIN = 4
CSAT_LOW_MAX = 2


@dataclass(frozen=True)
class NpsResult:
    count: int
    promoters: int
    passives: int
    detractors: int
    # % promoters − % detractors (−100..100) and its 95% interval; None without answers.
    score: float | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class CsatResult:
    count: int
    mean: float | None
    satisfied_share: float | None  # % of answers 4–5


@dataclass(frozen=True)
class EffortResult:
    count: int
    mean: float | None


@dataclass(frozen=True)
class GapPair:
    """One rating paired with the same customer's expectation on the same attribute."""

    attribute: str
    expected: int
    perceived: int
    importance: int | None


@dataclass(frozen=True)
class GapResult:
    attribute: str
    count: int
    expected: float | None
    perceived: float | None
    gap: float | None  # perceived − expected: negative when the shop fell short
    importance: float | None


@dataclass(frozen=True)
class Driver:
    attribute: str
    correlation: float | None  # Pearson r with the outcome; None when it cannot be said
    count: int


@dataclass(frozen=True)
class DriversResult:
    drivers: tuple[Driver, ...]
    responses: int
    enough: bool  # False: too few responses to trust the ranking


class Grain(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def is_detractor(score: int) -> bool:
    return 0 <= score <= NPS_DETRACTOR_MAX


def is_promoter(score: int) -> bool:
    return NPS_PROMOTER_MIN <= score <= 10


def is_low_csat(score: int) -> bool:
    return 1 <= score <= CSAT_LOW_MAX


def nps(scores: Iterable[int]) -> NpsResult:
    """NPS of 0–10 answers with a 95% interval from the variance of the difference of two
    proportions of one sample: var = (pP + pD − (pP − pD)²) / n."""
    values = list(scores)
    count = len(values)
    promoters = sum(1 for s in values if is_promoter(s))
    detractors = sum(1 for s in values if is_detractor(s))
    passives = count - promoters - detractors
    if count == 0:
        return NpsResult(0, 0, 0, 0, None, None, None)
    p_promoters = promoters / count
    p_detractors = detractors / count
    difference = p_promoters - p_detractors
    variance = max(0.0, (p_promoters + p_detractors - difference**2) / count)
    half = Z_95 * math.sqrt(variance) * 100
    score = difference * 100
    return NpsResult(
        count,
        promoters,
        passives,
        detractors,
        score,
        max(-100.0, score - half),
        min(100.0, score + half),
    )


def csat(scores: Iterable[int]) -> CsatResult:
    """Mean of 1–5 ratings and the share (%) of satisfied ones (4–5)."""
    values = list(scores)
    if not values:
        return CsatResult(0, None, None)
    satisfied = sum(1 for s in values if s >= CSAT_SATISFIED_MIN)
    return CsatResult(len(values), sum(values) / len(values), satisfied / len(values) * 100)


def effort(scores: Iterable[int]) -> EffortResult:
    values = list(scores)
    if not values:
        return EffortResult(0, None)
    return EffortResult(len(values), sum(values) / len(values))


def gaps(pairs: Iterable[GapPair]) -> list[GapResult]:
    """Mean expected, perceived, gap and importance per attribute (attributes compared
    case-insensitively, named as first seen), the largest shortfall first."""
    groups: dict[str, list[GapPair]] = {}
    labels: dict[str, str] = {}
    for pair in pairs:
        key = pair.attribute.strip().casefold()
        labels.setdefault(key, pair.attribute.strip())
        groups.setdefault(key, []).append(pair)
    results = []
    for key, members in groups.items():
        n = len(members)
        expected = sum(p.expected for p in members) / n
        perceived = sum(p.perceived for p in members) / n
        importances = [p.importance for p in members if p.importance is not None]
        importance = sum(importances) / len(importances) if importances else None
        results.append(
            GapResult(labels[key], n, expected, perceived, perceived - expected, importance)
        )
    results.sort(key=lambda r: (r.gap is None, r.gap or 0.0, r.attribute.casefold()))
    return results


def period_key(day: date, grain: Grain) -> str:
    """The period holding ``day``: "2026-11", "2026-Q4" or "2026"."""
    if grain is Grain.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if grain is Grain.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def period_grain(key: str) -> Grain:
    """The grain of a period key; ValueError for anything that is not one."""
    if _MONTH.fullmatch(key):
        return Grain.MONTH
    if _QUARTER.fullmatch(key):
        return Grain.QUARTER
    if _YEAR.fullmatch(key) and int(key) >= 1:
        return Grain.YEAR
    raise ValueError(f"not a period: {key!r}")


def period_bounds(key: str) -> tuple[date, date]:
    """First day of the period and first day after it; ValueError for a malformed key."""
    grain = period_grain(key)
    year = int(key[:4])
    if year < 1:
        raise ValueError(f"not a period: {key!r}")
    if grain is Grain.MONTH:
        first_month, months = int(key[5:]), 1
    elif grain is Grain.QUARTER:
        first_month, months = (int(key[6:]) - 1) * 3 + 1, 3
    else:
        first_month, months = 1, 12
    after = first_month - 1 + months
    return date(year, first_month, 1), date(year + after // 12, after % 12 + 1, 1)


def periods(grain: Grain, start: date, end: date) -> list[str]:
    """Every period of ``grain`` overlapping [start, end), in order (none when end <= start)."""
    keys: list[str] = []
    day = start
    while day < end:
        key = period_key(day, grain)
        keys.append(key)
        day = period_bounds(key)[1]
    return keys


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r; None with fewer than two pairs or when either side never varies."""
    n = len(xs)
    if n != len(ys):
        raise ValueError("xs and ys differ in length")
    if n < 2 or len(set(xs)) == 1 or len(set(ys)) == 1:
        return None
    mean_x = math.fsum(xs) / n
    mean_y = math.fsum(ys) / n
    sxy = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    syy = math.fsum((y - mean_y) ** 2 for y in ys)
    if sxx <= 0 or syy <= 0:
        return None
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def key_drivers(
    rows: Sequence[Mapping[str, int]], outcome: Sequence[float], min_responses: int = 30
) -> DriversResult:
    """Correlation of each attribute's scores with the outcome (``rows[i]`` are response i's
    ratings, ``outcome[i]`` its overall score), over the responses rating that attribute;
    strongest first. ``enough`` is False below ``min_responses``: the ranking is then noise."""
    if len(rows) != len(outcome):
        raise ValueError("rows and outcome differ in length")
    columns: dict[str, tuple[list[float], list[float]]] = {}
    for row, y in zip(rows, outcome, strict=True):
        for attribute, score in row.items():
            xs, ys = columns.setdefault(attribute, ([], []))
            xs.append(score)
            ys.append(y)
    drivers = [Driver(a, pearson(xs, ys), len(xs)) for a, (xs, ys) in columns.items()]
    drivers.sort(key=lambda d: (d.correlation is None, -(d.correlation or 0.0), d.attribute))
    return DriversResult(tuple(drivers), len(rows), len(rows) >= min_responses)
