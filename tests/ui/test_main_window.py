"""The main window: navigation, the person at the keyboard, the title; Staff and Settings pages;
Today first, kept in step with the calendar (start-up catch-up, midnight) and announced."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_crm.domain.errors import N_, CrmError
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.contact_dialog import ContactDialog
from desktop_crm.ui.dialogs.staff_dialog import StaffDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.answers_page import AnswersPage
from desktop_crm.ui.pages.audit_page import AuditPage
from desktop_crm.ui.pages.complaints_page import ComplaintsPage
from desktop_crm.ui.pages.customers_page import CustomersPage
from desktop_crm.ui.pages.documents_page import DocumentsPage
from desktop_crm.ui.pages.feedback_page import FeedbackPage
from desktop_crm.ui.pages.promises_page import PromisesPage
from desktop_crm.ui.pages.reminders_page import RemindersPage
from desktop_crm.ui.pages.settings_page import SettingsPage
from desktop_crm.ui.pages.staff_page import StaffPage
from desktop_crm.ui.pages.today_page import TodayPage
from tests.ui.conftest import FakePrompts
from tests.ui.test_date_watcher import FakeClock

TODAY = date(2026, 3, 12)  # a Thursday
FRIDAY = date(2026, 3, 6)


def test_navigation_shows_each_page_today_first(shop_window: MainWindow) -> None:
    window = shop_window
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Today",
        "Customers",
        "Promises",
        "Reminders",
        "Complaints",
        "Feedback",
        "Answers",
        "Documents",
        "Staff",
        "Audit",
        "Settings",
    ]
    assert isinstance(window.stack.currentWidget(), TodayPage)  # what the owner sees first
    assert window.nav.currentRow() == 0
    pages = [
        CustomersPage,
        PromisesPage,
        RemindersPage,
        ComplaintsPage,
        FeedbackPage,
        AnswersPage,
        DocumentsPage,
        StaffPage,
        AuditPage,
        SettingsPage,
    ]
    for row, kind in enumerate(pages, start=1):
        window.nav.setCurrentRow(row)
        assert isinstance(window.stack.currentWidget(), kind)


def test_ctrl_and_a_number_goes_to_a_page(qtbot: Any, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.stack.currentWidget() is window.customers
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), FeedbackPage)
    qtbot.keyClick(window, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), DocumentsPage)
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), StaffPage)
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.stack.currentWidget(), TodayPage)


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


# --- Today and the calendar ------------------------------------------------------------------


@pytest.fixture
def clock(ctx: UiContext, seeded: Shop) -> FakeClock:
    """Thursday 12 March 2026, 11:00 in Madrid."""
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), time_zone="Europe/Madrid"))
    fake = FakeClock(datetime(2026, 3, 12, 10, tzinfo=UTC))
    ctx.clock = fake
    return fake


@pytest.fixture
def shop_window(qtbot: Any, ctx: UiContext, seeded: Shop, clock: FakeClock) -> Iterator[MainWindow]:
    """The main window on the fixed clock. Background work is waited for before the end."""
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    yield main
    task = main.catching_up
    if task is not None:
        qtbot.waitUntil(lambda: task.finished)


def customer_id(shop: Shop, name: str) -> int:
    from desktop_crm.services.customers import CustomerQuery

    return next(row.id for row in shop.customers.list_page(CustomerQuery(text=name), 0, 1))


def today_page(window: MainWindow) -> TodayPage:
    page = window.today_page
    assert page is not None
    return page


def due_names(window: MainWindow) -> list[str]:
    model = today_page(window).due.model
    return [str(model.index(row, 2).data()) for row in range(model.rowCount())]


def wait_for_catch_up(qtbot: Any, window: MainWindow) -> None:
    task = window.catching_up
    assert task is not None
    qtbot.waitUntil(lambda: task.finished, timeout=20_000)


def test_today_lists_what_is_due_and_opens_the_customer(
    qtbot: Any, ctx: UiContext, seeded: Shop, clock: FakeClock
) -> None:
    jose = customer_id(seeded, "José Sánchez")
    seeded.reminders.create(jose, TODAY - timedelta(days=1), "Ask how the brakes feel")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    page = today_page(window)
    assert window.stack.currentWidget() is page
    assert due_names(window) == ["José Sánchez"]

    page.select("reminder", page.due.model.records()[0].id)
    qtbot.keyClick(page.due.table, Qt.Key.Key_Return)
    view = window.customer_view
    assert window.stack.currentWidget() is view
    assert view.name.text() == "José Sánchez"
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page  # back to where the customer was opened from


def test_log_contact_from_today_opens_the_customer_and_the_contact_dialog(
    qtbot: Any, shop_window: MainWindow, seeded: Shop, ctx: UiContext
) -> None:
    maria = customer_id(seeded, "María López")
    seeded.promises.add(PromiseDraft(maria, "Call back with the price", TODAY), today=TODAY)
    ctx.bus.promises_changed.emit()
    page = today_page(shop_window)
    qtbot.waitUntil(lambda: due_names(shop_window) == ["María López"])
    page.select("promise", page.due.model.records()[0].id)
    qtbot.mouseClick(page.log_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ContactDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ContactDialog)
    assert shop_window.customer_view.name.text() == "María López"
    dialog.reject()


def test_done_in_place_on_today_is_stored(
    qtbot: Any, shop_window: MainWindow, seeded: Shop, ctx: UiContext
) -> None:
    jose = customer_id(seeded, "José Sánchez")
    reminder = seeded.reminders.create(jose, TODAY, "Tyres ready")
    ctx.bus.reminders_changed.emit()
    page = today_page(shop_window)
    qtbot.waitUntil(lambda: due_names(shop_window) == ["José Sánchez"])
    page.select("reminder", reminder.id)
    menu = page.done_button.menu()
    next(a for a in menu.actions() if a.data() == "visited").trigger()
    assert seeded.reminders.get(reminder.id).done_action == "visited"
    qtbot.waitUntil(lambda: due_names(shop_window) == [])
    assert page.all_done.isVisible()


def test_past_midnight_today_moves_on_and_the_bar_says_what_came_due(
    qtbot: Any, ctx: UiContext, seeded: Shop, clock: FakeClock, prompts: FakePrompts
) -> None:
    clock.now = datetime(2026, 3, 12, 22, 59, 30, tzinfo=UTC)  # 23:59:30 in Madrid
    jose = customer_id(seeded, "José Sánchez")
    seeded.reminders.create(jose, TODAY + timedelta(days=1), "Collect the car")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = today_page(window)
    assert due_names(window) == []
    assert not window.notification.isVisible()

    clock.now += timedelta(minutes=1)
    assert window.date_watcher.check()
    assert page.date_label.text() == "Friday, March 13, 2026"
    assert due_names(window) == ["José Sánchez"]  # at once, before the reminders are redone
    wait_for_catch_up(qtbot, window)
    qtbot.waitUntil(window.notification.isVisible)
    assert window.notification.message.text() == "A new day: 1 reminder came due."
    assert seeded.today.last_seen_day() == TODAY + timedelta(days=1)
    # The offscreen platform has no system tray: the bar is the whole announcement.
    assert window.tray is None

    window.show_page("settings")
    qtbot.mouseClick(window.notification.show_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
    assert not window.notification.isVisible()


def test_at_start_the_bar_says_what_came_due_while_the_app_was_closed(
    qtbot: Any, shop_window: MainWindow, seeded: Shop
) -> None:
    seeded.today.remember_day(FRIDAY)
    jose = customer_id(seeded, "José Sánchez")
    maria = customer_id(seeded, "María López")
    seeded.reminders.create(jose, FRIDAY, "Seen on Friday")
    seeded.reminders.create(jose, FRIDAY + timedelta(days=1), "Saturday's call")
    seeded.reminders.create(maria, TODAY, "Today's call")
    seeded.reminders.create(maria, TODAY + timedelta(days=1), "Tomorrow's call")
    seeded.promises.add(
        PromiseDraft(maria, "Quote", TODAY - timedelta(days=1), made_on=FRIDAY), today=TODAY
    )
    shop_window.start_catch_up()
    wait_for_catch_up(qtbot, shop_window)
    qtbot.waitUntil(shop_window.notification.isVisible)
    assert shop_window.notification.message.text() == (
        "Welcome back: 2 reminders and 1 promise came due since Friday."
    )
    assert seeded.today.last_seen_day() == TODAY

    shop_window.notification.close_button.click()
    assert not shop_window.notification.isVisible()


def test_the_first_start_announces_nothing_and_remembers_the_day(
    qtbot: Any, shop_window: MainWindow, seeded: Shop
) -> None:
    seeded.reminders.create(customer_id(seeded, "José Sánchez"), TODAY, "A call")
    shop_window.start_catch_up()
    wait_for_catch_up(qtbot, shop_window)
    assert not shop_window.notification.isVisible()
    assert seeded.today.last_seen_day() == TODAY


def test_a_failed_catch_up_is_said_in_the_bar(
    qtbot: Any, shop_window: MainWindow, seeded: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(today: date | None = None, progress: Any = None) -> Any:
        raise CrmError(N_("The database is locked."))

    monkeypatch.setattr(seeded.reminders, "refresh", broken)
    shop_window.start_catch_up()
    wait_for_catch_up(qtbot, shop_window)
    qtbot.waitUntil(shop_window.notification.isVisible)
    assert shop_window.notification.message.text() == (
        "The reminders could not be worked out: The database is locked."
    )


def test_the_start_up_catch_up_runs_after_a_delay_and_stops_with_the_window(
    qtbot: Any, shop_window: MainWindow, seeded: Shop
) -> None:
    shop_window.start_catch_up_later(0)
    qtbot.waitUntil(lambda: shop_window.catching_up is not None)
    wait_for_catch_up(qtbot, shop_window)
    assert seeded.today.last_seen_day() == TODAY

    shop_window.catching_up = None
    shop_window.start_catch_up_later(60_000)
    shop_window.stop_timers()
    assert not shop_window.date_watcher.timer.isActive()
    QApplication.processEvents()
    assert shop_window.catching_up is None


@pytest.mark.parametrize("key", ["promises", "reminders"])
def test_the_promises_and_reminders_pages_open_a_customer_and_back_returns_there(
    qtbot: Any, window: MainWindow, seeded: Shop, key: str
) -> None:
    page = window.show_page(key)
    jose = customer_id(seeded, "José Sánchez")
    page.open_customer.emit(jose)  # type: ignore[attr-defined]
    view = window.customer_view
    assert window.stack.currentWidget() is view
    assert view.name.text() == "José Sánchez"
    qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is page
