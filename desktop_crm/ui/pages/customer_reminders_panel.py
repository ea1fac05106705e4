"""The Reminders tab of a customer: their reminders, done or still to do, and new ones."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.services.reminders.records import ReminderRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.pages.reminders_page import ReminderListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets import reminder_actions as actions
from desktop_crm.ui.widgets.table_panel import TablePanel

NEW_KEYS = "Ctrl+R"


class CustomerRemindersPanel(actions.SelectedReminderActions, QWidget):
    """Open reminders first (by date), then the done and dismissed ones (latest first)."""

    print_requested = Signal(object)  # a DocumentRequest, relayed by the customer view

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.model = ReminderListModel(ctx, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([110, 100, 320, 110])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.panel.set_empty_text(_("No reminders for this customer. Add one with Ctrl+R."))
        self.new_button = self.panel.add_button(
            _("&New reminder…"), self.new_reminder, tip=_("Ctrl+R")
        )
        self.done_button = self.panel.add_button(_("Done"), self.show_done_menu, tip=_("Ctrl+D"))
        self.done_button.setMenu(actions.done_menu(self, self._done_chosen))
        self.snooze_button = self.panel.add_button(
            _("Snooze"), self.show_snooze_menu, tip=_("Ctrl+Shift+S")
        )
        self.dismiss_button = self.panel.add_button(
            _("Dismiss"), self.dismiss_selected, tip=_("Ctrl+Shift+D")
        )
        self.reopen_button = self.panel.add_button(_("Reopen"), self.reopen_selected)
        self.edit_button = self.panel.add_button(_("Change…"), self.edit_selected, tip=_("Enter"))
        self.delete_button = self.panel.add_button(_("Delete"), self.delete_selected)
        self.email_button = self.panel.add_button(
            _("Email"), self.email_selected, tip=_("Ctrl+Shift+E")
        )
        self.print_button = self.panel.add_button(
            _("Print note…"), self.print_note_selected, needs_selection=True
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

        self.table.row_opened.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._model_reset)
        for keys, slot in (
            (NEW_KEYS, self.new_reminder),
            (actions.DONE_KEYS, self.show_done_menu),
            (actions.SNOOZE_KEYS, self.show_snooze_menu),
            (actions.DISMISS_KEYS, self.dismiss_selected),
            (actions.EMAIL_KEYS, self.email_selected),
        ):
            # Window-wide, but only while this tab shows (a hidden widget's shortcuts sleep).
            QShortcut(QKeySequence(keys), self, slot)
        ctx.bus.reminders_changed.connect(self.reload)
        ctx.bus.customer_changed.connect(self._customer_changed)
        ctx.bus.settings_changed.connect(self.reload)
        self._update_buttons()

    def show_customer(self, customer_id: int) -> None:
        self.customer_id = customer_id
        self.reload()

    def reload(self) -> None:
        if self.customer_id is None:
            return
        selected, row = self.selected(), self.table.current_row()
        self.model.today = self.ctx.today()
        self.model.set_records(self.ctx.shop.reminders.for_customer(self.customer_id))
        records = self.model.records()
        if not records:
            return
        ids = [record.id for record in records]
        if selected is not None and selected.id in ids:
            self.table.select_row(ids.index(selected.id))
        elif row is not None:
            self.table.select_row(min(row, len(records) - 1))

    def _customer_changed(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self.reload()

    def _model_reset(self) -> None:
        self.snooze_button.setMenu(actions.snooze_menu(self, self.model.today, self._snooze_to))
        records = self.model.records()
        still_open = sum(1 for record in records if record.is_open)
        self.panel.footer.setText(
            _("{open} open, {closed} closed").format(
                open=still_open, closed=len(records) - still_open
            )
            if records
            else ""
        )
        self._update_buttons()

    def selected(self) -> ReminderRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _update_buttons(self) -> None:
        record = self.selected()
        is_open = record is not None and record.is_open
        for button in (self.done_button, self.snooze_button, self.dismiss_button):
            button.setEnabled(is_open)
        self.reopen_button.setEnabled(record is not None and not record.is_open)
        manual = record is not None and actions.is_manual(record)
        self.edit_button.setEnabled(manual and is_open)
        self.delete_button.setEnabled(manual)
        self.email_button.setEnabled(record is not None and "email" in record.channels)
        self.new_button.setEnabled(self.customer_id is not None)

    # --- actions
    def new_reminder(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        record = self.selected()
        if record is not None and actions.is_manual(record) and record.is_open:
            self._open_dialog(record)

    def _open_dialog(self, existing: ReminderRecord | None) -> None:
        from desktop_crm.ui.dialogs.reminder_dialog import ReminderDialog

        if self.customer_id is None:
            return
        dialog = ReminderDialog(self.ctx, self.customer_id, existing, self)
        dialog.accepted.connect(self.ctx.bus.reminders_changed.emit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None or not actions.is_manual(record):
            return
        if not self.ctx.prompts.confirm(
            _("Delete reminder"),
            _("Delete the reminder “{text}”?").format(text=actions.reminder_text(record)),
            _("Delete"),
        ):
            return
        try:
            self.ctx.shop.reminders.delete_manual(record.id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Delete reminder"), error_text(exc))
        self.ctx.bus.reminders_changed.emit()
