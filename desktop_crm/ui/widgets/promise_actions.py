"""What can be done with a promise wherever it is listed (Today, Promises page, the customer's
tab), and how a promise row looks: overdue ones in bold red.

Each action calls the service, shows errors through ``ctx.prompts`` and, on success, emits
``ctx.bus.promises_changed`` and ``ctx.bus.customer_changed(customer_id)``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QWidget

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date, format_money
from desktop_crm.services.promises import PromiseRecord, PromiseStatus
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from desktop_crm.ui.dialogs.promise_dialog import (
        BrokenDialog,
        ChangeDueDialog,
        PromiseDialog,
    )

OVERDUE_COLOUR = "#c62828"
_OVERDUE_BRUSH = QBrush(QColor(OVERDUE_COLOUR))


# --- how a promise reads ---------------------------------------------------------------------


def status_text(record: PromiseRecord, today: date) -> str:
    if record.is_overdue(today):
        late = (today - record.due_on).days
        return ngettext("Overdue by {days} day", "Overdue by {days} days", late).format(days=late)
    if record.status == PromiseStatus.KEPT:
        return _("Kept {date}").format(date=format_date(record.closed_on))
    if record.status == PromiseStatus.BROKEN:
        return _("Broken: {reason}").format(reason=record.broken_reason)
    if record.due_on == today:
        return _("Due today")
    if record.status == PromiseStatus.CHANGED:
        return ngettext(
            "To keep (new date agreed)",
            "To keep (new date agreed {count} times)",
            record.change_count,
        ).format(count=record.change_count)
    return _("To keep")


def bottom_line_text(record: PromiseRecord, currency: str) -> str:
    parts = [record.bottom_line] if record.bottom_line else []
    if record.bottom_line_amount is not None:
        parts.append(format_money(record.bottom_line_amount, currency))
    return ", ".join(parts)


def promise_columns(
    today: Callable[[], date], currency: Callable[[], str], *, with_customer: bool
) -> list[Column[PromiseRecord]]:
    """Due, (customer), what, promised by, bottom line, status."""
    columns: list[Column[PromiseRecord]] = [
        Column(lambda: _("Due"), lambda p: format_date(p.due_on)),
        Column(lambda: _("Customer"), lambda p: p.customer_name),
        Column(lambda: _("What"), lambda p: p.what.replace("\n", " ")),
        Column(lambda: _("Promised by"), lambda p: p.staff_name),
        Column(lambda: _("Bottom line"), lambda p: bottom_line_text(p, currency())),
        Column(lambda: _("Status"), lambda p: status_text(p, today())),
    ]
    return columns if with_customer else [columns[0], *columns[2:]]


def overdue_style(record: PromiseRecord | None, today: date, role: int) -> Any:
    """The red text and bold font of an overdue row (None: no special style for ``role``)."""
    if record is None or not record.is_overdue(today):
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return _OVERDUE_BRUSH
    if role == Qt.ItemDataRole.FontRole:
        font = QFont()
        font.setBold(True)
        return font
    return None


# --- actions ---------------------------------------------------------------------------------


def _changed(ctx: UiContext, customer_id: int) -> None:
    ctx.bus.promises_changed.emit()
    ctx.bus.customer_changed.emit(customer_id)


def _load(ctx: UiContext, promise_id: int, title: str) -> PromiseRecord | None:
    try:
        return ctx.shop.promises.get(promise_id)
    except CrmError as exc:
        ctx.prompts.error(title, error_text(exc))
        return None


def _open(dialog: FormDialog, ctx: UiContext) -> None:
    def saved() -> None:
        record = dialog.result_value
        if isinstance(record, PromiseRecord):
            _changed(ctx, record.customer_id)

    dialog.accepted.connect(saved)
    dialog.finished.connect(dialog.deleteLater)
    dialog.start()


def keep(ctx: UiContext, promise_id: int, parent: QWidget | None = None) -> bool:
    """Mark the promise kept today, by the person at the keyboard. True when done."""
    try:
        record = ctx.shop.promises.keep(
            promise_id, staff_id=ctx.current_staff_id(), today=ctx.today()
        )
    except CrmError as exc:
        ctx.prompts.error(_("Promise kept"), error_text(exc))
        return False
    _changed(ctx, record.customer_id)
    return True


def reopen(ctx: UiContext, promise_id: int, parent: QWidget | None = None) -> bool:
    """Undo "kept" or "broken" (marked by mistake). True when done."""
    try:
        record = ctx.shop.promises.reopen(promise_id, staff_id=ctx.current_staff_id())
    except CrmError as exc:
        ctx.prompts.error(_("Reopen promise"), error_text(exc))
        return False
    _changed(ctx, record.customer_id)
    return True


def change_due(
    ctx: UiContext, promise_id: int, parent: QWidget | None = None
) -> ChangeDueDialog | None:
    """Open the dialog for a new due date agreed with the customer (returned, or None when the
    promise is gone)."""
    from desktop_crm.ui.dialogs.promise_dialog import ChangeDueDialog

    record = _load(ctx, promise_id, _("Change the due date"))
    if record is None:
        return None
    if not record.pending:
        ctx.prompts.error(_("Change the due date"), _("This promise is already kept or broken."))
        return None
    dialog = ChangeDueDialog(ctx, record, parent)
    _open(dialog, ctx)
    return dialog


def mark_broken(
    ctx: UiContext, promise_id: int, parent: QWidget | None = None
) -> BrokenDialog | None:
    """Open the dialog asking why the promise was broken (returned, or None)."""
    from desktop_crm.ui.dialogs.promise_dialog import BrokenDialog

    record = _load(ctx, promise_id, _("Promise broken"))
    if record is None:
        return None
    if not record.pending:
        ctx.prompts.error(_("Promise broken"), _("This promise is already kept or broken."))
        return None
    dialog = BrokenDialog(ctx, record, parent)
    _open(dialog, ctx)
    return dialog


def add_promise(
    ctx: UiContext, customer_id: int | None, parent: QWidget | None = None
) -> PromiseDialog:
    """Open the new-promise dialog (for ``customer_id``, or with a customer search field)."""
    from desktop_crm.ui.dialogs.promise_dialog import PromiseDialog

    dialog = PromiseDialog(ctx, customer_id, None, parent)
    _open(dialog, ctx)
    return dialog


def edit_promise(
    ctx: UiContext, promise_id: int, parent: QWidget | None = None
) -> PromiseDialog | None:
    """Open the dialog correcting what was promised, the bottom line or who promised it."""
    from desktop_crm.ui.dialogs.promise_dialog import PromiseDialog

    record = _load(ctx, promise_id, _("Edit promise"))
    if record is None:
        return None
    dialog = PromiseDialog(ctx, record.customer_id, record, parent)
    _open(dialog, ctx)
    return dialog


class SelectedPromiseActions:
    """Keep, change, break, reopen and edit the selected promise: shared by the Promises
    page and the customer's Promises tab, which mix this in and give ``ctx`` and
    ``selected()``."""

    ctx: UiContext

    def selected(self) -> PromiseRecord | None:
        raise NotImplementedError

    def _chosen(self, pending: bool | None = None) -> PromiseRecord | None:
        """The selected promise, if it is pending (True), settled (False) or either (None)."""
        record = self.selected()
        if record is None or (pending is not None and record.pending != pending):
            return None
        return record

    def _parent(self) -> QWidget:
        return cast(QWidget, self)

    def keep_selected(self) -> None:
        if (record := self._chosen(pending=True)) is not None:
            keep(self.ctx, record.id, self._parent())

    def change_selected(self) -> None:
        if (record := self._chosen(pending=True)) is not None:
            change_due(self.ctx, record.id, self._parent())

    def break_selected(self) -> None:
        if (record := self._chosen(pending=True)) is not None:
            mark_broken(self.ctx, record.id, self._parent())

    def reopen_selected(self) -> None:
        if (record := self._chosen(pending=False)) is not None:
            reopen(self.ctx, record.id, self._parent())

    def edit_selected(self) -> None:
        if (record := self._chosen()) is not None:
            edit_promise(self.ctx, record.id, self._parent())
