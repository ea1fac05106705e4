"""The Promises tab of a customer: their promises, and a new one in a few keystrokes."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from desktop_crm.i18n import _, ngettext
from desktop_crm.services.promises import PromiseRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.record_model import Index, ListModel
from desktop_crm.ui.widgets import promise_actions
from desktop_crm.ui.widgets.promise_actions import overdue_style, promise_columns
from desktop_crm.ui.widgets.table_panel import TablePanel

ADD_SHORTCUT = "Ctrl+Shift+P"
"""The customer view's key for "add a promise" (Ctrl+P is taken by purchases)."""


class CustomerPromiseModel(ListModel[PromiseRecord]):
    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        self.today = ctx.today()
        self.currency = ctx.settings().currency
        columns = promise_columns(lambda: self.today, lambda: self.currency, with_customer=False)
        super().__init__(columns, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            styled = overdue_style(self.record(index.row()), self.today, role)
            if styled is not None:
                return styled
        return super().data(index, role)

    def dimmed(self, record: PromiseRecord) -> bool:
        return not record.pending


class CustomerPromisesPanel(promise_actions.SelectedPromiseActions, QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.model = CustomerPromiseModel(ctx, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([110, 320, 130, 170])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.panel.set_empty_text(
            _("No promises to this customer. Add one with {keys}.").format(keys=ADD_SHORTCUT)
        )
        self.add_button = self.panel.add_button(
            _("&Add promise"),
            self.add,
            tip=_("{keys} (or N in the list)").format(keys=ADD_SHORTCUT),
        )
        self.kept_button = self.panel.add_button(
            _("Kept"), self.keep_selected, tip=_("K or Ctrl+Enter")
        )
        self.change_button = self.panel.add_button(
            _("Change date…"), self.change_selected, tip=_("D")
        )
        self.broken_button = self.panel.add_button(_("Broken…"), self.break_selected, tip=_("B"))
        self.reopen_button = self.panel.add_button(
            _("Reopen"), self.reopen_selected, tip=_("Undo kept or broken")
        )
        self.edit_button = self.panel.add_button(
            _("Edit…"), self.edit_selected, needs_selection=True, tip=_("Enter")
        )
        self.table.row_opened.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        # Single letters act on the list only (the customer view owns the Ctrl keys).
        for keys, slot in (
            ("N", self.add),
            ("K", self.keep_selected),
            ("D", self.change_selected),
            ("B", self.break_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self, self.keep_selected)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        ctx.bus.promises_changed.connect(self.reload)
        ctx.bus.customer_changed.connect(self._customer_changed)
        ctx.bus.staff_changed.connect(self.reload)
        ctx.bus.settings_changed.connect(self._settings_changed)
        self._update_buttons()

    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        selected = self.selected()
        self.model.today = self.ctx.today()
        records = self.ctx.shop.promises.for_customer(self.customer_id)
        self.model.set_records(records)
        if selected is not None:
            row = next((i for i, r in enumerate(records) if r.id == selected.id), None)
            if row is not None:
                self.table.select_row(row)
        pending = sum(1 for r in records if r.pending)
        overdue = sum(1 for r in records if r.is_overdue(self.model.today))
        text = ngettext("{count} open", "{count} open", pending).format(count=pending)
        if overdue:
            text += " · " + ngettext("{count} overdue", "{count} overdue", overdue).format(
                count=overdue
            )
        self.panel.footer.setText(text if records else "")

    def _customer_changed(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self.reload()

    def _settings_changed(self) -> None:
        self.model.currency = self.ctx.settings().currency
        self.reload()

    def _update_buttons(self) -> None:
        record = self.selected()
        pending = record is not None and record.pending
        self.kept_button.setEnabled(pending)
        self.change_button.setEnabled(pending)
        self.broken_button.setEnabled(pending)
        self.reopen_button.setEnabled(record is not None and not record.pending)

    # --- actions
    def selected(self) -> PromiseRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def add(self) -> None:
        """A new promise to this customer (the customer view's Ctrl+Shift+P calls this)."""
        if self.customer_id is not None:
            promise_actions.add_promise(self.ctx, self.customer_id, self)
