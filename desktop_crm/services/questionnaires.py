"""Questionnaires in versions, and the comment cards printed from them.

Saving a changed questionnaire makes a new version; printed cards keep the version they were
printed with. A card's number is allocated when the card is generated, consecutively, so a
batch of N cards carries N consecutive numbers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind, validate_questions
from desktop_crm.i18n import SHIPPED_LANGUAGES, translations_for
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import CommentCard, Questionnaire, QuestionnaireVersion
from desktop_crm.storage.models import Question as QuestionRow

MAX_BATCH = 10_000

# The first questionnaire a shop gets, written in the shop's language when it is created.
STARTER_NAME = N_("Comment card")
STARTER_TITLE = N_("How did we do?")
STARTER_QUESTIONS = (
    Question(QuestionKind.RATING, N_("Quality of our work"), "quality"),
    Question(QuestionKind.RATING, N_("Value for money"), "price"),
    Question(QuestionKind.RATING, N_("Speed of service"), "speed"),
    Question(QuestionKind.RATING, N_("Friendliness of our staff"), "friendliness"),
    Question(QuestionKind.RATING, N_("Cleanliness"), "cleanliness"),
    Question(QuestionKind.NPS, N_("How likely are you to recommend us to a friend or colleague?")),
    Question(QuestionKind.OPEN, N_("What did you like most?")),
    Question(QuestionKind.OPEN, N_("What could we do better?")),
)


def starter_in_language(
    record: QuestionnaireVersionRecord, language: str
) -> QuestionnaireVersionRecord:
    """``record`` with the starter texts the owner left as they were written in ``language``
    (a card for a Russian customer asks the standard questions in Russian); the owner's own
    texts stay as typed."""
    target = translations_for(language).gettext
    sources = _starter_sources()

    def localized(text: str) -> str:
        source = sources.get(text)
        return text if source is None else target(source)

    return dataclasses.replace(
        record,
        title=localized(record.title),
        questions=tuple(dataclasses.replace(q, text=localized(q.text)) for q in record.questions),
    )


@cache
def _starter_sources() -> dict[str, str]:
    """Each starter text in every shipped language, mapped to its English source."""
    sources: dict[str, str] = {}
    for language in SHIPPED_LANGUAGES:
        gettext = translations_for(language).gettext
        for source in (STARTER_TITLE, *(q.text for q in STARTER_QUESTIONS)):
            sources[gettext(source)] = source
    return sources


# The starter questions' attribute keys, worded for people (measures group by the key).
STARTER_ATTRIBUTE_NAMES = {
    "quality": N_("Quality"),
    "price": N_("Price"),
    "speed": N_("Speed"),
    "friendliness": N_("Friendliness"),
    "cleanliness": N_("Cleanliness"),
}


def attribute_name(attribute: str, gettext: Callable[[str], str]) -> str:
    """An attribute as people read it: a starter key translated, the shop's own as typed."""
    return gettext(STARTER_ATTRIBUTE_NAMES.get(attribute.casefold(), attribute))


@dataclass(frozen=True)
class QuestionnaireVersionRecord:
    id: int  # the version's id: what cards and answers refer to
    questionnaire_id: int
    name: str
    version: int
    title: str
    questions: tuple[Question, ...]
    created_at: datetime


@dataclass(frozen=True)
class QuestionnaireSummary:
    id: int
    name: str
    version: int
    version_id: int
    question_count: int


@dataclass(frozen=True)
class CommentCardRecord:
    number: int
    version_id: int
    customer_id: int | None
    language: str
    printed_at: datetime


class QuestionnaireService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def summaries(self) -> list[QuestionnaireSummary]:
        """Every questionnaire with its current version (the starter one made if none)."""
        self.default()
        with self._db.read() as session:
            summaries = []
            for questionnaire in session.scalars(select(Questionnaire).order_by(Questionnaire.id)):
                latest = self._latest(session, questionnaire.id)
                count = session.scalar(
                    select(func.count()).where(QuestionRow.version_id == latest.id)
                )
                summaries.append(
                    QuestionnaireSummary(
                        questionnaire.id, questionnaire.name, latest.version, latest.id, count or 0
                    )
                )
            return summaries

    def default(self) -> QuestionnaireVersionRecord:
        """The shop's first questionnaire, created from the starter questions (in the shop's
        language) the first time it is asked for."""
        with self._db.read() as session:
            first = session.scalar(select(func.min(Questionnaire.id)))
        if first is not None:
            return self.current(first)
        gettext = translations_for(self._settings.get().language).gettext
        questions = [Question(q.kind, gettext(q.text), q.attribute) for q in STARTER_QUESTIONS]
        return self.save(None, gettext(STARTER_NAME), gettext(STARTER_TITLE), questions)

    def current(self, questionnaire_id: int) -> QuestionnaireVersionRecord:
        with self._db.read() as session:
            return self._record(session, self._latest(session, questionnaire_id))

    def version(self, version_id: int) -> QuestionnaireVersionRecord:
        with self._db.read() as session:
            row = session.get(QuestionnaireVersion, version_id)
            if row is None:
                raise NotFoundError(N_("This questionnaire version does not exist."))
            return self._record(session, row)

    def save(
        self, questionnaire_id: int | None, name: str, title: str, questions: list[Question]
    ) -> QuestionnaireVersionRecord:
        """Store the questions as a new version (a new questionnaire when the id is None).
        Unchanged questions keep the current version; a new name renames in place."""
        name = name.strip()
        if not name:
            raise ValidationError("name", N_("Give the questionnaire a name."))
        title, cleaned = validate_questions(title, questions)
        with self._db.write() as session:
            if questionnaire_id is None:
                questionnaire = Questionnaire(name=name)
                session.add(questionnaire)
                session.flush()
                number = 1
            else:
                found = session.get(Questionnaire, questionnaire_id)
                if found is None:
                    raise NotFoundError(N_("This questionnaire does not exist."))
                questionnaire = found
                questionnaire.name = name
                latest = self._latest(session, questionnaire.id)
                current = self._record(session, latest)
                if current.title == title and current.questions == cleaned:
                    session.flush()
                    return self._record(session, latest)
                number = latest.version + 1
            version = QuestionnaireVersion(
                questionnaire_id=questionnaire.id, version=number, title=title
            )
            session.add(version)
            session.flush()
            session.add_all(
                QuestionRow(
                    version_id=version.id,
                    position=position,
                    kind=str(q.kind),
                    text=q.text,
                    attribute=q.attribute,
                )
                for position, q in enumerate(cleaned)
            )
            session.flush()
            return self._record(session, version)

    # Comment cards ---------------------------------------------------------------------

    def allocate_cards(
        self, version_id: int, count: int, customer_id: int | None = None, language: str = ""
    ) -> list[int]:
        """Reserve ``count`` consecutive card numbers for cards printed from ``version_id``."""
        if not 1 <= count <= MAX_BATCH:
            raise ValidationError(
                "count", N_("Print between 1 and {count} cards at once."), count=MAX_BATCH
            )
        with self._db.write() as session:
            if session.get(QuestionnaireVersion, version_id) is None:
                raise NotFoundError(N_("This questionnaire version does not exist."))
            last = session.scalar(select(func.max(CommentCard.number))) or 0
            numbers = list(range(last + 1, last + 1 + count))
            session.add_all(
                CommentCard(
                    number=n, version_id=version_id, customer_id=customer_id, language=language
                )
                for n in numbers
            )
            return numbers

    def card(self, number: int) -> CommentCardRecord:
        """The printed card with this number (to type its answers back in)."""
        with self._db.read() as session:
            row = session.get(CommentCard, number)
            if row is None:
                raise NotFoundError(N_("No comment card was printed with this number."))
            return CommentCardRecord(
                row.number, row.version_id, row.customer_id, row.language, row.printed_at
            )

    # ---------------------------------------------------------------------------------

    @staticmethod
    def _latest(session: Session, questionnaire_id: int) -> QuestionnaireVersion:
        row = session.scalar(
            select(QuestionnaireVersion)
            .where(QuestionnaireVersion.questionnaire_id == questionnaire_id)
            .order_by(QuestionnaireVersion.version.desc())
            .limit(1)
        )
        if row is None:
            raise NotFoundError(N_("This questionnaire does not exist."))
        return row

    @staticmethod
    def _record(session: Session, version: QuestionnaireVersion) -> QuestionnaireVersionRecord:
        questionnaire = session.get(Questionnaire, version.questionnaire_id)
        assert questionnaire is not None  # versions are deleted with their questionnaire
        rows = session.scalars(
            select(QuestionRow)
            .where(QuestionRow.version_id == version.id)
            .order_by(QuestionRow.position)
        )
        return QuestionnaireVersionRecord(
            id=version.id,
            questionnaire_id=version.questionnaire_id,
            name=questionnaire.name,
            version=version.version,
            title=version.title,
            questions=tuple(Question(QuestionKind(r.kind), r.text, r.attribute) for r in rows),
            created_at=version.created_at,
        )
