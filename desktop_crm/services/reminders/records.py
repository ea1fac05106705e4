"""What the reminders service hands out: a reminder with what is needed to act on it, and the
filters of a reminders list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, select

from desktop_crm.domain.channels import allowed_channels
from desktop_crm.services.reminders.kinds import OPEN_STATES
from desktop_crm.storage.models import Customer, Item, Reminder

QUERY_STATES = ("open", "due", "snoozed", "done", "dismissed", "all")
"""``ReminderQuery.state`` values: ``open`` is due or snoozed; ``due`` only the not snoozed."""


@dataclass(frozen=True)
class ReminderRecord:
    id: int
    customer_id: int
    customer_name: str
    item_id: int | None
    item_name: str
    kind: str
    due_on: date
    event_on: date | None
    message: str
    state: str
    show_on: date | None
    snoozed_until: date | None
    done_action: str
    done_note: str
    done_at: datetime | None
    recurrence: str | None  # the RFC 5545 RRULE value of a repeating manual reminder
    generated: bool
    channels: tuple[str, ...]
    customer_phone: str
    customer_email: str
    customer_language: str

    @property
    def is_open(self) -> bool:
        """Still to act on: due, or snoozed until a later date."""
        return self.state in OPEN_STATES

    def is_overdue(self, today: date) -> bool:
        """Open and its date (the due date, or the end of a snooze) has passed."""
        return self.is_open and self.show_on is not None and self.show_on < today


@dataclass(frozen=True)
class ReminderQuery:
    state: str = "open"  # open|due|snoozed|done|dismissed|all
    kind: str | None = None
    customer_id: int | None = None
    due_until: date | None = None  # the list's date (show_on when open, else due_on) <= this


def record_select() -> Select[Any]:
    """The columns ``to_record`` reads: a reminder, its customer and its item."""
    return (
        select(
            Reminder,
            Customer.name,
            Customer.phone,
            Customer.email,
            Customer.address,
            Customer.consent_email,
            Customer.consent_sms,
            Customer.consent_mail,
            Customer.language,
            Item.name,
        )
        .join(Customer, Customer.id == Reminder.customer_id)
        .outerjoin(Item, Item.id == Reminder.item_id)
    )


def to_record(row: Any) -> ReminderRecord:
    """A row of ``record_select()`` as a record."""
    (
        reminder,
        name,
        phone,
        email,
        address,
        consent_email,
        consent_sms,
        consent_mail,
        language,
        item_name,
    ) = row
    return ReminderRecord(
        id=reminder.id,
        customer_id=reminder.customer_id,
        customer_name=name,
        item_id=reminder.item_id,
        item_name=item_name or "",
        kind=reminder.kind,
        due_on=reminder.due_on,
        event_on=reminder.event_on,
        message=reminder.message,
        state=reminder.state,
        show_on=reminder.show_on,
        snoozed_until=reminder.snoozed_until,
        done_action=reminder.done_action,
        done_note=reminder.done_note,
        done_at=reminder.done_at,
        recurrence=rule_of(reminder.recurrence),
        generated=reminder.key is not None,
        channels=allowed_channels(
            phone, email, address, bool(consent_email), bool(consent_sms), bool(consent_mail)
        ),
        customer_phone=phone,
        customer_email=email,
        customer_language=language or "",
    )


# A repeating manual reminder stores its rule with the date the series started, as RFC 5545
# content lines ("DTSTART;VALUE=DATE:20250915\nRRULE:FREQ=YEARLY;..."): COUNT and INTERVAL
# count from the series start, not from whichever occurrence is current.
_DTSTART = "DTSTART;VALUE=DATE:"
_RRULE = "RRULE:"


def stored_recurrence(rule: str, series_start: date) -> str:
    """The ``Reminder.recurrence`` text for ``rule`` (an RRULE value) started on
    ``series_start``."""
    return f"{_DTSTART}{series_start:%Y%m%d}\n{_RRULE}{rule}"


def parse_recurrence(stored: str, due_on: date) -> tuple[str, date]:
    """The RRULE value and the series start of a stored recurrence; a bare rule (no DTSTART
    line) counts from ``due_on``."""
    rule, start = stored.strip(), due_on
    for line in stored.splitlines():
        line = line.strip()
        if line.startswith(_DTSTART):
            text = line.removeprefix(_DTSTART)
            start = date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        elif line.startswith(_RRULE):
            rule = line.removeprefix(_RRULE)
    return rule, start


def rule_of(stored: str | None) -> str | None:
    """The RRULE value of a stored recurrence (what the record shows)."""
    if not stored:
        return None
    rule, _start = parse_recurrence(stored, date.min)
    return rule
