"""A customer's Items tab: add, edit, serviced today, retire, delete; own dates and rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.items import ItemDraft, ItemRecord
from desktop_crm.services.rules import RuleScope
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.care_dates_dialog import CareDatesDialog
from desktop_crm.ui.dialogs.customer_rules_dialog import CustomerRulesDialog
from desktop_crm.ui.dialogs.item_dialog import ItemDialog
from desktop_crm.ui.dialogs.rule_dialog import RuleDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.models.record_model import DIMMED
from desktop_crm.ui.pages.items_panel import ItemsPanel
from tests.ui.conftest import FakePrompts, type_text

TODAY = date(2025, 3, 10)


@pytest.fixture
def fixed_today(ctx: UiContext) -> date:
    ctx.clock = lambda: datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    return TODAY


def customer_id(shop: Shop, name: str) -> int:
    return next(c.id for c in shop.customers.list_page(CustomerQuery(), 0, 100) if c.name == name)


def open_items(qtbot: Any, window: MainWindow, shop: Shop, name: str) -> ItemsPanel:
    window.open_customer(customer_id(shop, name))
    view = window.customer_view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    view.tabs.setCurrentWidget(view.items)
    return view.items


def modal(qtbot: Any, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def rows(panel: ItemsPanel) -> list[list[str]]:
    model = panel.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def add_item(shop: Shop, name: str, item: str, **fields: Any) -> ItemRecord:
    return shop.items.add(customer_id(shop, name), ItemDraft(kind="pet", name=item, **fields))


def test_add_a_vehicle_with_its_own_interval(
    qtbot: Any, window: MainWindow, seeded: Shop, fixed_today: date
) -> None:
    panel = open_items(qtbot, window, seeded, "José Sánchez")
    assert panel.panel.empty.isVisible()
    click(qtbot, panel.add_button)
    dialog = modal(qtbot, ItemDialog)
    assert not dialog.ok_button.isEnabled()  # a name is needed
    dialog.kind.setCurrentIndex(dialog.kind.findData("vehicle"))
    assert "6 months" in dialog.interval_hint.text()  # the shop's rule for vehicles
    qtbot.keyClicks(dialog.name, "Blue Corsa")
    qtbot.keyClicks(dialog.details, "1234 ABC")
    dialog.last_service.check.setChecked(True)  # today, by default
    dialog.interval.setValue(4)
    assert dialog.interval_hint.text() == "A service reminder 4 months after the last service."
    click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert rows(panel)[0] == [
        "Vehicle",
        "Blue Corsa",
        "1234 ABC",
        format_date(TODAY),
        "—",
        "—",
    ]
    cid = customer_id(seeded, "José Sánchez")
    [stored] = seeded.items.list(cid)
    assert (stored.kind, stored.name, stored.details) == ("vehicle", "Blue Corsa", "1234 ABC")
    assert stored.last_service_on == TODAY
    own = [r for r in seeded.rules.for_customer(cid) if r.scope == RuleScope(item_id=stored.id)]
    assert [(r.kind, r.amount, r.enabled) for r in own] == [("service", 4, True)]


def test_a_missing_name_is_said_next_to_the_field(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    panel = open_items(qtbot, window, seeded, "Пётр Иванов")
    panel.add()
    dialog = modal(qtbot, ItemDialog)
    type_text(qtbot, dialog.name, "Шарик")
    assert dialog.ok_button.isEnabled()
    dialog.name.clear()
    error = dialog.findChild(QLabel, "error_name")
    assert error is not None and error.isVisible()
    assert "name" in error.text()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible()
    dialog.reject()
    assert seeded.items.list(customer_id(seeded, "Пётр Иванов")) == []


def test_edit_an_item_and_go_back_to_the_shop_interval(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    rex = add_item(seeded, "María López", "Rex", details="Labrador")
    seeded.rules.save("service", RuleScope(item_id=rex.id), 3)
    panel = open_items(qtbot, window, seeded, "María López")
    panel.table.select_row(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = modal(qtbot, ItemDialog)
    assert dialog.name.text() == "Rex"
    assert dialog.interval.value() == 3
    dialog.details.setText("Labrador, black")
    dialog.interval.setValue(0)
    assert dialog.interval.text() == "The shop's rule"
    with qtbot.waitSignal(window.ctx.bus.rules_changed):
        click(qtbot, dialog.ok_button)
    assert rows(panel)[0][2] == "Labrador, black"
    assert seeded.items.get(rex.id).details == "Labrador, black"
    cid = customer_id(seeded, "María López")
    assert [r for r in seeded.rules.for_customer(cid) if r.scope.item_id == rex.id] == []


def test_serviced_today_stores_the_shop_date(
    qtbot: Any, window: MainWindow, seeded: Shop, fixed_today: date
) -> None:
    rex = add_item(seeded, "John Smith", "Rex", last_service_on=date(2024, 3, 1))
    panel = open_items(qtbot, window, seeded, "John Smith")
    assert not panel.serviced_button.isEnabled()
    panel.table.select_row(0)
    click(qtbot, panel.serviced_button)
    assert rows(panel)[0][3] == format_date(TODAY)
    assert seeded.items.get(rex.id).last_service_on == TODAY


def test_retire_greys_the_item_and_restore_brings_it_back(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    rex = add_item(seeded, "Emily Brown", "Rex")
    panel = open_items(qtbot, window, seeded, "Emily Brown")
    panel.table.select_row(0)
    assert panel.retire_button.text() == "&Retire"
    click(qtbot, panel.retire_button)
    assert seeded.items.get(rex.id).retired
    assert rows(panel)[0][1] == "Rex (retired)"
    assert panel.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) == DIMMED
    assert panel.retire_button.text() == "Rest&ore"
    assert not panel.serviced_button.isEnabled()
    click(qtbot, panel.retire_button)
    assert not seeded.items.get(rex.id).retired
    assert rows(panel)[0][1] == "Rex"


def test_delete_asks_first(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    add_item(seeded, "Carlos Ruiz", "Rex")
    panel = open_items(qtbot, window, seeded, "Carlos Ruiz")
    panel.table.select_row(0)
    prompts.answer = False
    click(qtbot, panel.delete_button)
    assert prompts.shown[-1][0] == "confirm"
    assert panel.model.rowCount() == 1
    prompts.answer = True
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert panel.model.rowCount() == 0
    assert panel.panel.empty.isVisible()
    assert seeded.items.list(customer_id(seeded, "Carlos Ruiz")) == []


def test_the_customers_own_dates(
    qtbot: Any, window: MainWindow, seeded: Shop, fixed_today: date
) -> None:
    panel = open_items(qtbot, window, seeded, "Ana Torres")
    assert panel.own_dates.text().endswith("last service: —, contract ends: —")
    click(qtbot, panel.own_dates_button)
    dialog = modal(qtbot, CareDatesDialog)
    dialog.contract_end.check.setChecked(True)
    dialog.contract_end.edit.setDate(dialog.contract_end.edit.date().addDays(30))
    click(qtbot, dialog.ok_button)
    details = seeded.customers.get(customer_id(seeded, "Ana Torres"))
    assert details.contract_end_on == date(2025, 4, 9)
    assert details.last_service_on is None
    assert format_date(date(2025, 4, 9)) in panel.own_dates.text()


def test_switch_birthday_wishes_off_for_one_customer(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    panel = open_items(qtbot, window, seeded, "Laura Gómez")
    click(qtbot, panel.rules_button)
    rules_dialog = modal(qtbot, CustomerRulesDialog)
    table = rules_dialog.rules
    assert table.model.rowCount() == 0 and table.panel.empty.isVisible()
    click(qtbot, table.add_button)
    dialog = modal(qtbot, RuleDialog)
    assert dialog.applies_to.currentText() == "This customer (Laura Gómez)"
    dialog.kind.setCurrentIndex(dialog.kind.findData("birthday"))
    dialog.enabled.setChecked(False)
    assert dialog.meaning.text().startswith("Switched off")
    with qtbot.waitSignal(window.ctx.bus.rules_changed):
        click(qtbot, dialog.ok_button)
    qtbot.waitUntil(lambda: table.model.rowCount() == 1)
    row = [str(table.model.index(0, c).data()) for c in range(4)]
    assert row == ["Birthday", "Customer: Laura Gómez", "7 days", "No"]
    cid = customer_id(seeded, "Laura Gómez")
    [rule] = seeded.rules.for_customer(cid)
    assert (rule.kind, rule.scope, rule.enabled) == ("birthday", RuleScope(customer_id=cid), False)
    rules_dialog.reject()


def test_the_next_service_comes_from_the_reminders(
    qtbot: Any, window: MainWindow, seeded: Shop, fixed_today: date
) -> None:
    add_item(seeded, "Sarah Wilson", "Rex", last_service_on=date(2024, 9, 30))
    seeded.reminders.refresh(today=TODAY)
    panel = open_items(qtbot, window, seeded, "Sarah Wilson")
    assert rows(panel)[0][4] == format_date(date(2025, 9, 30))  # pets: every 12 months


def test_the_items_model_is_a_sound_model(
    qtbot: Any,
    window: MainWindow,
    seeded: Shop,
    model_validator: Callable[[QAbstractItemModel], None],
) -> None:
    add_item(seeded, "Pablo Díaz", "Rex")
    add_item(seeded, "Pablo Díaz", "Luna")
    panel = open_items(qtbot, window, seeded, "Pablo Díaz")
    model_validator(panel.model)
