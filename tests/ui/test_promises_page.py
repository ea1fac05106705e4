"""The Promises page: filters, overdue rows that stand out, the kept rate, and the actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.promises import PromiseDraft, PromiseQuery
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.promise_dialog import BrokenDialog, ChangeDueDialog, PromiseDialog
from desktop_crm.ui.pages.promises_page import PromisesPage
from tests.ui.conftest import type_text

TODAY = date(2025, 3, 10)  # a Monday
W = TypeVar("W", bound=QWidget)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def noon(day: date) -> Callable[[], datetime]:
    return lambda: datetime(day.year, day.month, day.day, 11, 0, tzinfo=UTC)


def customer(shop: Shop, text: str) -> int:
    [row] = shop.customers.list_page(CustomerQuery(text=text), 0, 2)
    return row.id


def staff(shop: Shop, name: str) -> int:
    return next(m.id for m in shop.staff.list() if m.name == name)


@dataclass(frozen=True)
class Seeded:
    boots: int  # John Smith, overdue by 3 days, Ana
    repair: int  # María López, overdue by 1 day, Luis
    sofa: int  # José Sánchez, due today, Ana
    quote: int  # Emily Brown, in 5 days, Luis
    refund: int  # John Smith, in 20 days, nobody
    kept: int  # Carlos Ruiz, kept on time
    broken: int  # Ana Torres, broken


def seed_promises(shop: Shop, ctx: UiContext) -> Seeded:
    """Promises around TODAY (the shop's clock set to it, in Madrid)."""
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Europe/Madrid"))
    ctx.clock = noon(TODAY)
    ana, luis = staff(shop, "Ana García"), staff(shop, "Luis Pérez")

    def add(who: str, what: str, due: int, by: int | None, made: int = -20) -> int:
        draft = PromiseDraft(customer(shop, who), what, days(due), by, made_on=days(made))
        return shop.promises.add(draft, today=TODAY).id

    seeded = Seeded(
        boots=add("John Smith", "Order size 42 boots", -3, ana),
        repair=add("María López", "Call about the repair", -1, luis),
        sofa=add("José Sánchez", "Deliver the sofa", 0, ana),
        quote=add("Emily Brown", "Send the quote", 5, luis),
        refund=add("John Smith", "Refund the deposit", 20, None),
        kept=add("Carlos Ruiz", "Fit the new tyres", -10, ana, made=-30),
        broken=add("Ana Torres", "Repaint the gate", -5, luis, made=-30),
    )
    shop.promises.keep(seeded.kept, kept_on=days(-11), today=TODAY)
    shop.promises.mark_broken(seeded.broken, "Paint discontinued", today=days(-4))
    return seeded


@pytest.fixture
def promises(seeded: Shop, ctx: UiContext) -> Seeded:
    return seed_promises(seeded, ctx)


@pytest.fixture
def page(ctx: UiContext, promises: Seeded, qtbot: Any) -> PromisesPage:
    """The page in a window of its own, active, so its shortcuts work as in the app."""
    shown = PromisesPage(ctx)
    qtbot.addWidget(shown)
    shown.resize(1100, 600)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.table.setFocus()
    return shown


def cell(page: PromisesPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return page.model.index(row, column).data(role)


def whats(page: PromisesPage) -> list[str]:
    return [str(cell(page, row, 2)) for row in range(page.model.rowCount())]


def select(page: PromisesPage, what: str) -> None:
    page.table.select_row(whats(page).index(what))
    page.table.setFocus()


def open_dialog(kind: type[W]) -> W:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


# ---- what the page shows ------------------------------------------------------------------


def test_open_promises_by_due_date_with_overdue_ones_standing_out(
    page: PromisesPage, model_validator: Callable[[Any], None]
) -> None:
    model_validator(page.model)
    assert whats(page) == [
        "Order size 42 boots",
        "Call about the repair",
        "Deliver the sofa",
        "Send the quote",
        "Refund the deposit",
    ]
    assert [cell(page, r, 1) for r in range(2)] == ["John Smith", "María López"]
    assert cell(page, 0, 0) == "Mar 7, 2025"
    assert cell(page, 0, 5) == "Overdue by 3 days"
    assert cell(page, 2, 5) == "Due today"
    for row, overdue in enumerate([True, True, False, False, False]):
        font = cell(page, row, 2, Qt.ItemDataRole.FontRole)
        assert (isinstance(font, QFont) and font.bold()) is overdue
        brush = cell(page, row, 2, Qt.ItemDataRole.ForegroundRole)
        assert (brush is not None and brush.color().name() == "#c62828") is overdue
    assert page.overdue.text() == "2 overdue"
    assert page.count.text() == "5 promises"
    assert page.kept_rate.text() == "Kept on time in the last 90 days: 20% (1 of 5)"


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("kept", "any", ["Fit the new tyres"]),
        ("broken", "any", ["Repaint the gate"]),
        ("pending", "overdue", ["Order size 42 boots", "Call about the repair"]),
        ("pending", "today", ["Order size 42 boots", "Call about the repair", "Deliver the sofa"]),
        ("pending", "this_week", ["Deliver the sofa", "Send the quote"]),
        ("pending", "at_risk", ["Deliver the sofa"]),
    ],
)
def test_status_and_due_filters(
    page: PromisesPage, status: str, due: str, expected: list[str]
) -> None:
    page.status.setCurrentIndex(page.status.findData(status))
    page.due.setCurrentIndex(page.due.findData(due))
    assert whats(page) == expected


def test_all_lists_closed_promises_too_with_their_status(page: PromisesPage) -> None:
    page.status.setCurrentIndex(page.status.findData("all"))
    assert len(whats(page)) == 7
    row = whats(page).index("Repaint the gate")
    assert cell(page, row, 5) == "Broken: Paint discontinued"
    assert cell(page, whats(page).index("Fit the new tyres"), 5) == "Kept Feb 27, 2025"


def test_staff_filter(page: PromisesPage) -> None:
    page.staff.setCurrentIndex(page.staff.findText("Luis Pérez"))
    assert whats(page) == ["Call about the repair", "Send the quote"]
    assert page.overdue.text() == "1 overdue"


def test_customer_search_text(page: PromisesPage, qtbot: Any) -> None:
    with qtbot.waitSignal(page.search.search_changed):
        type_text(qtbot, page.search, "smith")
    assert whats(page) == ["Order size 42 boots", "Refund the deposit"]
    with qtbot.waitSignal(page.search.search_changed):
        page.search.clear()
    assert len(whats(page)) == 5


def test_this_customer_filter(page: PromisesPage, promises: Seeded, seeded: Shop) -> None:
    page.show_customer_filter(customer(seeded, "López"))
    assert whats(page) == ["Call about the repair"]
    assert page.customer_chip.isVisible() and "María López" in page.customer_chip.text()
    page.customer_chip.click()
    assert not page.customer_chip.isVisible()
    assert len(whats(page)) == 5


def test_overdue_count_shows_the_overdue_ones(page: PromisesPage) -> None:
    page.overdue.click()
    assert page.due.currentData() == "overdue"
    assert whats(page) == ["Order size 42 boots", "Call about the repair"]


def test_nothing_matching_says_so(page: PromisesPage, qtbot: Any) -> None:
    with qtbot.waitSignal(page.search.search_changed):
        type_text(qtbot, page.search, "nobody-like-this")
    assert not page.table.isVisible() and page.empty.isVisible()
    assert page.empty.text() == "No promise matches. Change the filters."


# ---- acting on promises -------------------------------------------------------------------


def test_k_marks_the_selected_promise_kept(
    page: PromisesPage, promises: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Call about the repair")
    qtbot.keyClick(page.table, Qt.Key.Key_K)
    stored = seeded.promises.get(promises.repair)
    assert (stored.status, stored.closed_on) == ("kept", TODAY)
    assert stored.staff_name == "Luis Pérez"  # who promised stays; who kept it is logged
    assert "Call about the repair" not in whats(page)
    assert page.overdue.text() == "1 overdue"
    assert page.kept_rate.text() == "Kept on time in the last 90 days: 20% (1 of 5)"
    [event] = [e for e in seeded.timeline.list(stored.customer_id) if "Kept" in e.outcome]
    assert event.staff_name == "Ana García"


def test_ctrl_enter_keeps_and_kept_button_too(
    page: PromisesPage, promises: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Deliver the sofa")
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert seeded.promises.get(promises.sofa).status == "kept"
    assert page.kept_rate.text() == "Kept on time in the last 90 days: 40% (2 of 5)"
    select(page, "Send the quote")
    page.kept_button.click()
    assert seeded.promises.get(promises.quote).status == "kept"


def test_buttons_follow_the_selection(page: PromisesPage) -> None:
    assert not page.kept_button.isEnabled() and not page.open_button.isEnabled()
    select(page, "Send the quote")
    assert page.kept_button.isEnabled() and not page.reopen_button.isEnabled()
    page.status.setCurrentIndex(page.status.findData("kept"))
    page.table.select_row(0)
    assert page.reopen_button.isEnabled() and not page.kept_button.isEnabled()


def test_reopen_a_promise_kept_by_mistake(
    page: PromisesPage, promises: Seeded, seeded: Shop
) -> None:
    page.status.setCurrentIndex(page.status.findData("kept"))
    page.table.select_row(0)
    page.reopen_button.click()
    assert seeded.promises.get(promises.kept).status == "open"
    assert whats(page) == []


def test_new_promise_with_ctrl_n_in_a_few_keystrokes(
    page: PromisesPage, seeded: Shop, qtbot: Any
) -> None:
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(PromiseDialog)
    assert dialog.customer is not None
    assert not dialog.ok_button.isEnabled()  # no customer, nothing promised yet
    type_text(qtbot, dialog.customer.search, "Wilson")
    assert dialog.customer.matches.currentText() == "Sarah Wilson"
    type_text(qtbot, dialog.what, "Order the green scarf")
    assert dialog.due is not None
    assert dialog.due.value() == days(7)  # a week by default
    dialog.due.days.selectAll()
    qtbot.keyClicks(dialog.due.days, "3")
    assert dialog.due.value() == days(3)
    assert dialog.due.weekday.text() == "Thursday, March 13, 2025"
    assert dialog.staff.currentText() == "Ana García"  # the person at the keyboard
    qtbot.keyClick(dialog.what, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    [stored] = seeded.promises.list_page(PromiseQuery(customer_text="wilson"), 0, 5, TODAY)
    assert (stored.what, stored.due_on, stored.staff_name) == (
        "Order the green scarf",
        days(3),
        "Ana García",
    )
    assert "Order the green scarf" in whats(page)


def test_new_promise_for_the_filtered_customer_and_errors_beside_the_field(
    page: PromisesPage, seeded: Shop, qtbot: Any
) -> None:
    smith = customer(seeded, "John Smith")
    page.show_customer_filter(smith)
    page.new_button.click()
    dialog = open_dialog(PromiseDialog)
    assert dialog.customer is None  # the customer is known
    type_text(qtbot, dialog.what, "Polish the boots")
    type_text(qtbot, dialog.amount, "lots")
    assert dialog.form.error_text("bottom_line_amount") == "This is not an amount of money."
    assert not dialog.ok_button.isEnabled()
    dialog.amount.setText("12,50")
    assert dialog.form.error_text("bottom_line_amount") == ""
    dialog.what.clear()
    assert dialog.form.error_text("what") == "Say what was promised."
    type_text(qtbot, dialog.what, "Polish the boots")
    dialog.ok_button.click()
    assert whats(page) == ["Order size 42 boots", "Polish the boots", "Refund the deposit"]
    stored = seeded.promises.for_customer(smith)[1]
    assert str(stored.bottom_line_amount) == "12.50"
    assert cell(page, 1, 4) == "€12.50"


def test_change_date_with_d(page: PromisesPage, promises: Seeded, seeded: Shop, qtbot: Any) -> None:
    select(page, "Order size 42 boots")
    qtbot.keyClick(page.table, Qt.Key.Key_D)
    dialog = open_dialog(ChangeDueDialog)
    assert dialog.current.text() == "Mar 7, 2025"
    dialog.due.days.selectAll()
    qtbot.keyClicks(dialog.due.days, "2")
    type_text(qtbot, dialog.note, "Agreed on the phone")
    dialog.ok_button.click()
    stored = seeded.promises.get(promises.boots)
    assert (stored.due_on, stored.status, stored.change_count) == (days(2), "changed", 1)
    [change] = seeded.promises.history(promises.boots)
    assert (change.old_due_on, change.note, change.staff_name) == (
        days(-3),
        "Agreed on the phone",
        "Ana García",
    )
    assert whats(page)[:3] == ["Call about the repair", "Deliver the sofa", "Order size 42 boots"]
    assert cell(page, 2, 5) == "To keep (new date agreed)"
    assert page.overdue.text() == "1 overdue"


def test_broken_needs_a_reason(
    page: PromisesPage, promises: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Send the quote")
    qtbot.keyClick(page.table, Qt.Key.Key_B)
    dialog = open_dialog(BrokenDialog)
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.reason, "x")
    dialog.reason.clear()
    assert dialog.form.error_text("reason") == "Say why the promise was broken."
    type_text(qtbot, dialog.reason, "Customer went elsewhere")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    stored = seeded.promises.get(promises.quote)
    assert (stored.status, stored.broken_reason) == ("broken", "Customer went elsewhere")
    assert "Send the quote" not in whats(page)


def test_enter_opens_the_customer(
    page: PromisesPage, promises: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Deliver the sofa")
    with qtbot.waitSignal(page.open_customer) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [customer(seeded, "Sánchez")]


# ---- keeping up to date -------------------------------------------------------------------


def test_refreshes_when_promises_change_elsewhere(
    page: PromisesPage, ctx: UiContext, seeded: Shop
) -> None:
    draft = PromiseDraft(customer(seeded, "Brown"), "Ring back", days(1))
    seeded.promises.add(draft, today=TODAY)
    assert "Ring back" not in whats(page)
    ctx.bus.promises_changed.emit()
    assert "Ring back" in whats(page)


def test_archived_customers_drop_out(page: PromisesPage, ctx: UiContext, seeded: Shop) -> None:
    smith = customer(seeded, "John Smith")
    seeded.customers.archive(smith)
    ctx.bus.customer_changed.emit(smith)
    assert whats(page) == ["Call about the repair", "Deliver the sofa", "Send the quote"]


def test_a_new_day_makes_more_promises_overdue(page: PromisesPage, ctx: UiContext) -> None:
    ctx.clock = noon(days(1))
    page.hide()
    page.show()
    assert page.overdue.text() == "3 overdue"
    assert cell(page, 2, 5) == "Overdue by 1 day"


def test_staff_list_follows_staff_changes(page: PromisesPage, ctx: UiContext, seeded: Shop) -> None:
    from desktop_crm.services.staff import StaffDraft

    seeded.staff.create(StaffDraft("Marta Ríos"))
    ctx.bus.staff_changed.emit()
    assert page.staff.findText("Marta Ríos") >= 0
