"""Add or edit something the shop looks after: a pet, a car, an appliance, a contract."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.reminder_plan import AMOUNT_LIMITS
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.items import ItemDraft, ItemRecord, ItemService, validate_item
from desktop_crm.services.reminders.kinds import ITEM_KINDS, ReminderKind
from desktop_crm.services.rules import RuleRecord, RuleScope, RuleService
from desktop_crm.ui.labels import item_kind_name
from desktop_crm.ui.widgets.form_dialog import FormDialog
from desktop_crm.ui.widgets.optional_date import OptionalDateEdit

SERVICE = str(ReminderKind.SERVICE)


class ItemDialog(FormDialog):
    """An item and, optionally, its own service interval (an item-scoped service rule)."""

    def __init__(
        self,
        items: ItemService,
        rules: RuleService,
        customer_id: int,
        existing: ItemRecord | None = None,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit item") if existing else _("New item"), parent)
        self._items, self._rules = items, rules
        self._customer_id, self._existing = customer_id, existing
        self._known = rules.list(SERVICE)
        self._own_rule = self._find_own_rule()
        self.rules_touched = False  # whether saving changed the item's own interval
        self.setMinimumWidth(460)
        self.kind = QComboBox(self)
        for code in ITEM_KINDS:
            self.kind.addItem(item_kind_name(code), code)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("Rex, the blue Corsa, plan #42"))
        self.details = QLineEdit(self)
        self.details.setPlaceholderText(_("Breed, number plate, serial number…"))
        self.last_service = OptionalDateEdit(_("Serviced on"), today, self)
        self.contract_end = OptionalDateEdit(_("Ends on"), today, self)
        low, high = AMOUNT_LIMITS[SERVICE]
        self.interval = QSpinBox(self)
        # 0 (shown as the special text) means: no interval of its own, the shop's rule applies.
        self.interval.setRange(low - 1, high)
        self.interval.setSpecialValueText(_("The shop's rule"))
        self.interval.setSuffix(" " + _("months"))
        self.interval_hint = QLabel(self)
        self.interval_hint.setObjectName("interval_hint")
        self.interval_hint.setWordWrap(True)
        self.interval_hint.setStyleSheet("color: #555;")
        self.form.add_row("kind", _("&Kind"), self.kind)
        self.form.add_row("name", _("&Name"), self.name)
        self.form.add_row("details", _("&Details"), self.details)
        self.form.add_row("last_service_on", _("&Last service"), self.last_service)
        self.form.add_row("contract_end_on", _("&Contract ends"), self.contract_end)
        self.form.add_row("interval", _("&Service every"), self.interval)
        self.form.add_widget(self.interval_hint)
        if existing is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(existing.kind)))
            self.name.setText(existing.name)
            self.details.setText(existing.details)
            self.last_service.set_value(existing.last_service_on)
            self.contract_end.set_value(existing.contract_end_on)
        if self._own_rule is not None:
            self.interval.setValue(self._own_rule.amount)
        self._explain_interval()
        self.kind.currentIndexChanged.connect(lambda _i: self._explain_interval())
        self.kind.currentIndexChanged.connect(lambda _i: self.touched("kind"))
        self.name.textChanged.connect(lambda _t: self.touched("name"))
        self.details.textChanged.connect(lambda _t: self.touched("details"))
        self.last_service.changed.connect(lambda: self.touched("last_service_on"))
        self.contract_end.changed.connect(lambda: self.touched("contract_end_on"))
        self.interval.valueChanged.connect(lambda _v: self._explain_interval())
        self.ok_button.setDefault(True)
        self.name.setFocus()

    def _find_own_rule(self) -> RuleRecord | None:
        if self._existing is None:
            return None
        scope = RuleScope(item_id=self._existing.id)
        rules = self._rules.for_customer(self._customer_id)
        return next((r for r in rules if r.kind == SERVICE and r.scope == scope), None)

    def _shop_interval(self) -> RuleRecord | None:
        """The shop's service rule for the chosen kind of item (or its default)."""
        kind = str(self.kind.currentData())
        for scope in (RuleScope(item_kind=kind), RuleScope()):
            rule = next((r for r in self._known if r.scope == scope), None)
            if rule is not None:
                return rule
        return None

    def _explain_interval(self) -> None:
        months = self.interval.value()
        if months:
            text = ngettext(
                "A service reminder {count} month after the last service.",
                "A service reminder {count} months after the last service.",
                months,
            ).format(count=months)
            if self._own_rule is not None and not self._own_rule.enabled:
                text += " " + _("Service reminders are switched off for this item.")
        else:
            shop = self._shop_interval()
            if shop is None or not shop.enabled:
                text = _("The shop makes no service reminders for this kind of item.")
            else:
                text = ngettext(
                    "The shop's rule: every {count} month.",
                    "The shop's rule: every {count} months.",
                    shop.amount,
                ).format(count=shop.amount)
        self.interval_hint.setText(text)

    def draft(self) -> ItemDraft:
        return ItemDraft(
            kind=str(self.kind.currentData()),
            name=self.name.text().strip(),
            details=self.details.text().strip(),
            last_service_on=self.last_service.value(),
            contract_end_on=self.contract_end.value(),
        )

    def check(self) -> None:
        validate_item(self.draft())

    def save(self) -> ItemRecord:
        if self._existing is None:
            record = self._items.add(self._customer_id, self.draft())
            # If the interval below fails, OK again updates this item instead of adding another.
            self._existing = record
        else:
            record = self._items.update(self._existing.id, self.draft())
        self._save_interval(record)
        return record

    def _save_interval(self, item: ItemRecord) -> None:
        months, own = self.interval.value(), self._own_rule
        if months == 0:
            if own is not None and own.id is not None:
                self._rules.delete(own.id)
                self._own_rule = None
                self.rules_touched = True
            return
        if own is not None and own.amount == months:
            return
        try:
            self._own_rule = self._rules.save(
                SERVICE,
                RuleScope(item_id=item.id),
                months,
                enabled=True if own is None else own.enabled,
                message="" if own is None else own.message,
            )
        except ValidationError as exc:
            raise ValidationError("interval", exc.message, **exc.params) from exc
        self.rules_touched = True
