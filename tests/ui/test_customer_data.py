"""Duplicates while typing, merging two customers, personal data on request, the audit list."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog
from desktop_crm.ui.dialogs.erase_dialog import EraseDialog
from desktop_crm.ui.dialogs.merge_dialog import MergeDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.audit_page import AuditPage
from tests.ui.conftest import FakePrompts, type_text, visible_names
from tests.ui.test_customer_view import open_customer, timeline_rows


def modal(qtbot: Any, kind: type) -> Any:
    """The dialog of ``kind`` once it is open and has the keyboard (as it has for a user)."""
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def all_customers(shop: Shop) -> int:
    return shop.customers.count(CustomerQuery(archive=ArchiveFilter.ALL))


def click_row(qtbot: Any, window: MainWindow, name: str, *, add: bool = False) -> None:
    """Click a row of the customer list (with Ctrl held to add it to the selection)."""
    table = window.customers.table
    row = visible_names(window).index(name)
    table.scrollTo(table.model().index(row, 0))
    rect = table.visualRect(table.model().index(row, 0))
    modifier = Qt.KeyboardModifier.ControlModifier if add else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


# --- duplicates
def test_typing_a_known_email_warns_and_offers_to_open_that_customer(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    window.customers.new_customer()
    dialog = modal(qtbot, CustomerDialog)
    assert not dialog.duplicate_warning.isVisible()
    qtbot.keyClicks(dialog.name, "Pepe")
    qtbot.keyClicks(dialog.email, "J.Sanchez@Mail.es")  # another capitalisation
    qtbot.waitUntil(dialog.duplicate_warning.isVisible, timeout=2000)
    assert dialog.duplicate_warning.text() == "⚠ Looks like José Sánchez (same email)"
    assert dialog.ok_button.isEnabled()  # a warning, not a block

    qtbot.mouseClick(dialog.duplicate_warning.open_buttons[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.customer_view)
    assert window.customer_view.name.text() == "José Sánchez"
    assert not dialog.isVisible()
    assert all_customers(seeded) == 30  # nothing saved


def test_a_known_phone_warns_but_saving_anyway_is_possible(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    window.customers.new_customer()
    dialog = modal(qtbot, CustomerDialog)
    type_text(qtbot, dialog.name, "Pedro Nuevo")
    qtbot.keyClicks(dialog.phone, "600 123 456")  # José Sánchez's, written another way
    qtbot.waitUntil(dialog.duplicate_warning.isVisible, timeout=2000)
    assert "José Sánchez (same phone)" in dialog.duplicate_warning.text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Pedro Nuevo" in visible_names(window))
    assert all_customers(seeded) == 31


def test_editing_without_touching_name_phone_or_email_does_not_warn(
    qtbot: Any, window: MainWindow
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    view.edit()
    dialog = modal(qtbot, CustomerDialog)
    qtbot.keyClicks(dialog.tags, ", regular")
    dialog.name.setText("José Sánchez")  # typed again, the same
    dialog.check_duplicates()
    assert not dialog.duplicate_warning.isVisible()  # not a duplicate of themselves
    dialog.reject()


# --- merge
def two_anas(shop: Shop) -> tuple[int, int]:
    """Ana Pérez (phone, VIP, a visit and a purchase) and, added later, Ana Perez (email)."""
    first = shop.customers.create(
        CustomerDraft("Ana Pérez", phone="+34 611 222 333", tags=("VIP",))
    )
    second = shop.customers.create(
        CustomerDraft("Ana Perez", email="ana@example.com", tags=("newsletter",))
    )
    shop.timeline.log_contact(first.id, "visit", "Came for a quote", "")
    shop.timeline.log_contact(second.id, "phone", "Asked about opening hours", "")
    shop.purchases.add(first.id, date(2024, 3, 1), "Oil change", Decimal("49.90"))
    shop.purchases.add(second.id, date(2024, 5, 2), "Tyres", Decimal("300"))
    return first.id, second.id


def test_merge_two_customers_keeps_both_timelines(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    first_id, second_id = two_anas(seeded)
    window.ctx.bus.customers_changed.emit()
    page = window.customers
    assert not page.merge_button.isEnabled()
    click_row(qtbot, window, "Ana Pérez")
    assert not page.merge_button.isEnabled()  # one is not enough
    click_row(qtbot, window, "Ana Perez", add=True)
    assert sorted(page.selected_ids()) == [first_id, second_id]
    assert page.merge_button.isEnabled()
    assert not page.edit_button.isEnabled()  # edit is for one customer

    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = modal(qtbot, MergeDialog)
    assert dialog.kept.id == first_id  # the older one stays
    keep_phone = dialog.choices["phone"][0]
    take_email = dialog.choices["email"][1]
    assert keep_phone.isChecked() and keep_phone.text() == "611 22 23 33"
    assert take_email.isChecked() and take_email.text() == "ana@example.com"
    assert dialog.tags_label.text() == "VIP, newsletter (both kept)"
    assert "1 timeline entry" not in dialog.summary.text()
    assert "2 timeline entries of Ana Perez move to Ana Pérez" in dialog.summary.text()
    assert "and 1 purchase." in dialog.summary.text()
    # The user prefers the name without the accent.
    qtbot.mouseClick(dialog.choices["name"][1], Qt.MouseButton.LeftButton)
    assert dialog.take_from_other() == {"name", "email"}

    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][:2] == ("confirm", "Merge customers")
    view = window.customer_view
    qtbot.waitUntil(lambda: window.stack.currentWidget() is view)
    assert view.customer_id == first_id
    assert view.name.text() == "Ana Perez"
    assert view.fields["email"].text() == "ana@example.com"
    assert view.fields["phone"].text() == "611 22 23 33"
    summaries = [row[4] for row in timeline_rows(view)]
    assert "Came for a quote" in summaries
    assert "Asked about opening hours" in summaries
    assert [row[1] for row in timeline_rows(view)].count("Purchase") == 2
    assert "Merge" in [row[1] for row in timeline_rows(view)]
    assert view.purchases.model.rowCount() == 2
    # Stored: one customer left, with both histories.
    assert all_customers(seeded) == 31
    assert seeded.purchases.total(first_id) == Decimal("349.90")
    assert set(seeded.customers.get(first_id).tags) == {"newsletter", "VIP"}
    assert [e.action for e in seeded.audit.list()] == ["merge"]


def test_a_merge_not_confirmed_changes_nothing(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    two_anas(seeded)
    window.ctx.bus.customers_changed.emit()
    click_row(qtbot, window, "Ana Pérez")
    click_row(qtbot, window, "Ana Perez", add=True)
    window.customers.merge_selected()
    dialog = modal(qtbot, MergeDialog)
    prompts.answer = False
    dialog.merge()
    assert dialog.isVisible()
    dialog.reject()
    assert all_customers(seeded) == 32


# --- personal data
def test_export_personal_data_from_the_customer_view(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    target = tmp_path / "jose.json"
    prompts.files.append(target)
    view.export_personal_action.trigger()
    assert prompts.shown[-1][:2] == ("save_file", "Export personal data")
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["customer"]["email"] == "j.sanchez@mail.es"
    assert (
        window.statusBar().currentMessage().startswith("Saved the personal data of José Sánchez to")
    )


def test_erase_asks_for_the_name_then_erases_and_returns_to_the_list(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    customer_id = view.customer_id or 0
    view.erase_action.trigger()
    dialog = modal(qtbot, EraseDialog)
    assert "purchases stay as anonymous amounts" in dialog.explanation.text()
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, "jose")
    assert not dialog.erase_button.isEnabled()
    qtbot.keyClicks(dialog.confirm_edit, " sanchez")  # case and accents need not match
    assert dialog.erase_button.isEnabled()
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.customers)
    assert "José Sánchez" not in visible_names(window)
    erased = seeded.customers.get(customer_id)
    assert erased.name == f"Erased customer #{customer_id}"
    assert (erased.email, erased.phone, erased.archived) == ("", "", True)
    assert seeded.customers.count(CustomerQuery(text="sanchez", archive=ArchiveFilter.ALL)) == 0
    entries = seeded.audit.list()
    assert [(e.action, e.customer_id, e.staff_name) for e in entries] == [
        ("erase", customer_id, "Ana García")
    ]


def test_cancelling_the_erase_keeps_everything(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    view.erase_action.trigger()
    dialog = modal(qtbot, EraseDialog)
    type_text(qtbot, dialog.confirm_edit, "José Sánchez")
    qtbot.keyClick(dialog.confirm_edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert seeded.customers.get(view.customer_id or 0).email == "j.sanchez@mail.es"
    assert window.stack.currentWidget() is view


# --- audit
def test_the_audit_page_lists_personal_data_requests_newest_first(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    prompts.files.append(tmp_path / "jose.json")
    view.export_personal_action.trigger()
    view.erase_action.trigger()
    dialog = modal(qtbot, EraseDialog)
    type_text(qtbot, dialog.confirm_edit, "José Sánchez")
    dialog.accept()
    page = window.show_page("audit")
    assert isinstance(page, AuditPage)
    model = page.model
    rows = [[str(model.index(r, c).data()) for c in range(4)] for r in range(model.rowCount())]
    assert [row[1:] for row in rows] == [
        ["Ana García", "Personal data erased", f"#{view.customer_id}"],
        ["Ana García", "Personal data exported", f"#{view.customer_id}"],
    ]
    assert page.panel.footer.text() == "2 entries"
