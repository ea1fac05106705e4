"""What every page and dialog is handed: the services, the change bus and the prompts."""

from __future__ import annotations

from dataclasses import dataclass

from desktop_crm.services.settings import ShopSettings
from desktop_crm.services.shop import Shop
from desktop_crm.ui.change_bus import ChangeBus
from desktop_crm.ui.prompts import Prompts


@dataclass
class UiContext:
    shop: Shop
    bus: ChangeBus
    prompts: Prompts

    def settings(self) -> ShopSettings:
        return self.shop.settings.get()

    def current_staff_id(self) -> int | None:
        return self.shop.settings.get().current_staff_id
