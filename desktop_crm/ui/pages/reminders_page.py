"""The Reminders page: every reminder, filtered by state and kind; new ones and calendar export."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.reminders.kinds import ReminderKind
from desktop_crm.services.reminders.records import ReminderQuery, ReminderRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.columns import Column
from desktop_crm.ui.models.record_model import Index, ListModel, PagedModel
from desktop_crm.ui.widgets import reminder_actions as actions
from desktop_crm.ui.widgets.table_panel import TablePanel

STATES: tuple[tuple[str, Callable[[], str]], ...] = (
    ("open", lambda: _("Still to do")),
    ("snoozed", lambda: _("Snoozed")),
    ("done", lambda: _("Done")),
    ("dismissed", lambda: _("Dismissed")),
    ("all", lambda: _("All")),
)


def reminder_columns(
    today: Callable[[], date], with_customer: bool
) -> list[Column[ReminderRecord]]:
    """The columns of a reminders table (the customer's own tab leaves the customer out)."""
    columns: list[Column[ReminderRecord]] = [
        Column(lambda: _("Date"), lambda r: format_date(actions.reminder_date(r))),
    ]
    if with_customer:
        columns.append(Column(lambda: _("Customer"), lambda r: r.customer_name))
    columns += [
        Column(lambda: _("Kind"), lambda r: actions.kind_label(r.kind)),
        Column(lambda: _("What"), lambda r: actions.reminder_text(r)),
        Column(lambda: _("State"), lambda r: actions.state_label(r, today())),
        Column(lambda: _("May contact by"), lambda r: actions.channel_names(r.channels)),
    ]
    return columns


def reminder_style(record: ReminderRecord, role: int, today: date) -> Any:
    """Overdue rows in bold red, closed ones greyed out (``None``: the default look)."""
    if role == Qt.ItemDataRole.ForegroundRole:
        return actions.row_foreground(record, today)
    if role == Qt.ItemDataRole.FontRole:
        return actions.row_font(record, today)
    return None


_STYLE_ROLES = (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole)


class ReminderTableModel(PagedModel[ReminderRecord]):
    """Every reminder the query lists, by date, fetched a page at a time."""

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        self.today = ctx.today()
        super().__init__(reminder_columns(lambda: self.today, with_customer=True), parent)
        self.ctx = ctx
        self.query = ReminderQuery()

    def set_query(self, query: ReminderQuery) -> None:
        self.query = query
        self.reload()

    def reload(self) -> None:
        self.today = self.ctx.today()  # overdue is judged against the shop's date now
        super().reload()

    def fetch_count(self) -> int:
        return self.ctx.shop.reminders.count(self.query, self.today)

    def fetch_page(self, offset: int, limit: int) -> list[ReminderRecord]:
        return self.ctx.shop.reminders.list_page(self.query, offset, limit, self.today)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _STYLE_ROLES and index.isValid():
            record = self.record(index.row())
            return None if record is None else reminder_style(record, role, self.today)
        return super().data(index, role)

    def row_of(self, reminder_id: int) -> int | None:
        """The row of a reminder among the pages already fetched, else among the first few
        pages (fetched now); None when it is not listed there."""
        for number, page in list(self._pages.items()):
            for at, record in enumerate(page):
                if record.id == reminder_id:
                    return number * self.PAGE_SIZE + at
        for row in range(0, min(self._count, self.PAGE_SIZE * self.MAX_PAGES), self.PAGE_SIZE):
            if row // self.PAGE_SIZE in self._pages:
                continue
            self.record(row)  # fetches the page
            page = self._pages.get(row // self.PAGE_SIZE, [])
            for at, record in enumerate(page):
                if record.id == reminder_id:
                    return row + at
        return None


class ReminderListModel(ListModel[ReminderRecord]):
    """A short list of reminders held whole (one customer's), styled like the page's."""

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        self.today = ctx.today()
        super().__init__(reminder_columns(lambda: self.today, with_customer=False), parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in _STYLE_ROLES and index.isValid():
            record = self.record(index.row())
            return None if record is None else reminder_style(record, role, self.today)
        return super().data(index, role)


class RemindersPage(actions.SelectedReminderActions, QWidget):
    """Reminders by date; act on the selected one from the buttons or the keyboard."""

    open_customer = Signal(int)
    print_requested = Signal(object)  # a DocumentRequest: the main window shows Documents

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = ReminderTableModel(ctx, self)

        self.state = QComboBox(self)
        self.state.setObjectName("state_filter")
        for value, label in STATES:
            self.state.addItem(label(), value)
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind_filter")
        self.kind.addItem(_("Any kind"), None)
        for kind in ReminderKind:
            self.kind.addItem(actions.kind_label(kind), kind.value)
        state_label = QLabel(_("S&tate"), self)
        state_label.setBuddy(self.state)
        kind_label = QLabel(_("&Kind"), self)
        kind_label.setBuddy(self.kind)

        self.panel = TablePanel(self.model, self)
        self.table = self.panel.table
        self.table.set_column_widths([110, 200, 100, 320, 110])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.done_button = self.panel.add_button(_("&Done"), self.show_done_menu, tip=_("Ctrl+D"))
        self.done_button.setMenu(actions.done_menu(self, self._done_chosen))
        self.snooze_button = self.panel.add_button(
            _("&Snooze"), self.show_snooze_menu, tip=_("Ctrl+Shift+S")
        )
        self.dismiss_button = self.panel.add_button(
            _("Dis&miss"), self.dismiss_selected, tip=_("Ctrl+Shift+D")
        )
        self.reopen_button = self.panel.add_button(_("&Reopen"), self.reopen_selected)
        self.open_button = self.panel.add_button(
            _("&Open customer"), self.open_selected, tip=_("Enter")
        )
        self.email_button = self.panel.add_button(
            _("&Email"), self.email_selected, tip=_("Ctrl+Shift+E")
        )
        self.print_button = self.panel.add_button(
            _("&Print note…"), self.print_note_selected, needs_selection=True
        )
        self.print_button.setToolTip(_("A friendly note with the suggested message, to post"))
        self.new_button = QPushButton(_("&New reminder…"), self)
        self.new_button.setToolTip(_("Ctrl+N"))
        self.export_button = QPushButton(_("Export to &calendar…"), self)
        self.export_button.setToolTip(
            _("The open reminders and promises as an .ics file for a calendar program")
        )

        filters = QHBoxLayout()
        filters.addWidget(state_label)
        filters.addWidget(self.state)
        filters.addSpacing(12)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind)
        filters.addStretch(1)
        filters.addWidget(self.new_button)
        filters.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.panel, 1)

        self.state.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.kind.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.table.row_opened.connect(lambda _row: self.open_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._model_reset)
        self.new_button.clicked.connect(self.new_reminder)
        self.export_button.clicked.connect(self.export_calendar)
        for keys, slot in (
            (actions.DONE_KEYS, self.show_done_menu),
            (actions.SNOOZE_KEYS, self.show_snooze_menu),
            (actions.DISMISS_KEYS, self.dismiss_selected),
            (actions.EMAIL_KEYS, self.email_selected),
            ("Ctrl+N", self.new_reminder),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        ctx.bus.reminders_changed.connect(self.refresh)
        ctx.bus.customer_changed.connect(lambda _id: self.refresh())
        ctx.bus.customers_changed.connect(self.refresh)
        ctx.bus.settings_changed.connect(self.refresh)
        self.apply_filters()

    # --- the list
    def apply_filters(self) -> None:
        query = dataclasses.replace(
            self.model.query, state=str(self.state.currentData()), kind=self.kind.currentData()
        )
        self.model.set_query(query)

    def refresh(self) -> None:
        """Reload after a change, keeping the selection on the same reminder (or, when it left
        the list, on the row that took its place: working down a list stays one key each)."""
        selected, row = self.selected(), self.table.current_row()
        self.model.reload()
        if self.model.rowCount() == 0:
            return
        found = None if selected is None else self.model.row_of(selected.id)
        if found is not None:
            self.table.select_row(found)
        elif row is not None:
            self.table.select_row(min(row, self.model.rowCount() - 1))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.model.today != self.ctx.today():  # the date moved on while the page was away
            self.refresh()

    def _model_reset(self) -> None:
        self.snooze_button.setMenu(actions.snooze_menu(self, self.model.today, self._snooze_to))
        count = self.model.rowCount()
        text = ngettext("{count} reminder", "{count} reminders", count).format(count=count)
        if self.model.query.state == "open" and count:
            yesterday = self.model.today - timedelta(days=1)
            overdue = self.ctx.shop.reminders.count(
                dataclasses.replace(self.model.query, due_until=yesterday), self.model.today
            )
            if overdue:
                text += " · " + ngettext("{count} overdue", "{count} overdue", overdue).format(
                    count=overdue
                )
        self.panel.footer.setText(text)
        filtered = self.model.query.state != "open" or self.model.query.kind is not None
        self.panel.set_empty_text(
            _("No reminder matches. Change the filters.")
            if filtered
            else _("Nothing to remember. Add a reminder with “New reminder” (Ctrl+N).")
        )
        self._update_buttons()

    def selected(self) -> ReminderRecord | None:
        row = self.table.current_row()
        return None if row is None else self.model.record(row)

    def _update_buttons(self) -> None:
        record = self.selected()
        is_open = record is not None and record.is_open
        for button in (self.done_button, self.snooze_button, self.dismiss_button):
            button.setEnabled(is_open)
        self.reopen_button.setEnabled(record is not None and not record.is_open)
        self.open_button.setEnabled(record is not None)
        self.email_button.setEnabled(record is not None and "email" in record.channels)

    # --- actions on the selected reminder

    def open_selected(self) -> None:
        record = self.selected()
        if record is not None:
            self.open_customer.emit(record.customer_id)

    # --- new reminders, calendar
    def new_reminder(self) -> None:
        """A manual reminder: the dialog starts by asking for the customer."""
        from desktop_crm.ui.dialogs.reminder_dialog import ReminderDialog

        dialog = ReminderDialog(self.ctx, None, parent=self)
        dialog.accepted.connect(lambda: self._created(dialog.result_value))
        dialog.finished.connect(dialog.deleteLater)
        dialog.start()

    def _created(self, record: ReminderRecord) -> None:
        self.ctx.bus.reminders_changed.emit()
        row = self.model.row_of(record.id)
        if row is not None:
            self.table.select_row(row)

    def export_calendar(self) -> None:
        title = _("Export to calendar")
        path = self.ctx.prompts.save_file(title, "reminders.ics", _("iCalendar files (*.ics)"))
        if path is None:
            return
        if not path.suffix:
            path = path.with_name(path.name + ".ics")
        try:
            count = self.ctx.shop.calendar.export(path, today=self.ctx.today())
        except OSError as exc:
            self.ctx.prompts.error(
                title,
                _("The calendar file could not be written: {error}").format(
                    error=exc.strerror or exc
                ),
            )
            return
        self.ctx.prompts.info(
            title,
            ngettext(
                "{count} event written to {path}.", "{count} events written to {path}.", count
            ).format(count=count, path=path)
            + " "
            + _("Importing a later export into the same calendar updates these events."),
        )
