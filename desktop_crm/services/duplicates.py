"""Is this customer already here? Same email, same phone, or a very close name.

Fast at 100,000 customers: emails and phones are index look-ups, and names are compared only
with candidates that share a whole word with them in the search-term index (which carries
each customer's folded ``sort_name``, so no customer row is read until the matches are known).
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.contact_details import normalize_email, normalize_phone
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.search_text import MAX_TERM_LENGTH, sort_key, words
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, SearchTerm

# Folded names at least this similar (difflib ratio) are "very close".
NAME_SIMILARITY = 0.9
# A word shared by more customers than this tells too little to compare them all.
MAX_CANDIDATES_PER_WORD = 5_000
# Rows looked at for the words of an email (a customer is found by its email's words too).
MAX_EMAIL_CANDIDATES = 1_000


@dataclass(frozen=True)
class DuplicateMatch:
    customer_id: int
    name: str
    phone: str
    email: str
    reason: str  # "email" | "phone" | "name"


def name_similarity(a: str, b: str) -> float:
    """How alike two names are once folded ("José Sanchez" and "Jose Sánchez": 1.0)."""
    return SequenceMatcher(None, sort_key(a), sort_key(b), autojunk=False).ratio()


def _email_key(email: str) -> str:
    return email.strip().casefold()


def _normalised_email(raw: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalize_email(raw)
    except ValidationError:
        return raw.strip() if "@" in raw else ""


def _normalised_phone(raw: str, region: str) -> str:
    if not raw.strip():
        return ""
    try:
        return normalize_phone(raw, region)
    except ValidationError:
        return ""


def _same_email(session: Session, email: str) -> list[int]:
    """Customers whose email equals ``email`` ignoring case.

    The exact spelling is an index look-up; other capitalisations are found through the
    email's words in the term index (the rarest word first), then compared here.
    """
    key = _email_key(email)
    exact = select(Customer.id).where(Customer.email.in_(sorted({email, email.lower()})))
    ids = set(session.scalars(exact))
    email_words = sorted({w[:MAX_TERM_LENGTH] for w in words(email)}, key=len, reverse=True)
    if email_words:
        rarest = min(email_words, key=lambda w: _count_word(session, w, MAX_EMAIL_CANDIDATES))
        statement = (
            select(Customer.id, Customer.email)
            .join(SearchTerm, SearchTerm.customer_id == Customer.id)
            .where(SearchTerm.term == rarest, Customer.email != "")
            .limit(MAX_EMAIL_CANDIDATES)
        )
        ids.update(i for i, stored in session.execute(statement) if _email_key(stored) == key)
    return sorted(ids)


def _count_word(session: Session, word: str, cap: int) -> int:
    hits = select(SearchTerm.customer_id).where(SearchTerm.term == word).limit(cap + 1)
    return int(session.scalar(select(func.count()).select_from(hits.subquery())) or 0)


def _close_names(session: Session, name: str) -> list[tuple[float, int]]:
    """(similarity, id) of customers whose folded name is at least NAME_SIMILARITY alike."""
    wanted = sort_key(name)
    if not wanted:
        return []
    name_words = {w[:MAX_TERM_LENGTH] for w in words(name)}
    # ratio = 2 * matches / (len(a) + len(b)) >= s bounds the other name's length.
    shortest = int(len(wanted) * NAME_SIMILARITY / (2 - NAME_SIMILARITY))
    longest = int(len(wanted) * (2 - NAME_SIMILARITY) / NAME_SIMILARITY) + 1
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(wanted)
    best: dict[int, float] = {}
    for word in name_words:
        # Equality on the term: an index range, answered from the covering term index.
        statement = (
            select(SearchTerm.customer_id, SearchTerm.sort_name)
            .where(SearchTerm.term == word)
            .where(func.length(SearchTerm.sort_name).between(shortest, longest))
            .limit(MAX_CANDIDATES_PER_WORD)
        )
        for customer_id, sort_name in session.execute(statement):
            if customer_id in best:
                continue
            matcher.set_seq1(sort_name)
            if (
                matcher.real_quick_ratio() >= NAME_SIMILARITY
                and matcher.quick_ratio() >= NAME_SIMILARITY
            ):
                score = matcher.ratio()
                if score >= NAME_SIMILARITY:
                    best[customer_id] = score
    return sorted(((score, i) for i, score in best.items()), key=lambda p: (-p[0], p[1]))


class DuplicateService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def find(
        self, draft: CustomerDraft, exclude_id: int | None = None, limit: int = 5
    ) -> list[DuplicateMatch]:
        """Customers (archived ones too) this draft may duplicate: same email ignoring case,
        same phone once normalised, or a very close name. Email matches come first, then
        phone, then names by similarity; each customer once, with the first reason found.

        The draft need not be valid: a field that cannot be normalised is not compared.
        """
        region = self._settings.get().country
        email = _normalised_email(draft.email)
        phone = _normalised_phone(draft.phone, region)
        found: dict[int, str] = {}

        def note(ids: list[int], reason: str) -> None:
            for customer_id in ids:
                if customer_id != exclude_id and customer_id not in found:
                    found[customer_id] = reason

        with self._db.read() as session:
            if email:
                note(_same_email(session, email), "email")
            if phone:
                same = select(Customer.id).where(Customer.phone == phone).order_by(Customer.id)
                note(list(session.scalars(same.limit(limit + 1))), "phone")
            if len(found) < limit:
                note([i for _, i in _close_names(session, draft.name)], "name")
            chosen = list(found.items())[:limit]
            rows = session.execute(
                select(Customer.id, Customer.name, Customer.phone, Customer.email).where(
                    Customer.id.in_([i for i, _ in chosen])
                )
            )
            by_id = {row.id: row for row in rows}
        return [
            DuplicateMatch(i, by_id[i].name, by_id[i].phone, by_id[i].email, reason)
            for i, reason in chosen
            if i in by_id
        ]
