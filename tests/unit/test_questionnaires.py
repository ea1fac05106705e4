"""Questionnaires in versions, and the numbered comment cards printed from them."""

from __future__ import annotations

import dataclasses

import pytest

from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import (
    MAX_QUESTIONS,
    Question,
    QuestionKind,
    validate_questions,
)
from desktop_crm.i18n import translations_for
from desktop_crm.services.questionnaires import MAX_BATCH, STARTER_QUESTIONS
from desktop_crm.services.shop import Shop

RATING = Question(QuestionKind.RATING, "Quality", "quality")
NPS = Question(QuestionKind.NPS, "Would you recommend us?")
OPEN = Question(QuestionKind.OPEN, "Anything else?")


def test_the_starter_questionnaire_is_in_the_shop_language(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), language="es"))
    gettext = translations_for("es").gettext
    record = shop.questionnaires.default()
    assert (record.name, record.title, record.version) == (
        gettext("Comment card"),
        gettext("How did we do?"),
        1,
    )
    assert [q.text for q in record.questions] == [gettext(q.text) for q in STARTER_QUESTIONS]
    assert [q.kind for q in record.questions] == [q.kind for q in STARTER_QUESTIONS]
    assert sum(q.kind is QuestionKind.NPS for q in record.questions) == 1
    # Asked again, it is the same questionnaire, not a second one.
    assert shop.questionnaires.default() == record
    [summary] = shop.questionnaires.summaries()
    assert (summary.id, summary.version_id, summary.question_count) == (
        record.questionnaire_id,
        record.id,
        len(STARTER_QUESTIONS),
    )


def test_saving_unchanged_keeps_the_version(shop: Shop) -> None:
    first = shop.questionnaires.default()
    again = shop.questionnaires.save(
        first.questionnaire_id, first.name, f"  {first.title} ", list(first.questions)
    )
    assert (again.id, again.version) == (first.id, 1)


def test_a_new_name_renames_in_place(shop: Shop) -> None:
    first = shop.questionnaires.default()
    renamed = shop.questionnaires.save(
        first.questionnaire_id, "Tarjeta", first.title, list(first.questions)
    )
    assert (renamed.id, renamed.version, renamed.name) == (first.id, 1, "Tarjeta")


def test_a_change_makes_a_new_version_and_the_old_stays_readable(shop: Shop) -> None:
    first = shop.questionnaires.default()
    questions = [*first.questions[:2], OPEN]
    second = shop.questionnaires.save(first.questionnaire_id, first.name, first.title, questions)
    assert second.version == 2 and second.id != first.id
    assert second.questions == tuple(questions)
    assert shop.questionnaires.current(first.questionnaire_id) == second
    assert shop.questionnaires.version(first.id) == first
    third = shop.questionnaires.save(first.questionnaire_id, first.name, "New title", questions)
    assert third.version == 3
    [summary] = shop.questionnaires.summaries()
    assert (summary.version, summary.version_id, summary.question_count) == (3, third.id, 3)


def test_a_second_questionnaire(shop: Shop) -> None:
    shop.questionnaires.default()
    survey = shop.questionnaires.save(None, " Survey ", "Tell us", [NPS, RATING])
    assert (survey.name, survey.version) == ("Survey", 1)
    names = [s.name for s in shop.questionnaires.summaries()]
    assert names[-1] == "Survey" and len(names) == 2


def test_unknown_questionnaires_and_versions(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.questionnaires.current(999)
    with pytest.raises(NotFoundError):
        shop.questionnaires.version(999)
    with pytest.raises(NotFoundError):
        shop.questionnaires.save(999, "x", "y", [RATING])


def test_a_questionnaire_needs_a_name(shop: Shop) -> None:
    with pytest.raises(ValidationError) as error:
        shop.questionnaires.save(None, "  ", "Title", [RATING])
    assert error.value.field == "name"


def test_cards_are_numbered_consecutively_across_batches(shop: Shop) -> None:
    first = shop.questionnaires.default()
    assert shop.questionnaires.allocate_cards(first.id, 3) == [1, 2, 3]
    second = shop.questionnaires.save(first.questionnaire_id, first.name, "Changed", [RATING])
    assert shop.questionnaires.allocate_cards(second.id, 2, language="ru") == [4, 5]
    assert shop.questionnaires.allocate_cards(first.id, 1) == [6]

    card = shop.questionnaires.card(2)
    assert (card.number, card.version_id, card.customer_id, card.language) == (
        2,
        first.id,
        None,
        "",
    )
    assert shop.questionnaires.card(5).version_id == second.id
    assert shop.questionnaires.card(5).language == "ru"
    # A returned old card still reads with the questions it was printed with.
    assert shop.questionnaires.version(shop.questionnaires.card(1).version_id) == first


def test_unknown_cards_and_versions_when_allocating(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.questionnaires.allocate_cards(999, 1)
    with pytest.raises(NotFoundError):
        shop.questionnaires.card(1)


@pytest.mark.parametrize("count", [0, -1, MAX_BATCH + 1])
def test_card_count_out_of_range(shop: Shop, count: int) -> None:
    version_id = shop.questionnaires.default().id
    with pytest.raises(ValidationError) as error:
        shop.questionnaires.allocate_cards(version_id, count)
    assert error.value.field == "count"


# --- validate_questions ----------------------------------------------------------------


def test_validate_strips() -> None:
    title, questions = validate_questions(
        " Title ", [Question(QuestionKind.RATING, " Quality ", " quality ")]
    )
    assert (title, questions) == ("Title", (RATING,))


@pytest.mark.parametrize(
    ("title", "questions", "field", "message"),
    [
        ("  ", [RATING], "title", "Give the questionnaire a title."),
        ("x" * 301, [RATING], "title", "The title is too long."),
        ("Title", [], "questions", "Ask at least one question."),
        ("Title", [RATING, Question(QuestionKind.OPEN, "  ")], "questions", "no text"),
        ("Title", [NPS, RATING, NPS], "questions", "only once"),
        ("Title", [RATING] * (MAX_QUESTIONS + 1), "questions", "at most"),
        ("Title", [Question(QuestionKind.OPEN, "x" * 301)], "questions", "too long"),
    ],
)
def test_validate_errors(title: str, questions: list[Question], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_questions(title, questions)
    assert error.value.field == field
    assert message in error.value.message


def test_the_empty_question_is_named_by_its_number() -> None:
    with pytest.raises(ValidationError) as error:
        validate_questions("Title", [RATING, Question(QuestionKind.OPEN, "")])
    assert error.value.params == {"number": 2}
