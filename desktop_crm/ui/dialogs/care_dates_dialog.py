"""A customer's own service and contract dates, for one whose care is not tied to an item."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.customers import CustomerDetails, CustomerService
from desktop_crm.ui.widgets.form_dialog import FormDialog
from desktop_crm.ui.widgets.optional_date import OptionalDateEdit

EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)


class CareDatesDialog(FormDialog):
    def __init__(
        self,
        customers: CustomerService,
        details: CustomerDetails,
        today: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Customer's own dates"), parent)
        self._customers, self._customer_id = customers, details.id
        self.setMinimumWidth(440)
        intro = QLabel(
            _(
                "For a customer whose service or contract is not tied to an item: "
                "reminders are worked out from these dates."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.last_service = OptionalDateEdit(_("Serviced on"), today, self)
        self.contract_end = OptionalDateEdit(_("Ends on"), today, self)
        self.last_service.set_value(details.last_service_on)
        self.contract_end.set_value(details.contract_end_on)
        self.form.add_widget(intro)
        self.form.add_row("last_service_on", _("&Last service"), self.last_service)
        self.form.add_row("contract_end_on", _("&Contract ends"), self.contract_end)
        self.last_service.changed.connect(lambda: self.touched("last_service_on"))
        self.contract_end.changed.connect(lambda: self.touched("contract_end_on"))
        self.ok_button.setDefault(True)

    def check(self) -> None:
        for field, day in (
            ("last_service_on", self.last_service.value()),
            ("contract_end_on", self.contract_end.value()),
        ):
            if day is not None and not EARLIEST <= day <= LATEST:
                raise ValidationError(field, N_("This is not a plausible date."))

    def save(self) -> CustomerDetails:
        return self._customers.set_care_dates(
            self._customer_id, self.last_service.value(), self.contract_end.value()
        )
