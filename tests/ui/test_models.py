"""Every table model passes Qt's model tester; the customer list is windowed, never loaded whole."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QAbstractItemModel

from desktop_crm.services.customers import CustomerQuery, CustomerRow
from desktop_crm.services.shop import Shop
from desktop_crm.ui.models.customer_table_model import CustomerTableModel
from desktop_crm.ui.models.timeline_model import TimelineModel

Validator = Callable[[QAbstractItemModel], None]


def test_customer_table_model(seeded: Shop, model_validator: Validator) -> None:
    model = CustomerTableModel(seeded.customers, "ES", "Europe/Madrid")
    model.reload()
    assert model.rowCount() == 30
    model_validator(model)


def test_customer_table_model_when_empty(shop: Shop, model_validator: Validator) -> None:
    model = CustomerTableModel(shop.customers, "ES", "UTC")
    model.reload()
    model_validator(model)


def test_timeline_model(seeded: Shop, model_validator: Validator) -> None:
    customer = seeded.customers.list_page(CustomerQuery(), 0, 1)[0]
    for i in range(250):  # more than two pages
        seeded.timeline.log_contact(customer.id, "phone", f"Call {i}")
    model = TimelineModel(seeded.timeline, "Europe/Madrid")
    model.show_customer(customer.id)
    assert model.rowCount() == 250
    assert model.index(0, 4).data() == "Call 249"  # newest first
    assert model.index(249, 4).data() == "Call 0"
    model_validator(model)


class HundredThousand:
    """A stand-in CustomerService with 100,000 customers that counts what it is asked."""

    def __init__(self) -> None:
        self.pages: list[tuple[int, int]] = []

    def count(self, query: CustomerQuery) -> int:
        return 100_000

    def list_page(self, query: CustomerQuery, offset: int, limit: int) -> list[CustomerRow]:
        self.pages.append((offset, limit))
        created = datetime(2024, 1, 1, tzinfo=UTC)
        return [
            CustomerRow(i, f"Customer {i:06d}", "", "", None, False, created)
            for i in range(offset, min(offset + limit, 100_000))
        ]


def test_the_list_fetches_only_the_pages_it_shows() -> None:
    service = HundredThousand()
    model = CustomerTableModel(service, "ES", "UTC")  # type: ignore[arg-type]
    model.reload()
    assert model.rowCount() == 100_000
    assert service.pages == []
    assert model.index(99_999, 0).data() == "Customer 099999"  # the scroll bar jumps to the end
    assert model.index(0, 0).data() == "Customer 000000"
    assert service.pages == [(99_800, 200), (0, 200)]
    for row in range(0, 100_000, 5_000):  # a long scroll keeps only a few pages
        model.index(row, 0).data()
    assert len(model.cached_pages()) <= model.MAX_PAGES
