"""The reminder rules in Settings: the shop's defaults and the rules per item kind, tag,
customer and item; add, change, delete (a built-in default can only be changed)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.services.reminders.kinds import ITEM_KINDS
from desktop_crm.services.rules import RuleRecord, RuleScope
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.rule_dialog import RuleDialog, ScopeChoice
from desktop_crm.ui.labels import yes_no
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.rule_labels import (
    amount_text,
    is_built_in_scope,
    meaning,
    rule_kind_name,
    scope_text,
)
from desktop_crm.ui.widgets.table_panel import TablePanel


def rule_columns() -> list[Column[RuleRecord]]:
    return [
        Column(lambda: _("Reminder"), lambda r: rule_kind_name(r.kind)),
        Column(lambda: _("Applies to"), lambda r: scope_text(r.scope, r.scope_label)),
        Column(lambda: _("When"), lambda r: amount_text(r.kind, r.amount)),
        Column(lambda: _("On"), lambda r: yes_no(r.enabled)),
        Column(lambda: _("What it means"), lambda r: meaning(r.kind, r.amount, r.enabled)),
    ]


class RuleModel(ListModel[RuleRecord]):
    def dimmed(self, record: RuleRecord) -> bool:
        return not record.enabled


class RulesTable(QWidget):
    """A table of rules with Edit and Delete; subclasses say which rules and how to add."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RuleModel(rule_columns(), self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([110, 230, 100, 50])
        self.notice = QLabel(self)
        self.notice.setObjectName("rules_notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #2e7d32;")
        self.notice.setVisible(False)
        self.table.row_opened.connect(lambda _row: self.edit_selected())
        ctx.bus.rules_changed.connect(self.reload)

    def rules(self) -> list[RuleRecord]:
        raise NotImplementedError

    def reload(self) -> None:
        self.model.set_records(self.rules())
        self._update_delete()

    def selected(self) -> RuleRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def add_buttons(self) -> None:
        self.panel.add_button(_("&Change…"), self.edit_selected, needs_selection=True)
        self.delete_button = self.panel.add_button(
            _("&Delete"), self.delete_selected, needs_selection=True
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_delete())

    def _update_delete(self) -> None:
        rule = self.selected()
        built_in = rule is not None and rule.id is None
        self.delete_button.setEnabled(rule is not None and not built_in)
        self.delete_button.setToolTip(
            _("A built-in rule cannot be deleted, only changed.") if built_in else ""
        )

    def open_dialog(
        self, choices: Sequence[ScopeChoice], existing: RuleRecord | None = None
    ) -> RuleDialog:
        dialog = RuleDialog(self.ctx.shop.rules, choices, existing, parent=self)
        dialog.accepted.connect(lambda: self.changed(_("Rule saved.")))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()
        return dialog

    def edit_selected(self) -> None:
        rule = self.selected()
        if rule is not None:
            self.open_dialog([], rule)

    def delete_selected(self) -> None:
        rule = self.selected()
        if rule is None or rule.id is None:
            return
        title = _("Delete reminder rule")
        text = _("Delete the {kind} rule for “{scope}”?").format(
            kind=rule_kind_name(rule.kind).lower(), scope=scope_text(rule.scope, rule.scope_label)
        )
        if is_built_in_scope(rule.kind, rule.scope):
            text += " " + _("The built-in rule applies again.")
        else:
            text += " " + _("The more general rule applies again.")
        if not self.ctx.prompts.confirm(title, text, _("Delete")):
            return
        try:
            self.ctx.shop.rules.delete(rule.id)
        except CrmError as exc:
            self.ctx.prompts.error(title, error_text(exc))
            return
        self.changed(_("Rule deleted."))

    def changed(self, what: str) -> None:
        """Tell everyone (reminders are worked out again) and the user."""
        self.notice.setText(what + " " + _("Reminders are being worked out again."))
        self.notice.setVisible(True)
        self.ctx.bus.rules_changed.emit()


class ReminderRulesSection(RulesTable):
    """The Settings page's rules: everyone, per kind of item, per tag (and the rest, listed)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        title = QLabel(_("Reminder rules"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        intro = QLabel(
            _(
                "When reminders come due. The most specific rule wins: an item's own, then the "
                "customer's, then a tag's, then the kind of item's, then everyone's."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")
        self.panel.set_empty_text(_("No reminder rules."))
        self.add_button = self.panel.add_button(_("Add &rule…"), self.add)
        self.add_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.notice)
        self.reload()

    def rules(self) -> list[RuleRecord]:
        return self.ctx.shop.rules.list()

    def scope_choices(self) -> list[ScopeChoice]:
        choices = [ScopeChoice(_("Everyone"), RuleScope())]
        choices += [
            ScopeChoice(scope_text(RuleScope(item_kind=kind), ""), RuleScope(item_kind=kind))
            for kind in ITEM_KINDS
        ]
        choices += [
            ScopeChoice(scope_text(RuleScope(tag_id=tag_id), name), RuleScope(tag_id=tag_id))
            for tag_id, name in tags_with_ids(self.ctx)
        ]
        return choices

    def add(self) -> None:
        self.open_dialog(self.scope_choices())


def tags_with_ids(ctx: UiContext) -> list[tuple[int, str]]:
    """The tags a rule can be set for, as (tag id, name)."""
    return ctx.shop.rules.tags()
