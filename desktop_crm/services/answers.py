"""Standard answers: what customers ask again and again, found by a few words and filled in.

An answer's body may hold placeholders (``{customer_name}``, ``{shop_name}``,
``{staff_name}``); rendering fills the known ones and leaves any other ``{...}`` as written.
Search folds text the way customer search does (``cafe`` finds ``Café``, ``петр`` finds
``Пётр``, each Han character a word), over a few hundred rows, so it filters in Python.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.customers import LANGUAGES
from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.search_text import sort_key, words
from desktop_crm.i18n import _
from desktop_crm.services.settings import SettingsService
from desktop_crm.services.timeline import add_event
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Answer, Customer, Setting, Staff
from desktop_crm.storage.types import utc_now

ANSWER_EVENT_KIND = "answer"
"""The timeline kind of a use of a standard answer."""

STARTER_LOADED_KEY = "answers.starter_loaded"
STARTER_FILE = Path(__file__).resolve().parents[2] / "resources" / "answers" / "starter.json"
PLACEHOLDERS = ("customer_name", "shop_name", "staff_name")
MAX_TITLE_LENGTH = 200
MAX_BODY_LENGTH = 10_000
MAX_TAG_LENGTH = 50

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
# What an empty placeholder leaves behind: "Hello {customer_name}," -> "Hello ,".
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[,.!?;:，。！？；：])")
_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")
_COMMA_BEFORE_PUNCTUATION = re.compile(r"[,，][ \t]*(?=[!?.。！？:：])")
_COMMA_AT_LINE_START = re.compile(r"^[ \t]*[,，][ \t]*", re.MULTILINE)
_SPACE_AT_LINE_END = re.compile(r"[ \t]+$", re.MULTILINE)


@dataclass(frozen=True)
class AnswerDraft:
    title: str
    body: str
    tags: tuple[str, ...] = ()
    language: str = ""  # "" = any language


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    title: str
    body: str
    tags: tuple[str, ...]
    language: str
    use_count: int
    last_used_at: datetime | None
    updated_at: datetime


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as one comma-separated text, trimmed, repeats dropped."""
    seen: dict[str, str] = {}
    for tag in text.split(","):
        tag = " ".join(tag.split())
        if tag and sort_key(tag) not in seen:
            seen[sort_key(tag)] = tag
    return tuple(seen.values())


def validate_draft(draft: AnswerDraft) -> AnswerDraft:
    """The draft cleaned up, or ValidationError naming the field at fault (no database)."""
    title = " ".join(draft.title.split())
    if not title:
        raise ValidationError("title", N_("An answer needs a title."))
    if len(title) > MAX_TITLE_LENGTH:
        raise ValidationError(
            "title", N_("This is at most {limit} characters."), limit=MAX_TITLE_LENGTH
        )
    body = draft.body.strip()
    if not body:
        raise ValidationError("body", N_("Write the answer."))
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            "body", N_("This is at most {limit} characters."), limit=MAX_BODY_LENGTH
        )
    tags = split_tags(",".join(draft.tags))
    for tag in tags:
        if len(tag) > MAX_TAG_LENGTH:
            raise ValidationError(
                "tags", N_("A tag is at most {limit} characters."), limit=MAX_TAG_LENGTH
            )
    if draft.language and draft.language not in LANGUAGES:
        raise ValidationError("language", N_("This language is not supported."))
    return AnswerDraft(title, body, tags, draft.language)


def fill_placeholders(body: str, values: dict[str, str]) -> str:
    """``body`` with the known placeholders filled; one without a value is left out, and
    any other ``{...}`` stays as written."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return values.get(name, "") if name in PLACEHOLDERS else match.group(0)

    text = _PLACEHOLDER.sub(replace, body)
    for pattern in (
        _SPACE_BEFORE_PUNCTUATION,
        _COMMA_BEFORE_PUNCTUATION,
        _COMMA_AT_LINE_START,
        _SPACE_AT_LINE_END,
    ):
        text = pattern.sub("", text)
    return _DOUBLE_SPACE.sub(" ", text)


def _record(row: Answer) -> AnswerRecord:
    return AnswerRecord(
        id=row.id,
        title=row.title,
        body=row.body,
        tags=split_tags(row.tags),
        language=row.language,
        use_count=row.use_count,
        last_used_at=row.last_used_at,
        updated_at=row.updated_at,
    )


def _searchable(record: AnswerRecord) -> list[str]:
    return words(" ".join((record.title, record.body, *record.tags)))


def _matches(terms: list[str], searchable: list[str]) -> bool:
    return all(any(word.startswith(term) for word in searchable) for term in terms)


class AnswerService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # --- reading
    def search(self, text: str = "", language: str | None = None) -> list[AnswerRecord]:
        """Answers whose title, body or tags hold every word of ``text`` (by folded prefix),
        in ``language`` or for any language (None: every language); most used first."""
        with self._db.read() as session:
            query = select(Answer)
            if language:
                query = query.where(Answer.language.in_((language, "")))
            records = [_record(row) for row in session.scalars(query)]
        terms = words(text)
        if terms:
            records = [r for r in records if _matches(terms, _searchable(r))]
        return sorted(records, key=lambda r: (-r.use_count, sort_key(r.title), r.id))

    def get(self, answer_id: int) -> AnswerRecord:
        with self._db.read() as session:
            return _record(self._row(session, answer_id))

    def count(self) -> int:
        with self._db.read() as session:
            return int(session.scalar(select(func.count(Answer.id))) or 0)

    def render(
        self, answer_id: int, customer_id: int | None = None, staff_id: int | None = None
    ) -> str:
        """The answer's body with its placeholders filled for this customer and staff member."""
        shop_name = self._settings.get().shop_name
        with self._db.read() as session:
            row = self._row(session, answer_id)
            customer = session.get(Customer, customer_id) if customer_id is not None else None
            staff = session.get(Staff, staff_id) if staff_id is not None else None
            values = {
                "customer_name": customer.name if customer is not None else "",
                "shop_name": shop_name,
                "staff_name": staff.name if staff is not None else "",
            }
            return fill_placeholders(row.body, values)

    # --- writing
    def add(self, draft: AnswerDraft) -> AnswerRecord:
        clean = validate_draft(draft)
        with self._db.write() as session:
            row = Answer(
                title=clean.title,
                body=clean.body,
                tags=",".join(clean.tags),
                language=clean.language,
                use_count=0,
            )
            session.add(row)
            session.flush()
            return _record(row)

    def update(self, answer_id: int, draft: AnswerDraft) -> AnswerRecord:
        clean = validate_draft(draft)
        with self._db.write() as session:
            row = self._row(session, answer_id)
            row.title, row.body, row.language = clean.title, clean.body, clean.language
            row.tags = ",".join(clean.tags)
            row.updated_at = utc_now()
            return _record(row)

    def delete(self, answer_id: int) -> None:
        """Remove an answer; the timeline entries of its past uses stay."""
        with self._db.write() as session:
            session.delete(self._row(session, answer_id))

    def record_use(
        self,
        answer_id: int,
        customer_id: int | None = None,
        staff_id: int | None = None,
        log_on_timeline: bool = False,
    ) -> AnswerRecord:
        """Count a use of the answer; with ``log_on_timeline`` (and a customer) also write it
        on the customer's timeline, with the text as it was sent."""
        text = self.render(answer_id, customer_id, staff_id) if log_on_timeline else ""
        with self._db.write() as session:
            row = self._row(session, answer_id)
            row.use_count += 1
            row.last_used_at = utc_now()
            if log_on_timeline and customer_id is not None:
                if session.get(Customer, customer_id) is None:
                    raise NotFoundError(N_("This customer does not exist (any more)."))
                if staff_id is not None and session.get(Staff, staff_id) is None:
                    staff_id = None
                add_event(
                    session,
                    customer_id,
                    ANSWER_EVENT_KIND,
                    _("Standard answer: {title}").format(title=row.title),
                    staff_id=staff_id,
                    outcome=text,
                    ref_id=row.id,
                )
            return _record(row)

    def ensure_starter_set(self, path: Path = STARTER_FILE) -> int:
        """Load the shipped starter answers once: when none exist and they were never loaded
        (an owner who deleted them all does not get them back). Returns how many were added."""
        with self._db.write() as session:
            if session.get(Setting, STARTER_LOADED_KEY) is not None:
                return 0
            session.merge(Setting(key=STARTER_LOADED_KEY, value=json.dumps(True)))
            if session.scalar(select(func.count(Answer.id))):
                return 0
            drafts = [validate_draft(d) for d in load_starter(path)]
            for draft in drafts:
                session.add(
                    Answer(
                        title=draft.title,
                        body=draft.body,
                        tags=",".join(draft.tags),
                        language=draft.language,
                        use_count=0,
                    )
                )
            return len(drafts)

    @staticmethod
    def _row(session: Session, answer_id: int) -> Answer:
        row = session.get(Answer, answer_id)
        if row is None:
            raise NotFoundError(N_("This answer does not exist (any more)."))
        return row

    # Last in the class: below it, ``list`` in an annotation would name this method.
    def list(self, text: str = "", language: str | None = None) -> list[AnswerRecord]:
        """The same as ``search``."""
        return self.search(text, language)


def load_starter(path: Path = STARTER_FILE) -> list[AnswerDraft]:
    """The starter answers shipped in ``path``: a JSON list of title, body, tags, language."""
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [
        AnswerDraft(
            title=entry["title"],
            body=entry["body"],
            tags=tuple(entry.get("tags", ())),
            language=entry.get("language", ""),
        )
        for entry in entries
    ]
