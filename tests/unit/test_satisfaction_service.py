"""The satisfaction read side over a real SQLite file. Responses are inserted directly (the
write side is a separate service), copying kind and attribute from the version's questions
as the write side does."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pytest

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.domain.satisfaction import Grain
from desktop_crm.services.questionnaires import QuestionnaireVersionRecord
from desktop_crm.services.satisfaction import Segment
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import (
    ExpectationAnswer,
    ExpectationResponse,
    SurveyAnswer,
    SurveyResponse,
)

approx = pytest.approx

QUESTIONS = [
    Question(QuestionKind.RATING, "Quality of our work", "quality"),
    Question(QuestionKind.RATING, "Value for money", "price"),
    Question(QuestionKind.NPS, "Would you recommend us?"),
    Question(QuestionKind.EFFORT, "How easy was it?"),
    Question(QuestionKind.YES_NO, "Did you find what you wanted?"),
    Question(QuestionKind.OPEN, "Anything to add?"),
]


def _version(shop: Shop, questions: list[Question] = QUESTIONS) -> QuestionnaireVersionRecord:
    return shop.questionnaires.save(None, "Survey", "How did we do?", questions)


def _respond(
    shop: Shop,
    version: QuestionnaireVersionRecord,
    day: date,
    *,
    ratings: dict[str, int] | None = None,
    nps: int | None = None,
    effort: int | None = None,
    text: str = "",
    source: str = "card",
    customer_id: int | None = None,
    staff_id: int | None = None,
) -> int:
    """One response: each question of the version answered from the arguments (unanswered
    ones stored with no score), kind and attribute copied from the question."""
    ratings = ratings or {}
    with shop.db.write() as session:
        response = SurveyResponse(
            version_id=version.id,
            source=source,
            responded_on=day,
            customer_id=customer_id,
            staff_id=staff_id,
        )
        session.add(response)
        session.flush()
        for position, question in enumerate(version.questions):
            score: int | None = None
            answer_text = ""
            if question.kind is QuestionKind.RATING:
                score = ratings.get(question.attribute)
            elif question.kind is QuestionKind.NPS:
                score = nps
            elif question.kind is QuestionKind.EFFORT:
                score = effort
            elif question.kind is QuestionKind.YES_NO:
                score = 1
            else:
                answer_text = text
            session.add(
                SurveyAnswer(
                    response_id=response.id,
                    position=position,
                    kind=str(question.kind),
                    attribute=question.attribute,
                    score=score,
                    text=answer_text,
                )
            )
        return response.id


def _expect(
    shop: Shop, customer_id: int, day: date, entries: dict[str, tuple[int | None, int | None]]
) -> None:
    with shop.db.write() as session:
        form = ExpectationResponse(customer_id=customer_id, filled_on=day)
        session.add(form)
        session.flush()
        for attribute, (expected, importance) in entries.items():
            session.add(
                ExpectationAnswer(
                    expectation_id=form.id,
                    attribute=attribute,
                    expected=expected,
                    importance=importance,
                )
            )


@dataclass(frozen=True)
class World:
    version: QuestionnaireVersionRecord
    alice: int
    bob: int
    ana: int
    ben: int


@pytest.fixture
def world(shop: Shop) -> World:
    """Five responses from 2026-03-02 to 2026-05-01:

    day         source   customer  staff  quality price nps effort
    2026-03-02  counter  Alice     Ana    5       4     10  2
    2026-03-10  card     Bob       Ben    3       2     6   -
    2026-04-05  call     -         Ana    4       -     9   4
    2026-04-20  counter  -         -      -       -     -   -   (open answer only)
    2026-05-01  card     Bob       -      -       -     0   -
    Alice is tagged vip and local, Bob local.
    """
    version = _version(shop)
    alice = shop.customers.create(CustomerDraft("Alice Martin", tags=("vip", "local"))).id
    bob = shop.customers.create(CustomerDraft("Bob Ruiz", tags=("local",))).id
    ana = shop.staff.create(StaffDraft("Ana")).id
    ben = shop.staff.create(StaffDraft("Ben")).id
    _respond(
        shop,
        version,
        date(2026, 3, 2),
        ratings={"quality": 5, "price": 4},
        nps=10,
        effort=2,
        source="counter",
        customer_id=alice,
        staff_id=ana,
    )
    _respond(
        shop,
        version,
        date(2026, 3, 10),
        ratings={"quality": 3, "price": 2},
        nps=6,
        source="card",
        customer_id=bob,
        staff_id=ben,
    )
    _respond(
        shop,
        version,
        date(2026, 4, 5),
        ratings={"quality": 4},
        nps=9,
        effort=4,
        source="call",
        staff_id=ana,
    )
    _respond(shop, version, date(2026, 4, 20), text="Lovely shop", source="counter")
    _respond(shop, version, date(2026, 5, 1), nps=0, source="card", customer_id=bob)
    return World(version, alice, bob, ana, ben)


def test_summary_over_a_range(shop: Shop, world: World) -> None:
    summary = shop.satisfaction.summary(date(2026, 3, 1), date(2026, 5, 1))
    # 2026-05-01 is the (exclusive) end: four responses, one without any score.
    assert summary.responses == 4
    # NPS [10, 6, 9]: P=2, D=1 → (2 − 1)/3 = 33.33.
    assert (summary.nps.count, summary.nps.promoters, summary.nps.detractors) == (3, 2, 1)
    assert summary.nps.score == approx(100 / 3)
    by_attribute = {c.attribute: c.result for c in summary.csat}
    assert list(by_attribute) == ["price", "quality"]
    # quality [5, 3, 4]: mean 4, 2 of 3 satisfied; price [4, 2]: mean 3, 1 of 2.
    assert by_attribute["quality"].mean == approx(4.0)
    assert by_attribute["quality"].satisfied_share == approx(200 / 3)
    assert by_attribute["price"].mean == approx(3.0)
    assert by_attribute["price"].satisfied_share == approx(50.0)
    # Every rating pooled: [5, 4, 3, 2, 4] mean 18/5 = 3.6, 3 of 5 satisfied = 60%.
    assert summary.overall_csat.count == 5
    assert summary.overall_csat.mean == approx(3.6)
    assert summary.overall_csat.satisfied_share == approx(60.0)
    # Effort [2, 4]: mean 3.
    assert (summary.effort.count, summary.effort.mean) == (2, approx(3.0))


def test_summary_without_responses(shop: Shop) -> None:
    summary = shop.satisfaction.summary(date(2026, 1, 1), date(2027, 1, 1))
    assert summary.responses == 0
    assert summary.nps.score is None
    assert summary.csat == ()
    assert summary.overall_csat.mean is None
    assert summary.effort.mean is None


def test_trend_includes_empty_periods(shop: Shop, world: World) -> None:
    trend = shop.satisfaction.trend(Grain.MONTH, date(2026, 2, 1), date(2026, 6, 1))
    assert [p.period for p in trend] == ["2026-02", "2026-03", "2026-04", "2026-05"]
    february, march, april, may = trend
    assert february.responses == 0
    assert february.nps.score is None and february.overall_csat.count == 0
    # March: NPS [10, 6] → (1 − 1)/2 = 0; April: [9] → 100 (two responses, one unscored);
    # May: [0] → −100.
    assert (march.responses, march.nps.score) == (2, approx(0.0))
    assert (april.responses, april.nps.score) == (2, approx(100.0))
    assert (may.responses, may.nps.score) == (1, approx(-100.0))
    assert april.effort.mean == approx(4.0)

    quarters = shop.satisfaction.trend(Grain.QUARTER, date(2026, 1, 1), date(2026, 7, 1))
    assert [(q.period, q.responses) for q in quarters] == [("2026-Q1", 2), ("2026-Q2", 3)]
    years = shop.satisfaction.trend(Grain.YEAR, date(2025, 1, 1), date(2027, 1, 1))
    assert [(y.period, y.responses) for y in years] == [("2025", 0), ("2026", 5)]


def test_segments_by_channel_staff_and_tag(shop: Shop, world: World) -> None:
    start, end = date(2026, 3, 1), date(2026, 5, 1)
    channels = shop.satisfaction.by_segment(Segment.CHANNEL, start, end)
    # counter: the 03-02 response and the anonymous open-only one; most responses first.
    assert [(s.label, s.responses) for s in channels] == [("counter", 2), ("call", 1), ("card", 1)]
    assert channels[0].nps.score == approx(100.0)  # [10]

    staff = shop.satisfaction.by_segment(Segment.STAFF, start, end)
    # Ana: [10, 9] → 100, quality and price [5, 4, 4]; Ben: [6] → −100.
    assert [(s.label, s.responses) for s in staff] == [("Ana", 2), ("Ben", 1)]
    assert staff[0].nps.score == approx(100.0)
    assert staff[0].overall_csat.mean == approx(13 / 3)
    assert staff[1].nps.score == approx(-100.0)

    tags = shop.satisfaction.by_segment(Segment.TAG, start, end)
    # local: Alice and Bob, NPS [10, 6] → 0; vip: Alice only → 100. Anonymous ones: nowhere.
    assert [(s.label, s.responses) for s in tags] == [("local", 2), ("vip", 1)]
    assert tags[0].nps.score == approx(0.0)
    assert tags[1].nps.score == approx(100.0)


def test_anonymous_responses_count_in_measures_and_channel_only(shop: Shop) -> None:
    version = _version(shop)
    _respond(shop, version, date(2026, 3, 1), ratings={"quality": 2}, nps=3, source="card")
    _respond(shop, version, date(2026, 3, 2), ratings={"quality": 5}, nps=10, source="card")
    start, end = date(2026, 3, 1), date(2026, 4, 1)
    summary = shop.satisfaction.summary(start, end)
    assert summary.responses == 2
    assert summary.nps.score == approx(0.0)  # (1 − 1)/2
    channels = shop.satisfaction.by_segment(Segment.CHANNEL, start, end)
    assert [(s.label, s.responses) for s in channels] == [("card", 2)]
    assert shop.satisfaction.by_segment(Segment.TAG, start, end) == []
    assert shop.satisfaction.by_segment(Segment.STAFF, start, end) == []
    assert shop.satisfaction.gaps(start, end) == []


def test_question_removed_from_a_later_version_still_counts(shop: Shop) -> None:
    first = shop.questionnaires.save(
        None,
        "Card",
        "How did we do?",
        [
            Question(QuestionKind.RATING, "Quality", "quality"),
            Question(QuestionKind.RATING, "Cleanliness", "cleanliness"),
            Question(QuestionKind.NPS, "Recommend?"),
        ],
    )
    # Version 2 drops cleanliness: NPS moves from position 2 to 1.
    second = shop.questionnaires.save(
        first.questionnaire_id,
        "Card",
        "How did we do?",
        [Question(QuestionKind.RATING, "Quality", "quality"), Question(QuestionKind.NPS, "R?")],
    )
    assert second.id != first.id and second.version == 2
    _respond(shop, first, date(2026, 3, 1), ratings={"quality": 4, "cleanliness": 2}, nps=8)
    _respond(shop, second, date(2026, 3, 2), ratings={"quality": 5}, nps=9)
    summary = shop.satisfaction.summary(date(2026, 3, 1), date(2026, 4, 1))
    by_attribute = {c.attribute: c.result for c in summary.csat}
    # cleanliness: only the old version's answer [2]; quality [4, 5]; NPS [8, 9] → 50.
    assert by_attribute["cleanliness"].count == 1
    assert by_attribute["cleanliness"].mean == approx(2.0)
    assert by_attribute["quality"].count == 2
    assert (summary.nps.count, summary.nps.score) == (2, approx(50.0))


def test_gaps_pair_the_latest_expectation_before_each_response(shop: Shop) -> None:
    version = _version(shop)
    alice = shop.customers.create(CustomerDraft("Alice Martin")).id
    bob = shop.customers.create(CustomerDraft("Bob Ruiz")).id
    carol = shop.customers.create(CustomerDraft("Carol Diaz")).id
    _expect(shop, alice, date(2026, 1, 10), {"Quality": (5, 5), "Price": (3, 2)})
    _expect(shop, alice, date(2026, 3, 5), {"QUALITY": (4, 4), "Price": (None, None)})
    _expect(shop, alice, date(2026, 6, 1), {"Quality": (1, 1)})  # after every response
    _expect(shop, carol, date(2026, 4, 1), {"Quality": (2, None)})  # same day as her response
    _respond(shop, version, date(2026, 3, 2), ratings={"quality": 5, "price": 4}, customer_id=alice)
    _respond(
        shop, version, date(2026, 3, 20), ratings={"quality": 3, "price": 2}, customer_id=alice
    )
    _respond(shop, version, date(2026, 3, 10), ratings={"quality": 1}, customer_id=bob)  # no form
    _respond(shop, version, date(2026, 4, 1), ratings={"quality": 4}, customer_id=carol)
    _respond(shop, version, date(2026, 3, 3), ratings={"quality": 1})  # anonymous

    start, end = date(2026, 3, 1), date(2026, 5, 1)
    # Alice 03-02 ↔ form 01-10: quality 5 − 5 = 0, price 4 − 3 = +1 (importance 2).
    # Alice 03-20 ↔ form 03-05: quality 3 − 4 = −1 (importance 4); price not expected.
    # quality: expected (5+4)/2 = 4.5, perceived (5+3)/2 = 4, gap −0.5, importance 4.5.
    alice_gaps = shop.satisfaction.gaps(start, end, customer_id=alice)
    assert [(g.attribute, g.count) for g in alice_gaps] == [("quality", 2), ("price", 1)]
    quality, price = alice_gaps
    assert (quality.expected, quality.perceived, quality.gap, quality.importance) == (
        approx(4.5),
        approx(4.0),
        approx(-0.5),
        approx(4.5),
    )
    assert (price.expected, price.perceived, price.gap, price.importance) == (3, 4, 1, 2)

    # Carol's form filled the day of her response counts: 4 − 2 = +2, no importance.
    carol_gaps = shop.satisfaction.gaps(start, end, customer_id=carol)
    assert [(g.attribute, g.gap, g.importance) for g in carol_gaps] == [("quality", 2, None)]
    assert shop.satisfaction.gaps(start, end, customer_id=bob) == []

    # Everyone: quality [0, −1, +2] → gap 1/3, price [+1].
    overall = {g.attribute: g for g in shop.satisfaction.gaps(start, end)}
    assert overall["quality"].count == 3
    assert overall["quality"].gap == approx(1 / 3)
    assert overall["price"].count == 1


def test_key_drivers(shop: Shop) -> None:
    version = _version(shop)
    prices = [3, 1, 5, 1, 3]
    for i in range(40):
        quality = i % 5 + 1
        # NPS = 2 · quality: r = 1; price's deviations are orthogonal to quality's: r = 0.
        _respond(
            shop,
            version,
            date(2026, 1, 1 + i % 28),
            ratings={"quality": quality, "price": prices[i % 5]},
            nps=2 * quality,
        )
    result = shop.satisfaction.key_drivers(date(2026, 1, 1), date(2026, 2, 1))
    assert result.responses == 40
    assert result.enough
    assert [d.attribute for d in result.drivers] == ["quality", "price"]
    assert result.drivers[0].correlation == approx(1.0)
    assert result.drivers[1].correlation == approx(0.0, abs=1e-9)

    few = shop.satisfaction.key_drivers(date(2026, 1, 1), date(2026, 1, 6))
    assert few.responses < 30
    assert not few.enough


def test_key_drivers_fall_back_on_the_mean_rating(shop: Shop) -> None:
    version = _version(shop)
    # No NPS answered: outcome = mean rating, (1+1)/2 = 1, (3+1)/2 = 2, (5+1)/2 = 3.
    for quality in (1, 3, 5):
        _respond(shop, version, date(2026, 2, 1), ratings={"quality": quality, "price": 1})
    _respond(shop, version, date(2026, 2, 1), nps=9)  # no ratings: no row for the drivers
    result = shop.satisfaction.key_drivers(date(2026, 2, 1), date(2026, 3, 1))
    assert result.responses == 3
    assert not result.enough
    drivers = {d.attribute: d for d in result.drivers}
    assert drivers["quality"].correlation == approx(1.0)
    assert drivers["price"].correlation is None  # price never varies


def test_key_drivers_never_mix_nps_with_mean_ratings(shop: Shop) -> None:
    """A rating-only response (mean 5) must not count as an NPS of 5: with NPS answers in
    the range, responses without one are left out of the drivers."""
    version = _version(shop)
    for quality, nps in ((1, 2), (3, 6), (5, 10)):
        _respond(shop, version, date(2026, 2, 1), nps=nps, ratings={"quality": quality})
    _respond(shop, version, date(2026, 2, 1), ratings={"quality": 5})
    result = shop.satisfaction.key_drivers(date(2026, 2, 1), date(2026, 3, 1))
    assert result.responses == 3
    # quality 1, 3, 5 against NPS 2, 6, 10: exactly linear.
    assert result.drivers[0].correlation == approx(1.0)


def test_benchmarks_save_list_delete(shop: Shop) -> None:
    service = shop.satisfaction
    industry = service.save_benchmark(" NPS ", "2026-q1", 30, " Industry ")
    assert (industry.measure, industry.period, industry.value, industry.label) == (
        "nps",
        "2026-Q1",
        30.0,
        "Industry",
    )
    rival = service.save_benchmark("csat:Quality", "2026", 80.5, "Rival")
    assert rival.measure == "csat:Quality"
    assert [b.id for b in service.benchmarks()] == [rival.id, industry.id]  # by period
    service.delete_benchmark(rival.id)
    assert service.benchmarks() == [industry]
    with pytest.raises(NotFoundError):
        service.delete_benchmark(rival.id)


@pytest.mark.parametrize(
    ("measure", "period", "value", "label", "field"),
    [
        ("satisfaction", "2026", 1.0, "", "measure"),
        ("csat:", "2026", 1.0, "", "measure"),
        ("nps", "2026-13", 1.0, "", "period"),
        ("nps", "Q3 2026", 1.0, "", "period"),
        ("nps", "", 1.0, "", "period"),
        ("nps", "2026", 150.0, "", "value"),
        ("nps", "2026", math.nan, "", "value"),
        ("effort", "2026", 0.5, "", "value"),
        ("csat:quality", "2026", 101.0, "", "value"),
        ("nps", "2026", 10.0, "x" * 201, "label"),
    ],
)
def test_benchmark_validation(
    shop: Shop, measure: str, period: str, value: float, label: str, field: str
) -> None:
    with pytest.raises(ValidationError) as raised:
        shop.satisfaction.save_benchmark(measure, period, value, label)
    assert raised.value.field == field
    assert shop.satisfaction.benchmarks() == []


def test_compare_own_figures_with_benchmarks(shop: Shop, world: World) -> None:
    service = shop.satisfaction
    service.save_benchmark("nps", "2026-Q1", 30, "Industry")
    service.save_benchmark("csat:QUALITY", "2026-Q2", 90, "Rival")
    service.save_benchmark("csat", "2026-Q1", 70, "Industry")
    service.save_benchmark("effort", "2026-03", 2.5, "Industry")  # a month: not a quarter
    service.save_benchmark("nps", "2026-Q4", 40, "Industry")  # no answers that quarter
    service.save_benchmark("nps", "2027-Q1", 50, "Industry")  # outside the range

    quarters = service.compare(Grain.QUARTER, date(2026, 1, 1), date(2027, 1, 1))
    got = [(c.measure, c.period, c.own, c.benchmark, c.label) for c in quarters]
    assert got == [
        # Q1: ratings [5, 4, 3, 2] → 2 of 4 satisfied = 50%; NPS [10, 6] → 0.
        ("csat", "2026-Q1", approx(50.0), 70.0, "Industry"),
        ("nps", "2026-Q1", approx(0.0), 30.0, "Industry"),
        # Q2: quality [4] → 100% satisfied.
        ("csat:QUALITY", "2026-Q2", approx(100.0), 90.0, "Rival"),
        ("nps", "2026-Q4", None, 40.0, "Industry"),
    ]
    months = service.compare(Grain.MONTH, date(2026, 3, 1), date(2026, 4, 1))
    # March effort [2] → 2.
    assert [(c.measure, c.own, c.benchmark) for c in months] == [("effort", 2.0, 2.5)]


def test_a_period_without_an_end_is_refused(shop: Shop) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.satisfaction.save_benchmark("nps", "9999-12", 30, "Far future")
    assert caught.value.field == "period"
