"""Log a contact (or correct one): channel preselected, the person at the keyboard as author."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop_crm.domain.customers import CONTACT_CHANNELS, validate_contact
from desktop_crm.i18n import _
from desktop_crm.services.staff import StaffMember
from desktop_crm.services.timeline import TimelineEntry, TimelineService
from desktop_crm.ui.labels import channel_label
from desktop_crm.ui.widgets.form_dialog import FormDialog


class ContactDialog(FormDialog):
    """Enter saves: the summary is the only field that must be typed."""

    def __init__(
        self,
        timeline: TimelineService,
        customer_id: int,
        staff: list[StaffMember],
        current_staff_id: int | None,
        existing: TimelineEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Correct contact") if existing else _("Log contact"), parent)
        self._timeline, self._customer_id, self._existing = timeline, customer_id, existing
        self.setMinimumWidth(460)
        self.channel = QComboBox(self)
        for code in CONTACT_CHANNELS:
            self.channel.addItem(channel_label(code), code)
        self.staff = QComboBox(self)
        self.staff.addItem(_("(nobody)"), None)
        for member in staff:
            if member.active or (existing is not None and member.id == existing.staff_id):
                self.staff.addItem(member.name, member.id)
        self.summary = QLineEdit(self)
        self.summary.setPlaceholderText(_("What was it about?"))
        self.outcome = QLineEdit(self)
        self.outcome.setPlaceholderText(_("What came of it (optional)"))
        self.form.add_row("channel", _("&Channel"), self.channel)
        self.form.add_row("staff_id", _("&Staff"), self.staff)
        self.form.add_row("summary", _("S&ummary"), self.summary)
        self.form.add_row("outcome", _("&Outcome"), self.outcome)

        author = existing.staff_id if existing is not None else current_staff_id
        self.staff.setCurrentIndex(max(0, self.staff.findData(author)))
        if existing is not None:
            self.channel.setCurrentIndex(max(0, self.channel.findData(existing.channel)))
            self.summary.setText(existing.summary)
            self.outcome.setText(existing.outcome)
        self.summary.textChanged.connect(lambda _t: self.touched("summary"))
        self.ok_button.setDefault(True)
        self.summary.setFocus()

    def check(self) -> None:
        validate_contact(str(self.channel.currentData()), self.summary.text())

    def save(self) -> TimelineEntry:
        channel = str(self.channel.currentData())
        staff_id = self.staff.currentData()
        if self._existing is None:
            return self._timeline.log_contact(
                self._customer_id, channel, self.summary.text(), self.outcome.text(), staff_id
            )
        return self._timeline.update_contact(
            self._existing.id, channel, self.summary.text(), self.outcome.text(), staff_id
        )
