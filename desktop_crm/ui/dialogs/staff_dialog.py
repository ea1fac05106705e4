"""Add or edit a staff member."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.staff import StaffDraft, StaffMember, StaffService
from desktop_crm.ui.widgets.form_dialog import FormDialog


class StaffDialog(FormDialog):
    def __init__(
        self,
        staff: StaffService,
        existing: StaffMember | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit staff member") if existing else _("New staff member"), parent)
        self._staff, self._existing = staff, existing
        self.setMinimumWidth(420)
        self.name = QLineEdit(self)
        self.title_ = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.is_manager = QCheckBox(_("Manager"), self)
        self.active = QCheckBox(_("Active"), self)
        self.active.setChecked(True)
        self.form.add_row("name", _("&Name"), self.name)
        self.form.add_row("title", _("&Title"), self.title_)
        self.form.add_row("phone", _("&Phone"), self.phone)
        self.form.add_row("is_manager", "", self.is_manager)
        self.form.add_row("active", "", self.active)
        if existing is not None:
            self.name.setText(existing.name)
            self.title_.setText(existing.title)
            self.phone.setText(existing.phone)
            self.is_manager.setChecked(existing.is_manager)
            self.active.setChecked(existing.active)
        self.name.textChanged.connect(lambda _t: self.touched("name"))
        self.name.setFocus()

    def draft(self) -> StaffDraft:
        return StaffDraft(
            self.name.text(),
            self.title_.text(),
            self.phone.text(),
            self.is_manager.isChecked(),
            self.active.isChecked(),
        )

    def check(self) -> None:
        # The service checks the rest when saving; a name is what must be there.
        if not self.name.text().strip():
            raise ValidationError("name", N_("A staff member needs a name."))

    def save(self) -> StaffMember:
        if self._existing is None:
            return self._staff.create(self.draft())
        return self._staff.update(self._existing.id, self.draft())
