"""Record (or correct) a purchase: date, description, amount."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QDateEdit, QLineEdit, QWidget

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.money import validate_amount
from desktop_crm.i18n import _
from desktop_crm.services.purchases import PurchaseRecord, PurchaseService
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate
from desktop_crm.ui.widgets.form_dialog import FormDialog


class PurchaseDialog(FormDialog):
    def __init__(
        self,
        purchases: PurchaseService,
        customer_id: int,
        staff_id: int | None,
        existing: PurchaseRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit purchase") if existing else _("New purchase"), parent)
        self._purchases, self._customer_id = purchases, customer_id
        self._staff_id, self._existing = staff_id, existing
        self.setMinimumWidth(420)
        self.purchased_on = QDateEdit(self)
        self.purchased_on.setCalendarPopup(True)
        self.purchased_on.setDisplayFormat("yyyy-MM-dd")
        self.purchased_on.setDate(to_qdate(existing.purchased_on if existing else date.today()))
        self.description = QLineEdit(self)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("0.00")
        self.form.add_row("purchased_on", _("&Date"), self.purchased_on)
        self.form.add_row("description", _("&Description"), self.description)
        self.form.add_row("amount", _("&Amount"), self.amount)
        if existing is not None:
            self.description.setText(existing.description)
            self.amount.setText(str(existing.amount))
        self.description.textChanged.connect(lambda _t: self.touched("description"))
        self.amount.textChanged.connect(lambda _t: self.touched("amount"))
        self.ok_button.setDefault(True)
        self.description.setFocus()

    def _amount_text(self) -> str:
        # People type a decimal comma as often as a point.
        return self.amount.text().strip().replace(",", ".")

    def check(self) -> None:
        if not self.description.text().strip():
            raise ValidationError("description", N_("Say what was bought."))
        validate_amount(self._amount_text())

    def save(self) -> PurchaseRecord:
        day = from_qdate(self.purchased_on.date())
        if self._existing is None:
            return self._purchases.add(
                self._customer_id, day, self.description.text(), self._amount_text(), self._staff_id
            )
        return self._purchases.update(
            self._existing.id, day, self.description.text(), self._amount_text()
        )
