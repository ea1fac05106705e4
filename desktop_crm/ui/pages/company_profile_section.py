"""The company profile in Settings: what documents print about the shop (contact details, owner,
paper, key staff, products, why customers choose us, logo and signature), and the texts of the
guarantee letter and the expectation form. Shop name and language stay on the Shop tab."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.company_profile import (
    DEFAULT_EXPECTATION_ATTRIBUTES,
    DEFAULT_GUARANTEE_TEXT,
    CompanyProfile,
    ImageKind,
    KeyPerson,
    PaperSize,
    ProductBenefit,
)
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.editing import (
    ImagePicker,
    RowsTable,
    SaveRow,
    hint_label,
    lines_of,
    scrolling,
    text_edit,
)
from desktop_crm.ui.widgets.field_form import FieldForm


class CompanyProfileSection(QWidget):
    """The profile with its own Save (stored by ``shop.company``); images are stored at once."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.address = text_edit(self, 70)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.website = QLineEdit(self)
        self.owner_name = QLineEdit(self)
        self.owner_title = QLineEdit(self)
        self.paper_size = QComboBox(self)
        self.paper_size.addItem(_("A4"), str(PaperSize.A4))
        self.paper_size.addItem(_("US Letter"), str(PaperSize.LETTER))
        self.logo = ImagePicker(ctx, ImageKind.LOGO, self)
        self.signature = ImagePicker(ctx, ImageKind.SIGNATURE, self)
        self.about = text_edit(self, 90)
        self.key_staff = RowsTable((_("Name"), _("Title"), _("Phone")), self)
        self.products = RowsTable((_("Product or service"), _("Benefits")), self)
        self.why_us = text_edit(self, 90)
        self.why_us.setPlaceholderText(_("One point per line"))

        # Two columns: contact details and images left, the brochure's content right.
        self.contact_form = FieldForm(self)
        self.contact_form.add_row("address", _("&Address"), self.address)
        self.contact_form.add_row("phone", _("&Phone"), self.phone)
        self.contact_form.add_row("email", _("&Email"), self.email)
        self.contact_form.add_row("website", _("&Website"), self.website)
        self.contact_form.add_row("owner_name", _("&Owner's name"), self.owner_name)
        self.contact_form.add_row("owner_title", _("Owner's &title"), self.owner_title)
        self.contact_form.add_row("paper_size", _("Pape&r size"), self.paper_size)
        self.contact_form.add_row("logo", _("Logo"), self.logo)
        self.contact_form.add_row("signature", _("Owner's signature"), self.signature)
        self.contact_form.finish()
        self.content_form = FieldForm(self)
        self.content_form.add_row("about", _("A&bout the shop"), self.about)
        self.content_form.add_row("key_staff", _("&Key staff"), self.key_staff)
        self.content_form.add_row("products", _("Pro&ducts and services"), self.products)
        self.content_form.add_row("why_us", _("Why customers &choose us"), self.why_us)
        self.content_form.finish()
        self._forms = (self.contact_form, self.content_form)
        self._content_fields = {"about", "key_staff", "products", "why_us"}

        title = QLabel(_("Company profile"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        intro = hint_label(
            _(
                "Printed on letters, comment cards and the brochure. The shop's name and "
                "language are set on the Shop tab."
            ),
            self,
        )
        self.save_row = SaveRow(_("&Save profile"), "company_profile_saved", self)
        self.save_button = self.save_row.button
        self.saved = self.save_row.saved

        fields = QWidget(self)
        columns = QHBoxLayout(fields)
        columns.setContentsMargins(0, 0, 0, 0)
        top = Qt.AlignmentFlag.AlignTop  # each form as tall as its rows, not stretched
        columns.addWidget(self.contact_form, 1, top)
        columns.addSpacing(16)
        columns.addWidget(self.content_form, 1, top)
        # The fields scroll; Save stays in view under them.
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(scrolling(fields, self), 1)
        layout.addLayout(self.save_row)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        profile = self.ctx.shop.company.get()
        self.address.setPlainText(profile.address)
        self.phone.setText(profile.phone)
        self.email.setText(profile.email)
        self.website.setText(profile.website)
        self.owner_name.setText(profile.owner_name)
        self.owner_title.setText(profile.owner_title)
        self.paper_size.setCurrentIndex(max(0, self.paper_size.findData(str(profile.paper_size))))
        self.about.setPlainText(profile.about)
        self.key_staff.set_rows([(p.name, p.title, p.phone) for p in profile.key_staff])
        self.products.set_rows([(p.name, p.benefits) for p in profile.products])
        self.why_us.setPlainText("\n".join(profile.why_us))
        self.logo.load()
        self.signature.load()
        self.clear_errors()
        self.saved.clear()

    def edited(self) -> CompanyProfile:
        """The stored profile with this tab's fields as shown (the document texts kept)."""
        return dataclasses.replace(
            self.ctx.shop.company.get(),
            address=self.address.toPlainText(),
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            owner_name=self.owner_name.text(),
            owner_title=self.owner_title.text(),
            paper_size=PaperSize(str(self.paper_size.currentData())),
            about=self.about.toPlainText(),
            key_staff=tuple(KeyPerson(*row) for row in self.key_staff.rows()),
            products=tuple(ProductBenefit(*row) for row in self.products.rows()),
            why_us=lines_of(self.why_us),
        )

    def save(self) -> bool:
        try:
            self.ctx.shop.company.save(self.edited())
        except ValidationError as exc:
            self.show_error(exc.field, error_text(exc))
            return False
        self.load()  # shows what was stored: trimmed, blank rows dropped
        self.saved.setText(_("Saved."))
        self.ctx.bus.company_changed.emit()
        return True

    def show_error(self, field: str, text: str) -> None:
        self.clear_errors()
        form = self.content_form if field in self._content_fields else self.contact_form
        form.show_error(field, text)
        self.saved.clear()

    def clear_errors(self) -> None:
        for form in self._forms:
            form.clear_errors()

    def error_text(self, field: str) -> str:
        return next((t for form in self._forms if (t := form.error_text(field))), "")


class DocumentTextsSection(QWidget):
    """The guarantee letter's text and the expectation form's attributes: profile fields,
    saved with the profile (empty means the standard, translated per document)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.guarantee_text = text_edit(self, 150)
        self.guarantee_text.setPlaceholderText(_(DEFAULT_GUARANTEE_TEXT))
        guarantee_box = QWidget(self)
        guarantee_column = QVBoxLayout(guarantee_box)
        guarantee_column.setContentsMargins(0, 0, 0, 0)
        guarantee_column.addWidget(self.guarantee_text)
        guarantee_column.addWidget(
            hint_label(
                _(
                    "Leave empty for the standard text (shown in grey), printed in each "
                    "customer's language. {shop_name} and {customer_name} are filled in."
                ),
                guarantee_box,
            )
        )
        self.expectation_attributes = text_edit(self, 110)
        self.expectation_attributes.setPlaceholderText(
            "\n".join(_(a) for a in DEFAULT_EXPECTATION_ATTRIBUTES)
        )
        attributes_box = QWidget(self)
        attributes_column = QVBoxLayout(attributes_box)
        attributes_column.setContentsMargins(0, 0, 0, 0)
        attributes_column.addWidget(self.expectation_attributes)
        attributes_column.addWidget(
            hint_label(
                _("One per line; leave empty for the standard ones (shown in grey)."),
                attributes_box,
            )
        )

        self.form = FieldForm(self)
        self.form.add_row("guarantee_text", _("&Guarantee letter"), guarantee_box)
        self.form.add_row(
            "expectation_attributes", _("&Expectation form asks about"), attributes_box
        )
        self.form.finish()
        # Labels above the fields: the texts need the column's whole width.
        self.form.layout_.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        title = QLabel(_("Letter and form texts"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.save_row = SaveRow(_("Save te&xts"), "document_texts_saved", self)
        self.save_button = self.save_row.button
        self.saved = self.save_row.saved
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.form)
        layout.addLayout(self.save_row)
        layout.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.load()

    def load(self) -> None:
        profile = self.ctx.shop.company.get()
        self.guarantee_text.setPlainText(profile.guarantee_text)
        self.expectation_attributes.setPlainText("\n".join(profile.expectation_attributes))
        self.form.clear_errors()
        self.saved.clear()

    def save(self) -> bool:
        profile = dataclasses.replace(
            self.ctx.shop.company.get(),
            guarantee_text=self.guarantee_text.toPlainText(),
            expectation_attributes=lines_of(self.expectation_attributes),
        )
        try:
            self.ctx.shop.company.save(profile)
        except ValidationError as exc:
            self.form.show_error(exc.field, error_text(exc))
            self.saved.clear()
            return False
        self.load()
        self.saved.setText(_("Saved."))
        self.ctx.bus.company_changed.emit()
        return True
