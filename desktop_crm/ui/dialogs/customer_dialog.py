"""Add or edit a customer; validates as the user types and saves nothing while invalid.

While the name, phone or email is typed, a line under the form says when the customer looks
like one already in the shop, and offers to open that one instead (saving stays possible).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.customers import LANGUAGES, CustomerDraft
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.customers import CustomerDetails, CustomerService
from desktop_crm.ui.labels import duplicate_reason, language_name
from desktop_crm.ui.widgets.form_dialog import FormDialog
from desktop_crm.ui.widgets.optional_date import OptionalDateEdit
from desktop_crm.ui.widgets.tags_edit import TagsEdit

if TYPE_CHECKING:
    from desktop_crm.services.duplicates import DuplicateMatch, DuplicateService

DUPLICATE_CHECK_MS = 300  # after typing pauses
SHOWN_MATCHES = 3


class DuplicateWarning(QFrame):
    """A yellow band: "Looks like Ana Pérez (same email) — Open", one line per match."""

    open_customer = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_warning")
        self.setStyleSheet(
            "#duplicate_warning { background: #fff8e1; border: 1px solid #ffe082;"
            " border-radius: 4px; }"
        )
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 4, 8, 4)
        self._layout.setSpacing(2)
        self.lines: list[QLabel] = []
        self.open_buttons: list[QPushButton] = []
        self.matches: list[DuplicateMatch] = []
        self.setVisible(False)

    def show_matches(self, matches: list[DuplicateMatch]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.lines, self.open_buttons, self.matches = [], [], list(matches)
        for match in matches[:SHOWN_MATCHES]:
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            known = " · ".join(part for part in (match.phone, match.email) if part)
            text = _("⚠ Looks like {name} ({reason})").format(
                name=match.name, reason=duplicate_reason(match.reason)
            )
            label = QLabel(text, row)
            label.setToolTip(known)
            button = QPushButton(_("Open"), row)
            button.setToolTip(
                _("Open {name} instead; this form is closed without saving.").format(
                    name=match.name
                )
            )
            button.setAutoDefault(False)
            button.clicked.connect(
                lambda _checked=False, i=match.customer_id: self.open_customer.emit(i)
            )
            line.addWidget(label, 1)
            line.addWidget(button)
            self._layout.addWidget(row)
            self.lines.append(label)
            self.open_buttons.append(button)
        more = len(matches) - SHOWN_MATCHES
        if more > 0:
            extra = QLabel(
                ngettext("…and {count} more", "…and {count} more", more).format(count=more), self
            )
            self._layout.addWidget(extra)
        self.setVisible(bool(matches))

    def text(self) -> str:
        return "\n".join(label.text() for label in self.lines)


class CustomerDialog(FormDialog):
    """``result_value`` is the stored CustomerDetails once accepted.

    With ``duplicates``, warns when the customer looks like an existing one; ``open_existing``
    is emitted with that customer's id when the user chooses to open it (the dialog closes
    without saving).
    """

    open_existing = Signal(int)

    def __init__(
        self,
        customers: CustomerService,
        existing: CustomerDetails | None = None,
        parent: QWidget | None = None,
        *,
        duplicates: DuplicateService | None = None,
    ) -> None:
        super().__init__(_("Edit customer") if existing else _("New customer"), parent)
        self._customers = customers
        self._existing = existing
        self._duplicates = duplicates
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
        self.duplicate_warning = DuplicateWarning(self)
        self.duplicate_warning.open_customer.connect(self._open_existing)
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            layout.insertWidget(1, self.duplicate_warning)
        self._duplicate_timer = QTimer(self)
        self._duplicate_timer.setSingleShot(True)
        self._duplicate_timer.setInterval(DUPLICATE_CHECK_MS)
        self._duplicate_timer.timeout.connect(self.check_duplicates)
        if duplicates is not None:
            for edit in (self.name, self.phone, self.email):
                edit.textChanged.connect(lambda _text: self._duplicate_timer.start())
        self.name.setFocus()

    # --- duplicates
    def check_duplicates(self) -> None:
        """Look for customers like the one being typed (only what is new or changed)."""
        self._duplicate_timer.stop()
        if self._duplicates is None:
            return
        draft = self.draft()
        existing = self._existing
        if existing is not None:
            # Only what was changed is compared: an unchanged field matched before, if ever.
            draft = CustomerDraft(
                name=draft.name if draft.name.strip() != existing.name else "",
                phone=draft.phone if draft.phone.strip() != existing.phone else "",
                email=draft.email if draft.email.strip() != existing.email else "",
            )
        if not (draft.name.strip() or draft.phone.strip() or draft.email.strip()):
            self.duplicate_warning.show_matches([])
            return
        try:
            matches = self._duplicates.find(
                draft, None if existing is None else existing.id, SHOWN_MATCHES + 1
            )
        except CrmError:
            matches = []
        self.duplicate_warning.show_matches(matches)

    def _open_existing(self, customer_id: int) -> None:
        self.reject()
        self.open_existing.emit(customer_id)

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
