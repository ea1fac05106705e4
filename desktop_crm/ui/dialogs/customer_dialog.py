"""Add or edit a customer; validates as the user types and saves nothing while invalid."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit, QWidget

from desktop_crm.domain.customers import LANGUAGES, CustomerDraft
from desktop_crm.i18n import _
from desktop_crm.services.customers import CustomerDetails, CustomerService
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.widgets.form_dialog import FormDialog
from desktop_crm.ui.widgets.optional_date import OptionalDateEdit
from desktop_crm.ui.widgets.tags_edit import TagsEdit


class CustomerDialog(FormDialog):
    """``result_value`` is the stored CustomerDetails once accepted."""

    def __init__(
        self,
        customers: CustomerService,
        existing: CustomerDetails | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit customer") if existing else _("New customer"), parent)
        self._customers = customers
        self._existing = existing
        self.setMinimumWidth(520)
        self.name = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.address = QPlainTextEdit(self)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(70)
        self.birthday = OptionalDateEdit(_("Known"), parent=self)
        self.language = QComboBox(self)
        self.language.addItem(_("Shop's language"), "")
        for code in LANGUAGES:
            self.language.addItem(language_name(code), code)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.tags = TagsEdit(customers.tags(), self)
        self.tags.setPlaceholderText(_("Comma separated, e.g. VIP, newsletter"))
        consent = QWidget(self)
        row = QHBoxLayout(consent)
        row.setContentsMargins(0, 0, 0, 0)
        self.consent_mail = QCheckBox(_("Mail"), consent)
        self.consent_email = QCheckBox(_("Email"), consent)
        self.consent_sms = QCheckBox(_("SMS"), consent)
        for box in (self.consent_mail, self.consent_email, self.consent_sms):
            row.addWidget(box)
        row.addStretch(1)

        form = self.form
        form.add_row("name", _("&Name"), self.name)
        form.add_row("phone", _("&Phone"), self.phone)
        form.add_row("email", _("&Email"), self.email)
        form.add_row("address", _("&Address"), self.address)
        form.add_row("birthday", _("&Birthday"), self.birthday)
        form.add_row("language", _("&Language"), self.language)
        form.add_row("tags", _("&Tags"), self.tags)
        form.add_row("notes", _("N&otes"), self.notes)
        form.add_row("consent", _("May contact by"), consent)

        if existing is not None:
            self._fill(existing)
        for field, edit in (
            ("name", self.name),
            ("phone", self.phone),
            ("email", self.email),
            ("tags", self.tags),
        ):
            edit.textChanged.connect(lambda _text, f=field: self.touched(f))
        self.address.textChanged.connect(lambda: self.touched("address"))
        self.notes.textChanged.connect(lambda: self.touched("notes"))
        self.birthday.changed.connect(lambda: self.touched("birthday"))
        self.language.currentIndexChanged.connect(lambda _i: self.touched("language"))
        self.name.setFocus()

    def _fill(self, details: CustomerDetails) -> None:
        self.name.setText(details.name)
        self.phone.setText(details.phone)
        self.email.setText(details.email)
        self.address.setPlainText(details.address)
        self.birthday.set_value(details.birthday)
        self.language.setCurrentIndex(max(0, self.language.findData(details.language)))
        self.notes.setPlainText(details.notes)
        self.tags.set_tags(details.tags)
        self.consent_mail.setChecked(details.consent_mail)
        self.consent_email.setChecked(details.consent_email)
        self.consent_sms.setChecked(details.consent_sms)

    def draft(self) -> CustomerDraft:
        return CustomerDraft(
            name=self.name.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            birthday=self.birthday.value(),
            language=str(self.language.currentData() or ""),
            notes=self.notes.toPlainText(),
            tags=self.tags.tags(),
            consent_mail=self.consent_mail.isChecked(),
            consent_email=self.consent_email.isChecked(),
            consent_sms=self.consent_sms.isChecked(),
        )

    def check(self) -> None:
        self._customers.validate(self.draft())

    def save(self) -> CustomerDetails:
        if self._existing is None:
            return self._customers.create(self.draft())
        return self._customers.update(self._existing.id, self.draft())
