"""Changes are followed by a reminder refresh off the UI thread, announced on the bus."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.reminder_refresher import ReminderRefresher

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_a_new_birthday_gets_its_reminder_after_the_change_is_announced(
    qtbot: Any, ctx: UiContext
) -> None:
    ctx.clock = lambda: NOW
    refresher = ReminderRefresher(ctx)
    shop = ctx.shop
    shop.reminders.refresh(date(2026, 3, 10))  # the start-up run: nothing yet
    customer = shop.customers.create(CustomerDraft("Ольга Смирнова", birthday=date(1980, 3, 20)))
    assert shop.reminders.for_customer(customer.id) == []

    with qtbot.waitSignal(ctx.bus.reminders_changed, timeout=5000):
        ctx.bus.customer_changed.emit(customer.id)
    reminders = shop.reminders.for_customer(customer.id)
    assert [(r.kind, r.event_on) for r in reminders] == [("birthday", date(2026, 3, 20))]
    qtbot.waitUntil(lambda: not refresher.busy)


def test_changes_in_a_row_make_one_run(qtbot: Any, ctx: UiContext) -> None:
    ctx.clock = lambda: NOW
    refresher = ReminderRefresher(ctx)
    runs: list[object] = []
    refresher.refreshed.connect(runs.append)
    with qtbot.waitSignal(refresher.refreshed, timeout=5000):
        for _ in range(5):
            ctx.bus.customers_changed.emit()
    qtbot.wait(400)  # past the delay: no second run follows
    assert len(runs) == 1
