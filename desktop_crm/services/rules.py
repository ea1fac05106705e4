"""Reminder rules: the shop's defaults and the rules set per item kind, tag, customer, item.

The built-in defaults (``domain.reminder_plan.BUILT_IN_RULES``) apply until the shop stores a
rule with the same kind and scope; deleting that rule brings the built-in one back. Which rule
applies to whom (the most specific wins) is decided by ``domain.reminder_plan.RuleBook``.
Every change asks for all reminders to be worked out again.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from desktop_crm.domain.errors import N_, NotFoundError, ValidationError
from desktop_crm.domain.reminder_plan import (
    AMOUNT_LIMITS,
    BUILT_IN_RULES,
    ITEM_SCOPED_KINDS,
    Rule,
    RuleBook,
)
from desktop_crm.services.reminder_queue import request_full_refresh
from desktop_crm.services.reminders.kinds import ITEM_KINDS, RULE_KINDS
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Item, ReminderRule, Tag
from desktop_crm.storage.types import utc_now

MAX_MESSAGE_LENGTH = 2000
_LEVELS = ("default", "item_kind", "tag", "customer", "item")


@dataclass(frozen=True)
class RuleScope:
    """Whom a rule is for: at most one field set; none = the shop's default."""

    item_kind: str | None = None
    tag_id: int | None = None
    customer_id: int | None = None
    item_id: int | None = None

    @property
    def level(self) -> str:
        """default, item_kind, tag, customer or item."""
        if self.item_id is not None:
            return "item"
        if self.customer_id is not None:
            return "customer"
        if self.tag_id is not None:
            return "tag"
        return "default" if self.item_kind is None else "item_kind"


@dataclass(frozen=True)
class RuleRecord:
    id: int | None  # None: a built-in default
    kind: str
    scope: RuleScope
    scope_label: str  # tag name / customer name / item name / item kind / ""
    amount: int
    enabled: bool
    message: str


def rule_book(session: Session) -> RuleBook:
    """Every stored rule, indexed for resolution (inside the caller's unit of work)."""
    return RuleBook(_domain_rule(row) for row in session.scalars(select(ReminderRule)))


def _domain_rule(row: ReminderRule) -> Rule:
    return Rule(
        kind=row.kind,
        amount=row.amount,
        enabled=row.enabled,
        message=row.message,
        item_kind=row.item_kind,
        tag_id=row.tag_id,
        customer_id=row.customer_id,
        item_id=row.item_id,
        id=row.id,
    )


def _scope(rule: Rule) -> RuleScope:
    return RuleScope(rule.item_kind, rule.tag_id, rule.customer_id, rule.item_id)


def _sort_key(record: RuleRecord) -> tuple[int, int, int, str, int]:
    """By kind (RULE_KINDS order), then from the broadest scope to the narrowest; item kinds
    in ITEM_KINDS order, the others by name."""
    kinds = [str(kind) for kind in RULE_KINDS]
    kind = kinds.index(record.kind) if record.kind in kinds else len(kinds)
    item_kind = record.scope.item_kind
    kind_order = ITEM_KINDS.index(item_kind) if item_kind in ITEM_KINDS else len(ITEM_KINDS)
    label = record.scope_label.casefold()
    return (kind, _LEVELS.index(record.scope.level), kind_order, label, record.id or 0)


def _labels(session: Session, rules: list[Rule]) -> dict[tuple[str, int], str]:
    """Names of the tags, customers and items the rules point at."""
    wanted = {
        "tag": {r.tag_id for r in rules if r.tag_id is not None},
        "customer": {r.customer_id for r in rules if r.customer_id is not None},
        "item": {r.item_id for r in rules if r.item_id is not None},
    }
    labels: dict[tuple[str, int], str] = {}
    if wanted["tag"]:
        for tag_id, name in session.execute(
            select(Tag.id, Tag.name).where(Tag.id.in_(wanted["tag"]))
        ):
            labels["tag", tag_id] = name
    if wanted["customer"]:
        for customer_id, name in session.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_(wanted["customer"]))
        ):
            labels["customer", customer_id] = name
    if wanted["item"]:
        for item_id, name in session.execute(
            select(Item.id, Item.name).where(Item.id.in_(wanted["item"]))
        ):
            labels["item", item_id] = name
    return labels


def _records(session: Session, rules: list[Rule]) -> list[RuleRecord]:
    labels = _labels(session, rules)
    records = []
    for rule in rules:
        scope = _scope(rule)
        level = scope.level
        if level == "item_kind":
            label = rule.item_kind or ""
        elif level == "default":
            label = ""
        else:
            target = scope.item_id or scope.customer_id or scope.tag_id or 0
            label = labels.get((level, target), "")
        records.append(
            RuleRecord(rule.id, rule.kind, scope, label, rule.amount, rule.enabled, rule.message)
        )
    return sorted(records, key=_sort_key)


def _check_kind(kind: str) -> None:
    if kind not in RULE_KINDS:
        raise ValidationError("kind", N_("Choose a kind of reminder."))


class RuleService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def list(self, kind: str | None = None) -> list[RuleRecord]:
        """Stored rules and the built-in defaults they do not replace, by kind; for each kind
        the shop's default first, then item kinds, tags, customers and items."""
        with self._db.read() as session:
            stored = [_domain_rule(row) for row in session.scalars(select(ReminderRule))]
            taken = {(rule.kind, rule.scope_key) for rule in stored}
            built_in = [r for r in BUILT_IN_RULES if (r.kind, r.scope_key) not in taken]
            rules = [r for r in (*built_in, *stored) if kind is None or r.kind == kind]
            return _records(session, rules)

    def for_customer(self, customer_id: int) -> builtins.list[RuleRecord]:
        """The rules set for this customer or for one of their items."""
        with self._db.read() as session:
            items = select(Item.id).where(Item.customer_id == customer_id)
            query = select(ReminderRule).where(
                (ReminderRule.customer_id == customer_id) | ReminderRule.item_id.in_(items)
            )
            return _records(session, [_domain_rule(row) for row in session.scalars(query)])

    def tags(self) -> builtins.list[tuple[int, str]]:
        """Every tag as (id, name), by name: what a tag rule can be for."""
        with self._db.read() as session:
            rows = session.execute(select(Tag.id, Tag.name)).all()
        return sorted(((tag_id, name) for tag_id, name in rows), key=lambda t: t[1].casefold())

    def save(
        self, kind: str, scope: RuleScope, amount: int, enabled: bool = True, message: str = ""
    ) -> RuleRecord:
        """Store the rule for ``kind`` and ``scope`` (replacing the one there was); raises
        ValidationError naming the field (kind, scope, amount, message)."""
        _check_kind(kind)
        low, high = AMOUNT_LIMITS[kind]
        if isinstance(amount, bool) or not isinstance(amount, int) or not low <= amount <= high:
            error = (
                N_("Choose between {low} and {high} months.")
                if kind == "service"
                else N_("Choose between {low} and {high} days.")
            )
            raise ValidationError("amount", error, low=low, high=high)
        message = message.strip()
        if len(message) > MAX_MESSAGE_LENGTH:
            raise ValidationError(
                "message", N_("A message is at most {limit} characters."), limit=MAX_MESSAGE_LENGTH
            )
        with self._db.write() as session:
            self._check_scope(session, kind, scope)
            row = session.scalars(
                select(ReminderRule).where(
                    ReminderRule.kind == kind,
                    _matches(ReminderRule.item_kind, scope.item_kind),
                    _matches(ReminderRule.tag_id, scope.tag_id),
                    _matches(ReminderRule.customer_id, scope.customer_id),
                    _matches(ReminderRule.item_id, scope.item_id),
                )
            ).first()
            if row is None:
                row = ReminderRule(
                    kind=kind,
                    item_kind=scope.item_kind,
                    tag_id=scope.tag_id,
                    customer_id=scope.customer_id,
                    item_id=scope.item_id,
                )
                session.add(row)
            row.amount, row.enabled, row.message = amount, enabled, message
            row.updated_at = utc_now()
            session.flush()
            request_full_refresh(session)
            return _records(session, [_domain_rule(row)])[0]

    def delete(self, rule_id: int) -> None:
        """Remove a stored rule; for a default or item-kind rule the built-in one applies again."""
        with self._db.write() as session:
            row = session.get(ReminderRule, rule_id)
            if row is None:
                raise NotFoundError(N_("This rule does not exist (any more)."))
            session.delete(row)
            request_full_refresh(session)

    @staticmethod
    def _check_scope(session: Session, kind: str, scope: RuleScope) -> None:
        targets = [scope.item_kind, scope.tag_id, scope.customer_id, scope.item_id]
        if sum(target is not None for target in targets) > 1:
            raise ValidationError("scope", N_("A rule is for one item, customer, tag or kind."))
        level = scope.level
        if level in ("item", "item_kind") and kind not in ITEM_SCOPED_KINDS:
            raise ValidationError("scope", N_("Only service and renewal rules can be per item."))
        if level == "item_kind" and scope.item_kind not in ITEM_KINDS:
            raise ValidationError("scope", N_("Choose what kind of thing this is."))
        missing = (
            (level == "tag" and session.get(Tag, scope.tag_id) is None)
            or (level == "customer" and session.get(Customer, scope.customer_id) is None)
            or (level == "item" and session.get(Item, scope.item_id) is None)
        )
        if missing:
            raise NotFoundError(N_("What this rule is for does not exist (any more)."))


def _matches(column: InstrumentedAttribute[Any], value: object) -> ColumnElement[bool]:
    return column.is_(None) if value is None else column == value
