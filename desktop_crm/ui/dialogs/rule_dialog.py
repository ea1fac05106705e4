"""Set a reminder rule: its kind, whom it applies to, its amount, on or off, its own message."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.reminder_plan import AMOUNT_LIMITS
from desktop_crm.i18n import _
from desktop_crm.services.reminders.kinds import RULE_KINDS
from desktop_crm.services.rules import RuleRecord, RuleScope, RuleService
from desktop_crm.ui.rule_labels import (
    ITEM_RULE_KINDS,
    meaning,
    rule_kind_name,
    scope_text,
    unit_of,
)
from desktop_crm.ui.widgets.form_dialog import FormDialog

PLACEHOLDERS = ("customer", "item", "date")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class ScopeChoice:
    """One entry of “Applies to”: its words and the scope stored."""

    text: str
    scope: RuleScope


def kinds_for(scope: RuleScope) -> tuple[str, ...]:
    """Items and kinds of item have service and renewal rules; people have them all."""
    if scope.item_id is not None or scope.item_kind is not None:
        return ITEM_RULE_KINDS
    return tuple(RULE_KINDS)


class RuleDialog(FormDialog):
    """A new rule (scope and kind chosen among ``choices``/``kind``) or ``existing`` changed.

    Saving a kind and scope that already has a rule changes that rule (RuleService upserts).
    """

    def __init__(
        self,
        rules: RuleService,
        choices: Sequence[ScopeChoice],
        existing: RuleRecord | None = None,
        kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit reminder rule") if existing else _("New reminder rule"), parent)
        self._rules, self._existing = rules, existing
        self._known = rules.list()
        self.setMinimumWidth(500)
        self.applies_to = QComboBox(self)
        for choice in choices:
            self.applies_to.addItem(choice.text, choice.scope)
        self.kind = QComboBox(self)
        self.amount = QSpinBox(self)
        self.meaning = QLabel(self)
        self.meaning.setObjectName("rule_meaning")
        self.meaning.setWordWrap(True)
        self.meaning.setStyleSheet("color: #555;")
        self.enabled = QCheckBox(_("Make these reminders"), self)
        self.enabled.setChecked(True)
        self.message = QLineEdit(self)
        self.message.setPlaceholderText(_("Leave empty for the usual text"))
        hint = QLabel(
            _(
                "{customer}, {item} and {date} are filled in with the customer's name, the item's "
                "name and the date."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #777;")
        self.form.add_row("scope", _("A&pplies to"), self.applies_to)
        self.form.add_row("kind", _("&Kind"), self.kind)
        self.form.add_row("amount", _("&When"), self.amount)
        self.form.add_widget(self.meaning)
        self.form.add_row("enabled", "", self.enabled)
        self.form.add_row("message", _("&Message"), self.message)
        self.form.add_widget(hint)

        self._fill_kinds(kind)
        if existing is not None:
            self.applies_to.clear()
            self.applies_to.addItem(_current_text(choices, existing), existing.scope)
            self._fill_kinds(existing.kind)
            self._load(existing)
        else:
            self._load(self._current_rule())
        self.applies_to.setEnabled(existing is None and self.applies_to.count() > 1)
        self.kind.setEnabled(existing is None and kind is None and self.kind.count() > 1)

        self.applies_to.currentIndexChanged.connect(lambda _i: self._scope_changed(kind))
        self.kind.currentIndexChanged.connect(lambda _i: self._load(self._current_rule()))
        self.amount.valueChanged.connect(lambda _v: self.touched("amount"))
        self.amount.valueChanged.connect(lambda _v: self._explain())
        self.enabled.toggled.connect(lambda _on: self._explain())
        self.message.textChanged.connect(lambda _t: self.touched("message"))
        self.ok_button.setDefault(True)
        self.amount.setFocus()

    # --- what is being edited
    def scope(self) -> RuleScope:
        scope = self.applies_to.currentData()
        return scope if isinstance(scope, RuleScope) else RuleScope()

    def kind_code(self) -> str:
        return str(self.kind.currentData())

    def _fill_kinds(self, fixed: str | None) -> None:
        self.kind.blockSignals(True)
        current = fixed or self.kind.currentData()
        self.kind.clear()
        kinds = (fixed,) if fixed else kinds_for(self.scope())
        for code in kinds:
            self.kind.addItem(rule_kind_name(code), code)
        self.kind.setCurrentIndex(max(0, self.kind.findData(current)))
        self.kind.blockSignals(False)

    def _scope_changed(self, fixed: str | None) -> None:
        self._fill_kinds(fixed)
        self.kind.setEnabled(fixed is None and self.kind.count() > 1)
        self._load(self._current_rule())

    def _current_rule(self) -> RuleRecord | None:
        """The rule already set for this kind and scope, else the shop's default for the kind."""
        kind, scope = self.kind_code(), self.scope()
        same = [r for r in self._known if r.kind == kind and r.scope == scope]
        default = [r for r in self._known if r.kind == kind and r.scope == RuleScope()]
        found = same or default
        return found[0] if found else None

    def _load(self, rule: RuleRecord | None) -> None:
        kind = self.kind_code()
        low, high = AMOUNT_LIMITS.get(kind, (0, 3650))
        self.amount.blockSignals(True)
        self.amount.setRange(low, high)
        self.amount.setSuffix(" " + unit_of(kind))
        if rule is not None:
            self.amount.setValue(rule.amount)
        self.amount.blockSignals(False)
        # A rule of its own for this kind and scope shows as it is; otherwise a new one starts on.
        own = rule is not None and rule.scope == self.scope()
        self.enabled.setChecked(rule.enabled if rule is not None and own else True)
        self.message.setText(rule.message if rule is not None and own else "")
        self._explain()
        self.revalidate()

    def _explain(self) -> None:
        self.meaning.setText(
            meaning(self.kind_code(), self.amount.value(), self.enabled.isChecked())
        )

    # --- FormDialog
    def check(self) -> None:
        kind = self.kind_code()
        low, high = AMOUNT_LIMITS.get(kind, (0, 3650))
        if not low <= self.amount.value() <= high:
            raise ValidationError(
                "amount",
                N_("Choose between {low} and {high} {unit}."),
                low=low,
                high=high,
                unit=unit_of(kind),
            )
        for name in _PLACEHOLDER.findall(self.message.text()):
            if name not in PLACEHOLDERS:
                raise ValidationError(
                    "message",
                    N_("“{placeholder}” is not filled in: use {{customer}}, {{item}} or {{date}}."),
                    placeholder="{" + name + "}",
                )

    def save(self) -> RuleRecord:
        return self._rules.save(
            self.kind_code(),
            self.scope(),
            self.amount.value(),
            enabled=self.enabled.isChecked(),
            message=self.message.text().strip(),
        )


def _current_text(choices: Sequence[ScopeChoice], rule: RuleRecord) -> str:
    match = next((c.text for c in choices if c.scope == rule.scope), None)
    return match or scope_text(rule.scope, rule.scope_label)
