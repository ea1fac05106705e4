"""The Customers page driven like a user: search, add, validate, sort, filter, archive."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog
from desktop_crm.ui.main_window import MainWindow
from tests.ui.conftest import SEED_NAMES, FakePrompts, type_text, visible_names


def open_dialog(qtbot: Any, window: MainWindow) -> CustomerDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CustomerDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CustomerDialog)
    return dialog


def test_the_list_shows_every_active_customer(window: MainWindow) -> None:
    assert sorted(visible_names(window)) == sorted(SEED_NAMES)
    assert window.customers.status.text() == "30 customers"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("jose", ["José Sánchez"]),
        ("петр", ["Иван Петров", "Пётр Иванов"]),  # ё folded to е; any word
        ("小明", ["王小明"]),
        ("王", ["王小明"]),
        ("sanchez@", ["José Sánchez"]),
    ],
)
def test_typing_in_the_search_box_shows_the_matching_rows(
    qtbot: Any, window: MainWindow, typed: str, expected: list[str]
) -> None:
    type_text(qtbot, window.customers.search, typed)
    qtbot.waitUntil(lambda: sorted(visible_names(window)) == sorted(expected), timeout=2000)
    count = len(expected)
    assert window.customers.status.text() == ("1 customer" if count == 1 else f"{count} customers")


def test_ctrl_k_focuses_the_search_from_another_page(qtbot: Any, window: MainWindow) -> None:
    window.show_page("settings")
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.customers
    qtbot.waitUntil(window.customers.search.hasFocus)


def test_no_match_says_so(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClicks(window.customers.search, "zzzz")
    qtbot.waitUntil(lambda: window.customers.model.rowCount() == 0)
    assert window.customers.empty.isVisible()
    assert "No customer matches" in window.customers.empty.text()


def test_add_a_customer_through_the_dialog(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    qtbot.mouseClick(window.customers.new_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, window)
    assert not dialog.ok_button.isEnabled()  # no name yet
    type_text(qtbot, dialog.name, "Zoë Ångström")
    qtbot.keyClicks(dialog.phone, "612 345 678")
    qtbot.keyClicks(dialog.email, "zoe@example.com")
    qtbot.keyClicks(dialog.tags, "VIP, newsletter")
    dialog.consent_email.setChecked(True)
    assert dialog.ok_button.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Zoë Ångström" in visible_names(window))
    assert window.customers.status.text() == "31 customers"
    row = visible_names(window).index("Zoë Ångström")
    assert window.customers.model.index(row, 1).data() == "612 34 56 78"
    stored = [
        r
        for r in seeded.customers.list_page(CustomerQuery(text="zoe"), 0, 10)
        if r.name == "Zoë Ångström"
    ]
    details = seeded.customers.get(stored[0].id)
    assert details.phone == "+34612345678"
    assert details.tags == ("VIP", "newsletter")
    assert details.consent_email and not details.consent_sms


def test_an_invalid_email_is_flagged_next_to_the_field_and_nothing_is_saved(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    before = seeded.customers.count(CustomerQuery(archive=ArchiveFilter.ALL))
    qtbot.keyClick(window.customers.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Ana Nueva")
    qtbot.keyClicks(dialog.email, "ana@@example")
    error = dialog.findChild(type(dialog.form.general_error), "error_email")
    assert error is not None and error.isVisible()
    assert error.text() == "This is not a valid email address."
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)  # Enter does not save either
    dialog.accept()
    assert dialog.isVisible()
    assert seeded.customers.count(CustomerQuery(archive=ArchiveFilter.ALL)) == before
    # Fixing it clears the message and enables OK.
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "ana@example.com")
    assert not error.isVisible()
    assert dialog.ok_button.isEnabled()
    dialog.reject()


def test_an_invalid_phone_is_flagged(qtbot: Any, window: MainWindow) -> None:
    window.customers.new_customer()
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.name, "Ana")
    qtbot.keyClicks(dialog.phone, "12")
    assert dialog.form.error_text("phone") != ""
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_edit_a_customer(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    page = window.customers
    row = visible_names(window).index("John Smith")
    page.table.select_row(row)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    dialog = open_dialog(qtbot, window)
    assert dialog.name.text() == "John Smith"
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "John Smithson")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "John Smithson" in visible_names(window))
    assert "John Smith" not in visible_names(window)


def test_sorting_by_a_header_sorts_in_sql(qtbot: Any, window: MainWindow) -> None:
    page = window.customers
    header = page.table.horizontalHeader()
    names = visible_names(window)
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.viewport().rect().topLeft() + _section_centre(header, 0),
    )
    assert page.model.query.descending
    assert visible_names(window) == list(reversed(names))
    # Phone is not sortable in SQL: clicking it changes nothing.
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.viewport().rect().topLeft() + _section_centre(header, 1),
    )
    assert page.model.query.sort.value == "name"
    assert header.sortIndicatorSection() == 0


def _section_centre(header: Any, section: int) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(header.sectionViewportPosition(section) + 20, header.height() // 2)


def test_filter_by_tag(qtbot: Any, window: MainWindow) -> None:
    page = window.customers
    page.tag.setCurrentIndex(page.tag.findData("VIP"))
    qtbot.waitUntil(lambda: len(visible_names(window)) == 6)
    assert "José Sánchez" in visible_names(window)


def test_archive_then_restore(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    page = window.customers
    page.table.select_row(visible_names(window).index("Carlos Ruiz"))
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "confirm"
    qtbot.waitUntil(lambda: "Carlos Ruiz" not in visible_names(window))
    assert page.status.text() == "29 customers"

    page.archive.setCurrentIndex(page.archive.findData(ArchiveFilter.ARCHIVED))
    qtbot.waitUntil(lambda: visible_names(window) == ["Carlos Ruiz"])
    page.table.select_row(0)
    assert page.archive_button.text() == "&Restore"
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: visible_names(window) == [])
    page.archive.setCurrentIndex(page.archive.findData(ArchiveFilter.ACTIVE))
    qtbot.waitUntil(lambda: "Carlos Ruiz" in visible_names(window))
    assert seeded.customers.count(CustomerQuery(archive=ArchiveFilter.ARCHIVED)) == 0


def test_archiving_asks_first_and_a_no_changes_nothing(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    prompts.answer = False
    page = window.customers
    page.table.select_row(0)
    page.archive_or_restore_selected()
    assert seeded.customers.count(CustomerQuery()) == 30


def test_a_change_elsewhere_refreshes_the_list(window: MainWindow, seeded: Shop) -> None:
    created = seeded.customers.create(CustomerDraft("Nuevo Cliente"))
    window.ctx.bus.customer_changed.emit(created.id)
    assert "Nuevo Cliente" in visible_names(window)
