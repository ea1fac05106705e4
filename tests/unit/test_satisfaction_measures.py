"""Satisfaction measures on hand-computed data (the arithmetic is in the comments)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.satisfaction import (
    CsatResult,
    EffortResult,
    GapPair,
    Grain,
    csat,
    effort,
    gaps,
    is_detractor,
    is_low_csat,
    key_drivers,
    nps,
    pearson,
    period_bounds,
    period_grain,
    period_key,
    periods,
)

approx = pytest.approx


@pytest.mark.parametrize(
    ("scores", "counts", "score", "low", "high"),
    [
        # n=6, P=2 (10, 9), passives 2 (8, 7), D=2 (6, 0): (2−2)/6 → 0.
        # pP = pD = 1/3: var = (2/3 − 0²)/6 = 1/9, ±1.96·(1/3)·100 = ±65.333.
        ([10, 9, 8, 7, 6, 0], (6, 2, 2, 2), 0.0, -65.3333, 65.3333),
        # n=4, P=3, D=1: 75% − 25% = 50. var = (1 − 0.5²)/4 = 0.1875, sqrt = 0.433013,
        # ±1.96·0.433013·100 = ±84.8705 → [−34.8705, 134.8705] clipped to 100.
        ([10, 10, 10, 0], (4, 3, 0, 1), 50.0, -34.8705, 100.0),
        # n=2, P=1, passive 1: 50. var = (0.5 − 0.25)/2 = 0.125, sqrt = 0.353553,
        # ±69.2965 → [−19.2965, 119.2965] clipped to 100.
        ([9, 7], (2, 1, 1, 0), 50.0, -19.2965, 100.0),
        # All promoters: 100, var = (1 − 1)/3 = 0 → the interval is the point 100.
        ([9, 10, 10], (3, 3, 0, 0), 100.0, 100.0, 100.0),
        # All detractors: −100, var = (1 − 1)/2 = 0.
        ([0, 6], (2, 0, 0, 2), -100.0, -100.0, -100.0),
        # Only passives: 0, var = 0.
        ([7, 8, 8], (3, 0, 3, 0), 0.0, 0.0, 0.0),
    ],
)
def test_nps_known_values(
    scores: list[int], counts: tuple[int, int, int, int], score: float, low: float, high: float
) -> None:
    result = nps(scores)
    assert (result.count, result.promoters, result.passives, result.detractors) == counts
    assert result.score == approx(score)
    assert result.low == approx(low, abs=1e-4)
    assert result.high == approx(high, abs=1e-4)


def test_nps_of_no_responses_is_none() -> None:
    result = nps([])
    assert result.count == 0
    assert (result.score, result.low, result.high) == (None, None, None)


@given(st.lists(st.integers(0, 10), min_size=1, max_size=300))
def test_nps_within_bounds_and_inside_its_interval(scores: list[int]) -> None:
    result = nps(scores)
    assert result.score is not None and result.low is not None and result.high is not None
    assert -100 <= result.low <= result.score <= result.high <= 100
    assert result.promoters + result.passives + result.detractors == len(scores)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # mean (5+4+3+2+1)/5 = 3; satisfied 5 and 4: 2/5 = 40%.
        ([5, 4, 3, 2, 1], CsatResult(5, 3.0, 40.0)),
        # mean 13/3 = 4.3333; all satisfied: 100%.
        ([4, 4, 5], CsatResult(3, 13 / 3, 100.0)),
        # mean 2.5; 1 of 4 satisfied: 25%.
        ([1, 2, 3, 4], CsatResult(4, 2.5, 25.0)),
        ([], CsatResult(0, None, None)),
    ],
)
def test_csat_known_values(scores: list[int], expected: CsatResult) -> None:
    result = csat(scores)
    assert result.count == expected.count
    assert result.mean == (None if expected.mean is None else approx(expected.mean))
    assert result.satisfied_share == (
        None if expected.satisfied_share is None else approx(expected.satisfied_share)
    )


def test_effort_mean() -> None:
    # (1 + 2 + 2)/3 = 1.6667
    result = effort([1, 2, 2])
    assert result.count == 3
    assert result.mean == approx(5 / 3)
    assert effort([]) == EffortResult(0, None)


def test_gaps_per_attribute_largest_shortfall_first() -> None:
    result = gaps(
        [
            GapPair("quality", expected=4, perceived=3, importance=5),
            GapPair("Quality", expected=5, perceived=4, importance=3),
            GapPair("price", expected=3, perceived=4, importance=None),
            GapPair("speed", expected=4, perceived=2, importance=4),
        ]
    )
    # speed: 2 − 4 = −2; quality: expected (4+5)/2 = 4.5, perceived (3+4)/2 = 3.5, gap −1,
    # importance (5+3)/2 = 4; price: 4 − 3 = +1 with no importance given.
    assert [(g.attribute, g.count) for g in result] == [("speed", 1), ("quality", 2), ("price", 1)]
    speed, quality, price = result
    assert (speed.expected, speed.perceived, speed.gap, speed.importance) == (4, 2, -2, 4)
    assert (quality.expected, quality.perceived, quality.gap, quality.importance) == (
        4.5,
        3.5,
        -1.0,
        4.0,
    )
    assert (price.gap, price.importance) == (1.0, None)
    assert gaps([]) == []


@pytest.mark.parametrize(
    ("day", "month", "quarter", "year"),
    [
        (date(2026, 1, 1), "2026-01", "2026-Q1", "2026"),
        (date(2026, 3, 31), "2026-03", "2026-Q1", "2026"),
        (date(2026, 4, 1), "2026-04", "2026-Q2", "2026"),
        (date(2026, 6, 30), "2026-06", "2026-Q2", "2026"),
        (date(2026, 7, 1), "2026-07", "2026-Q3", "2026"),
        (date(2026, 9, 30), "2026-09", "2026-Q3", "2026"),
        (date(2026, 10, 1), "2026-10", "2026-Q4", "2026"),
        (date(2026, 12, 31), "2026-12", "2026-Q4", "2026"),
    ],
)
def test_period_keys(day: date, month: str, quarter: str, year: str) -> None:
    assert period_key(day, Grain.MONTH) == month
    assert period_key(day, Grain.QUARTER) == quarter
    assert period_key(day, Grain.YEAR) == year


@pytest.mark.parametrize(
    ("key", "bounds", "grain"),
    [
        ("2026-Q4", (date(2026, 10, 1), date(2027, 1, 1)), Grain.QUARTER),
        ("2026-Q1", (date(2026, 1, 1), date(2026, 4, 1)), Grain.QUARTER),
        ("2026-12", (date(2026, 12, 1), date(2027, 1, 1)), Grain.MONTH),
        ("2026-02", (date(2026, 2, 1), date(2026, 3, 1)), Grain.MONTH),
        ("2024-02", (date(2024, 2, 1), date(2024, 3, 1)), Grain.MONTH),
        ("2026", (date(2026, 1, 1), date(2027, 1, 1)), Grain.YEAR),
    ],
)
def test_period_bounds(key: str, bounds: tuple[date, date], grain: Grain) -> None:
    assert period_bounds(key) == bounds
    assert period_grain(key) is grain


@pytest.mark.parametrize(
    "key", ["", "26", "2026-13", "2026-00", "2026-1", "2026-Q5", "2026-Q0", "2026-q1", "0000"]
)
def test_period_bounds_refuses_malformed_keys(key: str) -> None:
    with pytest.raises(ValueError):
        period_bounds(key)


@given(
    st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31)),
    st.sampled_from(list(Grain)),
)
def test_period_of_a_day_contains_it(day: date, grain: Grain) -> None:
    first, after = period_bounds(period_key(day, grain))
    assert first <= day < after
    assert period_grain(period_key(day, grain)) is grain


def test_periods_cover_the_range() -> None:
    assert periods(Grain.MONTH, date(2026, 1, 15), date(2026, 3, 1)) == ["2026-01", "2026-02"]
    assert periods(Grain.QUARTER, date(2025, 12, 31), date(2026, 4, 2)) == [
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    assert periods(Grain.YEAR, date(2025, 6, 1), date(2026, 6, 1)) == ["2025", "2026"]
    assert periods(Grain.MONTH, date(2026, 3, 1), date(2026, 3, 1)) == []


def test_pearson_by_hand() -> None:
    # xs 1,2,3 (mean 2), ys 2,4,7 (mean 13/3): sxy = (−1)(−7/3) + 0 + (1)(8/3) = 5,
    # sxx = 2, syy = (49 + 1 + 64)/9 = 114/9: r = 5 / sqrt(2 · 114/9) = 0.993399.
    assert pearson([1, 2, 3], [2, 4, 7]) == approx(0.993399, abs=1e-6)
    assert pearson([1, 2, 3], [3, 2, 1]) == approx(-1.0)
    assert pearson([1], [1]) is None
    assert pearson([2, 2, 2], [1, 2, 3]) is None  # no variance: no correlation
    assert pearson([1, 2, 3], [4.5, 4.5, 4.5]) is None


def _driver_data(n: int) -> tuple[list[dict[str, int]], list[float]]:
    """quality cycles 1..5 and the outcome is 2·quality (r = 1); price cycles 3,1,5,1,3,
    whose deviations (0.4, −1.6, 2.4, −1.6, 0.4) against quality's (−2, −1, 0, 1, 2) sum
    to −0.8 + 1.6 + 0 − 1.6 + 0.8 = 0 (r = 0); cleanliness is always 4 (no variance)."""
    prices = [3, 1, 5, 1, 3]
    rows = [{"quality": i % 5 + 1, "price": prices[i % 5], "cleanliness": 4} for i in range(n)]
    return rows, [2.0 * row["quality"] for row in rows]


def test_key_drivers_find_the_attribute_that_moves_the_outcome() -> None:
    rows, outcome = _driver_data(40)
    result = key_drivers(rows, outcome)
    assert result.responses == 40
    assert result.enough
    assert [d.attribute for d in result.drivers] == ["quality", "price", "cleanliness"]
    quality, price, cleanliness = result.drivers
    assert quality.correlation == approx(1.0)
    assert price.correlation == approx(0.0, abs=1e-12)
    assert cleanliness.correlation is None
    assert quality.count == price.count == cleanliness.count == 40


def test_key_drivers_warn_when_too_few_responses() -> None:
    rows, outcome = _driver_data(10)
    result = key_drivers(rows, outcome)
    assert not result.enough
    assert result.responses == 10
    assert key_drivers(rows, outcome, min_responses=10).enough
    empty = key_drivers([], [])
    assert (empty.drivers, empty.responses, empty.enough) == ((), 0, False)


def test_key_drivers_count_only_rows_rating_the_attribute() -> None:
    rows: list[dict[str, int]] = [{"quality": 1, "speed": 5}, {"quality": 3}, {"quality": 5}]
    result = key_drivers(rows, [0.0, 5.0, 10.0], min_responses=1)
    by_name = {d.attribute: d for d in result.drivers}
    assert by_name["quality"].count == 3
    assert by_name["quality"].correlation == approx(1.0)
    assert by_name["speed"].count == 1
    assert by_name["speed"].correlation is None


def test_key_drivers_refuse_mismatched_lengths() -> None:
    with pytest.raises(ValueError):
        key_drivers([{"quality": 1}], [])


@pytest.mark.parametrize(("score", "expected"), [(0, True), (6, True), (7, False), (10, False)])
def test_is_detractor(score: int, expected: bool) -> None:
    assert is_detractor(score) is expected


@pytest.mark.parametrize(("score", "expected"), [(1, True), (2, True), (3, False), (5, False)])
def test_is_low_csat(score: int, expected: bool) -> None:
    assert is_low_csat(score) is expected
