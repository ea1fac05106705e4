"""A reminder made by hand (new or edited): for whom, when, what, and whether it repeats.

Repeating is "every N days/weeks/months/years" or a calendar rule typed in RFC 5545 (e.g.
``FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO``, the third Monday of September); the next dates are shown
as the rule is typed, so a wrong rule shows before it is saved.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import N_, ValidationError
from desktop_crm.domain.recurrence import MAX_EVERY, UNITS, Recurrence, next_occurrence, rule_text
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.reminders.records import ReminderRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate
from desktop_crm.ui.widgets.form_dialog import FormDialog

NO_REPEAT, EVERY, RULE = "none", "every", "rule"
PREVIEW_COUNT = 3
CUSTOMER_MATCHES = 20


def _unit_names(count: int) -> dict[str, str]:
    """The units as read after "every {count}" (day/days...)."""
    return {
        "day": ngettext("day", "days", count),
        "week": ngettext("week", "weeks", count),
        "month": ngettext("month", "months", count),
        "year": ngettext("year", "years", count),
    }


def upcoming_dates(recurrence: Recurrence | None, first: date, count: int) -> list[date]:
    """The first ``count`` dates of a reminder due on ``first`` that repeats as given."""
    dates = [first]
    while recurrence is not None and len(dates) < count:
        following = next_occurrence(recurrence, first, dates[-1])
        if following is None:
            break
        dates.append(following)
    return dates


class ReminderDialog(FormDialog):
    """New (``existing`` None) or edited manual reminder. Without a ``customer_id`` the dialog
    starts with a customer search (from the Reminders page); from a customer's tab it is theirs.
    """

    def __init__(
        self,
        ctx: UiContext,
        customer_id: int | None,
        existing: ReminderRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        if existing is not None:
            customer_id = existing.customer_id
        super().__init__(_("Edit reminder") if existing else _("New reminder"), parent)
        self.ctx, self._existing = ctx, existing
        self.customer_id = customer_id
        self.setMinimumWidth(480)

        self.customer_search: QLineEdit | None = None
        self.customer_list: QListWidget | None = None
        if customer_id is None:
            self._add_customer_picker()
        else:
            name = existing.customer_name if existing else ctx.shop.customers.get(customer_id).name
            self.form.add_row("customer", _("Customer"), QLabel(name, self))

        self.due_on = QDateEdit(self)
        self.due_on.setCalendarPopup(True)
        self.due_on.setDisplayFormat("yyyy-MM-dd")
        self.due_on.setDate(to_qdate(existing.due_on if existing else ctx.today()))
        self.message = QPlainTextEdit(self)
        self.message.setPlaceholderText(_("What to remember (also the message to the customer)"))
        self.message.setTabChangesFocus(True)
        self.message.setFixedHeight(self.fontMetrics().height() * 4 + 12)

        self.repeat = QComboBox(self)
        self.repeat.addItem(_("Does not repeat"), NO_REPEAT)
        self.repeat.addItem(_("Every…"), EVERY)
        self.repeat.addItem(_("Calendar rule (RFC 5545)"), RULE)
        self.every = QSpinBox(self)
        self.every.setRange(1, MAX_EVERY)
        self.unit = QComboBox(self)
        for unit, name in _unit_names(1).items():
            self.unit.addItem(name, unit)
        self.unit.setCurrentIndex(self.unit.findData("week"))
        repeat_row = QWidget(self)
        row = QHBoxLayout(repeat_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.repeat, 1)
        row.addWidget(self.every)
        row.addWidget(self.unit)
        self.rule = QLineEdit(self)
        self.rule.setPlaceholderText("FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO")
        self.rule.setToolTip(
            _(
                "An RFC 5545 repeat rule, as calendars write it. FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO"
                " is the third Monday of September; FREQ=MONTHLY;BYMONTHDAY=-1 the last day of"
                " every month."
            )
        )
        self.preview = QLabel(self)
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)
        self.preview.setStyleSheet("color: #555;")

        self.form.add_row("due_on", _("&Due on"), self.due_on)
        self.form.add_row("message", _("&Message"), self.message)
        self.form.add_row("every", _("&Repeats"), repeat_row)
        self.form.add_row("rrule", _("R&ule"), self.rule)
        self.form.add_row("preview", _("Next dates"), self.preview)
        if existing is not None:
            self._fill(existing)

        self.due_on.dateChanged.connect(lambda _d: self._changed("due_on"))
        self.message.textChanged.connect(lambda: self._changed("message"))
        self.repeat.currentIndexChanged.connect(lambda _i: self._changed("every"))
        self.every.valueChanged.connect(lambda _v: self._changed("every"))
        self.unit.currentIndexChanged.connect(lambda _i: self._changed("every"))
        self.rule.textChanged.connect(lambda _t: self._changed("rrule"))
        self.ok_button.setDefault(True)
        self._update_fields()
        (self.customer_search or self.message).setFocus()

    # --- the customer, when the caller did not give one
    def _add_customer_picker(self) -> None:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.customer_search = QLineEdit(box)
        self.customer_search.setPlaceholderText(_("Search name, phone or email"))
        self.customer_search.setClearButtonEnabled(True)
        self.customer_list = QListWidget(box)
        self.customer_list.setObjectName("customer_matches")
        self.customer_list.setMaximumHeight(self.fontMetrics().height() * 7)
        column.addWidget(self.customer_search)
        column.addWidget(self.customer_list)
        self.form.add_row("customer", _("&Customer"), box)
        self.customer_search.textChanged.connect(self._search_customers)
        self.customer_search.returnPressed.connect(self._pick_first)
        self.customer_list.currentItemChanged.connect(lambda *_: self._customer_picked(True))
        self._search_customers("")

    def _search_customers(self, text: str) -> None:
        assert self.customer_list is not None
        matches = self.ctx.shop.customers.list_page(CustomerQuery(text=text), 0, CUSTOMER_MATCHES)
        self.customer_list.blockSignals(True)
        self.customer_list.clear()
        for match in matches:
            label = f"{match.name}  {match.phone}".strip()
            item = QListWidgetItem(label, self.customer_list)
            item.setData(Qt.ItemDataRole.UserRole, match.id)
        self.customer_list.blockSignals(False)
        self.customer_id = None
        if len(matches) == 1:
            self.customer_list.setCurrentRow(0)  # the one match is the one meant
        self._customer_picked(bool(text))

    def _pick_first(self) -> None:
        assert self.customer_list is not None
        if self.customer_list.count() and self.customer_list.currentRow() < 0:
            self.customer_list.setCurrentRow(0)
        self.message.setFocus()

    def _customer_picked(self, by_user: bool) -> None:
        assert self.customer_list is not None
        item = self.customer_list.currentItem()
        self.customer_id = None if item is None else int(item.data(Qt.ItemDataRole.UserRole))
        if by_user:
            self.touched("customer")
        else:
            self.revalidate()

    # --- repeating
    def _fill(self, existing: ReminderRecord) -> None:
        self.message.setPlainText(existing.message)
        rule = existing.recurrence
        if rule is None:
            return
        # A rule the "every N units" form wrote from this due date shows as that form again.
        interval = re.search(r"(?:^|;)INTERVAL=([0-9]+)(?:;|$)", rule)
        every = int(interval[1]) if interval else 0
        for unit in UNITS:
            if 1 <= every <= MAX_EVERY and rule == rule_text(
                Recurrence(every=every, unit=unit), existing.due_on
            ):
                self.repeat.setCurrentIndex(self.repeat.findData(EVERY))
                self.every.setValue(every)
                self.unit.setCurrentIndex(self.unit.findData(unit))
                return
        self.repeat.setCurrentIndex(self.repeat.findData(RULE))
        self.rule.setText(rule)

    def _mode(self) -> str:
        return str(self.repeat.currentData())

    def recurrence(self) -> Recurrence | None:
        """The repeat as chosen; ValidationError (field ``rrule`` or ``every``) when it is not
        one."""
        mode = self._mode()
        if mode == EVERY:
            return Recurrence(every=self.every.value(), unit=self.unit.currentData())
        if mode == RULE:
            if not self.rule.text().strip():
                raise ValidationError("rrule", N_("Type a repeat rule, e.g. FREQ=WEEKLY."))
            return Recurrence(rrule=self.rule.text())
        return None

    def _changed(self, field: str) -> None:
        self._update_fields()
        self.touched(field)

    def _update_fields(self) -> None:
        for index, name in enumerate(_unit_names(self.every.value()).values()):
            self.unit.setItemText(index, name)
        mode = self._mode()
        self.every.setVisible(mode == EVERY)
        self.unit.setVisible(mode == EVERY)
        self.rule.setEnabled(mode == RULE)
        self._update_preview()

    def _update_preview(self) -> None:
        first = from_qdate(self.due_on.date())
        try:
            recurrence = self.recurrence()
        except ValidationError:
            self.preview.setText("")
            return
        if recurrence is None:
            self.preview.setText(_("Once, on {date}").format(date=format_date(first)))
            return
        dates = upcoming_dates(recurrence, first, PREVIEW_COUNT)
        text = ", ".join(format_date(day) for day in dates)
        if len(dates) == 1:
            text = _("{date}, then no more: the rule ends there").format(date=text)
        if next_occurrence(recurrence, first, first - timedelta(days=1)) != first:
            text += "\n" + _(
                "The due date is not one of the rule's dates: it comes once, then the rule's."
            )
        self.preview.setText(text)

    # --- FormDialog
    def check(self) -> None:
        if self._existing is None and self.customer_id is None:
            raise ValidationError("customer", N_("Choose a customer."))
        if not self.message.toPlainText().strip():
            raise ValidationError("message", N_("Say what to remember."))
        self.recurrence()

    def save(self) -> ReminderRecord:
        reminders = self.ctx.shop.reminders
        due_on = from_qdate(self.due_on.date())
        if self._existing is not None:
            return reminders.update_manual(
                self._existing.id, due_on, self.message.toPlainText(), self.recurrence()
            )
        assert self.customer_id is not None
        return reminders.create(
            self.customer_id,
            due_on,
            self.message.toPlainText(),
            recurrence=self.recurrence(),
            staff_id=self.ctx.current_staff_id(),
        )
