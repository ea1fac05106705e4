"""Survey responses coming in: a returned comment card, the counter form or a follow-up call.

This is the write side of satisfaction (the measures are read by ``services/satisfaction``).
Each answer keeps the kind and attribute of its question copied from the questionnaire
version, so measures never depend on a later version. A response linked to a customer lands
on their timeline (kind ``survey``); a detractor or a low rating *proposes* a follow-up (a
reminder or a complaint), made only when staff ask for it, through those services' own APIs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from statistics import fmean
from zoneinfo import ZoneInfo

from babel.numbers import format_decimal
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop_crm.domain.card_numbers import display_code, parse_card_code
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import SCALES, Question, QuestionKind
from desktop_crm.domain.recurrence import local_today
from desktop_crm.domain.search_text import words
from desktop_crm.i18n import translations_for
from desktop_crm.i18n.formatting import babel_locale, format_date
from desktop_crm.services.complaints import ComplaintDraft, ComplaintService
from desktop_crm.services.questionnaires import (
    QuestionnaireService,
    QuestionnaireVersionRecord,
    attribute_name,
)
from desktop_crm.services.reminders.service import ReminderService
from desktop_crm.services.rules import RuleService
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import (
    CommentCard,
    Customer,
    ExpectationAnswer,
    ExpectationResponse,
    Staff,
    SurveyAnswer,
    SurveyResponse,
)
from desktop_crm.storage.types import utc_now

Gettext = Callable[[str], str]

SURVEY_EVENT_KIND = "survey"
"""The timeline kind of a response linked to a customer (``ref_id`` = the response)."""

MAX_ANSWER_TEXT = 2000
MAX_NOTES = 2000
MAX_ATTRIBUTE = 100
EXPECTATION_SCALE = (1, 5)
# Years of a small shop's responses; searching 144,000 took 52 s, 5,000 take ~1 s.
SEARCH_SCAN_LIMIT = 5_000
_SEARCH_PAGE = 500

# The channel a response's source amounts to on the timeline and on a complaint.
_TIMELINE_CHANNELS = {"card": "", "counter": "visit", "call": "phone"}
_COMPLAINT_CHANNELS = {"card": "visit", "counter": "visit", "call": "phone"}


class ResponseSource(StrEnum):
    CARD = "card"
    COUNTER = "counter"
    CALL = "call"


@dataclass(frozen=True)
class AnswerDraft:
    position: int  # of the question in the version, from 0
    score: int | None = None  # yes/no: 1 yes, 0 no
    text: str = ""


@dataclass(frozen=True)
class ResponseDraft:
    version_id: int
    answers: tuple[AnswerDraft, ...]
    source: ResponseSource
    responded_on: date
    customer_id: int | None = None  # None: anonymous (the draft decides, not the card)
    card_number: int | None = None  # required for (and only for) a card
    staff_id: int | None = None


@dataclass(frozen=True)
class CardEntry:
    number: int
    version: QuestionnaireVersionRecord
    customer_id: int | None
    customer_name: str
    answered: bool


@dataclass(frozen=True)
class FollowUpProposal:
    customer_id: int
    reason: str  # "detractor" | "low_rating"
    summary: str


@dataclass(frozen=True)
class RecordedResponse:
    id: int
    follow_up: FollowUpProposal | None


@dataclass(frozen=True)
class ResponseRow:
    id: int
    responded_on: date
    source: str
    customer_id: int | None
    customer_name: str
    nps: int | None
    mean_rating: float | None
    open_answers: tuple[str, ...]


@dataclass(frozen=True)
class _Answer:
    kind: str
    attribute: str
    score: int | None
    text: str


# --- texts shared with the demo generator --------------------------------------------------


def _number(value: float, language: str) -> str:
    return _one_decimal(round(value, 1), language)


@cache
def _one_decimal(value: float, language: str) -> str:
    # Cached: Babel takes 0.2 ms a number, and the demo writes thousands of summaries.
    return str(format_decimal(value, "0.0", locale=babel_locale(language)))


def survey_summary(
    gettext: Gettext, language: str, nps: int | None, mean_rating: float | None
) -> str:
    """The timeline line of a response: "Survey: NPS 9, ratings 4.2"."""
    parts = []
    if nps is not None:
        parts.append(gettext(N_("NPS {score}")).format(score=nps))
    if mean_rating is not None:
        parts.append(gettext(N_("ratings {mean}")).format(mean=_number(mean_rating, language)))
    if not parts:
        return gettext(N_("Survey"))
    return gettext(N_("Survey: {details}")).format(details=", ".join(parts))


def _nps_of(answers: Iterable[_Answer]) -> int | None:
    return next((a.score for a in answers if a.kind == QuestionKind.NPS), None)


def _ratings(answers: Iterable[_Answer]) -> list[_Answer]:
    return [a for a in answers if a.kind == QuestionKind.RATING and a.score is not None]


def _mean_rating(answers: Iterable[_Answer]) -> float | None:
    scores = [a.score for a in _ratings(answers) if a.score is not None]
    return fmean(scores) if scores else None


def _proposal(
    customer_id: int | None,
    answers: Sequence[_Answer],
    responded_on: date,
    gettext: Gettext,
    language: str,
) -> FollowUpProposal | None:
    """A follow-up when a linked customer is a detractor (0–6) or rated something 1–2."""
    if customer_id is None:
        return None
    nps = _nps_of(answers)
    low = [a for a in _ratings(answers) if a.score is not None and a.score <= 2]
    detractor = nps is not None and nps <= 6
    if not detractor and not low:
        return None
    details = []
    if detractor:
        details.append(gettext(N_("NPS {score}")).format(score=nps))
    details += [
        f"{attribute_name(a.attribute, gettext) if a.attribute else gettext(N_('rating'))} "
        f"{a.score}"
        for a in low
    ]
    summary = gettext(N_("Follow up the survey of {date}: {details}")).format(
        date=format_date(responded_on, language), details=", ".join(details)
    )
    return FollowUpProposal(customer_id, "detractor" if detractor else "low_rating", summary)


def _severity(answers: Sequence[_Answer]) -> str:
    nps = _nps_of(answers)
    lowest = min((a.score for a in _ratings(answers) if a.score is not None), default=5)
    return "high" if (nps is not None and nps <= 3) or lowest <= 1 else "normal"


# --- validation ---------------------------------------------------------------------------


def _checked_answers(
    questions: Sequence[Question], drafts: Sequence[AnswerDraft]
) -> list[tuple[int, _Answer]]:
    """The given answers as stored (unanswered questions left out), or ValidationError
    ("answers") naming the question at fault by its number from 1."""
    seen: set[int] = set()
    checked: list[tuple[int, _Answer]] = []
    for draft in drafts:
        number = draft.position + 1
        if not 0 <= draft.position < len(questions):
            raise ValidationError("answers", N_("There is no question {number}."), number=number)
        if draft.position in seen:
            raise ValidationError(
                "answers", N_("Question {number} is answered twice."), number=number
            )
        seen.add(draft.position)
        question = questions[draft.position]
        text = draft.text.strip()
        score = draft.score
        if question.kind == QuestionKind.OPEN:
            if score is not None:
                raise ValidationError(
                    "answers", N_("Question {number} takes a written answer."), number=number
                )
            if len(text) > MAX_ANSWER_TEXT:
                raise ValidationError(
                    "answers",
                    N_("The answer to question {number} is at most {limit} characters."),
                    number=number,
                    limit=MAX_ANSWER_TEXT,
                )
        else:
            if text:
                raise ValidationError(
                    "answers", N_("Question {number} takes a score, not text."), number=number
                )
            if score is not None:
                _check_score(question.kind, score, number)
        if score is None and not text:
            continue
        checked.append(
            (draft.position, _Answer(str(question.kind), question.attribute, score, text))
        )
    if not checked:
        raise ValidationError("answers", N_("Answer at least one question."))
    return sorted(checked, key=lambda pair: pair[0])


def _check_score(kind: QuestionKind, score: int, number: int) -> None:
    if kind == QuestionKind.YES_NO:
        if score not in (0, 1):
            raise ValidationError(
                "answers", N_("Answer question {number} with yes or no."), number=number
            )
        return
    low, high = SCALES[kind]
    if isinstance(score, bool) or not low <= score <= high:
        raise ValidationError(
            "answers",
            N_("Answer question {number} with {low} to {high}."),
            number=number,
            low=low,
            high=high,
        )


def _check_expectation_value(value: int | None, attribute: str) -> None:
    low, high = EXPECTATION_SCALE
    if value is not None and not low <= value <= high:
        raise ValidationError(
            "entries",
            N_("Give {attribute} a value from {low} to {high}."),
            attribute=attribute,
            low=low,
            high=high,
        )


def _check_customer(session: Session, customer_id: int | None) -> Customer | None:
    if customer_id is None:
        return None
    customer = session.get(Customer, customer_id)
    if customer is None or customer.erased_at is not None:
        raise NotFoundError(N_("This customer does not exist (any more)."))
    return customer


def _check_staff(session: Session, staff_id: int | None) -> None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise ValidationError("staff_id", N_("This staff member does not exist."))


def _card_taken() -> ValidationError:
    return ValidationError("card", N_("The answers of this card were already entered."))


class FeedbackService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings
        self._questionnaires = QuestionnaireService(db, settings)

    # --- entering responses
    def card_entry(self, code: str) -> CardEntry:
        """What a returned card's typed (or scanned) code stands for: its questions, the
        customer it was printed for, and whether its answers were entered already."""
        number = parse_card_code(code)
        if number is None:
            raise ValidationError(
                "card", N_("This is not a card number: check the digits you typed.")
            )
        card = self._questionnaires.card(number)
        version = self._questionnaires.version(card.version_id)
        with self._db.read() as session:
            name: str | None = ""
            if card.customer_id is not None:
                name = session.scalar(select(Customer.name).where(Customer.id == card.customer_id))
            answered = bool(
                session.scalar(select(exists().where(SurveyResponse.card_number == number)))
            )
        return CardEntry(number, version, card.customer_id, name or "", answered)

    def record(self, draft: ResponseDraft) -> RecordedResponse:
        """Store a response after checking every answer against its question's scale; a
        linked one goes on the customer's timeline. Returns the follow-up it proposes."""
        try:
            source = ResponseSource(draft.source)
        except ValueError:
            raise ValidationError("source", N_("Say where the answers come from.")) from None
        if source == ResponseSource.CARD and draft.card_number is None:
            raise ValidationError("card", N_("Type the card's number."))
        if source != ResponseSource.CARD and draft.card_number is not None:
            raise ValidationError("card", N_("Only a comment card has a card number."))
        settings = self._settings.get()
        today = local_today(datetime.now(UTC), settings.time_zone)
        if draft.responded_on > today:
            raise ValidationError("responded_on", N_("The answers cannot be from a future day."))
        version = self._questionnaires.version(draft.version_id)
        answers = _checked_answers(version.questions, draft.answers)
        gettext = translations_for(settings.language).gettext
        plain = [answer for _, answer in answers]
        try:
            with self._db.write() as session:
                if draft.card_number is not None:
                    self._check_card(session, draft.card_number, version)
                _check_customer(session, draft.customer_id)
                _check_staff(session, draft.staff_id)
                row = SurveyResponse(
                    version_id=version.id,
                    card_number=draft.card_number,
                    customer_id=draft.customer_id,
                    staff_id=draft.staff_id,
                    source=source.value,
                    responded_on=draft.responded_on,
                )
                session.add(row)
                session.flush()
                session.add_all(
                    SurveyAnswer(
                        response_id=row.id,
                        position=position,
                        kind=answer.kind,
                        attribute=answer.attribute,
                        score=answer.score,
                        text=answer.text,
                    )
                    for position, answer in answers
                )
                if draft.customer_id is not None:
                    add_event(
                        session,
                        draft.customer_id,
                        SURVEY_EVENT_KIND,
                        survey_summary(
                            gettext, settings.language, _nps_of(plain), _mean_rating(plain)
                        ),
                        occurred_at=_moment(draft.responded_on, today, settings.time_zone),
                        staff_id=draft.staff_id,
                        channel=_TIMELINE_CHANNELS[source.value],
                        outcome="\n".join(a.text for a in plain if a.text),
                        ref_id=row.id,
                    )
                response_id = row.id
        except IntegrityError as exc:
            # Two desks entering the same card at once: the unique column refuses the second.
            if draft.card_number is not None and "unique" in str(exc.orig).lower():
                raise _card_taken() from None
            raise
        proposal = _proposal(
            draft.customer_id, plain, draft.responded_on, gettext, settings.language
        )
        return RecordedResponse(response_id, proposal)

    def create_follow_up(
        self, response_id: int, as_complaint: bool, staff_id: int | None = None
    ) -> int:
        """Make the follow-up a response proposes: a reminder due tomorrow, or a complaint.
        Returns the id of the reminder or of the complaint."""
        settings = self._settings.get()
        gettext = translations_for(settings.language).gettext
        with self._db.read() as session:
            row = session.get(SurveyResponse, response_id)
            if row is None:
                raise NotFoundError(N_("This response does not exist (any more)."))
            answers = self._answers(session, [response_id])[response_id]
            source, customer_id, responded_on = row.source, row.customer_id, row.responded_on
        proposal = _proposal(customer_id, answers, responded_on, gettext, settings.language)
        if proposal is None:
            raise ValidationError("response", N_("This response does not ask for a follow-up."))
        if as_complaint:
            complaints = ComplaintService(self._db, self._settings)
            categories = complaints.get_config().categories
            category = next((c for c in ("service", "other") if c in categories), categories[0])
            said = "\n".join(a.text for a in answers if a.text)
            draft = ComplaintDraft(
                customer_id=proposal.customer_id,
                channel=_COMPLAINT_CHANNELS.get(source, "visit"),
                category=category,
                severity=_severity(answers),
                what_happened=f"{proposal.summary}\n{said}" if said else proposal.summary,
                owner_id=staff_id,
            )
            return complaints.open(draft, staff_id=staff_id).id
        reminders = ReminderService(self._db, self._settings, RuleService(self._db))
        due = local_today(datetime.now(UTC), settings.time_zone) + timedelta(days=1)
        return reminders.create(proposal.customer_id, due, proposal.summary, staff_id=staff_id).id

    def record_expectations(
        self,
        customer_id: int | None,
        filled_on: date,
        entries: Sequence[tuple[str, int | None, int | None]],
        notes: str,
        staff_id: int | None = None,
    ) -> int:
        """Store an expectation form: per attribute, the expected level and its importance
        (1–5 each, either may be left blank). Returns the form's id."""
        cleaned: dict[str, tuple[str, int | None, int | None]] = {}
        for attribute, expected, importance in entries:
            name = " ".join(attribute.split())
            if expected is None and importance is None:
                continue
            if not name:
                raise ValidationError("entries", N_("Name the attribute."))
            if len(name) > MAX_ATTRIBUTE:
                raise ValidationError(
                    "entries",
                    N_("An attribute is at most {limit} characters."),
                    limit=MAX_ATTRIBUTE,
                )
            _check_expectation_value(expected, name)
            _check_expectation_value(importance, name)
            key = name.casefold()
            if key in cleaned:
                raise ValidationError("entries", N_("{attribute} is given twice."), attribute=name)
            cleaned[key] = (name, expected, importance)
        if not cleaned:
            raise ValidationError("entries", N_("Fill in at least one attribute."))
        notes = notes.strip()
        if len(notes) > MAX_NOTES:
            raise ValidationError(
                "notes", N_("This is at most {limit} characters."), limit=MAX_NOTES
            )
        with self._db.write() as session:
            _check_customer(session, customer_id)
            _check_staff(session, staff_id)
            form = ExpectationResponse(
                customer_id=customer_id, staff_id=staff_id, filled_on=filled_on, notes=notes
            )
            session.add(form)
            session.flush()
            session.add_all(
                ExpectationAnswer(
                    expectation_id=form.id, attribute=name, expected=expected, importance=imp
                )
                for name, expected, imp in cleaned.values()
            )
            return form.id

    # --- reading
    def response_count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count(SurveyResponse.id))) or 0)

    def latest(self, limit: int = 50, search: str = "") -> list[ResponseRow]:
        """The newest responses first; with ``search``, those among the latest
        ``SEARCH_SCAN_LIMIT`` whose open answers or customer's name hold every word of it
        (folded prefixes, as customer search: ``cafe`` finds ``Café``, each Han character a
        word)."""
        terms = words(search)
        query = (
            select(SurveyResponse.id, SurveyResponse.responded_on, SurveyResponse.source,
                   SurveyResponse.customer_id, Customer.name)
            .outerjoin(Customer, Customer.id == SurveyResponse.customer_id)
            .order_by(SurveyResponse.responded_on.desc(), SurveyResponse.id.desc())
        )  # fmt: skip
        found: list[ResponseRow] = []
        offset = 0
        with self._db.read() as session:
            while len(found) < limit and (not terms or offset < SEARCH_SCAN_LIMIT):
                # Filtered in Python (SQL cannot fold text): page through until enough match,
                # over the latest responses only (a search must answer as one types).
                page = list(session.execute(query.offset(offset).limit(max(limit, _SEARCH_PAGE))))
                if not page:
                    break
                offset += len(page)
                answers = self._answers(session, [r.id for r in page])
                for r in page:
                    given = answers.get(r.id, [])
                    texts = tuple(a.text for a in given if a.kind == QuestionKind.OPEN and a.text)
                    if terms and not _matches(terms, words(" ".join((*texts, r.name or "")))):
                        continue
                    found.append(
                        ResponseRow(
                            id=r.id,
                            responded_on=r.responded_on,
                            source=r.source,
                            customer_id=r.customer_id,
                            customer_name=r.name or "",
                            nps=_nps_of(given),
                            mean_rating=_mean_rating(given),
                            open_answers=texts,
                        )
                    )
                    if len(found) == limit:
                        break
        return found

    # ---------------------------------------------------------------------------------------

    @staticmethod
    def _check_card(session: Session, number: int, version: QuestionnaireVersionRecord) -> None:
        card = session.get(CommentCard, number)
        if card is None:
            raise NotFoundError(N_("No comment card was printed with this number."))
        if card.version_id != version.id:
            raise ValidationError(
                "card",
                N_("Card {code} asks the questions of another questionnaire version."),
                code=display_code(number),
            )
        if session.scalar(select(exists().where(SurveyResponse.card_number == number))):
            raise _card_taken()

    @staticmethod
    def _answers(session: Session, response_ids: list[int]) -> dict[int, list[_Answer]]:
        found: dict[int, list[_Answer]] = {rid: [] for rid in response_ids}
        query = (
            select(SurveyAnswer)
            .where(SurveyAnswer.response_id.in_(response_ids))
            .order_by(SurveyAnswer.response_id, SurveyAnswer.position)
        )
        for a in session.scalars(query):
            found[a.response_id].append(_Answer(a.kind, a.attribute, a.score, a.text))
        return found


def _matches(terms: list[str], searchable: list[str]) -> bool:
    return all(any(word.startswith(term) for word in searchable) for term in terms)


def _moment(responded_on: date, today: date, time_zone: str) -> datetime:
    """When a response goes on the timeline: now for today's, else midday of its day."""
    if responded_on == today:
        return utc_now()
    return datetime.combine(responded_on, time(12), ZoneInfo(time_zone)).astimezone(UTC)
