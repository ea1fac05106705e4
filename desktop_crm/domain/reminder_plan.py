"""Which generated reminders a customer should have, and how stored ones are brought in line.

Pure planning over plain values: the reminders service loads a customer's facts (birthday, care
dates, items, purchase days, visit days) and the rules, asks a ``Planner`` (one per run;
``plan_customer`` for a single customer) for the wanted occurrences, and ``reconcile`` says what
to insert, update and delete among the stored rows.

An occurrence is named by a ``key`` built from its inputs, not from its due date
(``service:i12:2025-03-01`` = item 12's service after the one of 1 March 2025), so a rule change
moves the date of the same row and generating twice finds the row it made before.

Rules: the most specific one wins — item, then customer, then tag, then item kind, then the
shop's default; a more specific rule that is switched off switches the kind off for its scope.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from desktop_crm.domain.reminder_rules import (
    next_birthday_reminder,
    next_service_due,
    winback_due,
)

SERVICE = "service"
BIRTHDAY = "birthday"
RENEWAL = "renewal"
FOLLOW_UP = "follow_up"
WIN_BACK = "win_back"
KINDS = (SERVICE, BIRTHDAY, RENEWAL, FOLLOW_UP, WIN_BACK)
ITEM_SCOPED_KINDS = frozenset({SERVICE, RENEWAL})
"""Kinds whose reminders may belong to an item (so item and item-kind rules mean something)."""

DUE_STATE = "due"
"""The only state in which a generated reminder is still the generator's to move or remove."""

LAPSE_DAYS = {SERVICE: 365, BIRTHDAY: 30, RENEWAL: 60, FOLLOW_UP: 14, WIN_BACK: 30}
"""Catch-up window: an occurrence due more than this many days before today is not created
(a win-back for a customer lost three years ago, a follow-up a month late). Win-backs keep only
a month: on a first run every lapsed customer would otherwise flood Today at once."""

SERIES_KINDS = frozenset({SERVICE, RENEWAL, WIN_BACK})
"""Kinds with one current occurrence per item or customer: a new one makes the old one obsolete
(the service was done, the contract renewed, the customer bought again)."""

EARLIER_WITH_MORE = frozenset({BIRTHDAY, RENEWAL})
"""Kinds whose amount counts days *before* the event: a larger amount reminds earlier."""

AMOUNT_LIMITS = {
    SERVICE: (1, 120),
    BIRTHDAY: (0, 60),
    RENEWAL: (0, 365),
    FOLLOW_UP: (1, 365),
    WIN_BACK: (7, 3650),
}
"""The amounts a rule may have: months for service, days for the other kinds."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A reminder rule. At most one scope field is set; none = the shop's default.
    ``id`` is None for a built-in default."""

    kind: str
    amount: int
    enabled: bool = True
    message: str = ""
    item_kind: str | None = None
    tag_id: int | None = None
    customer_id: int | None = None
    item_id: int | None = None
    id: int | None = None

    @property
    def scope_key(self) -> tuple[str | None, int | None, int | None, int | None]:
        return (self.item_kind, self.tag_id, self.customer_id, self.item_id)


BUILT_IN_RULES: tuple[Rule, ...] = (
    Rule(SERVICE, 12),  # the customer's own last service, and kinds without a rule of their own
    Rule(SERVICE, 6, item_kind="vehicle"),
    Rule(SERVICE, 12, item_kind="pet"),
    Rule(SERVICE, 12, item_kind="appliance"),
    Rule(SERVICE, 12, enabled=False, item_kind="contract"),  # a contract is renewed, not serviced
    Rule(SERVICE, 12, item_kind="other"),
    Rule(BIRTHDAY, 7),
    Rule(RENEWAL, 30),
    Rule(FOLLOW_UP, 3),
    Rule(WIN_BACK, 90),  # days for a single-purchase customer; else twice their usual interval
)
"""The shop's defaults until it sets its own (a stored rule with the same kind and scope)."""


def _earliest(kind: str, rules: Iterable[Rule]) -> Rule:
    """Of several rules at one level (a customer's tags), the one that reminds earliest."""
    ordered = sorted(rules, key=lambda rule: (rule.id is None, rule.id or 0))
    if kind in EARLIER_WITH_MORE:
        return max(ordered, key=lambda rule: rule.amount)  # max keeps the first of equals
    return min(ordered, key=lambda rule: rule.amount)


class RuleBook:
    """Rules indexed by scope, the built-in defaults filling the gaps the stored ones leave."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._default: dict[str, Rule] = {}
        self._item_kind: dict[tuple[str, str], Rule] = {}
        self._tag: dict[tuple[str, int], list[Rule]] = {}
        self._customer: dict[tuple[str, int], Rule] = {}
        self._item: dict[tuple[str, int], Rule] = {}
        for rule in (*BUILT_IN_RULES, *self.rules):  # a stored rule replaces a built-in one
            if rule.item_id is not None:
                self._item[rule.kind, rule.item_id] = rule
            elif rule.customer_id is not None:
                self._customer[rule.kind, rule.customer_id] = rule
            elif rule.tag_id is not None:
                self._tag.setdefault((rule.kind, rule.tag_id), []).append(rule)
            elif rule.item_kind is not None:
                self._item_kind[rule.kind, rule.item_kind] = rule
            else:
                self._default[rule.kind] = rule
        self._tag_ids = frozenset(tag_id for _, tag_id in self._tag)
        self._customer_ids = frozenset(customer_id for _, customer_id in self._customer)
        self._item_ids = frozenset(item_id for _, item_id in self._item)

    @property
    def has_tag_rules(self) -> bool:
        return bool(self._tag)

    def concerns(self, customer_id: int, tag_ids: Collection[int], item_id: int | None) -> bool:
        """Whether a rule set for this customer, one of their tags or this item may apply
        (when not, only item kinds and the defaults count)."""
        return (
            (bool(tag_ids and self._tag_ids) and not self._tag_ids.isdisjoint(tag_ids))
            or customer_id in self._customer_ids
            or (item_id is not None and item_id in self._item_ids)
        )

    def resolve(
        self,
        kind: str,
        customer_id: int,
        tag_ids: Collection[int] = (),
        item_id: int | None = None,
        item_kind: str | None = None,
    ) -> Rule | None:
        """The rule that applies, or None when the kind is switched off for this scope.

        Several tag rules: the enabled one that reminds earliest (all switched off: off).
        """
        rule = self._item.get((kind, item_id)) if item_id is not None else None
        if rule is None:
            rule = self._customer.get((kind, customer_id))
        if rule is None and tag_ids and self._tag:
            found = [r for tag_id in tag_ids for r in self._tag.get((kind, tag_id), ())]
            if found:
                enabled = [r for r in found if r.enabled]
                rule = _earliest(kind, enabled) if enabled else found[0]
        if rule is None and item_kind is not None:
            rule = self._item_kind.get((kind, item_kind))
        if rule is None:
            rule = self._default.get(kind)
        return rule if rule is not None and rule.enabled else None

    def amounts(self, kind: str) -> tuple[int, int]:
        """The smallest and largest amount of the enabled rules of ``kind`` ((0, 0): none), to
        bound the data a run reads."""
        effective = [
            *self._default.values(),
            *self._item_kind.values(),
            *(rule for rules in self._tag.values() for rule in rules),
            *self._customer.values(),
            *self._item.values(),
        ]
        found = [r.amount for r in effective if r.kind == kind and r.enabled]
        return (min(found), max(found)) if found else (0, 0)


# --- Facts and occurrences ----------------------------------------------------------------------


class CustomerFacts(NamedTuple):
    """What the rules read about a customer. ``active`` is False for an archived or erased one."""

    id: int
    name: str = ""
    birthday: date | None = None
    last_service_on: date | None = None
    contract_end_on: date | None = None
    tag_ids: tuple[int, ...] = ()
    active: bool = True
    language: str = ""


class ItemFacts(NamedTuple):
    id: int
    kind: str
    name: str = ""
    last_service_on: date | None = None
    contract_end_on: date | None = None
    retired: bool = False


class Occurrence(NamedTuple):
    """A wanted generated reminder. ``event_on``: the birthday, the contract end, the visit or
    purchase day followed up, the last purchase before a win-back; None for a service."""

    key: str
    kind: str
    item_id: int | None
    due_on: date
    event_on: date | None
    message: str = ""


_PLACEHOLDER = re.compile(r"\{(customer|item|date)\}")


def render_message(template: str, customer: str, item: str, day: str) -> str:
    """A rule's message with ``{customer}``, ``{item}`` and ``{date}`` filled in; any other
    brace text is kept as written (a typo shows instead of failing)."""
    if "{" not in template:
        return template
    values = {"customer": customer, "item": item, "date": day}
    return _PLACEHOLDER.sub(lambda match: values[match[1]], template)


DateText = Callable[[date, str], str]
"""How a date is written in a message: ``(day, customer's language) -> text``."""


def _iso_text(day: date, _language: str) -> str:
    return day.isoformat()


def birthday_occurrences(
    birthday: date, days_before: int, today: date
) -> Iterator[tuple[date, date]]:
    """``(remind_on, birthday)`` of every birthday reminder due in the catch-up window
    ``[today - LAPSE, today]`` and of the first one due after today."""
    on_or_after = today - timedelta(days=LAPSE_DAYS[BIRTHDAY])
    while True:
        remind_on, event_on = next_birthday_reminder(birthday, days_before, on_or_after)
        yield remind_on, event_on
        if remind_on > today:
            return
        on_or_after = remind_on + timedelta(days=1)


class Planner:
    """Plans customers' reminders for one day under one set of rules (what stays the same
    across customers is worked out once: a full run plans 100,000 of them)."""

    def __init__(self, rules: RuleBook, today: date, date_text: DateText = _iso_text) -> None:
        self.rules = rules
        self.today = today
        self.date_text = date_text
        self._floor = {kind: today - timedelta(days=days) for kind, days in LAPSE_DAYS.items()}
        self._plain: dict[tuple[str, str | None], Rule | None] = {}
        # Many customers share dates: a full run computes each distinct one once.
        self._service_due: dict[tuple[date, int], date] = {}
        self._birthday_dates: dict[tuple[int, int, int], list[tuple[date, date]]] = {}
        self._born_before = today - timedelta(days=3 * 366)

    def _rule(
        self,
        kind: str,
        customer: CustomerFacts,
        item_id: int | None = None,
        item_kind: str | None = None,
    ) -> Rule | None:
        rules = self.rules
        if rules.concerns(customer.id, customer.tag_ids, item_id):
            return rules.resolve(kind, customer.id, customer.tag_ids, item_id, item_kind)
        # Most customers have no rule of their own: the answer depends on the kinds alone.
        key = (kind, item_kind)
        if key not in self._plain:
            self._plain[key] = rules.resolve(kind, 0, (), None, item_kind)
        return self._plain[key]

    def _message(self, rule: Rule, customer: CustomerFacts, item: str, day: date) -> str:
        if not rule.message:
            return ""
        text = self.date_text(day, customer.language) if "{date}" in rule.message else ""
        return render_message(rule.message, customer.name, item, text)

    def plan(
        self,
        customer: CustomerFacts,
        items: Sequence[ItemFacts] = (),
        purchase_days: Collection[date] = (),
        visit_days: Collection[date] = (),
    ) -> list[Occurrence]:
        """The generated reminders ``customer`` should have.

        ``purchase_days`` may repeat and hold every purchase (win-back reads the customer's
        habit); ``visit_days`` are the shop's local dates of visits. An archived customer wants
        nothing, nor does a retired item.
        """
        if not customer.active:
            return []
        wanted: list[Occurrence] = []
        if customer.last_service_on is not None or customer.contract_end_on is not None:
            self._care(wanted, customer, f"c{customer.id}", None, None, "",
                       customer.last_service_on, customer.contract_end_on)  # fmt: skip
        for item in items:
            if not item.retired and (item.last_service_on or item.contract_end_on):
                self._care(wanted, customer, f"i{item.id}", item.id, item.kind, item.name,
                           item.last_service_on, item.contract_end_on)  # fmt: skip
        if customer.birthday is not None:
            self._birthdays(wanted, customer, customer.birthday)
        if purchase_days or visit_days:
            self._follow_ups(wanted, customer, purchase_days, visit_days)
        if purchase_days:
            self._win_back(wanted, customer, purchase_days)
        return wanted

    def _care(
        self,
        wanted: list[Occurrence],
        customer: CustomerFacts,
        series: str,
        item_id: int | None,
        item_kind: str | None,
        item_name: str,
        last_service: date | None,
        contract_end: date | None,
    ) -> None:
        """Service and renewal: one occurrence each per item and for the customer's own dates."""
        if last_service is not None:
            rule = self._rule(SERVICE, customer, item_id, item_kind)
            if rule is not None:
                due = self._service_due.get((last_service, rule.amount))
                if due is None:
                    due = next_service_due(last_service, rule.amount)
                    self._service_due[last_service, rule.amount] = due
                if due >= self._floor[SERVICE]:
                    wanted.append(
                        Occurrence(
                            f"{SERVICE}:{series}:{last_service.isoformat()}",
                            SERVICE,
                            item_id,
                            due,
                            None,
                            self._message(rule, customer, item_name, due),
                        )
                    )
        if contract_end is not None:
            rule = self._rule(RENEWAL, customer, item_id, item_kind)
            if rule is not None:
                due = contract_end - timedelta(days=rule.amount)
                if due >= self._floor[RENEWAL]:
                    wanted.append(
                        Occurrence(
                            f"{RENEWAL}:{series}:{contract_end.isoformat()}",
                            RENEWAL,
                            item_id,
                            due,
                            contract_end,
                            self._message(rule, customer, item_name, contract_end),
                        )
                    )

    def _birthdays(self, wanted: list[Occurrence], customer: CustomerFacts, born: date) -> None:
        rule = self._rule(BIRTHDAY, customer)
        if rule is not None:
            for due, event in self._birthday_occurrences(born, rule.amount):
                wanted.append(
                    Occurrence(
                        f"{BIRTHDAY}:c{customer.id}:{event.isoformat()}",
                        BIRTHDAY,
                        None,
                        due,
                        event,
                        self._message(rule, customer, "", event),
                    )
                )

    def _birthday_occurrences(self, born: date, days_before: int) -> list[tuple[date, date]]:
        if born >= self._born_before:  # the year of birth may count: no sharing
            return list(birthday_occurrences(born, days_before, self.today))
        # Born years ago, only the day of the year matters.
        key = (born.month, born.day, days_before)
        found = self._birthday_dates.get(key)
        if found is None:
            found = list(birthday_occurrences(born, days_before, self.today))
            self._birthday_dates[key] = found
        return found

    def _follow_ups(
        self,
        wanted: list[Occurrence],
        customer: CustomerFacts,
        purchase_days: Collection[date],
        visit_days: Collection[date],
    ) -> None:
        """One per day the customer bought or visited, ``amount`` days later."""
        rule = self._rule(FOLLOW_UP, customer)
        if rule is None:
            return
        first = self._floor[FOLLOW_UP] - timedelta(days=rule.amount)
        days = {day for day in purchase_days if day >= first}
        days.update(day for day in visit_days if day >= first)
        for day in sorted(days):
            wanted.append(
                Occurrence(
                    f"{FOLLOW_UP}:c{customer.id}:{day.isoformat()}",
                    FOLLOW_UP,
                    None,
                    day + timedelta(days=rule.amount),
                    day,
                    self._message(rule, customer, "", day),
                )
            )

    def _win_back(
        self, wanted: list[Occurrence], customer: CustomerFacts, purchase_days: Collection[date]
    ) -> None:
        rule = self._rule(WIN_BACK, customer)
        if rule is None:
            return
        due = winback_due(list(purchase_days), self.today, rule.amount)
        if due is not None and due >= self._floor[WIN_BACK]:
            last = max(day for day in purchase_days if day <= self.today)
            wanted.append(
                Occurrence(
                    f"{WIN_BACK}:c{customer.id}:{last.isoformat()}",
                    WIN_BACK,
                    None,
                    due,
                    last,
                    self._message(rule, customer, "", last),
                )
            )


def plan_customer(
    customer: CustomerFacts,
    items: Sequence[ItemFacts],
    purchase_days: Collection[date],
    visit_days: Collection[date],
    rules: RuleBook,
    today: date,
    date_text: DateText = _iso_text,
) -> list[Occurrence]:
    """The generated reminders ``customer`` should have on ``today`` (see ``Planner.plan``)."""
    return Planner(rules, today, date_text).plan(customer, items, purchase_days, visit_days)


# --- Reconciling stored rows with the plan ------------------------------------------------------


class StoredReminder(NamedTuple):
    """A generated reminder as stored (the columns the plan may change, and its state)."""

    id: int
    key: str
    kind: str
    state: str
    due_on: date
    event_on: date | None
    item_id: int | None
    message: str


@dataclass
class Changes:
    """What to write: new occurrences, stored rows to move (id, wanted values), rows to drop."""

    insert: list[Occurrence] = field(default_factory=list)
    update: list[tuple[int, Occurrence]] = field(default_factory=list)
    delete: list[int] = field(default_factory=list)


def series_of(key: str) -> str:
    """``service:i12:2025-03-01`` → ``service:i12``: the item's or customer's line of them."""
    return key.rpartition(":")[0]


def reconcile(
    stored: Collection[StoredReminder],
    wanted: Iterable[Occurrence],
    today: date,
    *,
    customer_active: bool = True,
    retired_items: Collection[int] = (),
    changes: Changes | None = None,
) -> Changes:
    """Bring one customer's stored generated reminders in line with the wanted ones.

    Only untouched rows (state due) are moved or removed; done, snoozed and dismissed ones stay
    exactly as they are (and, keeping their key, are never made again). An untouched row that is
    no longer wanted goes when the plan could have seen it (due within the kind's catch-up
    window), when a newer occurrence of its series is wanted (service, renewal, win-back), when
    its item is retired, or when the customer is archived.
    """
    result = Changes() if changes is None else changes
    if not stored:
        result.insert.extend(wanted)
        return result
    wanted_by_key = {occurrence.key: occurrence for occurrence in wanted}
    wanted_series = {series_of(key) for key, o in wanted_by_key.items() if o.kind in SERIES_KINDS}
    for row in stored:
        occurrence = wanted_by_key.pop(row.key, None)
        if row.state != DUE_STATE:
            continue
        if occurrence is not None:
            if (
                row.due_on != occurrence.due_on
                or row.event_on != occurrence.event_on
                or row.item_id != occurrence.item_id
                or row.message != occurrence.message
            ):
                result.update.append((row.id, occurrence))
            continue
        lapse = LAPSE_DAYS.get(row.kind)
        if (
            not customer_active
            or (row.item_id is not None and row.item_id in retired_items)
            or (lapse is not None and row.due_on >= today - timedelta(days=lapse))
            or (row.kind in SERIES_KINDS and series_of(row.key) in wanted_series)
        ):
            result.delete.append(row.id)
    result.insert.extend(wanted_by_key.values())
    return result
