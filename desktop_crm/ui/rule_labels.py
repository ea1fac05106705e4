"""Words for reminder rules: their kinds, whom they apply to, their amounts and what they mean."""

from __future__ import annotations

from desktop_crm.domain.reminder_plan import BUILT_IN_RULES, ITEM_SCOPED_KINDS
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.reminders.kinds import RULE_KINDS, ReminderKind
from desktop_crm.services.rules import RuleScope
from desktop_crm.ui.labels import item_kind_name

MONTHLY = (ReminderKind.SERVICE,)
"""Kinds whose amount counts months (the others count days)."""

ITEM_RULE_KINDS: tuple[str, ...] = tuple(k for k in RULE_KINDS if k in ITEM_SCOPED_KINDS)
"""Kinds that can be set for an item or a kind of item (items are serviced and renewed)."""


def rule_kind_name(kind: str) -> str:
    labels = {
        "service": _("Service"),
        "birthday": _("Birthday"),
        "renewal": _("Renewal"),
        "follow_up": _("Follow-up"),
        "win_back": _("Win-back"),
    }
    return labels.get(kind, kind.replace("_", " ").capitalize())


def unit_of(kind: str) -> str:
    """The unit of a rule's amount, as a spin box suffix."""
    return _("months") if kind in MONTHLY else _("days")


def amount_text(kind: str, amount: int) -> str:
    if kind in MONTHLY:
        return ngettext("{count} month", "{count} months", amount).format(count=amount)
    return ngettext("{count} day", "{count} days", amount).format(count=amount)


def scope_text(scope: RuleScope, label: str) -> str:
    """Whom a rule applies to; ``label`` is the rule's scope label (a tag, customer, item)."""
    if scope.item_id is not None:
        return _("Item: {name}").format(name=label)
    if scope.customer_id is not None:
        return _("Customer: {name}").format(name=label)
    if scope.tag_id is not None:
        return _("Customers tagged “{tag}”").format(tag=label)
    if scope.item_kind is not None:
        return _("Items of kind: {kind}").format(kind=item_kind_name(scope.item_kind))
    return _("Everyone")


def is_built_in_scope(kind: str, scope: RuleScope) -> bool:
    """Whether a built-in rule has this kind and scope (deleting the shop's own brings it back)."""
    key = (scope.item_kind, scope.tag_id, scope.customer_id, scope.item_id)
    return any(rule.kind == kind and rule.scope_key == key for rule in BUILT_IN_RULES)


def meaning(kind: str, amount: int, enabled: bool = True) -> str:
    """A sentence saying what a rule does, e.g. “Remind 7 days before the birthday.”"""
    if not enabled:
        return _("Switched off: no {kind} reminders.").format(kind=rule_kind_name(kind).lower())
    if kind == ReminderKind.SERVICE:
        return ngettext(
            "Remind {count} month after the last service.",
            "Remind {count} months after the last service.",
            amount,
        ).format(count=amount)
    if kind == ReminderKind.BIRTHDAY:
        if amount == 0:
            return _("Remind on the birthday itself.")
        return ngettext(
            "Remind {count} day before the birthday.",
            "Remind {count} days before the birthday.",
            amount,
        ).format(count=amount)
    if kind == ReminderKind.RENEWAL:
        if amount == 0:
            return _("Remind on the day the contract ends.")
        return ngettext(
            "Remind {count} day before a contract ends.",
            "Remind {count} days before a contract ends.",
            amount,
        ).format(count=amount)
    if kind == ReminderKind.FOLLOW_UP:
        return ngettext(
            "Ask how it went {count} day after a visit or purchase.",
            "Ask how it went {count} days after a visit or purchase.",
            amount,
        ).format(count=amount)
    if kind == ReminderKind.WIN_BACK:
        return ngettext(
            "Remind when a customer who bought once has bought nothing for {count} day; "
            "regular customers after twice their usual time between purchases.",
            "Remind when a customer who bought once has bought nothing for {count} days; "
            "regular customers after twice their usual time between purchases.",
            amount,
        ).format(count=amount)
    return amount_text(kind, amount)
