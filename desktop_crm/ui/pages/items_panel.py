"""The Items tab of a customer: what the shop looks after for them (pets, cars, contracts)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerDetails
from desktop_crm.services.items import ItemRecord
from desktop_crm.services.reminders.kinds import ReminderKind
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.care_dates_dialog import CareDatesDialog
from desktop_crm.ui.dialogs.customer_rules_dialog import CustomerRulesDialog
from desktop_crm.ui.dialogs.item_dialog import ItemDialog
from desktop_crm.ui.labels import item_kind_name
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.table_panel import TablePanel

NONE = "—"


class ItemModel(ListModel[ItemRecord]):
    def dimmed(self, record: ItemRecord) -> bool:
        return record.retired


class ItemsPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.details: CustomerDetails | None = None
        self._next_service: dict[int, date] = {}
        columns: list[Column[ItemRecord]] = [
            Column(lambda: _("Kind"), lambda i: item_kind_name(i.kind)),
            Column(lambda: _("Name"), self._name_text),
            Column(lambda: _("Details"), lambda i: i.details),
            Column(lambda: _("Last service"), lambda i: format_date(i.last_service_on) or NONE),
            Column(lambda: _("Next service"), self._next_text),
            Column(lambda: _("Contract ends"), lambda i: format_date(i.contract_end_on) or NONE),
        ]
        self.model = ItemModel(columns, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([100, 180, 220, 110, 110, 110])
        self.panel.set_empty_text(
            _(
                "Nothing looked after for this customer yet. Add a pet, a vehicle, an appliance "
                "or a contract with Ctrl+I."
            )
        )
        self.add_button = self.panel.add_button(_("&New item"), self.add, tip=_("Ctrl+I"))
        self.edit_button = self.panel.add_button(
            _("Edit"), self.edit_selected, needs_selection=True
        )
        self.serviced_button = self.panel.add_button(
            _("Ser&viced today"),
            self.serviced_today,
            needs_selection=True,
            tip=_("Record that the selected item was serviced today"),
        )
        self.retire_button = self.panel.add_button(
            _("&Retire"), self.retire_or_restore, needs_selection=True
        )
        self.delete_button = self.panel.add_button(
            _("Delete"), self.delete_selected, needs_selection=True, tip=_("Del")
        )
        self.own_dates = QLabel(self)
        self.own_dates.setObjectName("own_dates")
        self.own_dates.setStyleSheet("color: #555;")
        self.own_dates_button = QPushButton(_("Customer's o&wn dates…"), self)
        self.own_dates_button.setToolTip(
            _("Last service and contract end for a customer without items")
        )
        self.rules_button = QPushButton(_("Reminder r&ules…"), self)
        self.rules_button.setToolTip(
            _("Own intervals for this customer and their items, or reminders switched off")
        )
        top = QHBoxLayout()
        top.addWidget(self.own_dates, 1)
        top.addWidget(self.own_dates_button)
        top.addWidget(self.rules_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)

        self.table.row_opened.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.own_dates_button.clicked.connect(self.edit_own_dates)
        self.rules_button.clicked.connect(self.edit_rules)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.delete_selected)
        ctx.bus.customer_changed.connect(self._changed)
        ctx.bus.reminders_changed.connect(self.reload)
        ctx.bus.rules_changed.connect(self.reload)
        ctx.bus.settings_changed.connect(self.reload)

    # --- showing
    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        shop = self.ctx.shop
        selected = self.selected()
        try:
            self.details = shop.customers.get(self.customer_id)
            items = shop.items.list(self.customer_id)
            reminders = shop.reminders.for_customer(self.customer_id, include_closed=False)
        except CrmError:
            return
        # Item id -> its next service; 0 -> the customer's own (item ids start at 1).
        self._next_service = {}
        for reminder in reminders:
            if reminder.kind == ReminderKind.SERVICE:
                key = reminder.item_id or 0
                known = self._next_service.get(key)
                if known is None or reminder.due_on < known:
                    self._next_service[key] = reminder.due_on
        self.model.set_records(items)
        if selected is not None:
            row = next((r for r, i in enumerate(items) if i.id == selected.id), None)
            if row is not None:
                self.table.select_row(row)
        self._show_own_dates(self.details)
        self._update_buttons()

    def _show_own_dates(self, details: CustomerDetails) -> None:
        service = format_date(details.last_service_on) or NONE
        upcoming = self._next_service.get(0)
        if details.last_service_on is not None and upcoming is not None:
            service = _("{last} (next: {next})").format(last=service, next=format_date(upcoming))
        self.own_dates.setText(
            _("Customer's own dates — last service: {service}, contract ends: {end}").format(
                service=service, end=format_date(details.contract_end_on) or NONE
            )
        )

    def _name_text(self, item: ItemRecord) -> str:
        return _("{name} (retired)").format(name=item.name) if item.retired else item.name

    def _next_text(self, item: ItemRecord) -> str:
        if item.retired:
            return NONE
        return format_date(self._next_service.get(item.id)) or NONE

    def _changed(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self.reload()

    def selected(self) -> ItemRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _update_buttons(self) -> None:
        item = self.selected()
        retired = item is not None and item.retired
        self.retire_button.setText(_("Rest&ore") if retired else _("&Retire"))
        self.retire_button.setToolTip(
            _("Service and renewal reminders start again")
            if retired
            else _("Sold, gone or no longer looked after: no more reminders for it")
        )
        self.serviced_button.setEnabled(item is not None and not item.retired)

    # --- actions
    def add(self, existing: ItemRecord | None = None) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return
        shop = self.ctx.shop
        dialog = ItemDialog(
            shop.items, shop.rules, customer_id, existing, self.ctx.today(), parent=self
        )
        dialog.accepted.connect(lambda: self._announce(customer_id, dialog.rules_touched))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def edit_selected(self) -> None:
        item = self.selected()
        if item is not None:
            self.add(item)

    def serviced_today(self) -> None:
        item = self.selected()
        if item is not None and not item.retired:
            today = self.ctx.today()
            self._write(
                _("Serviced today"), lambda: self.ctx.shop.items.record_service(item.id, today)
            )

    def retire_or_restore(self) -> None:
        item = self.selected()
        if item is None:
            return
        items = self.ctx.shop.items
        if item.retired:
            self._write(_("Restore item"), lambda: items.restore(item.id))
        else:
            self._write(_("Retire item"), lambda: items.retire(item.id))

    def delete_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        title = _("Delete item")
        if not self.ctx.prompts.confirm(
            title,
            _("Delete “{name}” and its reminders? To keep its history, retire it instead.").format(
                name=item.name
            ),
            _("Delete"),
        ):
            return
        rules = self.ctx.shop.rules.for_customer(item.customer_id)
        own_rules = any(rule.scope.item_id == item.id for rule in rules)
        self._write(title, lambda: self.ctx.shop.items.delete(item.id), rules=own_rules)

    def _write(self, title: str, call: Callable[[], object], rules: bool = False) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return
        try:
            call()
        except CrmError as exc:
            self.ctx.prompts.error(title, error_text(exc))
            return
        self._announce(customer_id, rules=rules)

    def _announce(self, customer_id: int, rules: bool = False) -> None:
        # An item's own interval is a rule: the Settings list shows it too.
        if rules:
            self.ctx.bus.rules_changed.emit()
        self.ctx.bus.customer_changed.emit(customer_id)

    def edit_own_dates(self) -> None:
        customer_id, details = self.customer_id, self.details
        if customer_id is None or details is None:
            return
        dialog = CareDatesDialog(self.ctx.shop.customers, details, self.ctx.today(), self)
        dialog.accepted.connect(lambda: self.ctx.bus.customer_changed.emit(customer_id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def edit_rules(self) -> None:
        if self.customer_id is None:
            return
        dialog = CustomerRulesDialog(self.ctx, self.customer_id, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()
