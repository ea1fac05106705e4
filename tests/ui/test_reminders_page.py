"""The Reminders page: filters, overdue rows, acting from buttons and keys, new, export."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from PySide6.QtCore import QAbstractItemModel, QDate, Qt
from PySide6.QtWidgets import QApplication, QMenu

from desktop_crm.domain.recurrence import Recurrence
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.reminders.kinds import DoneAction
from desktop_crm.services.reminders.records import ReminderRecord
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Reminder
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.reminder_dialog import ReminderDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.reminders_page import RemindersPage
from desktop_crm.ui.widgets.reminder_actions import OVERDUE, SnoozeDateDialog
from tests.ui.conftest import FakePrompts, type_text

TODAY = date(2025, 3, 3)
_KEYS = itertools.count()


def customer_id(shop: Shop, name: str) -> int:
    """The seeded customer whose name starts with ``name``."""
    [found] = [
        row.id
        for row in shop.customers.list_page(CustomerQuery(text=name), 0, 50)
        if row.name.startswith(name)
    ]
    return found


def add_generated(
    shop: Shop, cid: int, kind: str, due_on: date, event_on: date | None = None
) -> int:
    with shop.db.write() as session:
        row = Reminder(
            customer_id=cid,
            kind=kind,
            key=f"{kind}:c{cid}:{next(_KEYS)}",
            due_on=due_on,
            event_on=event_on,
            state="due",
            show_on=due_on,
        )
        session.add(row)
        session.flush()
        return row.id


def rows(page: RemindersPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def names(page: RemindersPage) -> list[str]:
    return [row[1] for row in rows(page)]


def select(page: RemindersPage, name: str) -> ReminderRecord:
    row = names(page).index(name)
    page.table.select_row(row)
    record = page.selected()
    assert record is not None
    return record


def trigger(menu: QMenu | None, starts_with: str) -> None:
    assert menu is not None
    [entry] = [a for a in menu.actions() if a.text().replace("&", "").startswith(starts_with)]
    entry.trigger()


@pytest.fixture
def today(ctx: UiContext, seeded: Shop) -> date:
    """The shop is in Madrid and it is midday on Monday 3 March 2025 there."""
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), time_zone="Europe/Madrid"))
    ctx.clock = lambda: datetime(2025, 3, 3, 11, 0, tzinfo=UTC)
    return TODAY


@pytest.fixture
def reminders(today: date, seeded: Shop) -> dict[str, int]:
    shop = seeded
    made = {
        "late": shop.reminders.create(customer_id(shop, "José"), date(2025, 3, 1), "Call back"),
        "today": shop.reminders.create(customer_id(shop, "Пётр"), TODAY, "Tyres are in"),
        "later": shop.reminders.create(customer_id(shop, "王小明"), date(2025, 3, 10), "Service"),
        "closed": shop.reminders.create(customer_id(shop, "María"), date(2025, 3, 2), "Old"),
    }
    shop.reminders.done(made["closed"].id, DoneAction.CALLED, today=TODAY)
    return {key: record.id for key, record in made.items()}


@pytest.fixture
def page(today: date, reminders: dict[str, int], window: MainWindow) -> RemindersPage:
    shown = window.show_page("reminders")
    assert isinstance(shown, RemindersPage)
    return shown


def test_open_reminders_by_date_with_overdue_ones_standing_out(
    page: RemindersPage, model_validator: Callable[[QAbstractItemModel], None]
) -> None:
    model_validator(page.model)
    assert names(page) == ["José Sánchez", "Пётр Иванов", "王小明"]
    late, due_today, _later = rows(page)
    assert late[0] == "Mar 1, 2025" and late[3] == "Call back" and late[4] == "Overdue"
    assert due_today[4] == "Due"
    brush = page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush == OVERDUE
    assert page.model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert page.model.index(1, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.panel.footer.text() == "3 reminders · 1 overdue"


def test_filters_by_state_and_kind(page: RemindersPage, seeded: Shop) -> None:
    birthday = add_generated(seeded, customer_id(seeded, "Emily"), "birthday", date(2025, 3, 5))
    seeded_ctx_bus = page.ctx.bus
    seeded_ctx_bus.reminders_changed.emit()
    assert names(page) == ["José Sánchez", "Пётр Иванов", "Emily Brown", "王小明"]
    page.kind.setCurrentIndex(page.kind.findData("birthday"))
    assert [page.model.record(0).id] == [birthday]  # type: ignore[union-attr]
    assert rows(page)[0][2:4] == ["Birthday", "Birthday on Mar 5, 2025"]
    page.kind.setCurrentIndex(page.kind.findData(None))
    page.state.setCurrentIndex(page.state.findData("done"))
    assert names(page) == ["María López"]
    assert rows(page)[0][4] == "Done: Called"
    assert page.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) != OVERDUE
    page.state.setCurrentIndex(page.state.findData("all"))
    assert len(names(page)) == 5
    page.state.setCurrentIndex(page.state.findData("dismissed"))
    assert names(page) == []
    assert page.panel.empty.isVisible()
    assert "Change the filters" in page.panel.empty.text()


def test_done_from_the_menu_closes_it_and_moves_to_the_next(
    page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    select(page, "José Sánchez")
    trigger(page.done_button.menu(), "Called")
    assert names(page) == ["Пётр Иванов", "王小明"]
    stored = seeded.reminders.get(reminders["late"])
    assert (stored.state, stored.done_action) == ("done", "called")
    [entry] = seeded.timeline.list(stored.customer_id)
    assert entry.kind == "reminder" and entry.staff_name == "Ana García"
    # The row that took its place is selected: the next key acts on it.
    selected = page.selected()
    assert selected is not None and selected.customer_name == "Пётр Иванов"


# A popup menu on the offscreen platform says it cannot raise itself or grab the keyboard.
@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing the keyboard")
def test_keys_work_the_list(
    qtbot: Any, page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    select(page, "José Sánchez")
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    menu = page.done_button.menu()
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    qtbot.keyClick(menu, Qt.Key.Key_V)  # "&Visited"
    qtbot.waitUntil(lambda: seeded.reminders.get(reminders["late"]).state == "done")
    assert seeded.reminders.get(reminders["late"]).done_action == "visited"

    select(page, "Пётр Иванов")
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert seeded.reminders.get(reminders["today"]).state == "dismissed"
    assert names(page) == ["王小明"]

    select(page, "王小明")
    page.table.setFocus()
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_S,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    snooze = page.snooze_button.menu()
    assert snooze is not None
    qtbot.waitUntil(snooze.isVisible)
    qtbot.keyClick(snooze, Qt.Key.Key_Return)  # the first entry: tomorrow
    qtbot.waitUntil(lambda: seeded.reminders.get(reminders["later"]).state == "snoozed")
    assert seeded.reminders.get(reminders["later"]).show_on == date(2025, 3, 4)


def test_snooze_menu_moves_the_row_to_its_new_date(
    page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    select(page, "José Sánchez")
    trigger(page.snooze_button.menu(), "In a month")
    stored = seeded.reminders.get(reminders["late"])
    assert (stored.state, stored.snoozed_until, stored.show_on) == (
        "snoozed",
        date(2025, 4, 3),
        date(2025, 4, 3),
    )
    assert names(page) == ["Пётр Иванов", "王小明", "José Sánchez"]
    assert rows(page)[2][0] == "Apr 3, 2025" and rows(page)[2][4] == "Snoozed"
    assert page.panel.footer.text() == "3 reminders"


def test_snooze_until_a_date_chosen_on_a_calendar(
    page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    select(page, "Пётр Иванов")
    trigger(page.snooze_button.menu(), "Choose a date")
    dialog = page.findChild(SnoozeDateDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.calendar.minimumDate() == QDate(2025, 3, 4)  # no snoozing into the past
    dialog.calendar.setSelectedDate(QDate(2025, 1, 2))  # refused: stays on the minimum
    assert dialog.chosen() == date(2025, 3, 4)
    dialog.calendar.setSelectedDate(QDate(2026, 1, 5))
    dialog.accept()
    stored = seeded.reminders.get(reminders["today"])
    assert (stored.state, stored.show_on) == ("snoozed", date(2026, 1, 5))
    assert rows(page)[-1][:2] == ["Jan 5, 2026", "Пётр Иванов"]


def test_enter_opens_the_customer(qtbot: Any, page: RemindersPage, seeded: Shop) -> None:
    select(page, "Пётр Иванов")
    page.table.setFocus()
    with qtbot.waitSignal(page.open_customer) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [customer_id(seeded, "Пётр")]


def test_email_opens_the_mail_program_only_with_consent(
    page: RemindersPage, seeded: Shop, prompts: FakePrompts
) -> None:
    jose = customer_id(seeded, "José")
    record = select(page, "José Sánchez")
    assert record.channels == ("phone",)  # an address, but no consent to email
    assert not page.email_button.isEnabled()
    page.email_selected()
    assert prompts.shown[-1][0] == "error"
    assert "did not agree" in prompts.shown[-1][2]

    details = seeded.customers.get(jose)
    seeded.customers.update(jose, dataclasses.replace(details.as_draft(), consent_email=True))
    page.ctx.bus.customer_changed.emit(jose)
    select(page, "José Sánchez")
    assert page.email_button.isEnabled()
    page.email_button.click()
    kind, _title, url = prompts.shown[-1]
    assert kind == "open_url"
    assert url.startswith("mailto:j.sanchez@mail.es?") and "body=Call%20back" in url


def test_new_reminder_picks_a_customer_and_repeats(
    qtbot: Any, page: RemindersPage, seeded: Shop
) -> None:
    page.new_button.click()
    dialog = page.findChild(ReminderDialog)
    assert dialog is not None and dialog.customer_search is not None
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.customer_search, "Lucía")
    assert dialog.customer_list is not None and dialog.customer_list.count() == 1
    type_text(qtbot, dialog.message, "Ask about the winter tyres")
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("every"))
    assert dialog.unit.currentText() == "week"
    dialog.every.setValue(2)
    dialog.unit.setCurrentIndex(dialog.unit.findData("week"))
    assert dialog.unit.currentText() == "weeks"
    assert dialog.preview.text() == "Mar 3, 2025, Mar 17, 2025, Mar 31, 2025"
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    lucia = customer_id(seeded, "Lucía")
    [stored] = seeded.reminders.for_customer(lucia)
    assert (stored.message, stored.due_on) == ("Ask about the winter tyres", TODAY)
    assert stored.recurrence == "FREQ=WEEKLY;INTERVAL=2"
    assert "Lucía Fernández" in names(page)
    selected = page.selected()
    assert selected is not None and selected.id == stored.id


def test_new_reminder_rule_is_checked_as_typed(
    qtbot: Any, page: RemindersPage, seeded: Shop
) -> None:
    page.new_button.click()
    dialog = page.findChild(ReminderDialog)
    assert dialog is not None and dialog.customer_search is not None
    type_text(qtbot, dialog.customer_search, "Ana Torres")
    type_text(qtbot, dialog.message, "Book the MOT day")
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("rule"))
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.rule, "FREQ=HOURLY")
    assert "cannot be used" in dialog.form.error_text("rrule")
    assert dialog.preview.text() == ""
    assert not dialog.ok_button.isEnabled()
    dialog.rule.clear()
    dialog.due_on.setDate(dialog.due_on.date().addDays(196))  # 15 September 2025
    type_text(qtbot, dialog.rule, "FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO")
    assert dialog.form.error_text("rrule") == ""
    assert dialog.preview.text() == "Sep 15, 2025, Sep 21, 2026, Sep 20, 2027"
    dialog.ok_button.click()
    [stored] = seeded.reminders.for_customer(customer_id(seeded, "Ana Torres"))
    assert stored.recurrence == "FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO"
    assert stored.due_on == date(2025, 9, 15)


def test_export_to_calendar(
    page: RemindersPage, prompts: FakePrompts, tmp_path: Path, reminders: dict[str, int]
) -> None:
    target = tmp_path / "care"
    prompts.files = [target]
    page.export_button.click()
    written = tmp_path / "care.ics"
    calendar = Calendar.from_ical(written.read_bytes())
    uids = sorted(str(event["UID"]).split("@")[0] for event in calendar.walk("VEVENT"))
    assert uids == sorted(f"reminder-{reminders[k]}" for k in ("late", "today", "later"))
    assert prompts.shown[-1][0] == "info" and "3 events written" in prompts.shown[-1][2]
    # A folder that is not there: said so, nothing raised.
    prompts.files = [tmp_path / "missing" / "care.ics"]
    page.export_button.click()
    assert prompts.shown[-1][0] == "error"
    assert "could not be written" in prompts.shown[-1][2]
    # Cancelled: nothing happens.
    count = len(prompts.shown)
    page.export_button.click()
    assert len(prompts.shown) == count + 1 and prompts.shown[-1][0] == "save_file"


def test_refreshes_when_reminders_or_customers_change(
    page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    emily = customer_id(seeded, "Emily")
    seeded.reminders.create(emily, date(2025, 3, 2), "New one")
    page.ctx.bus.reminders_changed.emit()
    assert "Emily Brown" in names(page)
    jose = customer_id(seeded, "José")
    seeded.customers.archive(jose)
    page.ctx.bus.customer_changed.emit(jose)
    assert "José Sánchez" not in names(page)
    seeded.customers.restore(jose)
    page.ctx.bus.customers_changed.emit()
    assert "José Sánchez" in names(page)


def test_reopen_a_done_reminder(
    page: RemindersPage, seeded: Shop, reminders: dict[str, int]
) -> None:
    page.state.setCurrentIndex(page.state.findData("done"))
    select(page, "María López")
    assert page.reopen_button.isEnabled() and not page.done_button.isEnabled()
    page.reopen_button.click()
    assert seeded.reminders.get(reminders["closed"]).state == "due"
    assert names(page) == []
    QApplication.processEvents()


def test_the_overdue_mark_follows_the_clock(
    page: RemindersPage, ctx: UiContext, window: MainWindow
) -> None:
    assert [row[4] for row in rows(page)] == ["Overdue", "Due", "Due"]
    ctx.clock = lambda: datetime(2025, 3, 4, 8, 0, tzinfo=UTC)  # the next morning
    window.show_page("customers")
    window.show_page("reminders")
    assert [row[4] for row in rows(page)] == ["Overdue", "Overdue", "Due"]


def test_a_recurring_reminder_done_comes_back(page: RemindersPage, seeded: Shop) -> None:
    emily = customer_id(seeded, "Emily")
    seeded.reminders.create(emily, TODAY, "Weekly call", recurrence=Recurrence(unit="week"))
    page.ctx.bus.reminders_changed.emit()
    select(page, "Emily Brown")
    trigger(page.done_button.menu(), "Called")
    assert rows(page)[-1][:2] == ["Mar 10, 2025", "Emily Brown"]
