"""Survey responses coming in: card entry, validation per question, the timeline, follow-ups,
searching open answers, expectation forms, and a customer's personal data with responses."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop_crm.domain.card_numbers import card_code, display_code
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.services.feedback import (
    SURVEY_EVENT_KIND,
    AnswerDraft,
    ResponseDraft,
    ResponseSource,
)
from desktop_crm.services.questionnaires import QuestionnaireVersionRecord
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import (
    ExpectationAnswer,
    ExpectationResponse,
    SurveyAnswer,
    SurveyResponse,
)

# The starter questionnaire: 0-4 ratings (quality, price, speed, friendliness, cleanliness),
# 5 NPS, 6 and 7 open.
NPS = 5
LIKED = 6
BETTER = 7


@pytest.fixture
def version(shop: Shop) -> QuestionnaireVersionRecord:
    return shop.questionnaires.default()


@pytest.fixture
def customer_id(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Zoë Pérez")).id


def today(shop: Shop) -> date:
    return shop.reminders.today()


def answers(nps: int | None = 9, ratings: tuple[int, ...] = (4, 4, 5, 4, 4), liked: str = ""):
    drafts = [AnswerDraft(position, score) for position, score in enumerate(ratings)]
    if nps is not None:
        drafts.append(AnswerDraft(NPS, nps))
    if liked:
        drafts.append(AnswerDraft(LIKED, text=liked))
    return tuple(drafts)


def counter(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int | None, **kwargs: object
) -> ResponseDraft:
    given = answers(**kwargs)  # type: ignore[arg-type]
    return ResponseDraft(version.id, given, ResponseSource.COUNTER, today(shop), customer_id)


# --- card entry -----------------------------------------------------------------------------


def test_card_entry_finds_the_printed_card_and_its_customer(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    (number,) = shop.questionnaires.allocate_cards(version.id, 1, customer_id, "es")
    entry = shop.feedback.card_entry(card_code(number))
    assert entry.number == number
    assert entry.version.id == version.id
    assert entry.customer_id == customer_id
    assert entry.customer_name == "Zoë Pérez"
    assert not entry.answered
    # Typed the way people read it, with the dash.
    assert shop.feedback.card_entry(f"{card_code(number)[:-1]}-{card_code(number)[-1]}").number == (
        number
    )


def test_card_entry_refuses_a_wrong_check_digit(
    shop: Shop, version: QuestionnaireVersionRecord
) -> None:
    (number,) = shop.questionnaires.allocate_cards(version.id, 1)
    code = card_code(number)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(ValidationError) as caught:
        shop.feedback.card_entry(wrong)
    assert caught.value.field == "card"
    with pytest.raises(ValidationError):
        shop.feedback.card_entry("abc")


def test_card_entry_of_a_number_never_printed(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.feedback.card_entry(card_code(4711))


def test_a_card_is_answered_once(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    (number,) = shop.questionnaires.allocate_cards(version.id, 1, customer_id)
    draft = ResponseDraft(
        version.id, answers(), ResponseSource.CARD, today(shop), customer_id, card_number=number
    )
    shop.feedback.record(draft)
    assert shop.feedback.card_entry(card_code(number)).answered
    with pytest.raises(ValidationError) as caught:
        shop.feedback.record(draft)
    assert caught.value.field == "card"
    assert shop.feedback.response_count() == 1


def test_a_card_response_needs_the_card_number(
    shop: Shop, version: QuestionnaireVersionRecord
) -> None:
    draft = ResponseDraft(version.id, answers(), ResponseSource.CARD, today(shop))
    with pytest.raises(ValidationError) as caught:
        shop.feedback.record(draft)
    assert caught.value.field == "card"


# --- validation -----------------------------------------------------------------------------


def _error(shop: Shop, version_id: int, *given: AnswerDraft) -> ValidationError:
    draft = ResponseDraft(version_id, given, ResponseSource.COUNTER, today(shop))
    with pytest.raises(ValidationError) as caught:
        shop.feedback.record(draft)
    return caught.value


@pytest.mark.parametrize(
    ("given", "number"),
    [
        (AnswerDraft(0, 0), 1),  # ratings are 1-5
        (AnswerDraft(2, 6), 3),
        (AnswerDraft(NPS, 11), NPS + 1),  # NPS is 0-10
        (AnswerDraft(NPS, -1), NPS + 1),
        (AnswerDraft(LIKED, 3), LIKED + 1),  # an open question takes text
        (AnswerDraft(LIKED, text="x" * 2001), LIKED + 1),
        (AnswerDraft(1, 4, text="nice"), 2),  # a rating takes no text
        (AnswerDraft(8, 4), 9),  # there is no 9th question
    ],
)
def test_an_answer_off_its_scale_names_the_question(
    shop: Shop, version: QuestionnaireVersionRecord, given: AnswerDraft, number: int
) -> None:
    error = _error(shop, version.id, given)
    assert error.field == "answers"
    assert error.params["number"] == number
    assert shop.feedback.response_count() == 0


def test_effort_and_yes_no_scales(shop: Shop) -> None:
    questions = [
        Question(QuestionKind.EFFORT, "Was it easy?"),
        Question(QuestionKind.YES_NO, "Would you come back?"),
    ]
    call = shop.questionnaires.save(None, "Call", "After the call", questions)
    assert _error(shop, call.id, AnswerDraft(0, 6)).params["number"] == 1
    assert _error(shop, call.id, AnswerDraft(1, 2)).params["number"] == 2
    draft = ResponseDraft(
        call.id, (AnswerDraft(0, 5), AnswerDraft(1, 0)), ResponseSource.CALL, today(shop)
    )
    shop.feedback.record(draft)
    with shop.db.read() as session:
        stored = list(session.execute(select(SurveyAnswer.kind, SurveyAnswer.score)))
    assert sorted(stored) == [("effort", 5), ("yes_no", 0)]


def test_unanswered_questions_are_allowed_but_not_none_at_all(
    shop: Shop, version: QuestionnaireVersionRecord
) -> None:
    error = _error(shop, version.id, AnswerDraft(0), AnswerDraft(LIKED, text="  "))
    assert error.field == "answers"
    draft = ResponseDraft(
        version.id, (AnswerDraft(0), AnswerDraft(NPS, 10)), ResponseSource.COUNTER, today(shop)
    )
    shop.feedback.record(draft)
    with shop.db.read() as session:
        stored = list(
            session.execute(select(SurveyAnswer.position, SurveyAnswer.kind, SurveyAnswer.score))
        )
    assert stored == [(NPS, "nps", 10)]


def test_answers_keep_kind_and_attribute_of_their_version(
    shop: Shop, version: QuestionnaireVersionRecord
) -> None:
    shop.feedback.record(counter(shop, version, None, liked="Great"))
    # A later version drops the price question: the stored answers do not change.
    questions = [q for q in version.questions if q.attribute != "price"]
    shop.questionnaires.save(version.questionnaire_id, version.name, version.title, questions)
    with shop.db.read() as session:
        stored = list(
            session.execute(
                select(SurveyAnswer.kind, SurveyAnswer.attribute).order_by(SurveyAnswer.position)
            )
        )
    assert stored[:6] == [
        ("rating", "quality"),
        ("rating", "price"),
        ("rating", "speed"),
        ("rating", "friendliness"),
        ("rating", "cleanliness"),
        ("nps", ""),
    ]
    assert stored[6] == ("open", "")


def test_no_answers_from_a_future_day(shop: Shop, version: QuestionnaireVersionRecord) -> None:
    draft = ResponseDraft(
        version.id, answers(), ResponseSource.COUNTER, today(shop) + timedelta(days=1)
    )
    with pytest.raises(ValidationError) as caught:
        shop.feedback.record(draft)
    assert caught.value.field == "responded_on"


# --- timeline and follow-ups ----------------------------------------------------------------


def test_a_linked_response_lands_on_the_timeline(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    staff = shop.staff.create(StaffDraft(name="Marta")).id
    draft = ResponseDraft(
        version.id,
        answers(nps=9, ratings=(4, 4, 5, 4, 4), liked="El café"),
        ResponseSource.COUNTER,
        today(shop),
        customer_id,
        staff_id=staff,
    )
    recorded = shop.feedback.record(draft)
    assert recorded.follow_up is None
    (entry,) = shop.timeline.list(customer_id)
    assert entry.kind == SURVEY_EVENT_KIND
    assert entry.ref_id == recorded.id
    assert entry.summary == "Survey: NPS 9, ratings 4.2"
    assert entry.outcome == "El café"
    assert entry.staff_name == "Marta"


def test_an_anonymous_response_lands_on_no_timeline(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    recorded = shop.feedback.record(counter(shop, version, None, nps=2, ratings=(1, 1, 1, 1, 1)))
    assert recorded.follow_up is None  # nobody to follow up
    assert shop.timeline.count(customer_id) == 0
    with pytest.raises(ValidationError):
        shop.feedback.create_follow_up(recorded.id, as_complaint=False, staff_id=None)


def test_a_detractor_proposes_a_follow_up_reminder(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    recorded = shop.feedback.record(counter(shop, version, customer_id, nps=5))
    proposal = recorded.follow_up
    assert proposal is not None
    assert (proposal.customer_id, proposal.reason) == (customer_id, "detractor")
    assert "NPS 5" in proposal.summary
    assert shop.reminders.for_customer(customer_id) == []  # nothing made by itself

    reminder_id = shop.feedback.create_follow_up(recorded.id, as_complaint=False, staff_id=None)
    reminder = shop.reminders.get(reminder_id)
    assert reminder.customer_id == customer_id
    assert reminder.due_on == today(shop) + timedelta(days=1)
    assert reminder.message == proposal.summary
    upcoming = shop.today.overview(today(shop)).upcoming
    assert [(e.source, e.id) for e in upcoming] == [("reminder", reminder_id)]


def test_a_low_rating_proposes_a_complaint(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    staff = shop.staff.create(StaffDraft(name="Marta")).id
    recorded = shop.feedback.record(
        counter(shop, version, customer_id, nps=8, ratings=(4, 1, 4, 4, 4), liked="Nada")
    )
    assert recorded.follow_up is not None
    assert recorded.follow_up.reason == "low_rating"
    assert "Price 1" in recorded.follow_up.summary  # the attribute as people read it

    complaint_id = shop.feedback.create_follow_up(recorded.id, as_complaint=True, staff_id=staff)
    complaint = shop.complaints.get(complaint_id)
    assert complaint.customer_id == customer_id
    assert complaint.category == "service"
    assert complaint.severity == "high"
    assert complaint.owner_id == staff
    assert recorded.follow_up.summary in complaint.what_happened
    assert "Nada" in complaint.what_happened
    kinds = [entry.kind for entry in shop.timeline.list(customer_id)]
    assert sorted(kinds) == ["complaint", "survey"]


def test_a_passive_response_asks_no_follow_up(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    recorded = shop.feedback.record(counter(shop, version, customer_id, nps=7))
    assert recorded.follow_up is None
    with pytest.raises(ValidationError):
        shop.feedback.create_follow_up(recorded.id, as_complaint=True, staff_id=None)


# --- latest and search ----------------------------------------------------------------------


def test_latest_newest_first_with_measures(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    day = today(shop)
    older = ResponseDraft(
        version.id, answers(nps=3), ResponseSource.CALL, day - timedelta(days=3), customer_id
    )
    first = shop.feedback.record(older).id
    second = shop.feedback.record(counter(shop, version, None, ratings=(5, 4), liked="Bien")).id
    rows = shop.feedback.latest()
    assert [r.id for r in rows] == [second, first]
    assert rows[0].customer_id is None and rows[0].customer_name == ""
    assert rows[0].mean_rating == 4.5
    assert rows[0].open_answers == ("Bien",)
    assert (rows[1].nps, rows[1].source, rows[1].customer_name) == (3, "call", "Zoë Pérez")
    assert [r.id for r in shop.feedback.latest(limit=1)] == [second]


def test_search_folds_open_answers_and_names(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    cafe = shop.feedback.record(counter(shop, version, None, liked="El Café estaba rico")).id
    chinese = shop.feedback.record(counter(shop, version, None, liked="服务很好，价格便宜")).id
    named = shop.feedback.record(counter(shop, version, customer_id, liked="Fine")).id
    shop.feedback.record(counter(shop, version, None, liked="Nothing special"))
    for _ in range(3):
        shop.feedback.record(counter(shop, version, None))

    def found(text: str) -> list[int]:
        return [r.id for r in shop.feedback.latest(search=text)]

    assert found("cafe") == [cafe]
    assert found("CAFÉ rico") == [cafe]
    assert found("价格") == [chinese]
    assert found("服务") == [chinese]
    assert found("zoe") == [named]
    assert found("perez fine") == [named]
    assert found("tea") == []
    assert len(shop.feedback.latest(search="")) == 7


# --- expectation forms ----------------------------------------------------------------------


def test_record_expectations(shop: Shop, customer_id: int) -> None:
    form = shop.feedback.record_expectations(
        customer_id,
        date(2026, 3, 1),
        [("Quality", 5, 5), ("Price", 3, None), ("Speed", None, None)],
        "  Wants it by Friday ",
    )
    with shop.db.read() as session:
        stored = session.get(ExpectationResponse, form)
        assert stored is not None
        assert (stored.customer_id, stored.filled_on, stored.notes) == (
            customer_id,
            date(2026, 3, 1),
            "Wants it by Friday",
        )
        entries = list(
            session.execute(
                select(ExpectationAnswer.attribute, ExpectationAnswer.expected,
                       ExpectationAnswer.importance)
                .where(ExpectationAnswer.expectation_id == form)
                .order_by(ExpectationAnswer.id)
            )
        )  # fmt: skip
    assert entries == [("Quality", 5, 5), ("Price", 3, None)]  # the blank one is left out


@pytest.mark.parametrize(
    "entries",
    [
        [("Quality", 6, 3)],
        [("Quality", 3, 0)],
        [("", 3, 3)],
        [("Quality", 3, 3), ("quality", 4, 4)],
        [("Quality", None, None)],
        [],
    ],
)
def test_expectations_are_checked(
    shop: Shop, entries: list[tuple[str, int | None, int | None]]
) -> None:
    with pytest.raises(ValidationError) as caught:
        shop.feedback.record_expectations(None, date(2026, 3, 1), entries, "")
    assert caught.value.field == "entries"


def test_search_looks_at_the_latest_responses_only(
    shop: Shop, version: QuestionnaireVersionRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop_crm.services.feedback as feedback

    shop.feedback.record(counter(shop, version, None, liked="Old café story"))
    for _ in range(3):
        shop.feedback.record(counter(shop, version, None, liked="Fine"))
    assert len(shop.feedback.latest(search="cafe")) == 1
    monkeypatch.setattr(feedback, "SEARCH_SCAN_LIMIT", 2)
    monkeypatch.setattr(feedback, "_SEARCH_PAGE", 2)
    assert shop.feedback.latest(limit=1, search="cafe") == []  # beyond the latest two
    assert len(shop.feedback.latest(limit=10)) == 4  # listing is not capped


def test_expectations_of_an_unknown_customer(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.feedback.record_expectations(9999, date(2026, 3, 1), [("Quality", 4, 4)], "")


# --- personal data --------------------------------------------------------------------------


def test_export_holds_the_responses_and_erasure_keeps_them_anonymous(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    shop.feedback.record(counter(shop, version, customer_id, liked="Me gustó el café"))
    shop.feedback.record_expectations(customer_id, date(2026, 3, 1), [("Quality", 4, 5)], "")
    exported = json.loads(shop.personal_data.export(customer_id))
    others = exported["other_records"]
    assert len(others["survey_responses"]) == 1
    assert len(others["expectation_responses"]) == 1
    # The answers themselves, not only the rows they hang on.
    assert "Me gustó el café" in [a["text"] for a in exported["survey_answers"]]
    assert [
        (a["attribute"], a["expected"], a["importance"]) for a in exported["expectation_answers"]
    ] == [("Quality", 4, 5)]

    shop.personal_data.erase(customer_id)
    with shop.db.read() as session:
        linked = session.scalar(
            select(func.count(SurveyResponse.id)).where(SurveyResponse.customer_id.is_not(None))
        )
        responses = session.scalar(select(func.count(SurveyResponse.id)))
        texts = list(session.scalars(select(SurveyAnswer.text).where(SurveyAnswer.text != "")))
        forms = session.scalar(select(func.count(ExpectationResponse.id)))
    # The scores stay in the statistics, anonymous; what the customer wrote is gone.
    assert (linked, responses, texts, forms) == (0, 1, [], 1)


def test_erasing_a_customer_whose_card_was_answered(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    (number,) = shop.questionnaires.allocate_cards(version.id, 1, customer_id)
    draft = ResponseDraft(
        version.id, answers(), ResponseSource.CARD, today(shop), customer_id, card_number=number
    )
    shop.feedback.record(draft)
    shop.personal_data.erase(customer_id)
    assert shop.feedback.response_count() == 1  # kept, anonymous
    assert shop.questionnaires.card(number).customer_id is None
    assert shop.feedback.card_entry(display_code(number)).answered


def test_the_follow_up_is_worded_in_the_shops_language(
    shop: Shop, version: QuestionnaireVersionRecord, customer_id: int
) -> None:
    import dataclasses

    shop.settings.save(dataclasses.replace(shop.settings.get(), language="es"))
    recorded = shop.feedback.record(counter(shop, version, customer_id, nps=8, ratings=(4, 1)))
    assert recorded.follow_up is not None
    assert "Precio 1" in recorded.follow_up.summary
