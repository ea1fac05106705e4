"""A promise in a few keystrokes (what, in how many days), and the small dialogs that move
its due date with the customer's agreement or record that it was broken."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.promises import (
    PromiseDraft,
    PromiseRecord,
    validate_bottom_line,
    validate_draft,
    validate_due,
    validate_note,
    validate_reason,
    validate_what,
)
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate
from desktop_crm.ui.widgets.form_dialog import FormDialog

DEFAULT_DAYS = 7
MAX_DAYS = 3650
CUSTOMER_MATCHES = 20


class DueDateField(QWidget):
    """ "Due in [7] days, on [date]": type a number of days, or pick the date itself.

    The two stay in step; a line below names the weekday, so "Friday" is never a surprise.
    """

    changed = Signal()

    def __init__(self, today: date, value: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.today = today
        self.days = QSpinBox(self)
        self.days.setObjectName("due_days")
        self.days.setRange(0, MAX_DAYS)
        self.days.setAccelerated(True)
        self.edit = QDateEdit(self)
        self.edit.setObjectName("due_date")
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setDateRange(to_qdate(today), to_qdate(today + timedelta(days=MAX_DAYS)))
        self.weekday = QLabel(self)
        self.weekday.setObjectName("due_weekday")
        self.weekday.setStyleSheet("color: #666;")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(_("in"), self))
        row.addWidget(self.days)
        row.addWidget(QLabel(_("days, on"), self))
        row.addWidget(self.edit, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.weekday)
        self.setFocusProxy(self.days)
        self.set_value(value)
        self.days.valueChanged.connect(self._days_changed)
        self.edit.dateChanged.connect(self._date_changed)

    def value(self) -> date:
        return from_qdate(self.edit.date())

    def set_value(self, value: date) -> None:
        value = min(max(value, self.today), self.today + timedelta(days=MAX_DAYS))
        self.edit.setDate(to_qdate(value))
        self._sync(value)

    def _days_changed(self, days: int) -> None:
        self.edit.blockSignals(True)
        self.edit.setDate(to_qdate(self.today + timedelta(days=days)))
        self.edit.blockSignals(False)
        self._sync(self.value())
        self.changed.emit()

    def _date_changed(self, value: QDate) -> None:
        self._sync(from_qdate(value))
        self.changed.emit()

    def _sync(self, value: date) -> None:
        self.days.blockSignals(True)
        self.days.setValue((value - self.today).days)
        self.days.blockSignals(False)
        self.weekday.setText(format_date(value, style="full"))


class CustomerPicker(QWidget):
    """Type part of a name, phone or email; pick among the first matches."""

    changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.search = QLineEdit(self)
        self.search.setObjectName("customer_search")
        self.search.setPlaceholderText(_("Search name, phone or email"))
        self.search.setClearButtonEnabled(True)
        self.matches = QComboBox(self)
        self.matches.setObjectName("customer_matches")
        self.matches.setMinimumContentsLength(24)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search, 1)
        layout.addWidget(self.matches, 1)
        self.setFocusProxy(self.search)
        self.search.textChanged.connect(lambda _t: self._find())
        self.matches.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self._find()

    def customer_id(self) -> int | None:
        value = self.matches.currentData()
        return int(value) if value is not None else None

    def choose(self, customer_id: int, name: str) -> None:
        """Find ``name`` and select the customer ``customer_id`` among the matches."""
        self.search.setText(name)
        index = self.matches.findData(customer_id)
        if index < 0:
            self.matches.blockSignals(True)
            if self.matches.currentData() is None:
                self.matches.clear()
            self.matches.insertItem(0, name, customer_id)
            index = 0
            self.matches.blockSignals(False)
        self.matches.setCurrentIndex(index)
        self.changed.emit()

    def _find(self) -> None:
        text = self.search.text().strip()
        self.matches.blockSignals(True)
        self.matches.clear()
        if text:
            rows = self._ctx.shop.customers.list_page(CustomerQuery(text=text), 0, CUSTOMER_MATCHES)
            for row in rows:
                self.matches.addItem(row.name, row.id)
            if not rows:
                self.matches.addItem(_("(no customer matches)"), None)
        else:
            self.matches.addItem(_("(type to find the customer)"), None)
        self.matches.blockSignals(False)
        self.changed.emit()


def _staff_combo(ctx: UiContext, chosen: int | None, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem(_("(nobody)"), None)
    for member in ctx.shop.staff.list():
        if member.active or member.id == chosen:
            combo.addItem(member.name, member.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))
    return combo


class PromiseDialog(FormDialog):
    """New promise (or correct one): what (focused), due in N days, who promised, and the
    bottom line the shop accepts. Enter saves."""

    def __init__(
        self,
        ctx: UiContext,
        customer_id: int | None,
        existing: PromiseRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit promise") if existing else _("New promise"), parent)
        self._ctx, self._existing = ctx, existing
        self._customer_id = existing.customer_id if existing is not None else customer_id
        self.today = ctx.today()
        self.setMinimumWidth(520)
        self.customer: CustomerPicker | None = None
        if self._customer_id is None:
            self.customer = CustomerPicker(ctx, self)
            self.form.add_row("customer_id", _("&Customer"), self.customer)
            self.customer.changed.connect(lambda: self.touched("customer_id"))
        self.what = QLineEdit(self)
        self.what.setObjectName("what")
        self.what.setPlaceholderText(_("What was promised?"))
        self.form.add_row("what", _("&What"), self.what)
        self.due: DueDateField | None = None
        if existing is None:
            self.due = DueDateField(self.today, self.today + timedelta(days=DEFAULT_DAYS), self)
            self.form.add_row("due_on", _("D&ue"), self.due)
            self.due.changed.connect(lambda: self.touched("due_on"))
        author = existing.staff_id if existing is not None else ctx.current_staff_id()
        self.staff = _staff_combo(ctx, author, self)
        self.form.add_row("staff_id", _("&Promised by"), self.staff)
        self.bottom_line = QLineEdit(self)
        self.bottom_line.setObjectName("bottom_line")
        self.bottom_line.setPlaceholderText(_("The least the shop accepts (optional)"))
        self.form.add_row("bottom_line", _("&Bottom line"), self.bottom_line)
        self.amount = QLineEdit(self)
        self.amount.setObjectName("bottom_line_amount")
        self.amount.setPlaceholderText(_("Amount, optional"))
        self.form.add_row("bottom_line_amount", _("&Amount"), self.amount)
        if existing is not None:
            self.what.setText(existing.what)
            self.bottom_line.setText(existing.bottom_line)
            amount = existing.bottom_line_amount
            self.amount.setText("" if amount is None else str(amount))
        self.what.textChanged.connect(lambda _t: self.touched("what"))
        self.bottom_line.textChanged.connect(lambda _t: self.touched("bottom_line"))
        self.amount.textChanged.connect(lambda _t: self.touched("bottom_line_amount"))
        self.ok_button.setDefault(True)
        if self.customer is not None:
            self.customer.setFocus()
        else:
            self.what.setFocus()

    def chosen_customer(self) -> int | None:
        return self.customer.customer_id() if self.customer is not None else self._customer_id

    def draft(self) -> PromiseDraft:
        return PromiseDraft(
            customer_id=self.chosen_customer() or 0,
            what=self.what.text(),
            due_on=self.due.value() if self.due is not None else self.today,
            staff_id=self.staff.currentData(),
            bottom_line=self.bottom_line.text(),
            bottom_line_amount=self.amount.text(),
        )

    def check(self) -> None:
        if self.chosen_customer() is None:
            raise ValidationError("customer_id", N_("Choose the customer."))
        if self._existing is not None:
            validate_what(self.what.text())
            validate_bottom_line(self.bottom_line.text(), self.amount.text())
            return
        validate_draft(self.draft(), self.today)

    def save(self) -> PromiseRecord:
        promises = self._ctx.shop.promises
        draft = self.draft()
        if self._existing is None:
            return promises.add(draft, today=self.today)
        return promises.update(
            self._existing.id,
            draft.what,
            draft.bottom_line,
            draft.bottom_line_amount,
            draft.staff_id,
        )


def _promise_line(record: PromiseRecord) -> QLabel:
    label = QLabel(_("{customer}: {what}").format(customer=record.customer_name, what=record.what))
    label.setWordWrap(True)
    label.setStyleSheet("font-weight: 600;")
    return label


class ChangeDueDialog(FormDialog):
    """A new due date agreed with the customer; the old one stays in the promise's history."""

    def __init__(self, ctx: UiContext, record: PromiseRecord, parent: QWidget | None = None):
        super().__init__(_("Change the due date"), parent)
        self._ctx, self._record = ctx, record
        self.today = ctx.today()
        self.setMinimumWidth(480)
        self.form.add_widget(_promise_line(record))
        self.current = QLabel(format_date(record.due_on), self)
        self.current.setObjectName("current_due")
        self.form.add_row("current", _("Due now"), self.current)
        start = max(record.due_on, self.today) + timedelta(days=DEFAULT_DAYS)
        self.due = DueDateField(self.today, start, self)
        self.form.add_row("due_on", _("&New date"), self.due)
        self.note = QLineEdit(self)
        self.note.setObjectName("note")
        self.note.setPlaceholderText(_("How the customer agreed (optional)"))
        self.form.add_row("note", _("&Agreed"), self.note)
        self.due.changed.connect(lambda: self.touched("due_on"))
        self.note.textChanged.connect(lambda _t: self.touched("note"))
        self.ok_button.setDefault(True)
        self.due.setFocus()

    def check(self) -> None:
        new = self.due.value()
        validate_due(new, self._record.made_on)
        if new == self._record.due_on:
            raise ValidationError("due_on", N_("This is already the due date."))
        validate_note(self.note.text())

    def save(self) -> PromiseRecord:
        return self._ctx.shop.promises.change_due(
            self._record.id, self.due.value(), self.note.text(), self._ctx.current_staff_id()
        )


class BrokenDialog(FormDialog):
    """Record that a promise was broken: the reason is required."""

    def __init__(self, ctx: UiContext, record: PromiseRecord, parent: QWidget | None = None):
        super().__init__(_("Promise broken"), parent)
        self._ctx, self._record = ctx, record
        self.setMinimumWidth(480)
        self.form.add_widget(_promise_line(record))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Why could it not be kept?"))
        self.form.add_row("reason", _("&Reason"), self.reason)
        self.reason.textChanged.connect(lambda _t: self.touched("reason"))
        self.ok_button.setDefault(True)
        self.reason.setFocus()

    def check(self) -> None:
        validate_reason(self.reason.text())

    def save(self) -> PromiseRecord:
        return self._ctx.shop.promises.mark_broken(
            self._record.id, self.reason.text(), self._ctx.current_staff_id(), self._ctx.today()
        )
