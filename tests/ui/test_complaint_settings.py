"""Complaint settings in Settings: opening hours, closed days, categories, targets, escalation."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt, QTime

from desktop_crm.domain.business_hours import Target
from desktop_crm.services.shop import Shop
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.complaint_settings_section import ComplaintSettingsSection
from desktop_crm.ui.pages.settings_page import SettingsPage
from desktop_crm.ui.widgets.dates import to_qdate


def section(window: MainWindow) -> ComplaintSettingsSection:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab("complaints")
    return page.complaints


def click(qtbot: Any, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_shows_the_defaults(window: MainWindow) -> None:
    complaints = section(window)
    assert complaints.days[0].intervals() == ((time(9), time(18)),)
    assert complaints.days[6].intervals() == ()
    assert complaints.holidays() == []
    assert "delivery" in complaints.category_names()
    response, resolution = complaints.targets["critical"]
    assert (response.target(), resolution.target()) == (
        Target(2, "hours"),
        Target(1, "business_days"),
    )
    assert complaints.escalate.value() == 25


def test_change_hours_holiday_categories_targets_and_save(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    complaints = section(window)
    saturday = complaints.days[5]
    saturday.open.setChecked(True)
    saturday.opens.setTime(QTime(9, 0))
    saturday.closes.setTime(QTime(13, 0))
    saturday.split.setChecked(True)
    saturday.opens2.setTime(QTime(16, 0))
    saturday.closes2.setTime(QTime(20, 0))
    complaints.days[2].open.setChecked(False)  # closed on Wednesdays
    complaints.closed_day.setDate(to_qdate(date(2026, 12, 25)))
    click(qtbot, complaints.add_closed_day)
    complaints.closed_day.setDate(to_qdate(date(2026, 1, 6)))
    click(qtbot, complaints.add_closed_day)
    click(qtbot, complaints.add_closed_day)  # the same day twice is listed once
    assert complaints.holidays() == [date(2026, 1, 6), date(2026, 12, 25)]
    complaints.categories.setCurrentRow(complaints.category_names().index("other"))
    click(qtbot, complaints.remove_category)
    click(qtbot, complaints.add_category_button)
    complaints.categories.currentItem().setText("warranty")
    response, resolution = complaints.targets["high"]
    response.amount.setValue(3)
    resolution.unit.setCurrentIndex(resolution.unit.findData("hours"))
    resolution.amount.setValue(16)
    complaints.escalate.setValue(30)

    click(qtbot, complaints.save_button)

    assert complaints.saved.text()
    config = seeded.complaints.get_config()
    assert config.hours.weekly[5] == ((time(9), time(13)), (time(16), time(20)))
    assert config.hours.weekly[2] == ()
    assert config.hours.weekly[0] == ((time(9), time(18)),)
    assert config.hours.closed_days == {date(2026, 1, 6), date(2026, 12, 25)}
    assert config.hours.time_zone == seeded.settings.get().time_zone
    assert "other" not in config.categories and config.categories[-1] == "warranty"
    assert config.targets["high"] == (Target(3, "hours"), Target(16, "hours"))
    assert config.escalate_share == 0.3

    complaints.closed_days.setCurrentRow(0)
    click(qtbot, complaints.remove_closed_day)
    click(qtbot, complaints.save_button)
    assert seeded.complaints.get_config().hours.closed_days == {date(2026, 12, 25)}


def test_errors_are_shown_next_to_the_field(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    complaints = section(window)
    monday = complaints.days[0]
    monday.split.setChecked(True)
    monday.opens2.setTime(QTime(12, 0))  # overlaps 09:00–18:00
    monday.closes2.setTime(QTime(20, 0))
    click(qtbot, complaints.save_button)
    assert complaints.form.error_text("weekly")
    assert not complaints.saved.text()

    monday.split.setChecked(False)
    complaints.categories.clear()
    click(qtbot, complaints.save_button)
    assert complaints.form.error_text("categories")
    assert not complaints.form.error_text("weekly")
    assert seeded.complaints.get_config().hours.weekly[0] == ((time(9), time(18)),)
