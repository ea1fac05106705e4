"""What every page and dialog is handed: the services, the change bus, the prompts, the clock."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from desktop_crm.domain.recurrence import local_today
from desktop_crm.services.settings import ShopSettings
from desktop_crm.services.shop import Shop
from desktop_crm.ui.change_bus import ChangeBus
from desktop_crm.ui.prompts import Prompts


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class UiContext:
    shop: Shop
    bus: ChangeBus
    prompts: Prompts
    # The current instant (aware, UTC); tests replace it to move the clock past midnight.
    clock: Callable[[], datetime] = field(default=_utc_now)

    def settings(self) -> ShopSettings:
        return self.shop.settings.get()

    def current_staff_id(self) -> int | None:
        return self.shop.settings.get().current_staff_id

    def today(self) -> date:
        """The shop's calendar date now (in the shop's time zone, not the computer's)."""
        return local_today(self.clock(), self.settings().time_zone)
