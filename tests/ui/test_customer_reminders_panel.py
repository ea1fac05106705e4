"""A customer's Reminders tab: open ones first, acting on them, new/changed/deleted by hand."""

from __future__ import annotations

import dataclasses
import itertools
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.reminders.kinds import DoneAction
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Reminder
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.reminder_dialog import ReminderDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.customer_reminders_panel import CustomerRemindersPanel
from desktop_crm.ui.widgets.reminder_actions import OVERDUE
from tests.ui.conftest import FakePrompts, type_text

TODAY = date(2025, 3, 3)
_KEYS = itertools.count()


def customer_id(shop: Shop, name: str) -> int:
    [found] = [
        row.id
        for row in shop.customers.list_page(CustomerQuery(text=name), 0, 50)
        if row.name.startswith(name)
    ]
    return found


def add_generated(shop: Shop, cid: int, kind: str, due_on: date) -> int:
    with shop.db.write() as session:
        row = Reminder(
            customer_id=cid,
            kind=kind,
            key=f"{kind}:c{cid}:{next(_KEYS)}",
            due_on=due_on,
            state="due",
            show_on=due_on,
        )
        session.add(row)
        session.flush()
        return row.id


def rows(panel: CustomerRemindersPanel) -> list[list[str]]:
    model = panel.model
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def texts(panel: CustomerRemindersPanel) -> list[str]:
    return [row[2] for row in rows(panel)]


def select(panel: CustomerRemindersPanel, text: str) -> None:
    panel.table.select_row(texts(panel).index(text))


def trigger(menu: QMenu | None, starts_with: str) -> None:
    assert menu is not None
    [entry] = [a for a in menu.actions() if a.text().replace("&", "").startswith(starts_with)]
    entry.trigger()


@pytest.fixture
def jose(ctx: UiContext, seeded: Shop) -> int:
    """José (who agreed to email) with a late, a coming, a done and a generated reminder."""
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), time_zone="Europe/Madrid"))
    ctx.clock = lambda: datetime(2025, 3, 3, 11, 0, tzinfo=UTC)
    cid = customer_id(seeded, "José")
    details = seeded.customers.get(cid)
    seeded.customers.update(cid, dataclasses.replace(details.as_draft(), consent_email=True))
    seeded.reminders.create(cid, date(2025, 3, 1), "Call back")
    seeded.reminders.create(cid, date(2025, 3, 20), "Tyres in stock")
    done = seeded.reminders.create(cid, date(2025, 2, 1), "Old news")
    seeded.reminders.done(done.id, DoneAction.CALLED, today=TODAY)
    add_generated(seeded, cid, "win_back", date(2025, 3, 10))
    return cid


@pytest.fixture
def panel(qtbot: Any, ctx: UiContext, jose: int) -> CustomerRemindersPanel:
    widget = CustomerRemindersPanel(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.show_customer(jose)
    return widget


def test_open_reminders_first_then_closed(panel: CustomerRemindersPanel) -> None:
    assert texts(panel) == ["Call back", "Has not bought for a while", "Tyres in stock", "Old news"]
    assert [row[3] for row in rows(panel)] == ["Overdue", "Due", "Due", "Done: Called"]
    assert [row[1] for row in rows(panel)] == ["Reminder", "Win-back", "Reminder", "Reminder"]
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    assert panel.panel.footer.text() == "3 open, 1 closed"
    assert rows(panel)[0][4] == "Phone, Email"


def test_only_manual_open_reminders_can_be_changed(panel: CustomerRemindersPanel) -> None:
    select(panel, "Has not bought for a while")
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()
    assert panel.done_button.isEnabled() and not panel.reopen_button.isEnabled()
    select(panel, "Old news")
    assert not panel.edit_button.isEnabled() and panel.delete_button.isEnabled()
    assert not panel.done_button.isEnabled() and panel.reopen_button.isEnabled()
    select(panel, "Call back")
    assert panel.edit_button.isEnabled() and panel.email_button.isEnabled()


def test_new_reminder_with_the_keyboard(
    qtbot: Any, panel: CustomerRemindersPanel, seeded: Shop, jose: int
) -> None:
    qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = panel.findChild(ReminderDialog)
    assert dialog is not None
    assert dialog.customer_search is None  # the customer is this tab's
    assert not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.message, "Ask how the new brakes feel")
    dialog.due_on.setDate(dialog.due_on.date().addDays(2))
    assert dialog.preview.text() == "Once, on Mar 5, 2025"
    dialog.ok_button.click()
    assert texts(panel)[:3] == [
        "Call back",
        "Ask how the new brakes feel",
        "Has not bought for a while",
    ]
    [made] = [r for r in seeded.reminders.for_customer(jose) if r.message.startswith("Ask")]
    assert (made.due_on, made.kind, made.recurrence) == (date(2025, 3, 5), "manual", None)


def test_change_a_reminder_and_its_repeat(
    qtbot: Any, panel: CustomerRemindersPanel, seeded: Shop, jose: int
) -> None:
    select(panel, "Tyres in stock")
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    dialog = panel.findChild(ReminderDialog)
    assert dialog is not None
    assert dialog.message.toPlainText() == "Tyres in stock"
    dialog.message.selectAll()
    type_text(qtbot, dialog.message, "Winter tyres in stock")
    dialog.repeat.setCurrentIndex(dialog.repeat.findData("every"))
    dialog.every.setValue(1)
    dialog.unit.setCurrentIndex(dialog.unit.findData("month"))
    assert dialog.preview.text() == "Mar 20, 2025, Apr 20, 2025, May 20, 2025"
    dialog.ok_button.click()
    [changed] = [r for r in seeded.reminders.for_customer(jose) if "tyres" in r.message]
    assert changed.message == "Winter tyres in stock"
    assert changed.recurrence == "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=20"
    # Opened again, the dialog shows the repeat as it was chosen.
    select(panel, "Winter tyres in stock")
    panel.edit_button.click()
    again = [d for d in panel.findChildren(ReminderDialog) if d.isVisible()][-1]
    assert again.repeat.currentData() == "every"
    assert (again.every.value(), again.unit.currentData()) == (1, "month")
    again.reject()


def test_delete_asks_first(
    panel: CustomerRemindersPanel, seeded: Shop, jose: int, prompts: FakePrompts
) -> None:
    select(panel, "Old news")
    prompts.answer = False
    panel.delete_button.click()
    assert "Old news" in texts(panel)
    prompts.answer = True
    panel.delete_button.click()
    assert "Old news" not in texts(panel)
    assert prompts.shown[-1][0] == "confirm" and "Old news" in prompts.shown[-1][2]
    assert all(r.message != "Old news" for r in seeded.reminders.for_customer(jose))


def test_done_snooze_dismiss_and_reopen(
    panel: CustomerRemindersPanel, seeded: Shop, jose: int
) -> None:
    select(panel, "Call back")
    trigger(panel.done_button.menu(), "Printed a note")
    assert texts(panel)[-2:] == ["Call back", "Old news"]  # closed, latest due first
    assert rows(panel)[-2][3] == "Done: Printed a note"
    latest = seeded.timeline.list(jose)[0]  # the fixture's "Old news" was done before
    assert (latest.kind, latest.outcome) == ("reminder", "Printed a note")
    assert "Call back" in latest.summary

    select(panel, "Has not bought for a while")
    trigger(panel.snooze_button.menu(), "In 3 days")
    assert texts(panel)[:2] == ["Has not bought for a while", "Tyres in stock"]
    assert rows(panel)[0][:1] == ["Mar 6, 2025"] and rows(panel)[0][3] == "Snoozed"

    select(panel, "Tyres in stock")
    panel.dismiss_button.click()
    assert rows(panel)[1][3] == "Dismissed"

    select(panel, "Call back")
    panel.reopen_button.click()
    assert texts(panel)[0] == "Call back" and rows(panel)[0][3] == "Overdue"
    assert panel.panel.footer.text() == "2 open, 2 closed"


def test_email_opens_the_mail_program(panel: CustomerRemindersPanel, prompts: FakePrompts) -> None:
    select(panel, "Call back")
    panel.email_button.click()
    kind, _title, url = prompts.shown[-1]
    assert kind == "open_url" and url.startswith("mailto:j.sanchez@mail.es?")


def test_a_repeating_reminder_comes_back_in_the_tab(
    panel: CustomerRemindersPanel, seeded: Shop, jose: int, ctx: UiContext
) -> None:
    from desktop_crm.domain.recurrence import Recurrence

    seeded.reminders.create(jose, TODAY, "Weekly wash", recurrence=Recurrence(unit="week"))
    ctx.bus.reminders_changed.emit()
    select(panel, "Weekly wash")
    trigger(panel.done_button.menu(), "Other")
    weekly = [row for row in rows(panel) if row[2] == "Weekly wash"]
    assert [(row[0], row[3]) for row in weekly] == [
        ("Mar 10, 2025", "Due"),
        ("Mar 3, 2025", "Done: Done"),
    ]


def test_other_customers_changes_leave_the_tab_alone(
    panel: CustomerRemindersPanel, seeded: Shop, ctx: UiContext
) -> None:
    before = rows(panel)
    emily = customer_id(seeded, "Emily")
    seeded.reminders.create(emily, TODAY, "Not José's")
    ctx.bus.reminders_changed.emit()
    assert rows(panel) == before


def test_the_tab_in_the_customer_view(
    qtbot: Any, window: MainWindow, jose: int, seeded: Shop
) -> None:
    """In the customer view: Ctrl+R from the tab, and a reminder done shows on the timeline."""
    window.open_customer(jose)
    view = window.customer_view
    view.tabs.setCurrentWidget(view.reminders)
    tab = view.reminders
    assert isinstance(tab, CustomerRemindersPanel)
    assert texts(tab)[0] == "Call back"
    select(tab, "Call back")
    trigger(tab.done_button.menu(), "Called")
    timeline = view.timeline.model
    assert timeline.rowCount() == 2  # "Old news" was done before
    assert str(timeline.index(0, 4).data()) == "Reminder: Call back"
    assert str(timeline.index(0, 1).data()) == "Reminder"
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = tab.findChild(ReminderDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.reject()
