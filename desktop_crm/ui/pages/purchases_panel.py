"""The Purchases tab: what the customer bought, with the total."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date, format_money
from desktop_crm.services.purchases import PurchaseRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.purchase_dialog import PurchaseDialog
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.table_panel import TablePanel


class PurchasesPanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.currency = ctx.settings().currency
        columns: list[Column[PurchaseRecord]] = [
            Column(lambda: _("Date"), lambda p: format_date(p.purchased_on)),
            Column(lambda: _("Description"), lambda p: p.description),
            Column(
                lambda: _("Amount"), lambda p: format_money(p.amount, self.currency), align=RIGHT
            ),
        ]
        self.model = ListModel(columns, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([120, 420, 120])
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(
            1, self.table.horizontalHeader().ResizeMode.Stretch
        )
        self.panel.set_empty_text(_("No purchases recorded. Add one with Ctrl+P."))
        self.panel.add_button(_("&Add purchase"), self.add, tip=_("Ctrl+P"))
        self.panel.add_button(_("Edit"), self.edit_selected, needs_selection=True)
        self.panel.add_button(_("Remove"), self.delete_selected, needs_selection=True)
        self.table.row_opened.connect(lambda _row: self.edit_selected())
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        ctx.bus.customer_changed.connect(self._changed)
        ctx.bus.settings_changed.connect(self._settings_changed)

    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        purchases = self.ctx.shop.purchases
        self.model.set_records(purchases.list(self.customer_id))
        total = purchases.total(self.customer_id)
        self.panel.footer.setText(
            _("Total: {amount}").format(amount=format_money(total, self.currency))
        )

    def _changed(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self.reload()

    def _settings_changed(self) -> None:
        self.currency = self.ctx.settings().currency
        self.reload()

    def _selected(self) -> PurchaseRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def add(self, existing: PurchaseRecord | None = None) -> None:
        customer_id = self.customer_id
        if customer_id is None:
            return
        dialog = PurchaseDialog(
            self.ctx.shop.purchases, customer_id, self.ctx.current_staff_id(), existing, self
        )
        dialog.accepted.connect(lambda: self.ctx.bus.customer_changed.emit(customer_id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def edit_selected(self) -> None:
        purchase = self._selected()
        if purchase is not None:
            self.add(purchase)

    def delete_selected(self) -> None:
        purchase = self._selected()
        if purchase is None:
            return
        if not self.ctx.prompts.confirm(
            _("Remove purchase"),
            _("Remove the purchase “{description}”?").format(description=purchase.description),
            _("Remove"),
        ):
            return
        try:
            self.ctx.shop.purchases.delete(purchase.id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Remove purchase"), error_text(exc))
        self.ctx.bus.customer_changed.emit(purchase.customer_id)
