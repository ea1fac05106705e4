"""Opening a customer: details, the timeline (log, correct, remove a contact) and purchases."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services.shop import Shop
from desktop_crm.ui.dialogs.contact_dialog import ContactDialog
from desktop_crm.ui.dialogs.purchase_dialog import PurchaseDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.customer_view import CustomerView
from tests.ui.conftest import FakePrompts, visible_names


def open_customer(qtbot: Any, window: MainWindow, name: str) -> CustomerView:
    table = window.customers.table
    table.setFocus()
    table.select_row(visible_names(window).index(name))
    qtbot.keyClick(table, Qt.Key.Key_Return)
    view = window.customer_view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    return view


def modal(qtbot: Any, kind: type) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def timeline_rows(view: CustomerView) -> list[list[str]]:
    model = view.timeline.model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_enter_on_a_row_opens_the_customer_and_back_returns(qtbot: Any, window: MainWindow) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    assert view.name.text() == "José Sánchez"
    assert view.fields["email"].text() == "j.sanchez@mail.es"
    assert view.fields["phone"].text() == "600 12 34 56"
    assert view.timeline.panel.empty.isVisible()
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.customers


def test_log_a_contact_in_two_keystrokes(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    qtbot.keyClick(view.timeline.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, ContactDialog)
    assert dialog.channel.currentData() == "phone"
    assert dialog.staff.currentText() == "Ana García"
    qtbot.waitUntil(dialog.summary.hasFocus)
    qtbot.keyClicks(dialog.summary, "Asked when the car is ready")
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.timeline.model.rowCount() == 1)
    row = timeline_rows(view)[0]
    assert row[1:5] == ["Contact", "Ana García", "Phone", "Asked when the car is ready"]
    entries = seeded.timeline.list(view.customer_id or 0)
    assert [e.summary for e in entries] == ["Asked when the car is ready"]
    assert entries[0].staff_name == "Ana García"


def test_an_empty_summary_cannot_be_saved(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    view.log_contact()
    dialog = modal(qtbot, ContactDialog)
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.summary, Qt.Key.Key_Return)
    assert dialog.isVisible()
    dialog.reject()
    assert seeded.timeline.count(view.customer_id or 0) == 0


def test_correct_then_remove_a_contact(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    customer_id = view.customer_id or 0
    seeded.timeline.log_contact(customer_id, "visit", "Came by", "")
    window.ctx.bus.customer_changed.emit(customer_id)
    view.timeline.table.select_row(0)
    qtbot.mouseClick(view.timeline.edit_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, ContactDialog)
    assert dialog.summary.text() == "Came by"
    dialog.channel.setCurrentIndex(dialog.channel.findData("email"))
    qtbot.keyClicks(dialog.outcome, "Sent the quote")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: timeline_rows(view)[0][3] == "Email")
    assert timeline_rows(view)[0][5] == "Sent the quote"

    view.timeline.table.select_row(0)
    qtbot.mouseClick(view.timeline.delete_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "confirm"
    qtbot.waitUntil(lambda: view.timeline.model.rowCount() == 0)
    assert seeded.timeline.count(customer_id) == 0


def test_add_a_purchase_with_ctrl_p(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    qtbot.keyClick(view.timeline.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, PurchaseDialog)
    qtbot.keyClicks(dialog.description, "Oil change")
    qtbot.keyClicks(dialog.amount, "49,90")
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.purchases.model.rowCount() == 1)
    model = view.purchases.model
    assert model.index(0, 1).data() == "Oil change"
    assert model.index(0, 2).data() == "€49.90"
    assert view.purchases.panel.footer.text() == "Total: €49.90"
    assert seeded.purchases.total(view.customer_id or 0) == Decimal("49.90")
    # The purchase is on the timeline and in the header too.
    assert timeline_rows(view)[0][1] == "Purchase"
    assert view.fields["last_purchase"].text() != "—"


def test_a_bad_amount_is_flagged(qtbot: Any, window: MainWindow) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    view.add_purchase()
    dialog = modal(qtbot, PurchaseDialog)
    qtbot.keyClicks(dialog.description, "Oil change")
    qtbot.keyClicks(dialog.amount, "abc")
    assert dialog.form.error_text("amount") == "This is not an amount of money."
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_archive_from_the_customer_view(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    view = open_customer(qtbot, window, "John Smith")
    qtbot.mouseClick(view.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.badge.isHidden())
    assert view.archive_button.text() == "&Restore"
    assert seeded.customers.get(view.customer_id or 0).archived
    assert "John Smith" not in visible_names(window)
