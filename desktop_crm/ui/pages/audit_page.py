"""The Audit page: what was exported, imported, merged or erased, by whom and when (read-only)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_datetime
from desktop_crm.services.audit import AuditEntry, AuditService
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import audit_action_label
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import PagedModel
from desktop_crm.ui.widgets.table_panel import TablePanel


class AuditModel(PagedModel[AuditEntry]):
    """Newest first, in pages (the list only grows)."""

    def __init__(self, audit: AuditService, time_zone: str, parent: QWidget | None = None) -> None:
        self._audit = audit
        self.time_zone = time_zone
        columns: list[Column[AuditEntry]] = [
            Column(lambda: _("When"), lambda e: format_datetime(e.at, self.time_zone)),
            Column(lambda: _("Who"), lambda e: e.staff_name or "—"),
            Column(lambda: _("Action"), lambda e: audit_action_label(e.action)),
            Column(
                lambda: _("Customer"),
                lambda e: "" if e.customer_id is None else f"#{e.customer_id}",
            ),
            Column(lambda: _("Summary"), lambda e: e.summary),
        ]
        super().__init__(columns, parent)

    def fetch_count(self) -> int:
        return self._audit.count()

    def fetch_page(self, offset: int, limit: int) -> list[AuditEntry]:
        return self._audit.list(offset, limit)


class AuditPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = AuditModel(ctx.shop.audit, ctx.settings().time_zone, self)
        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([140, 150, 170, 80])
        self.panel.set_empty_text(
            _(
                "Nothing recorded yet. Exports, imports, merges and personal-data requests "
                "are listed here."
            )
        )
        title = QLabel(_("Audit"), self)
        title.setStyleSheet("font-size: 18px; font-weight: 600;")
        intro = QLabel(
            _("Who took customer data out of the shop, brought it in, merged or erased it."),
            self,
        )
        intro.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)
        ctx.bus.settings_changed.connect(self._settings_changed)
        ctx.bus.customers_changed.connect(self.reload)
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        count = self.model.rowCount()
        self.panel.footer.setText(
            ngettext("{count} entry", "{count} entries", count).format(count=count)
        )

    def _settings_changed(self) -> None:
        self.model.time_zone = self.ctx.settings().time_zone
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # Exports and personal-data requests happen on other pages: read again when shown.
        self.reload()
        super().showEvent(event)
