"""The Complaints page: open complaints, nearest deadline first, with the time left said plainly;
those about to miss (escalated) in orange, those past their deadline in bold red. The selected
complaint's history is shown underneath."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_datetime
from desktop_crm.services.complaints import ComplaintRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.complaint_dialog import (
    SEVERITIES,
    CloseDialog,
    ComplaintDialog,
    NoteDialog,
    ReassignDialog,
    ResolveDialog,
    category_label,
    choice_label,
)
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import Index, ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.form_dialog import FormDialog
from desktop_crm.ui.widgets.record_table import RecordTable

OVERDUE_COLOUR = "#c62828"
ESCALATED_COLOUR = "#e65100"
_OVERDUE_BRUSH = QBrush(QColor(OVERDUE_COLOUR))
_ESCALATED_BRUSH = QBrush(QColor(ESCALATED_COLOUR))

Choices = tuple[tuple[str, Callable[[], str]], ...]

STATUSES: Choices = (
    ("new", lambda: _("New")),
    ("acknowledged", lambda: _("Acknowledged")),
    ("in_progress", lambda: _("In progress")),
    ("waiting", lambda: _("Waiting for the customer")),
    ("resolved", lambda: _("Resolved, to follow up")),
    ("closed", lambda: _("Closed")),
)

EVENTS: Choices = (
    ("opened", lambda: _("Opened")),
    ("note", lambda: _("Note")),
    ("owner", lambda: _("Owner")),
    ("acknowledged", lambda: _("Acknowledged")),
    ("progress", lambda: _("In progress")),
    ("waiting", lambda: _("Waiting")),
    ("resumed", lambda: _("Resumed")),
    ("resolved", lambda: _("Resolved")),
    ("closed", lambda: _("Closed")),
    ("reopened", lambda: _("Reopened")),
    ("deadline_missed", lambda: _("Deadline missed")),
)


def span_text(span: timedelta) -> str:
    """ "2 days 3 h", "2 h 10 min", "5 min" — the two largest units, rounded down."""
    minutes = max(0, int(span.total_seconds() // 60))
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = ngettext("{count} day", "{count} days", days).format(count=days)
        return _("{days} {hours} h").format(days=text, hours=hours) if hours else text
    if hours:
        return (
            _("{hours} h {minutes} min").format(hours=hours, minutes=minutes)
            if minutes
            else _("{hours} h").format(hours=hours)
        )
    return _("{minutes} min").format(minutes=minutes)


def time_left_text(deadline: datetime | None, now: datetime) -> str:
    """ "2 h 10 min left", "overdue by 1 day", "" when there is no deadline running."""
    if deadline is None:
        return ""
    left = deadline - now
    if left < timedelta(0):
        return _("overdue by {span}").format(span=span_text(-left))
    return _("{span} left").format(span=span_text(left))


def status_label(value: str) -> str:
    return choice_label(STATUSES, value)


class ComplaintTableModel(ListModel[ComplaintRecord]):
    """Open complaints as the service lists them (nearest deadline first), as of ``now``."""

    def __init__(self, now: Callable[[], datetime], parent: QObject | None = None) -> None:
        self.now = now()
        columns: list[Column[ComplaintRecord]] = [
            Column(lambda: _("Time left"), lambda c: self.time_left(c)),
            Column(lambda: _("Customer"), lambda c: c.customer_name),
            Column(lambda: _("What happened"), lambda c: c.what_happened.replace("\n", " ")),
            Column(lambda: _("Category"), lambda c: category_label(c.category)),
            Column(lambda: _("Severity"), lambda c: choice_label(SEVERITIES, c.severity)),
            Column(lambda: _("Owner"), lambda c: c.owner_name or _("(nobody)")),
            Column(lambda: _("Status"), lambda c: status_label(c.status)),
        ]
        super().__init__(columns, parent)

    def time_left(self, record: ComplaintRecord) -> str:
        if record.status == "waiting":
            return _("paused: waiting for the customer")
        return time_left_text(record.next_deadline, self.now)

    def overdue(self, record: ComplaintRecord) -> bool:
        return record.overdue

    def row_of(self, complaint_id: int) -> int | None:
        return next((row for row, r in enumerate(self.records()) if r.id == complaint_id), None)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole):
            record = self.record(index.row())
            if record is not None and (self.overdue(record) or record.escalated):
                if role == Qt.ItemDataRole.ForegroundRole:
                    return _OVERDUE_BRUSH if self.overdue(record) else _ESCALATED_BRUSH
                font = QFont()
                font.setBold(True)
                return font
        return super().data(index, role)


class ComplaintsPage(QWidget):
    open_customer = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ComplaintTableModel(ctx.clock, self)

        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        self.status.addItem(_("Any open status"), None)
        for value, label in STATUSES[:-1]:
            self.status.addItem(label(), value)
        self.owner = QComboBox(self)
        self.owner.setObjectName("owner_filter")
        self.owner.setMinimumContentsLength(12)
        self.category = QComboBox(self)
        self.category.setObjectName("category_filter")
        self.severity = QComboBox(self)
        self.severity.setObjectName("severity_filter")
        self.severity.addItem(_("Any severity"), None)
        for value, label in SEVERITIES:
            self.severity.addItem(label(), value)

        self.table = RecordTable(self)
        self.table.setModel(self.model)
        self.table.set_column_widths([170, 160, 280, 100, 90, 120])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; font-size: 14px; padding: 24px;")
        self.history = QPlainTextEdit(self)
        self.history.setObjectName("history")
        self.history.setReadOnly(True)
        self.history.setPlaceholderText(_("Select a complaint to see its whole story."))

        self.new_button = QPushButton(_("&New complaint"), self)
        self.new_button.setToolTip(_("Ctrl+N"))
        self.ack_button = QPushButton(_("&Acknowledge"), self)
        self.ack_button.setToolTip(_("A: the first response was given"))
        self.start_button = QPushButton(_("&Start work"), self)
        self.start_button.setToolTip(_("S"))
        self.note_button = QPushButton(_("No&te…"), self)
        self.note_button.setToolTip(_("T"))
        self.wait_button = QPushButton(_("&Waiting"), self)
        self.wait_button.setToolTip(_("W: waiting for the customer (the clock stops), or resume"))
        self.resolve_button = QPushButton(_("&Resolve…"), self)
        self.resolve_button.setToolTip(_("R"))
        self.close_button = QPushButton(_("&Close…"), self)
        self.close_button.setToolTip(_("C: after asking whether the customer is satisfied"))
        self.reassign_button = QPushButton(_("Reassi&gn…"), self)
        self.reassign_button.setToolTip(_("G"))
        self.open_button = QPushButton(_("&Open customer"), self)
        self.open_button.setToolTip(_("Enter"))
        self.count = QLabel(self)
        self.count.setObjectName("complaint_count")

        filters = QHBoxLayout()
        filters.addWidget(self.status)
        filters.addWidget(QLabel(_("Owner"), self))
        filters.addWidget(self.owner)
        filters.addWidget(self.category)
        filters.addWidget(self.severity)
        filters.addStretch(1)
        actions = QHBoxLayout()
        for button in self._buttons():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        top_layout.addWidget(self.empty, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(top)
        splitter.addWidget(self.history)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        for combo in (self.status, self.owner, self.category, self.severity):
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.row_opened.connect(lambda _row: self.open_selected_customer())
        self.new_button.clicked.connect(self.new_complaint)
        self.ack_button.clicked.connect(self.acknowledge_selected)
        self.start_button.clicked.connect(self.start_selected)
        self.note_button.clicked.connect(self.note_selected)
        self.wait_button.clicked.connect(self.toggle_waiting)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.close_button.clicked.connect(self.close_selected)
        self.reassign_button.clicked.connect(self.reassign_selected)
        self.open_button.clicked.connect(self.open_selected_customer)
        self.model.modelReset.connect(self._update_state)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())

        QShortcut(QKeySequence("Ctrl+N"), self, self.new_complaint)
        # Single letters act on the list only.
        for keys, slot in (
            ("A", self.acknowledge_selected),
            ("S", self.start_selected),
            ("T", self.note_selected),
            ("W", self.toggle_waiting),
            ("R", self.resolve_selected),
            ("C", self.close_selected),
            ("G", self.reassign_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.table, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        ctx.bus.complaints_changed.connect(self.refresh)
        ctx.bus.customers_changed.connect(self.refresh)
        ctx.bus.staff_changed.connect(self._reload_filters)
        ctx.bus.settings_changed.connect(self._reload_filters)

        # Time left runs down: say it again every minute while the page is in view.
        self._ticker = QTimer(self)
        self._ticker.setInterval(60_000)
        self._ticker.timeout.connect(lambda: self.refresh() if self.isVisible() else None)
        self._ticker.start()

        self._reload_filters()

    def _buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.new_button,
            self.ack_button,
            self.start_button,
            self.note_button,
            self.wait_button,
            self.resolve_button,
            self.close_button,
            self.reassign_button,
            self.open_button,
        )

    # --- the list
    def _reload_filters(self) -> None:
        owner, category = self.owner.currentData(), self.category.currentData()
        for combo in (self.owner, self.category):
            combo.blockSignals(True)
            combo.clear()
        self.owner.addItem(_("Anyone"), None)
        for member in self.ctx.shop.staff.list():
            self.owner.addItem(member.name, member.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(owner)))
        self.category.addItem(_("Any category"), None)
        for value in self.ctx.shop.complaints.get_config().categories:
            self.category.addItem(category_label(value), value)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        for combo in (self.owner, self.category):
            combo.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """List again (the clock moved on, or something changed), keeping the selection."""
        selected = self.selected()
        self.model.now = self.ctx.clock()
        self.model.set_records(
            self.ctx.shop.complaints.list_open(
                owner_id=self.owner.currentData(),
                status=self.status.currentData(),
                category=self.category.currentData(),
                severity=self.severity.currentData(),
                now=self.model.now,
            )
        )
        row = None if selected is None else self.model.row_of(selected.id)
        if row is not None:
            self.table.select_row(row)
        self._selection_changed()

    def showEvent(self, event: QShowEvent) -> None:
        # Time left is relative to now: say it afresh whenever the page comes into view.
        self.refresh()
        super().showEvent(event)

    def _update_state(self) -> None:
        count = self.model.rowCount()
        overdue = sum(1 for r in self.model.records() if self.model.overdue(r))
        text = ngettext("{count} open complaint", "{count} open complaints", count).format(
            count=count
        )
        if overdue:
            text += " · " + ngettext("{count} overdue", "{count} overdue", overdue).format(
                count=overdue
            )
        self.count.setText(text)
        self.table.setVisible(count > 0)
        self.empty.setVisible(count == 0)
        if count == 0:
            filtered = any(
                combo.currentData() is not None
                for combo in (self.status, self.owner, self.category, self.severity)
            )
            self.empty.setText(
                _("No complaint matches. Change the filters.")
                if filtered
                else _("No open complaints. Take one with “New complaint” (Ctrl+N).")
            )

    def _selection_changed(self) -> None:
        record = self.selected()
        status = record.status if record is not None else ""
        self.ack_button.setEnabled(status == "new")
        self.start_button.setEnabled(status == "acknowledged")
        self.note_button.setEnabled(record is not None)
        self.wait_button.setEnabled(status in ("new", "acknowledged", "in_progress", "waiting"))
        self.wait_button.setText(_("Res&ume") if status == "waiting" else _("&Waiting"))
        self.resolve_button.setEnabled(status in ("new", "acknowledged", "in_progress"))
        self.close_button.setEnabled(status == "resolved")
        self.reassign_button.setEnabled(record is not None)
        self.open_button.setEnabled(record is not None)
        self._show_history(record)

    def _show_history(self, record: ComplaintRecord | None) -> None:
        if record is None:
            self.history.clear()
            return
        try:
            events = self.ctx.shop.complaints.history(record.id)
        except CrmError as exc:
            self.history.setPlainText(error_text(exc))
            return
        lines = [
            _("{customer} · wants: {wants}").format(
                customer=record.customer_name, wants=record.customer_wants
            ),
            "",
        ]
        zone = self.ctx.settings().time_zone
        for event in events:
            lines.append(
                _("{at}  {step}{who}: {text}").format(
                    at=format_datetime(event.at, zone),
                    step=choice_label(EVENTS, event.kind),
                    who=f" ({event.staff_name})" if event.staff_name else "",
                    text=event.text,
                )
            )
        self.history.setPlainText("\n".join(lines))

    # --- actions
    def selected(self) -> ComplaintRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _changed(self, customer_id: int) -> None:
        self.ctx.bus.complaints_changed.emit()
        self.ctx.bus.customer_changed.emit(customer_id)

    def _step(self, title: str, call: Callable[[ComplaintRecord], ComplaintRecord]) -> bool:
        record = self.selected()
        if record is None:
            return False
        try:
            call(record)
        except CrmError as exc:
            self.ctx.prompts.error(title, error_text(exc))
            return False
        self._changed(record.customer_id)
        return True

    def _open_dialog(self, dialog: FormDialog) -> FormDialog:
        def saved() -> None:
            record = dialog.result_value
            if isinstance(record, ComplaintRecord):
                self._changed(record.customer_id)

        dialog.accepted.connect(saved)
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()
        return dialog

    def new_complaint(self) -> FormDialog:
        return self._open_dialog(ComplaintDialog(self.ctx, None, self))

    def acknowledge_selected(self) -> bool:
        complaints, ctx = self.ctx.shop.complaints, self.ctx
        return self._step(
            _("Acknowledge"),
            lambda r: complaints.acknowledge(
                r.id, staff_id=ctx.current_staff_id(), now=ctx.clock()
            ),
        )

    def start_selected(self) -> bool:
        complaints, ctx = self.ctx.shop.complaints, self.ctx
        return self._step(
            _("Start work"),
            lambda r: complaints.start_work(r.id, staff_id=ctx.current_staff_id(), now=ctx.clock()),
        )

    def toggle_waiting(self) -> bool:
        record = self.selected()
        complaints, ctx = self.ctx.shop.complaints, self.ctx
        if record is not None and record.status == "waiting":
            return self._step(
                _("Resume"),
                lambda r: complaints.resume(r.id, staff_id=ctx.current_staff_id(), now=ctx.clock()),
            )
        return self._step(
            _("Waiting for the customer"),
            lambda r: complaints.wait_for_customer(
                r.id, staff_id=ctx.current_staff_id(), now=ctx.clock()
            ),
        )

    def _with_selected(
        self, build: Callable[[ComplaintRecord], FormDialog], allowed: bool = True
    ) -> FormDialog | None:
        record = self.selected()
        if record is None or not allowed:
            return None
        return self._open_dialog(build(record))

    def note_selected(self) -> FormDialog | None:
        return self._with_selected(lambda r: NoteDialog(self.ctx, r, self))

    def resolve_selected(self) -> FormDialog | None:
        record = self.selected()
        ok = record is not None and record.status in ("new", "acknowledged", "in_progress")
        return self._with_selected(lambda r: ResolveDialog(self.ctx, r, self), ok)

    def close_selected(self) -> FormDialog | None:
        record = self.selected()
        ok = record is not None and record.status == "resolved"
        return self._with_selected(lambda r: CloseDialog(self.ctx, r, self), ok)

    def reassign_selected(self) -> FormDialog | None:
        return self._with_selected(lambda r: ReassignDialog(self.ctx, r, self))

    def open_selected_customer(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_customer.emit(record.customer_id)
