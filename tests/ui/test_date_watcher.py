"""The date watcher notices the shop's date moving while the app is open."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from typing import Any

from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.date_watcher import DateWatcher


class FakeClock:
    """The current instant, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def madrid(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Europe/Madrid"))


def test_the_date_changes_past_midnight_in_the_shops_time_zone(
    qtbot: Any, ctx: UiContext, shop: Shop
) -> None:
    madrid(shop)
    # 22:59:30 UTC is 23:59:30 in Madrid (winter time).
    clock = FakeClock(datetime(2026, 3, 12, 22, 59, 30, tzinfo=UTC))
    ctx.clock = clock
    watcher = DateWatcher(ctx)
    assert watcher.day == date(2026, 3, 12)
    assert not watcher.check()

    clock.now += timedelta(minutes=1)  # 00:00:30 in Madrid, still the 12th in UTC
    with qtbot.waitSignal(watcher.date_changed) as signal:
        assert watcher.check()
    assert signal.args == [date(2026, 3, 13)]
    assert watcher.day == date(2026, 3, 13)
    assert not watcher.check()  # said once


def test_a_new_time_zone_can_move_the_date(qtbot: Any, ctx: UiContext, shop: Shop) -> None:
    madrid(shop)
    ctx.clock = FakeClock(datetime(2026, 3, 12, 23, 30, tzinfo=UTC))  # 00:30 on the 13th
    watcher = DateWatcher(ctx)
    assert watcher.day == date(2026, 3, 13)
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="America/New_York"))
    with qtbot.waitSignal(watcher.date_changed) as signal:
        watcher.check()
    assert signal.args == [date(2026, 3, 12)]


def test_the_timer_looks_at_the_date_every_half_minute_or_so(ctx: UiContext) -> None:
    watcher = DateWatcher(ctx)
    assert watcher.timer.isActive()
    assert 30_000 <= watcher.timer.interval() <= 60_000
