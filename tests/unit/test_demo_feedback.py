"""Demo survey responses: deterministic, mixed sources on real cards, a rising NPS, and ratings
that follow satisfaction with different strengths."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from statistics import correlation
from typing import Any

import pytest
from sqlalchemy import func, select

from desktop_crm.domain.card_numbers import card_code
from desktop_crm.services.demo_data import generate_demo
from desktop_crm.services.demo_feedback import generate_feedback
from desktop_crm.services.shop import Shop, open_shop
from desktop_crm.storage.database import sqlite_url
from desktop_crm.storage.models import (
    CommentCard,
    ExpectationResponse,
    SatisfactionBenchmark,
    SurveyAnswer,
    SurveyResponse,
    TimelineEvent,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)
COUNT = 600


@pytest.fixture
def demo(shop: Shop) -> Shop:
    generate_demo(shop.db, COUNT, seed=7, now=NOW)
    return shop


def _responses(shop: Shop) -> list[Any]:
    with shop.db.read() as session:
        columns = [c for c in SurveyResponse.__table__.c]
        return list(session.execute(select(*columns).order_by(SurveyResponse.id)))


def _scores(shop: Shop) -> dict[int, dict[str, int]]:
    """Per response: its NPS ("nps") and ratings by attribute."""
    found: dict[int, dict[str, int]] = {}
    with shop.db.read() as session:
        query = select(SurveyAnswer).where(SurveyAnswer.score.is_not(None))
        for a in session.scalars(query):
            assert a.score is not None
            found.setdefault(a.response_id, {})[a.attribute or a.kind] = a.score
    return found


def _nps(scores: list[int]) -> float:
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


def test_responses_over_two_years_from_every_source(demo: Shop) -> None:
    responses = _responses(demo)
    assert len(responses) == round(COUNT * 0.06 * 24)
    assert demo.feedback.response_count() == len(responses)
    days = [r.responded_on for r in responses]
    assert min(days) >= date(2024, 3, 1) and max(days) < date(2026, 3, 1)
    share = {
        s: sum(r.source == s for r in responses) / len(responses)
        for s in ("card", "counter", "call")
    }
    assert 0.4 < share["card"] < 0.6 and 0.25 < share["counter"] < 0.45 and share["call"] > 0.08
    anonymous = [r for r in responses if r.customer_id is None]
    assert 0.12 < len(anonymous) / len(responses) < 0.3
    assert all(r.source != "call" for r in anonymous)
    with demo.db.read() as session:
        events = session.scalar(select(func.count()).where(TimelineEvent.kind == "survey"))
        forms = session.scalar(select(func.count(ExpectationResponse.id)))
        benchmarks = session.scalar(select(func.count(SatisfactionBenchmark.id)))
    assert events == len(responses) - len(anonymous)
    assert forms is not None and 0.05 < forms / (len(responses) - len(anonymous)) < 0.15
    assert benchmarks == 3


def test_card_responses_use_printed_cards_and_some_are_still_out(demo: Shop) -> None:
    cards = [r for r in _responses(demo) if r.source == "card"]
    assert all(r.card_number is not None for r in cards)
    with demo.db.read() as session:
        columns = [c for c in CommentCard.__table__.c]
        printed = {c.number: c for c in session.execute(select(*columns))}
    for response in cards:
        assert response.card_number is not None
        card = printed[response.card_number]
        assert card.version_id == response.version_id
        assert card.customer_id == response.customer_id
        assert card.printed_at.date() < response.responded_on
    unanswered = set(printed) - {r.card_number for r in cards}
    assert unanswered
    (number, *_) = sorted(unanswered)
    assert not demo.feedback.card_entry(card_code(number)).answered


def test_nps_rises_over_the_two_years(demo: Shop) -> None:
    scores = _scores(demo)
    first, second = [], []
    for r in _responses(demo):
        nps = scores.get(r.id, {}).get("nps")
        if nps is not None:
            (first if r.responded_on < date(2025, 3, 1) else second).append(nps)
    assert _nps(second) - _nps(first) > 5


def test_quality_follows_satisfaction_more_closely_than_price(demo: Shop) -> None:
    rows = [s for s in _scores(demo).values() if {"nps", "quality", "price"} <= s.keys()]
    nps = [float(s["nps"]) for s in rows]
    quality = correlation(nps, [float(s["quality"]) for s in rows])
    price = correlation(nps, [float(s["price"]) for s in rows])
    assert quality > 0.5
    assert 0 < price < quality - 0.3


def test_open_answers_in_the_customers_languages(demo: Shop) -> None:
    with demo.db.read() as session:
        texts = set(session.scalars(select(SurveyAnswer.text).where(SurveyAnswer.text != "")))
    assert any("é" in t for t in texts)  # Spanish
    assert any("\u4e00" <= t[0] <= "\u9fff" for t in texts)  # Chinese
    assert any("\u0400" <= t[0] <= "\u04ff" for t in texts)  # Russian
    assert demo.feedback.latest(5, search="cafe")


def test_same_seed_same_responses(demo: Shop, tmp_path: Path) -> None:
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        generate_demo(other.db, COUNT, seed=7, now=NOW)
        assert _rows(other) == _rows(demo)
    finally:
        other.close()


def test_added_once(demo: Shop) -> None:
    before = demo.feedback.response_count()
    assert generate_feedback(demo.db, NOW + timedelta(days=1), 8) == 0
    assert demo.feedback.response_count() == before


def _rows(shop: Shop) -> list[tuple[Any, ...]]:
    with shop.db.read() as session:
        responses = session.execute(
            select(SurveyResponse.card_number, SurveyResponse.customer_id, SurveyResponse.source,
                   SurveyResponse.responded_on, SurveyResponse.staff_id)
            .order_by(SurveyResponse.id)
        )  # fmt: skip
        answers = session.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.position, SurveyAnswer.score,
                   SurveyAnswer.text)
            .order_by(SurveyAnswer.id)
        )  # fmt: skip
        return [tuple(r) for r in responses] + [tuple(a) for a in answers]
