"""Questionnaires: the questions a comment card (and later a survey) asks.

A questionnaire is edited by saving a new version; printed cards and given answers keep the
version they were made with, so a question removed later still reads right on old cards.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_crm.domain.errors import N_, ValidationError


class QuestionKind(StrEnum):
    RATING = "rating"  # 1–5 (CSAT) on a named attribute
    NPS = "nps"  # 0–10 "would you recommend us"
    EFFORT = "effort"  # 1–5 customer effort
    YES_NO = "yes_no"
    OPEN = "open"  # free text with writing lines


# The scale each kind is answered on (inclusive); open questions have none.
SCALES: dict[QuestionKind, tuple[int, int]] = {
    QuestionKind.RATING: (1, 5),
    QuestionKind.NPS: (0, 10),
    QuestionKind.EFFORT: (1, 5),
}

MAX_QUESTIONS = 30
MAX_TEXT = 300


@dataclass(frozen=True)
class Question:
    kind: QuestionKind
    text: str
    # The attribute a rating measures (quality, price...): surveys group answers by it.
    attribute: str = ""


def validate_questions(title: str, questions: list[Question]) -> tuple[str, tuple[Question, ...]]:
    """Stripped title and questions; raises ValidationError naming what is wrong."""
    title = title.strip()
    if not title:
        raise ValidationError("title", N_("Give the questionnaire a title."))
    if len(title) > MAX_TEXT:
        raise ValidationError("title", N_("The title is too long."))
    cleaned = tuple(
        Question(QuestionKind(q.kind), q.text.strip(), q.attribute.strip()) for q in questions
    )
    if not cleaned:
        raise ValidationError("questions", N_("Ask at least one question."))
    if len(cleaned) > MAX_QUESTIONS:
        raise ValidationError(
            "questions", N_("Ask at most {count} questions."), count=MAX_QUESTIONS
        )
    for position, question in enumerate(cleaned, start=1):
        if not question.text:
            raise ValidationError(
                "questions", N_("Question {number} has no text."), number=position
            )
        if len(question.text) > MAX_TEXT:
            raise ValidationError(
                "questions", N_("Question {number} is too long."), number=position
            )
    if sum(q.kind is QuestionKind.NPS for q in cleaned) > 1:
        raise ValidationError("questions", N_('Ask "would you recommend us" (0–10) only once.'))
    return title, cleaned
