"""The main window: a navigation column, the page stack, and who is at the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop_crm.i18n import _
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.pages.customers_page import CustomersPage

if TYPE_CHECKING:
    from desktop_crm.ui.pages.customer_view import CustomerView


def _staff_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.staff_page import StaffPage

    return StaffPage(ctx)


def _audit_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.audit_page import AuditPage

    return AuditPage(ctx)


def _settings_page(ctx: UiContext) -> QWidget:
    from desktop_crm.ui.pages.settings_page import SettingsPage

    return SettingsPage(ctx)


@dataclass(frozen=True)
class PageSpec:
    """A navigation entry. Pages other than the first are built when first shown."""

    key: str
    title: Callable[[], str]
    build: Callable[[UiContext], QWidget]


# Adding a page is one line here (Today, Promises, Reminders... come with their issues).
PAGES: list[PageSpec] = [
    PageSpec("customers", lambda: _("Customers"), lambda ctx: CustomersPage(ctx)),
    PageSpec("staff", lambda: _("Staff"), _staff_page),
    PageSpec("audit", lambda: _("Audit"), _audit_page),
    PageSpec("settings", lambda: _("Settings"), _settings_page),
]


WARM_UP_MS = 400


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, pages: list[PageSpec] | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self.specs = list(pages or PAGES)
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet(
            "QListWidget { border: none; background: #f2f3f5; font-size: 14px; }"
            "QListWidget::item { padding: 8px 12px; }"
            "QListWidget::item:selected { background: #dbe7fb; color: #0d47a1; }"
        )
        self.stack = QStackedWidget(self)
        for spec in self.specs:
            item = QListWidgetItem(spec.title(), self.nav)
            item.setSizeHint(QSize(160, 36))
            self.stack.addWidget(QWidget(self.stack))  # placeholder until first shown
        central = QWidget(self)
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        customers = self.page("customers")
        assert isinstance(customers, CustomersPage)
        self.customers = customers
        self.customers.open_customer.connect(self.open_customer)
        self._customer_view: CustomerView | None = None

        self.staff_combo = QComboBox(self)
        self.staff_combo.setObjectName("current_staff")
        self.staff_combo.setMinimumContentsLength(16)
        self.statusBar().addPermanentWidget(QLabel(_("At the keyboard:"), self))
        self.statusBar().addPermanentWidget(self.staff_combo)
        self._reload_staff()
        self.staff_combo.currentIndexChanged.connect(self._staff_chosen)

        self.nav.currentRowChanged.connect(self._nav_changed)
        self.nav.setCurrentRow(0)
        QShortcut(QKeySequence("Ctrl+K"), self, self.focus_search)
        ctx.bus.staff_changed.connect(self._reload_staff)
        ctx.bus.settings_changed.connect(self._update_title)
        self._update_title()
        self.resize(1180, 720)
        # Build the customer view once the first screen is up, so the first open is quick too.
        QTimer.singleShot(WARM_UP_MS, self, self._warm_up)

    def _warm_up(self) -> None:
        _ = self.customer_view

    # --- pages
    def page(self, key: str) -> QWidget:
        """The page of navigation entry ``key``, built on first use."""
        if key not in self.pages:
            index = next(i for i, spec in enumerate(self.specs) if spec.key == key)
            widget = self.specs[index].build(self.ctx)
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[key] = widget
        return self.pages[key]

    def show_page(self, key: str) -> QWidget:
        index = next(i for i, spec in enumerate(self.specs) if spec.key == key)
        if self.nav.currentRow() != index:
            self.nav.setCurrentRow(index)  # _nav_changed shows it
        else:
            self._nav_changed(index)
        return self.pages[key]

    def _nav_changed(self, index: int) -> None:
        if index < 0:
            return
        widget = self.page(self.specs[index].key)
        self.stack.setCurrentWidget(widget)

    @property
    def customer_view(self) -> CustomerView:
        if self._customer_view is None:
            from desktop_crm.ui.pages.customer_view import CustomerView

            view = CustomerView(self.ctx, self.stack)
            view.back.connect(self.back_to_customers)
            self.stack.addWidget(view)
            self._customer_view = view
        return self._customer_view

    def open_customer(self, customer_id: int) -> None:
        view = self.customer_view
        if view.show_customer(customer_id):
            self.stack.setCurrentWidget(view)

    def back_to_customers(self) -> None:
        self.show_page("customers")
        self.customers.table.setFocus()

    def focus_search(self) -> None:
        self.show_page("customers")
        self.customers.focus_search()

    # --- status bar and title
    def _reload_staff(self) -> None:
        current = self.ctx.current_staff_id()
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        self.staff_combo.addItem(_("(nobody)"), None)
        for member in self.ctx.shop.staff.list(include_inactive=False):
            self.staff_combo.addItem(member.name, member.id)
        self.staff_combo.setCurrentIndex(max(0, self.staff_combo.findData(current)))
        self.staff_combo.blockSignals(False)

    def _staff_chosen(self, _index: int) -> None:
        self.ctx.shop.settings.set_current_staff(self.staff_combo.currentData())
        self.ctx.bus.current_staff_changed.emit()

    def _update_title(self) -> None:
        name = self.ctx.settings().shop_name
        self.setWindowTitle(
            _("{shop} — Customer care").format(shop=name) if name else _("Customer care")
        )
