"""Customer search over the term table of domain.search_text, portable to any SQL backend.

Every query term is a prefix range on an indexed column. Rare terms are looked up first and
their customers fetched directly; when every term is common (thousands of matches), the list
is walked in its own sort order and each row is checked, which finds a page just as fast.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, and_, exists, func, select
from sqlalchemy.orm import Session

from desktop_crm.domain.search_text import prefix_upper_bound
from desktop_crm.storage.models import Customer, SearchTerm

# Above this many matches a term is "common": cheaper to check per row than to collect.
SELECTIVE_LIMIT = 2000


def term_range(term: str) -> ColumnElement[bool]:
    return and_(SearchTerm.term >= term, SearchTerm.term < prefix_upper_bound(term))


def term_filter(term: str) -> ColumnElement[bool]:
    """True for customers with a term starting with ``term`` (checked per customer row)."""
    return exists().where(SearchTerm.customer_id == Customer.id, term_range(term))


def _count_capped(session: Session, term: str) -> int:
    hits = select(SearchTerm.customer_id).where(term_range(term)).limit(SELECTIVE_LIMIT)
    return int(session.scalar(select(func.count()).select_from(hits.subquery())) or 0)


def _ids_for(session: Session, term: str) -> set[int]:
    return set(session.scalars(select(SearchTerm.customer_id).where(term_range(term))))


def search_conditions(session: Session, terms: Iterable[str]) -> list[ColumnElement[bool]]:
    """WHERE conditions on Customer that keep only customers matching every term."""
    terms = list(terms)
    if not terms:
        return []
    counts = {term: _count_capped(session, term) for term in terms}
    selective = [t for t in terms if counts[t] < SELECTIVE_LIMIT]
    common = [t for t in terms if counts[t] >= SELECTIVE_LIMIT]
    conditions: list[ColumnElement[bool]] = []
    if selective:
        ids: set[int] | None = None
        for term in sorted(selective, key=counts.__getitem__):
            found = _ids_for(session, term)
            ids = found if ids is None else ids & found
            if not ids:
                break
        conditions.append(Customer.id.in_(sorted(ids or ())))
    conditions.extend(term_filter(term) for term in common)
    return conditions
