"""The customer's Promises tab: their promises, pending first; add, keep, move, break."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont

from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.promise_dialog import BrokenDialog, ChangeDueDialog, PromiseDialog
from desktop_crm.ui.pages.customer_promises_panel import CustomerPromisesPanel
from tests.ui.conftest import type_text
from tests.ui.test_promises_page import (
    TODAY,
    customer,
    days,
    noon,
    open_dialog,
    seed_promises,
)


@pytest.fixture
def smith(seeded: Shop) -> int:
    return customer(seeded, "John Smith")


@pytest.fixture
def panel(ctx: UiContext, seeded: Shop, smith: int, qtbot: Any) -> CustomerPromisesPanel:
    seed_promises(seeded, ctx)
    # John Smith also has a promise kept long ago and one broken.
    for what, due in (("Sharpen the skates", -40), ("Order laces", -30)):
        draft = PromiseDraft(smith, what, days(due), made_on=days(due - 5))
        made = seeded.promises.add(draft, today=TODAY)
        if what == "Order laces":
            seeded.promises.mark_broken(made.id, "Out of stock", today=days(-29))
        else:
            seeded.promises.keep(made.id, kept_on=days(-41), today=TODAY)
    shown = CustomerPromisesPanel(ctx)
    qtbot.addWidget(shown)
    shown.resize(900, 400)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.show_customer(smith)
    shown.table.setFocus()
    return shown


def cell(panel: CustomerPromisesPanel, row: int, column: int, role: int = 0) -> Any:
    return panel.model.index(row, column).data(role)


def whats(panel: CustomerPromisesPanel) -> list[str]:
    return [str(cell(panel, row, 1)) for row in range(panel.model.rowCount())]


def select(panel: CustomerPromisesPanel, what: str) -> None:
    panel.table.select_row(whats(panel).index(what))
    panel.table.setFocus()


def test_pending_first_then_the_closed_ones(
    panel: CustomerPromisesPanel, model_validator: Callable[[Any], None]
) -> None:
    model_validator(panel.model)
    assert whats(panel) == [
        "Order size 42 boots",
        "Refund the deposit",
        "Order laces",
        "Sharpen the skates",
    ]
    assert [cell(panel, r, 4) for r in range(4)] == [
        "Overdue by 3 days",
        "To keep",
        "Broken: Out of stock",
        "Kept Jan 28, 2025",
    ]
    font = cell(panel, 0, 1, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert cell(panel, 1, 1, Qt.ItemDataRole.FontRole) is None
    assert cell(panel, 0, 2) == "Ana García"
    assert panel.panel.footer.text() == "2 open · 1 overdue"


def test_a_customer_without_promises_is_told_how_to_add_one(
    panel: CustomerPromisesPanel, seeded: Shop
) -> None:
    panel.show_customer(customer(seeded, "Wilson"))
    assert not panel.table.isVisible() and panel.panel.empty.isVisible()
    assert "Ctrl+Shift+P" in panel.panel.empty.text()


def test_add_a_promise_in_a_few_keystrokes(
    panel: CustomerPromisesPanel, seeded: Shop, smith: int, qtbot: Any
) -> None:
    qtbot.keyClick(panel.table, Qt.Key.Key_N)
    dialog = open_dialog(PromiseDialog)
    assert dialog.customer is None and dialog.focusWidget() is dialog.what
    type_text(qtbot, dialog.what, "Call when the belt arrives")
    dialog.bottom_line.setText("A loan belt")
    qtbot.keyClick(dialog.what, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    assert whats(panel)[1] == "Call when the belt arrives"
    assert cell(panel, 1, 0) == "Mar 17, 2025"
    assert cell(panel, 1, 3) == "A loan belt"
    stored = seeded.promises.for_customer(smith)[1]
    assert (stored.made_on, stored.due_on, stored.staff_name) == (TODAY, days(7), "Ana García")
    [event] = [e for e in seeded.timeline.list(smith) if e.ref_id == stored.id]
    assert (event.kind, event.summary) == ("promise", "Call when the belt arrives")
    assert event.outcome == "Promised for Mar 17, 2025; bottom line: A loan belt"


def test_add_button_and_cancel_leaves_nothing(
    panel: CustomerPromisesPanel, seeded: Shop, smith: int, qtbot: Any
) -> None:
    panel.add_button.click()
    dialog = open_dialog(PromiseDialog)
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.what, "Something")
    dialog.reject()
    assert len(seeded.promises.for_customer(smith)) == 4


def test_keep_move_break_and_reopen_from_the_list(
    panel: CustomerPromisesPanel, ctx: UiContext, seeded: Shop, smith: int, qtbot: Any
) -> None:
    select(panel, "Refund the deposit")
    qtbot.keyClick(panel.table, Qt.Key.Key_D)
    change = open_dialog(ChangeDueDialog)
    change.due.days.selectAll()
    qtbot.keyClicks(change.due.days, "30")
    qtbot.keyClick(change.due.days, Qt.Key.Key_Return)
    assert seeded.promises.for_customer(smith)[1].due_on == days(30)
    assert cell(panel, 1, 4) == "To keep (new date agreed)"

    select(panel, "Order size 42 boots")
    qtbot.keyClick(panel.table, Qt.Key.Key_K)
    assert whats(panel)[0] == "Refund the deposit"
    assert cell(panel, whats(panel).index("Order size 42 boots"), 4) == "Kept Mar 10, 2025"
    assert panel.panel.footer.text() == "1 open"

    select(panel, "Refund the deposit")
    panel.broken_button.click()
    broken = open_dialog(BrokenDialog)
    type_text(qtbot, broken.reason, "Deposit kept by agreement")
    broken.ok_button.click()
    assert panel.panel.footer.text() == "0 open"
    assert seeded.promises.for_customer(smith)[0].broken_reason == "Deposit kept by agreement"

    select(panel, "Order size 42 boots")
    assert panel.reopen_button.isEnabled() and not panel.kept_button.isEnabled()
    panel.reopen_button.click()
    assert whats(panel)[0] == "Order size 42 boots"
    outcomes = [e.outcome for e in seeded.timeline.list(smith) if e.kind == "promise"]
    assert "Reopened" in outcomes and "Broken: Deposit kept by agreement" in outcomes


def test_edit_with_enter(
    panel: CustomerPromisesPanel, seeded: Shop, smith: int, qtbot: Any
) -> None:
    select(panel, "Refund the deposit")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = open_dialog(PromiseDialog)
    assert dialog.due is None  # dates move through "Change date"
    dialog.what.setText("Refund the whole deposit")
    dialog.staff.setCurrentIndex(dialog.staff.findText("Luis Pérez"))
    dialog.ok_button.click()
    assert whats(panel)[1] == "Refund the whole deposit"
    assert cell(panel, 1, 2) == "Luis Pérez"


def test_follows_changes_for_its_customer_only(
    panel: CustomerPromisesPanel, ctx: UiContext, seeded: Shop, smith: int
) -> None:
    seeded.promises.add(PromiseDraft(smith, "Ring back", days(1)), today=TODAY)
    ctx.bus.customer_changed.emit(smith + 1)
    assert "Ring back" not in whats(panel)
    ctx.bus.customer_changed.emit(smith)
    assert "Ring back" in whats(panel)


def test_a_new_day_is_seen_on_the_next_reload(panel: CustomerPromisesPanel, ctx: UiContext) -> None:
    ctx.clock = noon(days(21))
    ctx.bus.promises_changed.emit()
    assert cell(panel, 1, 4) == "Overdue by 1 day"
    assert panel.panel.footer.text() == "2 open · 2 overdue"
