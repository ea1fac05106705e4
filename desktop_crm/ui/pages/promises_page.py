"""The Promises page: every promise, filtered and sorted by due date; overdue ones stand out."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.promises import KEPT_RATE_DAYS, PromiseQuery, PromiseRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.record_model import Index, PagedModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets import promise_actions
from desktop_crm.ui.widgets.promise_actions import OVERDUE_COLOUR, overdue_style, promise_columns
from desktop_crm.ui.widgets.record_table import RecordTable
from desktop_crm.ui.widgets.search_box import SearchBox


class PromiseTableModel(PagedModel[PromiseRecord]):
    """Promises of a PromiseQuery, in pages, as of the shop's today (taken at each reload)."""

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        self._ctx = ctx
        self.today = ctx.today()
        self.currency = ctx.settings().currency
        super().__init__(
            promise_columns(lambda: self.today, lambda: self.currency, with_customer=True), parent
        )
        self.query = PromiseQuery()

    def set_query(self, query: PromiseQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.today = self._ctx.today()
        super().reload()

    def fetch_count(self) -> int:
        return self._ctx.shop.promises.count(self.query, self.today)

    def fetch_page(self, offset: int, limit: int) -> list[PromiseRecord]:
        return self._ctx.shop.promises.list_page(self.query, offset, limit, self.today)

    def row_of(self, promise_id: int) -> int | None:
        """The row of a promise among the pages fetched (to keep a selection), or None."""
        if not self._pages and self._count:
            self.record(0)
        for number, page in zip(self.cached_pages(), self._pages.values(), strict=True):
            for at, record in enumerate(page):
                if record.id == promise_id:
                    return number * self.PAGE_SIZE + at
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (
            Qt.ItemDataRole.ForegroundRole,
            Qt.ItemDataRole.FontRole,
        ):
            styled = overdue_style(self.record(index.row()), self.today, role)
            if styled is not None:
                return styled
        return super().data(index, role)


Choices = tuple[tuple[str, Callable[[], str]], ...]

STATUS_CHOICES: Choices = (
    ("pending", lambda: _("Still to keep")),
    ("kept", lambda: _("Kept")),
    ("broken", lambda: _("Broken")),
    ("all", lambda: _("All")),
)
DUE_CHOICES: Choices = (
    ("any", lambda: _("Any date")),
    ("overdue", lambda: _("Overdue")),
    ("today", lambda: _("Due today (and overdue)")),
    ("this_week", lambda: _("Due this week")),
    ("at_risk", lambda: _("At risk (due in 3 days)")),
)


class PromisesPage(promise_actions.SelectedPromiseActions, QWidget):
    open_customer = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self.model = PromiseTableModel(ctx, self)

        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        for value, label in STATUS_CHOICES:
            self.status.addItem(label(), value)
        self.due = QComboBox(self)
        self.due.setObjectName("due_filter")
        for value, label in DUE_CHOICES:
            self.due.addItem(label(), value)
        self.staff = QComboBox(self)
        self.staff.setObjectName("staff_filter")
        self.staff.setMinimumContentsLength(12)
        self.search = SearchBox(_("Customer: name, phone or email"), self)
        self.customer_chip = QPushButton(self)
        self.customer_chip.setObjectName("customer_chip")
        self.customer_chip.setToolTip(_("Show every customer's promises again"))
        self.customer_chip.setVisible(False)

        self.overdue = QPushButton(self)
        self.overdue.setObjectName("overdue_count")
        self.overdue.setFlat(True)
        self.overdue.setCursor(Qt.CursorShape.PointingHandCursor)
        self.overdue.setToolTip(_("Show the overdue promises"))
        self.kept_rate = QLabel(self)
        self.kept_rate.setObjectName("kept_rate")
        self.kept_rate.setStyleSheet("color: #555;")

        self.table = RecordTable(self)
        self.table.setModel(self.model)
        self.table.set_column_widths([110, 180, 300, 130, 170])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; font-size: 14px; padding: 24px;")

        self.new_button = QPushButton(_("&New promise"), self)
        self.new_button.setToolTip(_("Ctrl+N"))
        self.kept_button = QPushButton(_("&Kept"), self)
        self.kept_button.setToolTip(_("K or Ctrl+Enter"))
        self.change_button = QPushButton(_("Change &date…"), self)
        self.change_button.setToolTip(_("D: a new date agreed with the customer"))
        self.broken_button = QPushButton(_("&Broken…"), self)
        self.broken_button.setToolTip(_("B"))
        self.reopen_button = QPushButton(_("&Reopen"), self)
        self.reopen_button.setToolTip(_("Undo kept or broken"))
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.open_button = QPushButton(_("&Open customer"), self)
        self.open_button.setToolTip(_("Enter"))
        self.count = QLabel(self)
        self.count.setObjectName("promise_count")

        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(self.due)
        filters.addWidget(QLabel(_("Promised by"), self))
        filters.addWidget(self.staff)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.customer_chip)
        summary = QHBoxLayout()
        summary.addWidget(self.overdue)
        summary.addStretch(1)
        summary.addWidget(self.kept_rate)
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.kept_button,
            self.change_button,
            self.broken_button,
            self.reopen_button,
            self.edit_button,
            self.open_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(actions)

        self.status.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.due.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.staff.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.search.search_changed.connect(lambda _t: self._search_changed())
        self.customer_chip.clicked.connect(self.clear_customer_filter)
        self.overdue.clicked.connect(self.show_overdue)
        self.table.row_opened.connect(lambda _row: self.open_selected_customer())
        self.new_button.clicked.connect(self.new_promise)
        self.kept_button.clicked.connect(self.keep_selected)
        self.change_button.clicked.connect(self.change_selected)
        self.broken_button.clicked.connect(self.break_selected)
        self.reopen_button.clicked.connect(self.reopen_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.open_button.clicked.connect(self.open_selected_customer)
        self.model.modelReset.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

        QShortcut(QKeySequence("Ctrl+N"), self, self.new_promise)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.keep_selected)
        # Single letters act on the list only, so they never land in the search box.
        for keys, slot in (
            ("K", self.keep_selected),
            ("D", self.change_selected),
            ("B", self.break_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        ctx.bus.promises_changed.connect(self.refresh)
        ctx.bus.customer_changed.connect(lambda _id: self.refresh())
        ctx.bus.customers_changed.connect(self.refresh)
        ctx.bus.staff_changed.connect(self._staff_changed)
        ctx.bus.settings_changed.connect(self._settings_changed)

        self._reload_staff()
        self.apply_filters()

    # --- filters
    def query(self) -> PromiseQuery:
        return PromiseQuery(
            status=str(self.status.currentData()),
            due=str(self.due.currentData()),
            staff_id=self.staff.currentData(),
            customer_id=self.customer_id,
            customer_text="" if self.customer_id is not None else self.search.text(),
        )

    def apply_filters(self) -> None:
        self.model.set_query(self.query())

    def show_customer_filter(self, customer_id: int) -> None:
        """Show only this customer's promises (until the filter is cleared)."""
        try:
            name = self.ctx.shop.customers.get(customer_id).name
        except CrmError as exc:
            self.ctx.prompts.error(_("Promises"), error_text(exc))
            return
        self.customer_id = customer_id
        self.customer_chip.setText(_("{name} ✕").format(name=name))
        self.customer_chip.setVisible(True)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filters()

    def clear_customer_filter(self) -> None:
        self.customer_id = None
        self.customer_chip.setVisible(False)
        self.apply_filters()

    def _search_changed(self) -> None:
        if self.customer_id is not None and self.search.text().strip():
            # Typing a customer's name replaces "this customer".
            self.customer_id = None
            self.customer_chip.setVisible(False)
        self.apply_filters()

    def show_overdue(self) -> None:
        self.status.blockSignals(True)
        self.status.setCurrentIndex(self.status.findData("pending"))
        self.status.blockSignals(False)
        self.due.setCurrentIndex(self.due.findData("overdue"))

    def refresh(self) -> None:
        """Reload after a change, keeping the selected promise selected when still listed."""
        selected = self.selected()
        self.model.reload()
        if selected is not None:
            row = self.model.row_of(selected.id)
            if row is not None:
                self.table.select_row(row)

    def showEvent(self, event: QShowEvent) -> None:
        # The date may have changed while the page was hidden: overdue is relative to today.
        if self.model.today != self.ctx.today():
            self.refresh()
        super().showEvent(event)

    def _reload_staff(self) -> None:
        current = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItem(_("Anyone"), None)
        for member in self.ctx.shop.staff.list():
            self.staff.addItem(member.name, member.id)
        self.staff.setCurrentIndex(max(0, self.staff.findData(current)))
        self.staff.blockSignals(False)

    def _staff_changed(self) -> None:
        self._reload_staff()
        self.apply_filters()

    def _settings_changed(self) -> None:
        self.model.currency = self.ctx.settings().currency
        self.refresh()

    # --- what the page says
    def _update_state(self) -> None:
        count = self.model.rowCount()
        self.count.setText(
            ngettext("{count} promise", "{count} promises", count).format(count=count)
        )
        self.table.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        if count == 0:
            self.empty.setText(
                _("No promise matches. Change the filters.")
                if self._filtered()
                else _("No open promises. Record one with “New promise” (Ctrl+N).")
            )
        self._update_overdue()
        self._update_kept_rate()
        self._update_buttons()

    def _filtered(self) -> bool:
        return self.model.query != PromiseQuery()

    def _update_overdue(self) -> None:
        query = dataclasses.replace(self.model.query, status="pending", due="overdue")
        overdue = self.ctx.shop.promises.count(query, self.model.today)
        if overdue:
            self.overdue.setText(
                ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
            )
            self.overdue.setStyleSheet(
                f"color: {OVERDUE_COLOUR}; font-weight: 700; font-size: 14px; text-align: left;"
            )
        else:
            self.overdue.setText(_("Nothing overdue"))
            self.overdue.setStyleSheet("color: #2e7d32; font-size: 14px; text-align: left;")

    def _update_kept_rate(self) -> None:
        today = self.model.today
        result = self.ctx.shop.promises.kept_rate(
            today - timedelta(days=KEPT_RATE_DAYS - 1), today, today
        )
        if result.rate is None:
            self.kept_rate.setText(
                _("No promise came due in the last {days} days.").format(days=KEPT_RATE_DAYS)
            )
            self.kept_rate.setToolTip("")
            return
        self.kept_rate.setText(
            _("Kept on time in the last {days} days: {percent}% ({kept} of {total})").format(
                days=KEPT_RATE_DAYS,
                percent=round(result.rate * 100),
                kept=result.kept_on_time,
                total=result.came_due,
            )
        )
        self.kept_rate.setToolTip(
            _(
                "Kept late: {late}. Broken: {broken}. Still open: {open}.\n"
                "New dates agreed with the customer: {changes} (on {changed} promises);"
                " a promise counts against its latest agreed date."
            ).format(
                late=result.kept_late,
                broken=result.broken,
                open=result.still_open,
                changes=result.changes,
                changed=result.changed,
            )
        )

    def _update_buttons(self) -> None:
        record = self.selected()
        pending = record is not None and record.pending
        self.kept_button.setEnabled(pending)
        self.change_button.setEnabled(pending)
        self.broken_button.setEnabled(pending)
        self.reopen_button.setEnabled(record is not None and not record.pending)
        self.edit_button.setEnabled(record is not None)
        self.open_button.setEnabled(record is not None)

    # --- actions
    def selected(self) -> PromiseRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def new_promise(self) -> None:
        promise_actions.add_promise(self.ctx, self.customer_id, self)

    def open_selected_customer(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_customer.emit(record.customer_id)
