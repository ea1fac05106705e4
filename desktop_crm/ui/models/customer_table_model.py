"""The customer list: a windowed model over CustomerService.count/list_page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Qt

from desktop_crm.domain.contact_details import format_phone
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerQuery, CustomerRow, CustomerService, CustomerSort
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import PagedModel


@dataclass(frozen=True)
class CustomerLine:
    """A row with its cells formatted once, when its page is fetched."""

    row: CustomerRow
    phone: str
    last_purchase: str
    created: str


COLUMNS: list[Column[CustomerLine]] = [
    Column(lambda: _("Name"), lambda line: line.row.name, CustomerSort.NAME),
    Column(lambda: _("Phone"), lambda line: line.phone),
    Column(lambda: _("Email"), lambda line: line.row.email),
    Column(lambda: _("Last purchase"), lambda line: line.last_purchase, CustomerSort.LAST_PURCHASE),
    Column(lambda: _("Created"), lambda line: line.created, CustomerSort.CREATED),
]


class CustomerTableModel(PagedModel[CustomerLine]):
    def __init__(
        self, customers: CustomerService, region: str, time_zone: str, parent: QObject | None = None
    ) -> None:
        super().__init__(COLUMNS, parent)
        self._customers = customers
        self._query = CustomerQuery()
        self.set_locale(region, time_zone)

    @property
    def query(self) -> CustomerQuery:
        return self._query

    def set_query(self, query: CustomerQuery) -> None:
        self._query = query
        self.reload()

    def set_locale(self, region: str, time_zone: str) -> None:
        """The shop's country (phone display) and time zone (creation dates)."""
        self._region, self._zone = region, ZoneInfo(time_zone)

    def sortable(self, column: int) -> bool:
        return self.columns[column].sort_key is not None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is None:
            return  # only what SQL can sort is sortable
        descending = order == Qt.SortOrder.DescendingOrder
        self.set_query(
            dataclasses.replace(self._query, sort=CustomerSort(key), descending=descending)
        )

    def customer_id(self, row: int) -> int | None:
        line = self.record(row)
        return None if line is None else line.row.id

    def row_of(self, customer_id: int) -> int | None:
        """The row of a customer among the pages fetched (to keep a selection), or None."""
        if not self._pages and self._count:
            self.record(0)
        for number, page in zip(self.cached_pages(), self._pages.values(), strict=True):
            for at, line in enumerate(page):
                if line.row.id == customer_id:
                    return number * self.PAGE_SIZE + at
        return None

    def dimmed(self, record: CustomerLine) -> bool:
        return record.row.archived

    def fetch_count(self) -> int:
        return self._customers.count(self._query)

    def fetch_page(self, offset: int, limit: int) -> list[CustomerLine]:
        return [self._line(row) for row in self._customers.list_page(self._query, offset, limit)]

    def _line(self, row: CustomerRow) -> CustomerLine:
        return CustomerLine(
            row=row,
            phone=format_phone(row.phone, self._region) if row.phone else "",
            last_purchase=format_date(row.last_purchase_on),
            created=format_date(row.created_at.astimezone(self._zone).date()),
        )
