"""A customer's timeline, newest first, fetched in pages (some customers have thousands)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon

from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_datetime
from desktop_crm.services.timeline import TimelineEntry, TimelineService
from desktop_crm.ui.labels import channel_label, kind_icon, kind_label
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import PagedModel


class TimelineModel(PagedModel[TimelineEntry]):
    PAGE_SIZE = 100

    def __init__(
        self, timeline: TimelineService, time_zone: str, parent: QObject | None = None
    ) -> None:
        self.time_zone = time_zone
        columns: list[Column[TimelineEntry]] = [
            Column(lambda: _("When"), lambda e: format_datetime(e.occurred_at, self.time_zone)),
            Column(lambda: _("What"), lambda e: kind_label(e.kind)),
            Column(lambda: _("Staff"), lambda e: e.staff_name),
            Column(lambda: _("Channel"), lambda e: channel_label(e.channel) if e.channel else ""),
            Column(lambda: _("Summary"), lambda e: e.summary.replace("\n", " ")),
            Column(lambda: _("Outcome"), lambda e: e.outcome.replace("\n", " ")),
        ]
        super().__init__(columns, parent)
        self._timeline = timeline
        self.customer_id: int | None = None

    def show_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.reload()

    def fetch_count(self) -> int:
        return 0 if self.customer_id is None else self._timeline.count(self.customer_id)

    def fetch_page(self, offset: int, limit: int) -> list[TimelineEntry]:
        if self.customer_id is None:
            return []
        return self._timeline.list(self.customer_id, offset, limit)

    def icon(self, record: TimelineEntry, column: int) -> QIcon | None:
        return kind_icon(record.kind) if column == 1 else None
