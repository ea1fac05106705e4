"""The Customers page: one search box, filters, and a list that stays quick at 100,000 rows."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
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
from desktop_crm.services.customers import ArchiveFilter, CustomerDetails
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.customer_table_model import CustomerTableModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.optional_date import OptionalDateEdit
from desktop_crm.ui.widgets.record_table import RecordTable
from desktop_crm.ui.widgets.search_box import SearchBox


class CustomersPage(QWidget):
    open_customer = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        shop = ctx.settings()
        self.model = CustomerTableModel(ctx.shop.customers, shop.country, shop.time_zone, self)

        self.search = SearchBox(_("Search name, phone or email (Ctrl+K)"), self)
        self.tag = QComboBox(self)
        self.tag.setMinimumContentsLength(12)
        self.archive = QComboBox(self)
        for label, value in (
            (_("Active"), ArchiveFilter.ACTIVE),
            (_("Archived"), ArchiveFilter.ARCHIVED),
            (_("All"), ArchiveFilter.ALL),
        ):
            self.archive.addItem(label, value)
        self.bought_from = OptionalDateEdit(_("Bought from"), parent=self)
        self.bought_to = OptionalDateEdit(_("to"), parent=self)

        self.table = RecordTable(self)
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.sectionClicked.connect(self._header_clicked)
        self.table.set_column_widths([240, 150, 240, 120, 120])

        self.new_button = QPushButton(_("&New customer"), self)
        self.new_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("&Edit"), self)
        self.archive_button = QPushButton(_("&Archive"), self)
        self.status = QLabel(self)
        self.status.setObjectName("customer_count")
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setStyleSheet("color: #777; font-size: 14px; padding: 24px;")
        self.empty.setWordWrap(True)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(QLabel(_("Tag"), self))
        filters.addWidget(self.tag, 1)
        filters.addWidget(self.archive)
        filters.addWidget(self.bought_from)
        filters.addWidget(self.bought_to)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.archive_button)
        actions.addStretch(1)
        actions.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(actions)

        self.search.search_changed.connect(lambda _t: self.apply_filters())
        self.tag.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.archive.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.bought_from.changed.connect(self.apply_filters)
        self.bought_to.changed.connect(self.apply_filters)
        self.table.row_opened.connect(self._open_row)
        self.new_button.clicked.connect(self.new_customer)
        self.edit_button.clicked.connect(self.edit_selected)
        self.archive_button.clicked.connect(self.archive_or_restore_selected)
        self.model.modelReset.connect(self._update_status)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_customer)
        ctx.bus.customer_changed.connect(lambda _id: self.refresh())
        ctx.bus.customers_changed.connect(self.refresh)
        ctx.bus.settings_changed.connect(self._settings_changed)

        self._reload_tags()
        self.apply_filters()
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- filters and list
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def apply_filters(self) -> None:
        query = dataclasses.replace(
            self.model.query,
            text=self.search.text(),
            tag=str(self.tag.currentData() or ""),
            archive=ArchiveFilter(self.archive.currentData()),
            last_purchase_from=self.bought_from.value(),
            last_purchase_to=self.bought_to.value(),
        )
        self.model.set_query(query)

    def refresh(self) -> None:
        """Reload after a change, keeping the selected customer selected when still listed."""
        selected = self.selected_id()
        self._reload_tags()
        self.model.reload()
        if selected is not None:
            row = self.model.row_of(selected)
            if row is not None:
                self.table.select_row(row)

    def _reload_tags(self) -> None:
        current = self.tag.currentData()
        self.tag.blockSignals(True)
        self.tag.clear()
        self.tag.addItem(_("Any"), "")
        for name in self.ctx.shop.customers.tags():
            self.tag.addItem(name, name)
        self.tag.setCurrentIndex(max(0, self.tag.findData(current)))
        self.tag.blockSignals(False)

    def _header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if not self.model.sortable(column):
            # Only what SQL sorts is sortable: put the indicator back where it was.
            query = self.model.query
            keys = [c.sort_key for c in self.model.columns]
            order = (
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder
            )
            header.setSortIndicator(keys.index(query.sort), order)
            return
        self.model.sort(column, header.sortIndicatorOrder())

    def _settings_changed(self) -> None:
        shop = self.ctx.settings()
        self.model.set_locale(shop.country, shop.time_zone)
        self.model.reload()

    def _update_status(self) -> None:
        count = self.model.rowCount()
        self.status.setText(
            ngettext("{count} customer", "{count} customers", count).format(count=count)
        )
        filtered = bool(self.model.query.text or self.model.query.tag) or (
            self.model.query.archive is not ArchiveFilter.ACTIVE
            or self.model.query.last_purchase_from is not None
            or self.model.query.last_purchase_to is not None
        )
        if count == 0:
            self.empty.setText(
                _("No customer matches. Change the search or the filters.")
                if filtered
                else _("No customers yet. Add the first one with “New customer” (Ctrl+N).")
            )
        self.empty.setVisible(count == 0)
        self.table.setVisible(count > 0)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.table.current_row()
        line = None if selected is None else self.model.record(selected)
        self.edit_button.setEnabled(line is not None)
        self.archive_button.setEnabled(line is not None)
        self.archive_button.setText(
            _("&Restore") if line is not None and line.row.archived else _("&Archive")
        )

    # --- actions
    def selected_id(self) -> int | None:
        row = self.table.current_row()
        return None if row is None else self.model.customer_id(row)

    def _open_row(self, row: int) -> None:
        customer_id = self.model.customer_id(row)
        if customer_id is not None:
            self.open_customer.emit(customer_id)

    def new_customer(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        customer_id = self.selected_id()
        if customer_id is None:
            return
        try:
            details = self.ctx.shop.customers.get(customer_id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Edit customer"), error_text(exc))
            return
        self._open_dialog(details)

    def _open_dialog(self, details: CustomerDetails | None) -> None:
        from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog  # not needed at start-up

        dialog = CustomerDialog(self.ctx.shop.customers, details, self)
        dialog.accepted.connect(lambda: self._saved(dialog.result_value))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def _saved(self, details: CustomerDetails) -> None:
        self.ctx.bus.customer_changed.emit(details.id)
        row = self.model.row_of(details.id)
        if row is not None:
            self.table.select_row(row)

    def archive_or_restore_selected(self) -> None:
        customer_id = self.selected_id()
        if customer_id is not None:
            archive_or_restore(self.ctx, customer_id)


def archive_or_restore(ctx: UiContext, customer_id: int) -> bool:
    """Archive an active customer or restore an archived one, after asking. True if done."""
    customers = ctx.shop.customers
    try:
        details = customers.get(customer_id)
        if details.archived:
            if not ctx.prompts.confirm(
                _("Restore customer"),
                _("Bring {name} back into the customer list?").format(name=details.name),
                _("Restore"),
            ):
                return False
            customers.restore(customer_id)
        else:
            if not ctx.prompts.confirm(
                _("Archive customer"),
                _(
                    "Archive {name}? They leave the everyday list; nothing of theirs is deleted "
                    "and you can restore them from the “Archived” filter."
                ).format(name=details.name),
                _("Archive"),
            ):
                return False
            customers.archive(customer_id)
    except CrmError as exc:
        ctx.prompts.error(_("Archive customer"), error_text(exc))
        return False
    ctx.bus.customer_changed.emit(customer_id)
    return True
