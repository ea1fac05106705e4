"""The Timeline tab: every event on a customer, newest first; contacts logged and corrected."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.services.timeline import EventKind, TimelineEntry
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.contact_dialog import ContactDialog
from desktop_crm.ui.models.timeline_model import TimelineModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.table_panel import TablePanel


class TimelinePanel(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = TimelineModel(ctx.shop.timeline, ctx.settings().time_zone, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([140, 100, 130, 90, 360])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.panel.set_empty_text(_("Nothing on the timeline yet. Log a contact with Ctrl+L."))
        self.panel.add_button(_("&Log contact"), self.log_contact, tip=_("Ctrl+L"))
        self.edit_button = self.panel.add_button(
            _("Correct"), self.edit_selected, needs_selection=True
        )
        self.delete_button = self.panel.add_button(
            _("Remove"), self.delete_selected, needs_selection=True
        )
        self.table.row_opened.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        ctx.bus.customer_changed.connect(self._changed)
        ctx.bus.settings_changed.connect(self._settings_changed)

    def show_customer(self, customer_id: int) -> None:
        self.model.show_customer(customer_id)
        self._footer()

    def _changed(self, customer_id: int) -> None:
        if customer_id == self.model.customer_id:
            self.model.reload()
            self._footer()

    def _settings_changed(self) -> None:
        self.model.time_zone = self.ctx.settings().time_zone
        self.model.reload()

    def _footer(self) -> None:
        count = self.model.rowCount()
        self.panel.footer.setText(_("{count} entries").format(count=count) if count else "")

    def _selected(self) -> TimelineEntry | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _update_buttons(self) -> None:
        # Only contacts are corrected here; other kinds belong to their own capability.
        entry = self._selected()
        is_contact = entry is not None and entry.kind == EventKind.CONTACT
        self.edit_button.setEnabled(is_contact)
        self.delete_button.setEnabled(is_contact)

    def log_contact(self, existing: TimelineEntry | None = None) -> None:
        customer_id = self.model.customer_id
        if customer_id is None:
            return
        dialog = ContactDialog(
            self.ctx.shop.timeline,
            customer_id,
            self.ctx.shop.staff.list(),
            self.ctx.current_staff_id(),
            existing,
            self,
        )
        dialog.accepted.connect(lambda: self.ctx.bus.customer_changed.emit(customer_id))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def edit_selected(self) -> None:
        entry = self._selected()
        if entry is not None and entry.kind == EventKind.CONTACT:
            self.log_contact(entry)

    def delete_selected(self) -> None:
        entry = self._selected()
        if entry is None or entry.kind != EventKind.CONTACT:
            return
        if not self.ctx.prompts.confirm(
            _("Remove contact"),
            _("Remove this contact from the timeline?\n\n{summary}").format(summary=entry.summary),
            _("Remove"),
        ):
            return
        try:
            self.ctx.shop.timeline.delete_contact(entry.id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Remove contact"), error_text(exc))
        self.ctx.bus.customer_changed.emit(entry.customer_id)
