"""Customer search over the term table of domain.search_text, portable to any SQL backend.

Every query term is a prefix range on an indexed column. The term table carries a copy of
each customer's ``sort_name`` and ``archived`` flag, so a search in the list's name order is
answered from its covering index: the rarest term's matches are gathered and the database
keeps the first page of them, checking the other terms per match.

When even the rarest term matches a large share of all customers, its matches are usually
spread through the list: walking the list's first rows in order and checking each finds a
page at once. That walk is bounded, and gathering takes over when it comes up short.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    and_,
    exists,
    false,
    func,
    select,
)
from sqlalchemy.orm import Session, aliased

from desktop_crm.domain.search_text import prefix_upper_bound
from desktop_crm.storage.models import Customer, SearchTerm

# Up to this many matches of its rarest term, a search gathers them (about 0.15 us each);
# past it, the list is walked in its order and each row checked (see the module's text).
GATHER_LIMIT = 20_000
# When every term of a query is past GATHER_LIMIT, counting goes on to here to pick one.
TIE_LIMIT = 200_000
# Past GATHER_LIMIT matches, the first page is first looked for among this many rows of the
# list (common terms are usually spread through it); gathering remains the fallback, for
# matches that cluster late (Cyrillic and Chinese names sort after the Latin ones).
WALK_ROWS = 5000


@dataclass(frozen=True)
class SearchPlan:
    """The query's terms, the rarest first, with its number of matches (capped)."""

    rarest: str
    others: tuple[str, ...]
    matches: int  # of the rarest term, at most GATHER_LIMIT

    @property
    def finds_nothing(self) -> bool:
        return self.matches == 0

    @property
    def gatherable(self) -> bool:
        return self.matches < GATHER_LIMIT

    @property
    def terms(self) -> tuple[str, ...]:
        return (self.rarest, *self.others)


def term_range(term: str, table: type[SearchTerm] = SearchTerm) -> ColumnElement[bool]:
    return and_(table.term >= term, table.term < prefix_upper_bound(term))


def _has_term(customer_id: SQLColumnExpression[int], term: str) -> ColumnElement[bool]:
    other = aliased(SearchTerm)
    return exists().where(other.customer_id == customer_id, term_range(term, other))


def _count_capped(session: Session, term: str, cap: int) -> int:
    hits = select(SearchTerm.customer_id).where(term_range(term)).limit(cap)
    return int(session.scalar(select(func.count()).select_from(hits.subquery())) or 0)


def plan_search(session: Session, terms: list[str]) -> SearchPlan | None:
    """None when there is nothing to search for."""
    if not terms:
        return None
    # Longer terms first: they tend to be rarer, and no later term is counted past the
    # rarest so far (counting costs as much as the matches it counts).
    rarest, fewest = "", GATHER_LIMIT + 1
    for term in sorted(terms, key=len, reverse=True):
        count = _count_capped(session, term, min(fewest, GATHER_LIMIT))
        if count < fewest:
            rarest, fewest = term, count
    capped = [term for term in terms if term != rarest] if fewest >= GATHER_LIMIT else []
    if capped:
        # Several very common terms ("qq.com"): gathering by the wrong one costs seconds on a
        # big list, so count them further to find the rarer.
        further = {term: _count_capped(session, term, TIE_LIMIT) for term in (rarest, *capped)}
        rarest = min(further, key=further.__getitem__)
    fewest = min(fewest, GATHER_LIMIT)
    return SearchPlan(rarest, tuple(t for t in terms if t != rarest), fewest)


def _order(
    name: SQLColumnExpression[str], row_id: SQLColumnExpression[int], descending: bool
) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    if descending:
        return name.desc(), row_id.desc()
    return name.asc(), row_id.asc()


def _matching_terms(plan: SearchPlan, archived: bool | None) -> Select[tuple[int]]:
    """Term rows of customers matching every term (a customer may appear more than once)."""
    statement = select(SearchTerm.customer_id).where(term_range(plan.rarest))
    if archived is not None:
        statement = statement.where(SearchTerm.archived == archived)
    for term in plan.others:
        statement = statement.where(_has_term(SearchTerm.customer_id, term))
    return statement


def _gather(
    session: Session, plan: SearchPlan, archived: bool | None, descending: bool, wanted: int
) -> list[int]:
    """The first ``wanted`` matching ids in name order.

    A customer matches once per matching term ("san" matches "Sánchez" and "sanchez@...").
    DISTINCT in SQL would sort every match; instead the database keeps only the top rows
    (repeats stand next to each other in this order), we drop repeats here and ask again for
    more in the rare case that too few were left.
    """
    order = _order(SearchTerm.sort_name, SearchTerm.customer_id, descending)
    fetch = 2 * wanted + 16
    while True:
        statement = _matching_terms(plan, archived).order_by(*order).limit(fetch)
        rows = list(session.scalars(statement))
        ids = [row for i, row in enumerate(rows) if i == 0 or rows[i - 1] != row]
        if len(ids) >= wanted or len(rows) < fetch:
            return ids[:wanted]
        fetch *= 2


def _walk(
    session: Session, plan: SearchPlan, archived: bool | None, descending: bool, wanted: int
) -> list[int] | None:
    """The first ``wanted`` matches if the first WALK_ROWS or so rows of the list hold them
    (then they are the answer), else None. The name of the WALK_ROWS-th row bounds the index
    scan, so a miss costs at most that many checks; a hit usually stops far sooner."""
    order = _order(Customer.sort_name, Customer.id, descending)
    listed = select(Customer.sort_name)
    statement = select(Customer.id).where(*(_has_term(Customer.id, t) for t in plan.terms))
    if archived is not None:
        listed = listed.where(Customer.archived == archived)
        statement = statement.where(Customer.archived == archived)
    bound = session.scalar(listed.order_by(*order).offset(WALK_ROWS).limit(1))
    if bound is not None:
        # Every row up to the bound's name is walked, ties included: what is found there is
        # the true beginning of the answer.
        within = Customer.sort_name >= bound if descending else Customer.sort_name <= bound
        statement = statement.where(within)
    ids = list(session.scalars(statement.order_by(*order).limit(wanted)))
    return ids if len(ids) == wanted or bound is None else None


def page_ids_by_name(
    session: Session,
    plan: SearchPlan,
    archived: bool | None,
    descending: bool,
    offset: int,
    limit: int,
) -> list[int]:
    """Ids of one page of matching customers in name order."""
    if plan.finds_nothing:
        return []
    wanted = offset + limit
    ids = None
    if not plan.gatherable and wanted <= WALK_ROWS // 10:
        ids = _walk(session, plan, archived, descending, wanted)
    if ids is None:
        ids = _gather(session, plan, archived, descending, wanted)
    return ids[offset:]


def count_matches(session: Session, plan: SearchPlan, archived: bool | None) -> int:
    if plan.finds_nothing:
        return 0
    customers = _matching_terms(plan, archived).group_by(SearchTerm.customer_id).subquery()
    return int(session.scalar(select(func.count()).select_from(customers)) or 0)


def search_conditions(plan: SearchPlan) -> list[ColumnElement[bool]]:
    """WHERE conditions on Customer for any other combination of filters and order."""
    if plan.finds_nothing:
        return [false()]
    if not plan.gatherable:
        return [_has_term(Customer.id, term) for term in plan.terms]
    rarest = select(SearchTerm.customer_id).where(term_range(plan.rarest))
    return [Customer.id.in_(rarest), *(_has_term(Customer.id, t) for t in plan.others)]
