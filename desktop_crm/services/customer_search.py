"""Customer search over the term table of domain.search_text, portable to any SQL backend.

Every query term is a prefix range on an indexed column. The term table carries a copy of
each customer's ``sort_name`` and ``archived`` flag, so the usual search — by name order,
active customers — is answered from one covering index without touching the customers
table: the rarest term's matches are gathered and sorted (cheap up to tens of thousands),
the other terms checked per match. When even the rarest term is very common, walking the
list in its own order and checking each row finds a page faster.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, exists, false, func, select
from sqlalchemy.orm import Session, aliased

from desktop_crm.domain.search_text import prefix_upper_bound
from desktop_crm.storage.models import Customer, SearchTerm

# Up to this many matches, gathering and sorting them beats walking the whole list.
GATHER_LIMIT = 20_000


@dataclass(frozen=True)
class SearchPlan:
    """The query's terms, the rarest first, and whether that one is rare enough to gather."""

    rarest: str
    others: tuple[str, ...]
    matches: int  # of the rarest term, capped at GATHER_LIMIT

    @property
    def finds_nothing(self) -> bool:
        return self.matches == 0

    @property
    def gatherable(self) -> bool:
        return self.matches < GATHER_LIMIT


def term_range(term: str, table: type[SearchTerm] = SearchTerm) -> ColumnElement[bool]:
    return and_(table.term >= term, table.term < prefix_upper_bound(term))


def _has_term(customer_id: SQLColumnExpression[int], term: str) -> ColumnElement[bool]:
    other = aliased(SearchTerm)
    return exists().where(other.customer_id == customer_id, term_range(term, other))


def _count_capped(session: Session, term: str) -> int:
    hits = select(SearchTerm.customer_id).where(term_range(term)).limit(GATHER_LIMIT)
    return int(session.scalar(select(func.count()).select_from(hits.subquery())) or 0)


def plan_search(session: Session, terms: list[str]) -> SearchPlan | None:
    """None when there is nothing to search for."""
    if not terms:
        return None
    counts = {term: _count_capped(session, term) for term in terms}
    rarest = min(terms, key=counts.__getitem__)
    return SearchPlan(rarest, tuple(t for t in terms if t != rarest), counts[rarest])


def _matches(plan: SearchPlan, archived: bool | None) -> Select[tuple[int, str]]:
    """Distinct (customer_id, sort_name) of customers matching every term."""
    statement = select(SearchTerm.customer_id, SearchTerm.sort_name).where(term_range(plan.rarest))
    if archived is not None:
        statement = statement.where(SearchTerm.archived.is_(archived))
    for term in plan.others:
        statement = statement.where(_has_term(SearchTerm.customer_id, term))
    return statement.distinct()


def page_ids_by_name(
    session: Session,
    plan: SearchPlan,
    archived: bool | None,
    descending: bool,
    offset: int,
    limit: int,
) -> list[int]:
    """Ids of one page of matches in name order, from the term table alone."""
    matches = _matches(plan, archived).subquery()
    order = (
        (matches.c.sort_name.desc(), matches.c.customer_id.desc())
        if descending
        else (matches.c.sort_name, matches.c.customer_id)
    )
    statement = select(matches.c.customer_id).order_by(*order).offset(offset).limit(limit)
    return list(session.scalars(statement))


def count_matches(session: Session, plan: SearchPlan, archived: bool | None) -> int:
    matches = _matches(plan, archived).subquery()
    return int(session.scalar(select(func.count()).select_from(matches)) or 0)


def search_conditions(plan: SearchPlan) -> list[ColumnElement[bool]]:
    """WHERE conditions on Customer for any other combination of filters and order."""
    if plan.finds_nothing:
        return [false()]
    conditions: list[ColumnElement[bool]] = []
    others = list(plan.others)
    if plan.gatherable:
        rarest = select(SearchTerm.customer_id).where(term_range(plan.rarest))
        conditions.append(Customer.id.in_(rarest))
    else:
        others.insert(0, plan.rarest)
    conditions.extend(_has_term(Customer.id, term) for term in others)
    return conditions
