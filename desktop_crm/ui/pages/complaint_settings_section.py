"""Complaints in Settings: opening hours per weekday (up to two intervals, or closed), closed
days (holidays), the categories, the deadline targets per severity and the escalation share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from babel import Locale
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.business_hours import (
    SEVERITIES,
    BusinessHours,
    Interval,
    Target,
    Unit,
)
from desktop_crm.domain.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import babel_locale
from desktop_crm.services.complaints import ComplaintConfig
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate
from desktop_crm.ui.widgets.field_form import FieldForm

SEVERITY_LABELS: dict[str, Callable[[], str]] = {
    "low": lambda: _("Low"),
    "normal": lambda: _("Normal"),
    "high": lambda: _("High"),
    "critical": lambda: _("Critical"),
}
UNIT_LABELS: tuple[tuple[Unit, Callable[[], str]], ...] = (
    ("hours", lambda: _("hours")),
    ("business_days", lambda: _("business days")),
)
# Which row shows a service error about a field the form has no row of its own for.
_FIELD_ROWS = {
    "business_hours": "weekly",
    "time_zone": "weekly",
    "targets": "targets",
    "amount": "targets",
    "unit": "targets",
}


def _to_qtime(value: time) -> QTime:
    return QTime(value.hour, value.minute)


def _from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute())


def _time_edit(parent: QWidget) -> QTimeEdit:
    edit = QTimeEdit(parent)
    edit.setDisplayFormat("HH:mm")
    return edit


class DayHours(QWidget):
    """One weekday: open or closed, one interval, optionally a second one."""

    def __init__(self, day_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.open = QCheckBox(day_name, self)
        self.open.setMinimumWidth(110)
        self.opens = _time_edit(self)
        self.closes = _time_edit(self)
        self.split = QCheckBox(_("and"), self)
        self.split.setToolTip(_("Open twice this day (closed at midday)"))
        self.opens2 = _time_edit(self)
        self.closes2 = _time_edit(self)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.open)
        row.addWidget(self.opens)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.closes)
        row.addWidget(self.split)
        row.addWidget(self.opens2)
        row.addWidget(QLabel("–", self))
        row.addWidget(self.closes2)
        row.addStretch(1)
        self.open.toggled.connect(self._update)
        self.split.toggled.connect(self._update)

    def set_intervals(self, intervals: tuple[Interval, ...]) -> None:
        first = intervals[0] if intervals else (time(9, 0), time(18, 0))
        second = intervals[1] if len(intervals) > 1 else (time(16, 0), time(20, 0))
        self.opens.setTime(_to_qtime(first[0]))
        self.closes.setTime(_to_qtime(first[1]))
        self.opens2.setTime(_to_qtime(second[0]))
        self.closes2.setTime(_to_qtime(second[1]))
        self.open.setChecked(bool(intervals))
        self.split.setChecked(len(intervals) > 1)
        self._update()

    def intervals(self) -> tuple[Interval, ...]:
        if not self.open.isChecked():
            return ()
        first = (_from_qtime(self.opens.time()), _from_qtime(self.closes.time()))
        if not self.split.isChecked():
            return (first,)
        return first, (_from_qtime(self.opens2.time()), _from_qtime(self.closes2.time()))

    def _update(self) -> None:
        is_open = self.open.isChecked()
        for widget in (self.opens, self.closes, self.split):
            widget.setEnabled(is_open)
        for widget in (self.opens2, self.closes2):
            widget.setEnabled(is_open and self.split.isChecked())


class TargetEdit(QWidget):
    """An amount and its unit (hours of opening time or business days)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = QSpinBox(self)
        self.amount.setRange(1, 999)
        self.unit = QComboBox(self)
        for unit, label in UNIT_LABELS:
            self.unit.addItem(label(), unit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount)
        row.addWidget(self.unit)

    def set_target(self, target: Target) -> None:
        self.amount.setValue(target.amount)
        self.unit.setCurrentIndex(max(0, self.unit.findData(target.unit)))

    def target(self) -> Target:
        unit: Unit = "hours" if self.unit.currentData() == "hours" else "business_days"
        return Target(self.amount.value(), unit)


def _list_with_buttons(
    parent: QWidget, items: QListWidget, *controls: QWidget
) -> tuple[QWidget, QPushButton]:
    """The list with ``controls`` (and a Remove button, returned) under it."""
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    items.setMaximumHeight(110)
    column.addWidget(items)
    row = QHBoxLayout()
    for control in controls:
        row.addWidget(control)
    remove = QPushButton(_("Remove"), box)
    row.addWidget(remove)
    row.addStretch(1)
    column.addLayout(row)
    return box, remove


class ComplaintSettingsSection(QWidget):
    """The complaint settings with their own Save (stored by ``shop.complaints``)."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        title = QLabel(_("Complaints"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        intro = QLabel(
            _(
                "Deadlines for complaints count only the time the shop is open: its opening "
                "hours, without the closed days."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: #555;")

        locale = Locale.parse(babel_locale())
        day_names = locale.days["format"]["wide"]
        hours_box = QWidget(self)
        hours_column = QVBoxLayout(hours_box)
        hours_column.setContentsMargins(0, 0, 0, 0)
        hours_column.setSpacing(2)
        self.days = [DayHours(str(day_names[weekday]), hours_box) for weekday in range(7)]
        for day in self.days:
            hours_column.addWidget(day)

        self.closed_days = QListWidget(self)
        self.closed_day = QDateEdit(self)
        self.closed_day.setCalendarPopup(True)
        self.add_closed_day = QPushButton(_("Add &closed day"), self)
        closed_box, self.remove_closed_day = _list_with_buttons(
            self, self.closed_days, self.closed_day, self.add_closed_day
        )

        self.categories = QListWidget(self)
        self.categories.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.add_category_button = QPushButton(_("Add cate&gory"), self)
        categories_box, self.remove_category = _list_with_buttons(
            self, self.categories, self.add_category_button
        )

        targets_box = QWidget(self)
        grid = QGridLayout(targets_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(_("First response"), targets_box), 0, 1)
        grid.addWidget(QLabel(_("Resolution"), targets_box), 0, 2)
        self.targets: dict[str, tuple[TargetEdit, TargetEdit]] = {}
        for row, severity in enumerate(reversed(SEVERITIES), start=1):
            grid.addWidget(QLabel(SEVERITY_LABELS[severity](), targets_box), row, 0)
            pair = (TargetEdit(targets_box), TargetEdit(targets_box))
            grid.addWidget(pair[0], row, 1)
            grid.addWidget(pair[1], row, 2)
            self.targets[severity] = pair
        grid.setColumnStretch(3, 1)

        self.escalate = QSpinBox(self)
        self.escalate.setRange(0, 99)
        self.escalate.setSuffix(" %")
        self.escalate.setMaximumWidth(90)
        self.escalate.setToolTip(
            _("A complaint with less than this share of its time left is escalated.")
        )

        self.form = FieldForm(self)
        self.form.add_row("weekly", _("Opening hours"), hours_box)
        self.form.add_row("closed_days", _("Closed days"), closed_box)
        self.form.add_row("categories", _("Categories"), categories_box)
        self.form.add_row("targets", _("Deadlines"), targets_box)
        self.form.add_row("escalate_share", _("&Escalate with less than"), self.escalate)
        self.form.finish()
        self.save_button = QPushButton(_("Save complaint settings"), self)
        self.saved = QLabel(self)
        self.saved.setObjectName("complaint_settings_saved")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.saved)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addLayout(buttons)
        layout.addStretch(1)

        self.add_closed_day.clicked.connect(
            lambda: self.add_holiday(from_qdate(self.closed_day.date()))
        )
        self.remove_closed_day.clicked.connect(lambda: self._remove_current(self.closed_days))
        self.add_category_button.clicked.connect(self.add_category)
        self.remove_category.clicked.connect(lambda: self._remove_current(self.categories))
        self.save_button.clicked.connect(self.save)
        self.load()

    # --- loading and reading back

    def load(self) -> None:
        config = self.ctx.shop.complaints.get_config()
        for day, intervals in zip(self.days, config.hours.weekly, strict=True):
            day.set_intervals(intervals)
        self.closed_days.clear()
        for holiday in sorted(config.hours.closed_days):
            self.add_holiday(holiday)
        self.closed_day.setDate(to_qdate(self.ctx.today()))
        self.categories.clear()
        for category in config.categories:
            self._category_item(category)
        for severity, (response, resolution) in self.targets.items():
            first, final = config.targets[severity]
            response.set_target(first)
            resolution.set_target(final)
        self.escalate.setValue(round(config.escalate_share * 100))
        self.form.clear_errors()
        self.saved.clear()

    def holidays(self) -> list[date]:
        days = (self.closed_days.item(row) for row in range(self.closed_days.count()))
        return [date.fromisoformat(str(item.data(Qt.ItemDataRole.UserRole))) for item in days]

    def category_names(self) -> list[str]:
        return [self.categories.item(row).text() for row in range(self.categories.count())]

    def edited(self) -> ComplaintConfig:
        """The configuration as shown; raises ValidationError for impossible opening hours."""
        hours = BusinessHours(
            weekly=tuple(day.intervals() for day in self.days),
            closed_days=frozenset(self.holidays()),
            time_zone=self.ctx.settings().time_zone,
        )
        return ComplaintConfig(
            categories=tuple(self.category_names()),
            hours=hours,
            targets={
                severity: (response.target(), resolution.target())
                for severity, (response, resolution) in self.targets.items()
            },
            escalate_share=self.escalate.value() / 100,
        )

    # --- editing

    def add_holiday(self, day: date) -> None:
        """Add ``day`` to the closed days (once), keeping them in date order."""
        if day in self.holidays():
            return
        item = QListWidgetItem(day.isoformat())
        item.setData(Qt.ItemDataRole.UserRole, day.isoformat())
        later = [row for row, other in enumerate(self.holidays()) if other > day]
        self.closed_days.insertItem(later[0] if later else self.closed_days.count(), item)
        self.closed_days.setCurrentItem(item)

    def add_category(self) -> None:
        item = self._category_item(_("New category"))
        self.categories.setCurrentItem(item)
        self.categories.editItem(item)

    def _category_item(self, text: str) -> QListWidgetItem:
        item = QListWidgetItem(text, self.categories)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        return item

    @staticmethod
    def _remove_current(items: QListWidget) -> None:
        row = items.currentRow()
        if row >= 0:
            items.takeItem(row)

    def save(self) -> bool:
        try:
            self.ctx.shop.complaints.save_config(self.edited())
        except ValidationError as exc:
            self.form.show_error(_FIELD_ROWS.get(exc.field, exc.field), error_text(exc))
            self.saved.clear()
            return False
        self.load()
        self.saved.setText(_("Saved."))
        self.ctx.bus.complaints_changed.emit()
        return True
