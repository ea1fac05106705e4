"""One bus that announces what changed, so every page decides whether it concerns it."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    """Pages emit after a service call succeeded; other pages refresh instead of polling."""

    customer_changed = Signal(int)  # a customer's details, timeline or purchases
    customers_changed = Signal()  # many customers at once (import, demo data)
    staff_changed = Signal()
    current_staff_changed = Signal()
    settings_changed = Signal()
    promises_changed = Signal()  # a promise added, kept, changed or broken
    reminders_changed = Signal()  # reminders done, snoozed, added, or worked out again
    complaints_changed = Signal()  # a complaint opened, moved on, noted or reassigned
    rules_changed = Signal()  # reminder rules edited in Settings or on a customer
    company_changed = Signal()  # company profile, images or questionnaires edited
    feedback_changed = Signal()  # a survey response or an expectation form recorded
