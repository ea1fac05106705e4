"""A complaint taken in under a minute (customer, channel, category, severity, what happened,
what the customer wants, owner), and the small dialogs that move one on: a note, the
resolution, the follow-up asking whether the customer is satisfied, a new owner."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.complaints import ComplaintDraft, ComplaintRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.promise_dialog import CustomerPicker
from desktop_crm.ui.widgets.form_dialog import FormDialog

CHANNELS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("phone", lambda: _("Phone")),
    ("visit", lambda: _("Visit")),
    ("email", lambda: _("Email")),
    ("message", lambda: _("Message")),
    ("review_site", lambda: _("Review site")),
)
SEVERITIES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("low", lambda: _("Low")),
    ("normal", lambda: _("Normal")),
    ("high", lambda: _("High")),
    ("critical", lambda: _("Critical")),
)
CATEGORIES: dict[str, Callable[[], str]] = {
    "product": lambda: _("Product"),
    "service": lambda: _("Service"),
    "delivery": lambda: _("Delivery"),
    "billing": lambda: _("Billing"),
    "staff": lambda: _("Staff"),
    "other": lambda: _("Other"),
}
SATISFIED: tuple[tuple[str, Callable[[], str]], ...] = (
    ("yes", lambda: _("Yes, satisfied")),
    ("partly", lambda: _("Partly")),
    ("no", lambda: _("No (reopen it)")),
)
MAX_TEXT = 4000
NEW_CUSTOMER_SHORTCUT = "Ctrl+Shift+N"


def category_label(value: str) -> str:
    """A known category in the current language; one the shop added, as typed."""
    label = CATEGORIES.get(value)
    return label() if label is not None else value


def choice_label(choices: tuple[tuple[str, Callable[[], str]], ...], value: str) -> str:
    return next((label() for key, label in choices if key == value), value)


def _combo(parent: QWidget, choices: tuple[tuple[str, Callable[[], str]], ...]) -> QComboBox:
    combo = QComboBox(parent)
    for value, label in choices:
        combo.addItem(label(), value)
    return combo


def staff_combo(ctx: UiContext, chosen: int | None, parent: QWidget) -> QComboBox:
    """Active staff members (and ``chosen`` even when inactive); ``chosen`` selected."""
    combo = QComboBox(parent)
    combo.setObjectName("owner")
    for member in ctx.shop.staff.list():
        if member.active or member.id == chosen:
            combo.addItem(member.name, member.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo


def _text_edit(parent: QWidget, name: str, placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit(parent)
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 3 + 14)
    return edit


def _required(field: str, text: str, message: str) -> None:
    if not text.strip():
        raise ValidationError(field, message)
    if len(text) > MAX_TEXT:
        raise ValidationError(field, N_("Keep it under 4000 characters."))


def _complaint_line(record: ComplaintRecord) -> QLabel:
    label = QLabel(
        _("{customer}: {what}").format(
            customer=record.customer_name, what=record.what_happened.replace("\n", " ")
        )
    )
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600;")
    return label


class ComplaintDialog(FormDialog):
    """New complaint: customer (unless known), channel, category, severity, what happened,
    what the customer wants, and its owner (the person at the keyboard unless changed)."""

    def __init__(
        self, ctx: UiContext, customer_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("New complaint"), parent)
        self._ctx = ctx
        self._customer_id = customer_id
        self.setMinimumWidth(560)
        self.customer: CustomerPicker | None = None
        self.new_customer_button: QPushButton | None = None
        if customer_id is None:
            row = QWidget(self)
            self.customer = CustomerPicker(ctx, row)
            self.new_customer_button = QPushButton(_("New customer…"), row)
            self.new_customer_button.setObjectName("new_customer")
            self.new_customer_button.setToolTip(
                _("{shortcut}: add the customer on the spot").format(shortcut=NEW_CUSTOMER_SHORTCUT)
            )
            self.new_customer_button.setAutoDefault(False)
            self.new_customer_button.clicked.connect(self.new_customer)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            line.addWidget(self.customer, 1)
            line.addWidget(self.new_customer_button)
            row.setFocusProxy(self.customer)
            self.form.add_row("customer_id", _("&Customer"), row)
            self.customer.changed.connect(lambda: self.touched("customer_id"))
            QShortcut(QKeySequence(NEW_CUSTOMER_SHORTCUT), self, self.new_customer)
        self.channel = _combo(self, CHANNELS)
        self.channel.setObjectName("channel")
        self.form.add_row("channel", _("C&hannel"), self.channel)
        self.category = QComboBox(self)
        self.category.setObjectName("category")
        for value in ctx.shop.complaints.get_config().categories:
            self.category.addItem(category_label(value), value)
        self.form.add_row("category", _("C&ategory"), self.category)
        self.severity = _combo(self, SEVERITIES)
        self.severity.setObjectName("severity")
        self.severity.setCurrentIndex(max(0, self.severity.findData("normal")))
        self.form.add_row("severity", _("&Severity"), self.severity)
        self.what = _text_edit(self, "what_happened", _("What happened?"))
        self.form.add_row("what_happened", _("&What happened"), self.what)
        self.wants = _text_edit(self, "customer_wants", _("What does the customer want?"))
        self.form.add_row("customer_wants", _("What they &want"), self.wants)
        self.owner = staff_combo(ctx, ctx.current_staff_id(), self)
        self.form.add_row("owner_id", _("&Owner"), self.owner)
        self.what.textChanged.connect(lambda: self.touched("what_happened"))
        self.wants.textChanged.connect(lambda: self.touched("customer_wants"))
        self.ok_button.setDefault(True)
        if self.customer is not None:
            self.customer.setFocus()
        else:
            self.what.setFocus()

    def new_customer(self) -> FormDialog | None:
        """Create the customer on the spot; once saved, they are the one chosen here."""
        if self.customer is None:
            return None
        from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog  # opened rarely

        shop = self._ctx.shop
        dialog = CustomerDialog(shop.customers, None, self, duplicates=shop.duplicates)
        dialog.accepted.connect(lambda: self._customer_created(dialog))
        dialog.open_existing.connect(self._existing_chosen)
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()
        return dialog

    def _customer_created(self, dialog: FormDialog) -> None:
        created = dialog.result_value
        if self.customer is not None and created is not None:
            self.customer.choose(created.id, created.name)
            self.what.setFocus()
        self._ctx.bus.customers_changed.emit()

    def _existing_chosen(self, customer_id: int) -> None:
        """The new customer looked like an existing one and the user picked that one."""
        if self.customer is not None:
            found = self._ctx.shop.customers.get(customer_id)
            self.customer.choose(customer_id, found.name)

    def chosen_customer(self) -> int | None:
        return self.customer.customer_id() if self.customer is not None else self._customer_id

    def draft(self) -> ComplaintDraft:
        return ComplaintDraft(
            customer_id=self.chosen_customer() or 0,
            channel=str(self.channel.currentData()),
            category=str(self.category.currentData()),
            severity=str(self.severity.currentData()),
            what_happened=self.what.toPlainText(),
            customer_wants=self.wants.toPlainText(),
            owner_id=self.owner.currentData(),
        )

    def check(self) -> None:
        if self.chosen_customer() is None:
            raise ValidationError("customer_id", N_("Choose the customer."))
        _required("what_happened", self.what.toPlainText(), N_("Say what happened."))
        _required("customer_wants", self.wants.toPlainText(), N_("Say what the customer wants."))
        if self.owner.currentData() is None:
            raise ValidationError("owner_id", N_("Choose who owns the complaint."))

    def save(self) -> ComplaintRecord:
        return self._ctx.shop.complaints.open(
            self.draft(), staff_id=self._ctx.current_staff_id(), now=self._ctx.clock()
        )


class NoteDialog(FormDialog):
    """A note on the complaint's history (a call made, what the customer said)."""

    def __init__(self, ctx: UiContext, record: ComplaintRecord, parent: QWidget | None = None):
        super().__init__(_("Note on the complaint"), parent)
        self._ctx, self._record = ctx, record
        self.setMinimumWidth(480)
        self.form.add_widget(_complaint_line(record))
        self.note = _text_edit(self, "note", _("What happened since?"))
        self.form.add_row("text", _("&Note"), self.note)
        self.note.textChanged.connect(lambda: self.touched("text"))
        self.note.setFocus()

    def check(self) -> None:
        _required("text", self.note.toPlainText(), N_("Write the note."))

    def save(self) -> ComplaintRecord:
        return self._ctx.shop.complaints.add_note(
            self._record.id, self.note.toPlainText(), staff_id=self._ctx.current_staff_id()
        )


class ResolveDialog(FormDialog):
    """How it was resolved, and what it cost the shop (optional)."""

    def __init__(self, ctx: UiContext, record: ComplaintRecord, parent: QWidget | None = None):
        super().__init__(_("Resolve the complaint"), parent)
        self._ctx, self._record = ctx, record
        self.setMinimumWidth(480)
        self.form.add_widget(_complaint_line(record))
        self.resolution = _text_edit(self, "resolution", _("What was done for the customer?"))
        self.form.add_row("resolution", _("&Resolution"), self.resolution)
        self.cost = QLineEdit(self)
        self.cost.setObjectName("cost")
        self.cost.setPlaceholderText(_("What it cost, optional"))
        self.form.add_row("cost", _("C&ost"), self.cost)
        self.resolution.textChanged.connect(lambda: self.touched("resolution"))
        self.cost.textChanged.connect(lambda _t: self.touched("cost"))
        self.resolution.setFocus()

    def check(self) -> None:
        _required("resolution", self.resolution.toPlainText(), N_("Say how it was resolved."))
        text = self.cost.text().strip().replace(",", ".")
        if text:
            try:
                amount = Decimal(text)
            except InvalidOperation:
                raise ValidationError("cost", N_("Write the cost as a number.")) from None
            if not amount.is_finite() or amount < 0:
                raise ValidationError("cost", N_("Write the cost as a number."))

    def save(self) -> ComplaintRecord:
        return self._ctx.shop.complaints.resolve(
            self._record.id,
            self.resolution.toPlainText(),
            self.cost.text(),
            staff_id=self._ctx.current_staff_id(),
            now=self._ctx.clock(),
        )


class CloseDialog(FormDialog):
    """The follow-up: is the customer satisfied? Yes or partly closes it; no reopens it."""

    def __init__(self, ctx: UiContext, record: ComplaintRecord, parent: QWidget | None = None):
        super().__init__(_("Follow-up"), parent)
        self._ctx, self._record = ctx, record
        self.setMinimumWidth(480)
        self.form.add_widget(_complaint_line(record))
        self.satisfied = _combo(self, SATISFIED)
        self.satisfied.setObjectName("satisfied")
        self.form.add_row("satisfied", _("Is the customer &satisfied?"), self.satisfied)
        self.ok_button.setDefault(True)
        self.satisfied.setFocus()

    def check(self) -> None:
        if self.satisfied.currentData() is None:
            raise ValidationError("satisfied", N_("Say whether the customer is satisfied."))

    def save(self) -> ComplaintRecord:
        return self._ctx.shop.complaints.close(
            self._record.id,
            str(self.satisfied.currentData()),
            staff_id=self._ctx.current_staff_id(),
            now=self._ctx.clock(),
        )


class ReassignDialog(FormDialog):
    """Hand the complaint to someone else; the change lands on its history."""

    def __init__(self, ctx: UiContext, record: ComplaintRecord, parent: QWidget | None = None):
        super().__init__(_("Reassign the complaint"), parent)
        self._ctx, self._record = ctx, record
        self.setMinimumWidth(420)
        self.form.add_widget(_complaint_line(record))
        self.owner = staff_combo(ctx, record.owner_id, self)
        self.form.add_row("owner_id", _("New &owner"), self.owner)
        self.owner.currentIndexChanged.connect(lambda _i: self.touched("owner_id"))
        self.ok_button.setDefault(True)
        self.owner.setFocus()

    def check(self) -> None:
        if self.owner.currentData() is None:
            raise ValidationError("owner_id", N_("Choose who owns the complaint."))
        if self.owner.currentData() == self._record.owner_id:
            raise ValidationError("owner_id", N_("This is already the owner."))

    def save(self) -> ComplaintRecord:
        return self._ctx.shop.complaints.assign(
            self._record.id, self.owner.currentData(), staff_id=self._ctx.current_staff_id()
        )
