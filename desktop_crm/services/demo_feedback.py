"""Demo survey responses over the last two years, so the Feedback page has trends to show.

About 0.6 responses per 10 customers a month: returned comment cards (real printed card
numbers), counter forms and follow-up calls, a fifth of them anonymous. Each response comes
from one latent satisfaction that improves over the two years (NPS up by about 15 points);
the ratings follow it with different strengths (quality closely, price hardly), so key
drivers have something to find. Some customers filled an expectation form a few days before,
a few open answers are in the customer's language, and three industry benchmarks are set.

Written like ``demo_data``: plain dicts inserted in bulk in one transaction; everything
derives from a seeded ``random.Random``, so the same seed and ``now`` give the same rows.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Table, exists, func, insert, select, true

from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.domain.recurrence import local_today
from desktop_crm.i18n import translations_for
from desktop_crm.services.feedback import SURVEY_EVENT_KIND, ResponseSource, survey_summary
from desktop_crm.services.questionnaires import QuestionnaireService
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    CommentCard,
    Customer,
    ExpectationAnswer,
    ExpectationResponse,
    SatisfactionBenchmark,
    Staff,
    SurveyAnswer,
    SurveyResponse,
    TimelineEvent,
)

HISTORY_DAYS = 730
RESPONSES_PER_CUSTOMER_MONTH = 0.06
MONTHS = 24
ANONYMOUS_SHARE = 0.2
EXPECTATION_SHARE = 0.1
UNRETURNED_CARDS = 12  # printed last week, still out: to try typing a card in

_CARDS: Table = CommentCard.__table__  # type: ignore[assignment]
_RESPONSES: Table = SurveyResponse.__table__  # type: ignore[assignment]
_ANSWERS: Table = SurveyAnswer.__table__  # type: ignore[assignment]
_EVENTS: Table = TimelineEvent.__table__  # type: ignore[assignment]
_FORMS: Table = ExpectationResponse.__table__  # type: ignore[assignment]
_FORM_ANSWERS: Table = ExpectationAnswer.__table__  # type: ignore[assignment]
_BENCHMARKS: Table = SatisfactionBenchmark.__table__  # type: ignore[assignment]

# The latent satisfaction's mean rises linearly over the two years: NPS from about +8 to +28.
_MEAN_START, _MEAN_RISE = -0.05, 0.3
_NPS_CENTRE, _NPS_SPREAD = 7.8, 1.8
_CHANNEL_EFFECT = {"card": 0.0, "counter": 0.05, "call": -0.15}
_STAFF_EFFECTS = (0.15, 0.0, -0.12, 0.05, -0.05)

# Per attribute: mean rating, how closely it follows overall satisfaction (0..1), and on the
# expectation form the expected level and its importance.
_ATTRIBUTES: dict[str, tuple[float, float, float, float]] = {
    "quality": (4.0, 0.8, 4.5, 4.8),
    "friendliness": (4.3, 0.6, 4.0, 3.8),
    "speed": (3.7, 0.45, 4.4, 4.0),
    "cleanliness": (4.1, 0.3, 3.8, 3.0),
    "price": (3.5, 0.15, 3.6, 4.2),
}
_OTHER_ATTRIBUTE = (3.9, 0.4, 4.0, 3.5)

_LIKED = {
    "en": ("Friendly staff", "Great coffee while I waited", "Quick and careful work",
           "Very clean shop", "They explained everything"),
    "es": ("Muy amables", "El café mientras esperaba, genial", "Trabajo rápido y cuidadoso",
           "Tienda muy limpia", "Me lo explicaron todo"),
    "zh": ("服务很好", "员工很友好", "速度很快", "店里很干净", "咖啡很好喝"),
    "ru": ("Очень вежливый персонал", "Быстро и аккуратно", "Вкусный кофе, пока ждал",
           "Чисто и уютно", "Всё подробно объяснили"),
}  # fmt: skip
_BETTER = {
    "en": ("I waited too long", "A bit expensive", "Nobody called me back",
           "Parking is difficult"),
    "es": ("Tuve que esperar demasiado", "Un poco caro", "Nadie me devolvió la llamada",
           "Es difícil aparcar"),
    "zh": ("等的时间太长", "价格有点贵", "没有人回电话", "停车不方便"),
    "ru": ("Слишком долго ждал", "Немного дорого", "Мне не перезвонили",
           "Трудно припарковаться"),
}  # fmt: skip
_BENCHMARK_LABEL = "Industry average"


@dataclass
class _Response:
    day: date
    source: str
    customer: int | None
    language: str
    staff: int | None
    answers: list[dict[str, Any]] = field(default_factory=list)
    card: int | None = None


def _clip(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _insert_ids(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    if not rows:
        return []
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return [row_id for (row_id,) in connection.execute(statement, rows)]


def _noon(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(12), zone).astimezone(UTC)


def generate_feedback(db: Database, now: datetime, seed: int = 1) -> int:
    """Add two years of demo responses (scaled to the customer count) unless the shop has
    responses already; returns how many were added."""
    rng = random.Random(f"feedback:{seed}")
    settings_service = SettingsService(db)
    settings = settings_service.get()
    version = QuestionnaireService(db, settings_service).default()
    zone = ZoneInfo(settings.time_zone)
    today = local_today(now, settings.time_zone)
    start = today - timedelta(days=HISTORY_DAYS)
    with db.read() as session:
        if session.scalar(select(exists().where(SurveyResponse.id.is_not(None)))):
            return 0
        people = list(
            session.execute(
                select(Customer.id, Customer.language, Customer.created_at)
                .where(Customer.erased_at.is_(None))
                .order_by(Customer.created_at, Customer.id)
            )
        )
        staff = list(
            session.scalars(select(Staff.id).where(Staff.active == true()).order_by(Staff.id))
        )
        first_card = (session.scalar(select(func.max(CommentCard.number))) or 0) + 1
    since = [_as_day(created, zone) for _, _, created in people]
    total = round(len(people) * RESPONSES_PER_CUSTOMER_MONTH * MONTHS)
    days = sorted(start + timedelta(days=int(rng.random() * HISTORY_DAYS)) for _ in range(total))

    responses: list[_Response] = []
    for day in days:
        roll = rng.random()
        source = "card" if roll < 0.5 else "counter" if roll < 0.85 else "call"
        customer: int | None = None
        language = settings.language
        known = bisect.bisect_right(since, day)  # customers already customers that day
        anonymous = source != "call" and rng.random() < ANONYMOUS_SHARE / 0.85
        if known and not anonymous:
            customer_id, customer_language, _ = people[int(rng.random() * known)]
            customer, language = customer_id, customer_language or settings.language
        elif source == "call":
            source = "counter"  # nobody to call yet
        served_by = rng.randrange(len(staff)) if staff else None
        if source == "card" and rng.random() < 0.5:
            served_by = None
        mean = _MEAN_START + _MEAN_RISE * (day - start).days / HISTORY_DAYS
        mean += _CHANNEL_EFFECT[source]
        if served_by is not None:
            mean += _STAFF_EFFECTS[served_by % len(_STAFF_EFFECTS)]
        latent = mean + rng.gauss(0.0, 1.0)
        response = _Response(
            day, source, customer, language, None if served_by is None else staff[served_by]
        )
        response.answers = _answers(rng, version.questions, latent, language)
        responses.append(response)

    card_rows: list[dict[str, Any]] = []
    for response in responses:
        if response.source == ResponseSource.CARD:
            response.card = first_card + len(card_rows)
            printed = response.day - timedelta(days=1 + int(rng.random() * 20))
            card_rows.append(
                {"number": response.card, "version_id": version.id,
                 "customer_id": response.customer, "language": response.language,
                 "printed_at": _noon(printed, zone)}
            )  # fmt: skip
    for offset in range(UNRETURNED_CARDS):
        card_rows.append(
            {"number": first_card + len(card_rows), "version_id": version.id,
             "customer_id": None, "language": settings.language,
             "printed_at": _noon(today - timedelta(days=1 + offset % 7), zone)}
        )  # fmt: skip

    gettext = translations_for(settings.language).gettext
    with db.write() as session:
        connection = session.connection()
        if card_rows:
            connection.execute(insert(_CARDS), card_rows)
        ids = _insert_ids(
            connection,
            _RESPONSES,
            [
                {"version_id": version.id, "card_number": r.card, "customer_id": r.customer,
                 "staff_id": r.staff, "source": r.source, "responded_on": r.day,
                 "created_at": _noon(r.day, zone)}
                for r in responses
            ],
        )  # fmt: skip
        answers: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for response_id, r in zip(ids, responses, strict=True):
            answers += [{**a, "response_id": response_id} for a in r.answers]
            if r.customer is not None:
                events.append(_event(r, response_id, zone, gettext, settings.language))
        if answers:
            connection.execute(insert(_ANSWERS), answers)
        if events:
            connection.execute(insert(_EVENTS), events)
        _write_expectations(connection, rng, responses, version.questions)
        _write_benchmarks(connection, today)
    return len(responses)


def _as_day(moment: datetime, zone: ZoneInfo) -> date:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def _answers(
    rng: random.Random, questions: Sequence[Question], latent: float, language: str
) -> list[dict[str, Any]]:
    """One response's answer rows (without the response id); a few questions left blank."""
    rows: list[dict[str, Any]] = []
    nps = _clip(_NPS_CENTRE + _NPS_SPREAD * latent, 0, 10)
    texts = language if language in _LIKED else "en"
    for position, question in enumerate(questions):
        score: int | None = None
        text = ""
        kind = QuestionKind(question.kind)
        if kind == QuestionKind.NPS:
            score = nps if rng.random() > 0.03 else None
        elif kind == QuestionKind.RATING:
            mean, loading, _, _ = _ATTRIBUTES.get(question.attribute, _OTHER_ATTRIBUTE)
            noise = rng.gauss(0.0, 1.0) * (1 - loading**2) ** 0.5
            value = mean + 0.9 * (loading * latent + noise)
            score = _clip(value, 1, 5) if rng.random() > 0.04 else None
        elif kind == QuestionKind.EFFORT:
            score = _clip(2.2 - 0.8 * latent + rng.gauss(0.0, 0.7), 1, 5)
        elif kind == QuestionKind.YES_NO:
            score = 1 if latent + rng.gauss(0.0, 0.5) > -0.8 else 0
        else:
            happy = nps >= 7
            liked_question = not any(r["kind"] == "open" for r in rows)
            if liked_question and happy and rng.random() < 0.3:
                text = rng.choice(_LIKED[texts])
            elif not liked_question and rng.random() < (0.5 if nps <= 6 else 0.1):
                text = rng.choice(_BETTER[texts])
        if score is None and not text:
            continue
        rows.append(
            {"position": position, "kind": str(kind), "attribute": question.attribute,
             "score": score, "text": text}
        )  # fmt: skip
    return rows


def _event(
    r: _Response, response_id: int, zone: ZoneInfo, gettext: Callable[[str], str], language: str
) -> dict[str, Any]:
    nps = next((a["score"] for a in r.answers if a["kind"] == "nps"), None)
    ratings = [a["score"] for a in r.answers if a["kind"] == "rating"]
    moment = _noon(r.day, zone)
    return {
        "customer_id": r.customer,
        "kind": SURVEY_EVENT_KIND,
        "occurred_at": moment,
        "staff_id": r.staff,
        "channel": {"card": "", "counter": "visit", "call": "phone"}[r.source],
        "summary": survey_summary(gettext, language, nps, fmean(ratings) if ratings else None),
        "outcome": "\n".join(a["text"] for a in r.answers if a["text"]),
        "ref_id": response_id,
        "created_at": moment,
        "updated_at": moment,
    }


def _write_expectations(
    connection: Connection,
    rng: random.Random,
    responses: list[_Response],
    questions: Sequence[Question],
) -> None:
    """Expectation forms a few days before about a tenth of the linked responses, on the
    attributes the questionnaire rates (named as the form shows them)."""
    attributes = [q.attribute for q in questions if q.kind == QuestionKind.RATING and q.attribute]
    chosen = [r for r in responses if r.customer is not None and rng.random() < EXPECTATION_SHARE]
    if not chosen or not attributes:
        return
    forms = [
        {"customer_id": r.customer, "staff_id": r.staff, "notes": "",
         "filled_on": r.day - timedelta(days=2 + int(rng.random() * 5)),
         "created_at": datetime.combine(r.day, time(9), UTC)}
        for r in chosen
    ]  # fmt: skip
    form_ids = _insert_ids(connection, _FORMS, forms)
    rows: list[dict[str, Any]] = []
    for form_id in form_ids:
        for attribute in attributes:
            _, _, expected, importance = _ATTRIBUTES.get(attribute, _OTHER_ATTRIBUTE)
            rows.append(
                {"expectation_id": form_id, "attribute": attribute.capitalize(),
                 "expected": _clip(expected + rng.gauss(0.0, 0.6), 1, 5),
                 "importance": _clip(importance + rng.gauss(0.0, 0.6), 1, 5)}
            )  # fmt: skip
    connection.execute(insert(_FORM_ANSWERS), rows)


def _write_benchmarks(connection: Connection, today: date) -> None:
    """An industry NPS for this year and last, and the share satisfied with quality."""
    rows = [
        {"measure": "nps", "period": str(today.year - 1), "value": 18.0},
        {"measure": "nps", "period": str(today.year), "value": 21.0},
        {"measure": "csat:quality", "period": str(today.year), "value": 72.0},
    ]
    connection.execute(insert(_BENCHMARKS), [{**row, "label": _BENCHMARK_LABEL} for row in rows])
