"""Reminder rules for one customer and their items: an own interval, or a kind switched off
(a customer who does not want birthday wishes)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.rules import RuleRecord, RuleScope
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.rule_dialog import ScopeChoice
from desktop_crm.ui.pages.reminder_rules_section import RulesTable
from desktop_crm.ui.rule_labels import scope_text


class CustomerRulesTable(RulesTable):
    def __init__(self, ctx: UiContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id = customer_id
        self.panel.set_empty_text(
            _(
                "The shop's rules apply to this customer. Add one to change them for this "
                "customer or one of their items, or to switch a kind of reminder off."
            )
        )
        self.add_button = self.panel.add_button(_("Add &rule…"), self.add)
        self.add_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.notice)
        self.reload()

    def rules(self) -> list[RuleRecord]:
        return self.ctx.shop.rules.for_customer(self.customer_id)

    def scope_choices(self) -> list[ScopeChoice]:
        details = self.ctx.shop.customers.get(self.customer_id)
        choices = [
            ScopeChoice(
                _("This customer ({name})").format(name=details.name),
                RuleScope(customer_id=self.customer_id),
            )
        ]
        for item in self.ctx.shop.items.list(self.customer_id, include_retired=False):
            scope = RuleScope(item_id=item.id)
            choices.append(ScopeChoice(scope_text(scope, item.name), scope))
        return choices

    def add(self) -> None:
        self.open_dialog(self.scope_choices())

    def changed(self, what: str) -> None:
        super().changed(what)
        self.ctx.bus.customer_changed.emit(self.customer_id)


class CustomerRulesDialog(QDialog):
    def __init__(self, ctx: UiContext, customer_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        name = ctx.shop.customers.get(customer_id).name
        self.setWindowTitle(_("Reminder rules for {name}").format(name=name))
        self.resize(860, 360)
        intro = QLabel(
            _("Rules set here win over the shop's rules in Settings, for this customer only."),
            self,
        )
        intro.setWordWrap(True)
        self.rules = CustomerRulesTable(ctx, customer_id, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.rules, 1)
        layout.addWidget(buttons)
