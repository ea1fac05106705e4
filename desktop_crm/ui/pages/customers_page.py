"""The Customers page: one search box, filters, and a list that stays quick at 100,000 rows."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
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

if TYPE_CHECKING:
    from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard


class CustomersPage(QWidget):
    open_customer = Signal(int)
    print_requested = Signal(object)  # a DocumentRequest: the main window shows Documents

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
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
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
        self.merge_button = QPushButton(_("&Merge…"), self)
        self.merge_button.setToolTip(_("Select two customers who are the same person"))
        self.import_button = QPushButton(_("&Import…"), self)
        self.import_button.setToolTip(_("Ctrl+I"))
        self.export_button = QPushButton(_("E&xport…"), self)
        self.letters_button = QPushButton(_("&Guarantee letters…"), self)
        self.letters_button.setToolTip(_("Print a guarantee letter for each selected customer"))
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
        actions.addWidget(self.merge_button)
        actions.addSpacing(16)
        actions.addWidget(self.import_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.letters_button)
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
        self.merge_button.clicked.connect(self.merge_selected)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export)
        self.letters_button.clicked.connect(self.print_letters)
        self.import_wizard: ImportWizard | None = None
        self.model.modelReset.connect(self._update_status)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_customer)
        QShortcut(QKeySequence("Ctrl+I"), self, self.import_file)
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
        count = self.table.selected_count()
        rows = self.table.selected_rows() if count == 1 else []
        line = self.model.record(rows[0]) if rows else None
        self.edit_button.setEnabled(line is not None)
        self.archive_button.setEnabled(line is not None)
        self.merge_button.setEnabled(count == 2)
        self.letters_button.setEnabled(count > 0)
        self.archive_button.setText(
            _("&Restore") if line is not None and line.row.archived else _("&Archive")
        )

    # --- actions
    def selected_id(self) -> int | None:
        """The selected customer when exactly one is selected."""
        rows = self.table.selected_rows()
        return self.model.customer_id(rows[0]) if len(rows) == 1 else None

    def selected_ids(self) -> list[int]:
        ids = (self.model.customer_id(row) for row in self.table.selected_rows())
        return [customer_id for customer_id in ids if customer_id is not None]

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

        dialog = CustomerDialog(
            self.ctx.shop.customers, details, self, duplicates=self.ctx.shop.duplicates
        )
        dialog.accepted.connect(lambda: self._saved(dialog.result_value))
        dialog.open_existing.connect(self.open_customer.emit)
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

    # --- bringing customers in and out
    def import_file(self) -> None:
        from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard

        if self.import_wizard is not None and self.import_wizard.isVisible():
            self.import_wizard.raise_()
            return
        wizard = ImportWizard(self.ctx, self)
        wizard.finished.connect(wizard.deleteLater)
        wizard.destroyed.connect(lambda: setattr(self, "import_wizard", None))
        wizard.setWindowModality(Qt.WindowModality.WindowModal)
        self.import_wizard = wizard
        wizard.open()

    def export(self) -> None:
        from desktop_crm.ui.dialogs.export_dialog import ExportDialog

        dialog = ExportDialog(self.ctx, self.selected_ids(), self.model.query, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()

    def print_letters(self) -> None:
        """Guarantee letters for the selected customers, previewed on the Documents page."""
        from desktop_crm.documents.api import GuaranteeLetterRequest

        ids = self.selected_ids()
        if ids:
            self.print_requested.emit(GuaranteeLetterRequest(customer_ids=tuple(ids)))

    def merge_selected(self) -> None:
        from desktop_crm.ui.dialogs.merge_dialog import MergeDialog

        ids = self.selected_ids()
        if len(ids) != 2:
            return
        try:
            dialog = MergeDialog(self.ctx, ids[0], ids[1], self)
        except CrmError as exc:
            self.ctx.prompts.error(_("Merge customers"), error_text(exc))
            return
        dialog.merged.connect(self.open_customer.emit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.open()


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
