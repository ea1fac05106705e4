"""The company profile in Settings: what documents print about the shop (contact details, owner,
paper, key staff, products, why customers choose us, logo and signature), and the texts of the
guarantee letter and the expectation form. Shop name and language stay on the Shop tab."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.company_profile import (
    DEFAULT_EXPECTATION_ATTRIBUTES,
    DEFAULT_GUARANTEE_TEXT,
    MAX_IMAGE_BYTES,
    CompanyProfile,
    ImageKind,
    KeyPerson,
    PaperSize,
    ProductBenefit,
)
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import ERROR_STYLE, FieldForm

IMAGE_FILTERS = "*.png *.jpg *.jpeg *.gif"
HINT_STYLE = "color: #555;"
THUMBNAIL_SIZE = (200, 80)


def scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area (tabs are shorter than some forms)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    # Transparent, so the scrolled part has the tab's background, not a grey panel.
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    return area


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def text_edit(parent: QWidget, height: int) -> QPlainTextEdit:
    """A multi-line field; Tab moves on (people tab through forms, nobody types tabs here)."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def lines_of(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class RowsTable(QWidget):
    """An editable table of text rows with Add and Remove under it (key staff, products)."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton(_("Add"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(row)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)

    def rows(self) -> list[tuple[str, ...]]:
        """Every row's texts (blank rows included: the service drops them)."""
        return [
            tuple(self._text(row, col) for col in range(self.table.columnCount()))
            for row in range(self.table.rowCount())
        ]

    def add_row(self, values: Sequence[str] = ()) -> int:
        """Append a row and start editing its first cell; returns its index."""
        row = self._append(values)
        self.table.setCurrentCell(row, 0)
        if not values:
            self.table.edit(self.table.currentIndex())
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _append(self, values: Sequence[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(self.table.columnCount()):
            text = values[col] if col < len(values) else ""
            self.table.setItem(row, col, QTableWidgetItem(text))
        return row

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""


class ImagePicker(QWidget):
    """A thumbnail of the stored image with Choose… and Remove; stored at once when chosen."""

    def __init__(self, ctx: UiContext, kind: ImageKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName(f"thumbnail_{kind}")
        self.thumbnail.setFixedSize(*THUMBNAIL_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #ccc; background: white; color: #777;")
        self.choose_button = QPushButton(_("Choose…"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.error = QLabel(self)
        self.error.setObjectName(f"error_image_{kind}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.thumbnail)
        row.addLayout(buttons)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.error)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.load()

    def load(self) -> None:
        data = self.ctx.shop.company.image(self.kind)
        pixmap = QPixmap()
        if data is not None and pixmap.loadFromData(data):
            width, height = THUMBNAIL_SIZE
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    width - 8,
                    height - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(_("No image"))
        self.remove_button.setEnabled(data is not None)

    def has_image(self) -> bool:
        """True when a thumbnail (not the "No image" text) is shown."""
        return not self.thumbnail.pixmap().isNull()

    def choose(self) -> None:
        title = _("Choose the logo") if self.kind is ImageKind.LOGO else _("Choose the signature")
        path = self.ctx.prompts.open_file(
            title, _("Images ({patterns})").format(patterns=IMAGE_FILTERS)
        )
        if path is not None:
            self.store(path)

    def store(self, path: Path) -> bool:
        """Store the image in ``path``; the error is shown under the thumbnail if it fails."""
        try:
            with path.open("rb") as file:
                # One byte past the limit is enough for the service to say it is too large.
                data = file.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            self._show_error(_("The file could not be read: {error}").format(error=exc.strerror))
            return False
        try:
            self.ctx.shop.company.set_image(self.kind, data)
        except ValidationError as exc:
            self._show_error(error_text(exc))
            return False
        self._show_error("")
        self.load()
        self.ctx.bus.company_changed.emit()
        return True

    def remove(self) -> None:
        self.ctx.shop.company.remove_image(self.kind)
        self._show_error("")
        self.load()
        self.ctx.bus.company_changed.emit()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class SaveRow(QHBoxLayout):
    """A Save button and the "Saved." note beside it."""

    def __init__(self, text: str, saved_name: str, parent: QWidget) -> None:
        super().__init__()
        self.button = QPushButton(text, parent)
        self.saved = QLabel(parent)
        self.saved.setObjectName(saved_name)
        self.saved.setStyleSheet("color: #2e7d32;")
        self.addWidget(self.button)
        self.addWidget(self.saved)
        self.addStretch(1)


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
