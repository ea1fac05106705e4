"""The main window: navigation, the person at the keyboard, the title; Staff and Settings pages."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_crm.services.shop import Shop
from desktop_crm.ui.dialogs.staff_dialog import StaffDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.audit_page import AuditPage
from desktop_crm.ui.pages.settings_page import SettingsPage
from desktop_crm.ui.pages.staff_page import StaffPage
from tests.ui.conftest import FakePrompts


def test_navigation_shows_each_page(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == ["Customers", "Staff", "Audit", "Settings"]
    window.nav.setCurrentRow(1)
    assert isinstance(window.stack.currentWidget(), StaffPage)
    window.nav.setCurrentRow(2)
    assert isinstance(window.stack.currentWidget(), AuditPage)
    window.nav.setCurrentRow(3)
    assert isinstance(window.stack.currentWidget(), SettingsPage)


def test_choosing_who_is_at_the_keyboard_is_stored(window: MainWindow, seeded: Shop) -> None:
    combo = window.staff_combo
    assert combo.currentText() == "Ana García"
    combo.setCurrentIndex(combo.findText("Luis Pérez"))
    luis = next(s for s in seeded.staff.list() if s.name == "Luis Pérez")
    assert seeded.settings.get().current_staff_id == luis.id


def test_add_a_staff_member_and_deactivate_them(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    page = window.show_page("staff")
    assert isinstance(page, StaffPage)
    page.add()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StaffDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, StaffDialog)
    qtbot.keyClicks(dialog.name, "Marta Ruiz")
    qtbot.keyClicks(dialog.title_, "Reception")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    names = [page.model.index(r, 0).data() for r in range(page.model.rowCount())]
    assert names == ["Ana García", "Luis Pérez", "Marta Ruiz"]
    assert window.staff_combo.findText("Marta Ruiz") >= 0  # the status bar follows

    page.table.select_row(2)
    qtbot.mouseClick(page.active_button, Qt.MouseButton.LeftButton)
    assert prompts.shown[-1][0] == "confirm"
    assert page.model.index(2, 4).data() == "No"
    assert window.staff_combo.findText("Marta Ruiz") == -1
    assert not next(s for s in seeded.staff.list() if s.name == "Marta Ruiz").active


def test_settings_are_saved_and_the_title_follows(window: MainWindow, seeded: Shop) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.shop_name.setText("Taller Sánchez")
    page.currency.setCurrentIndex(page.currency.findData("USD"))
    assert page.save()
    assert seeded.settings.get().shop_name == "Taller Sánchez"
    assert seeded.settings.get().currency == "USD"
    assert window.windowTitle().startswith("Taller Sánchez")
    assert page.saved.text() == "Saved."


def test_a_bad_time_zone_is_flagged_next_to_the_field(window: MainWindow, seeded: Shop) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.time_zone.setCurrentText("Mars/Olympus")
    assert not page.save()
    error = page.findChild(QLabel, "error_time_zone")
    assert error is not None and error.isVisible()
    assert error.text() == "This is not a time zone."
    assert seeded.settings.get().time_zone != "Mars/Olympus"


def test_changing_the_language_says_when_it_applies(
    window: MainWindow, prompts: FakePrompts
) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.language.setCurrentIndex(page.language.findData("es"))
    assert page.save()
    assert prompts.shown[-1][0] == "info"
