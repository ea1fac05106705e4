"""The Staff page: who works in the shop, and who may be the author of what is logged."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.services.staff import StaffDraft, StaffMember
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.staff_dialog import StaffDialog
from desktop_crm.ui.labels import yes_no
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.table_panel import TablePanel

COLUMNS: list[Column[StaffMember]] = [
    Column(lambda: _("Name"), lambda s: s.name),
    Column(lambda: _("Title"), lambda s: s.title),
    Column(lambda: _("Phone"), lambda s: s.phone),
    Column(lambda: _("Manager"), lambda s: yes_no(s.is_manager)),
    Column(lambda: _("Active"), lambda s: yes_no(s.active)),
]


class StaffModel(ListModel[StaffMember]):
    def dimmed(self, record: StaffMember) -> bool:
        return not record.active


class StaffPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = StaffModel(COLUMNS, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([220, 180, 150, 90, 90])
        self.panel.set_empty_text(_("No staff yet. Add the people who work in the shop."))
        self.panel.add_button(_("&Add staff member"), self.add)
        self.panel.add_button(_("&Edit"), self.edit_selected, needs_selection=True)
        self.active_button = self.panel.add_button(
            _("&Deactivate"), self.toggle_active, needs_selection=True
        )
        self.table.row_opened.connect(lambda _row: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        title = QLabel(_("Staff"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.panel, 1)
        ctx.bus.staff_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.set_records(self.ctx.shop.staff.list())

    def _selected(self) -> StaffMember | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _update_button(self) -> None:
        member = self._selected()
        inactive = member is not None and not member.active
        self.active_button.setText(_("&Reactivate") if inactive else _("&Deactivate"))

    def add(self, existing: StaffMember | None = None) -> None:
        dialog = StaffDialog(self.ctx.shop.staff, existing, self)
        dialog.accepted.connect(self.ctx.bus.staff_changed.emit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def edit_selected(self) -> None:
        member = self._selected()
        if member is not None:
            self.add(member)

    def toggle_active(self) -> None:
        member = self._selected()
        if member is None:
            return
        if member.active and not self.ctx.prompts.confirm(
            _("Deactivate staff member"),
            _(
                "Deactivate {name}? They can no longer be chosen as the author of new entries; "
                "what they logged stays."
            ).format(name=member.name),
            _("Deactivate"),
        ):
            return
        draft = StaffDraft(member.name, member.title, member.phone, member.is_manager, True)
        try:
            self.ctx.shop.staff.update(
                member.id, dataclasses.replace(draft, active=not member.active)
            )
        except CrmError as exc:
            self.ctx.prompts.error(_("Staff"), error_text(exc))
        self.ctx.bus.staff_changed.emit()
