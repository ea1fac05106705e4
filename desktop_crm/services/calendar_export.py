"""Open reminders and promises as an iCalendar (.ics) file, with stable UIDs.

Each open reminder and pending promise is one all-day event. Its UID names the row and this
database (``reminder-12@<uuid>.desktop-crm``), so importing a later export into the same calendar
updates the events instead of duplicating them, and two shops' files never collide.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_crm.domain.errors import N_
from desktop_crm.domain.recurrence import local_today
from desktop_crm.i18n import translations_for
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.reminders.kinds import OPEN_STATES
from desktop_crm.services.reminders.records import record_select, to_record
from desktop_crm.services.reminders.service import short_text, suggested_text
from desktop_crm.services.settings import SettingsService
from desktop_crm.storage.database import Database
from desktop_crm.storage.models import Customer, Promise, Reminder, Setting

UID_KEY = "calendar.uid"
"""Setting holding this database's calendar id (a uuid4, made on the first export)."""
PENDING_PROMISES = ("open", "changed")
PRODID = "-//desktop_crm//Customer care//EN"


class CalendarExportService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    def build(self, today: date | None = None) -> bytes:
        """The .ics text of every open reminder (on the date it shows: its due date or the end
        of its snooze) and pending promise (on its due date). Archived customers left out.
        ``today`` is not a filter (overdue ones are exported too): it dates the description."""
        return self._calendar(today)[0]

    def export(self, path: Path, today: date | None = None) -> int:
        """Write the calendar to ``path`` (whole or not at all); the number of events."""
        data, count = self._calendar(today)
        handle, temp = tempfile.mkstemp(prefix=".calendar-", suffix=".part", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, path)
        finally:
            Path(temp).unlink(missing_ok=True)
        return count

    def _calendar(self, today: date | None) -> tuple[bytes, int]:
        settings = self._settings.get()
        language = settings.language
        gettext = translations_for(language).gettext
        day = today or local_today(datetime.now(UTC), settings.time_zone)
        stamp = datetime.now(UTC).replace(microsecond=0)
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        name = settings.shop_name or gettext(N_("Customer care"))
        calendar.add("x-wr-calname", name)
        calendar.add(
            "x-wr-caldesc",
            gettext(N_("Open reminders and promises on {date}")).format(
                date=format_date(day, language)
            ),
        )
        count = 0
        with self._db.write() as session:
            domain = f"{_database_uid(session)}.desktop-crm"
            reminders = (
                record_select()
                .where(Reminder.state.in_(OPEN_STATES), Customer.archived.is_(False))
                .order_by(Reminder.show_on, Reminder.id)
            )
            for row in session.execute(reminders):
                record = to_record(row)
                on = record.show_on or record.due_on
                text = short_text(record, gettext, language)
                description = suggested_text(record, record.customer_language or language)
                calendar.add_component(
                    _event(
                        f"reminder-{record.id}@{domain}",
                        on,
                        f"{record.customer_name}: {text}",
                        description,
                        stamp,
                    )
                )
                count += 1
            promises = (
                select(Promise, Customer.name)
                .join(Customer, Customer.id == Promise.customer_id)
                .where(Promise.status.in_(PENDING_PROMISES), Customer.archived.is_(False))
                .order_by(Promise.due_on, Promise.id)
            )
            for promise, customer_name in session.execute(promises):
                description = promise.what
                if promise.bottom_line:
                    description += "\n" + gettext(N_("Bottom line: {text}")).format(
                        text=promise.bottom_line
                    )
                what = promise.what.strip().splitlines()[0] if promise.what.strip() else ""
                calendar.add_component(
                    _event(
                        f"promise-{promise.id}@{domain}",
                        promise.due_on,
                        f"{customer_name}: {what}",
                        description,
                        stamp,
                    )
                )
                count += 1
        return calendar.to_ical(), count


def _event(uid: str, on: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", on)
    event.add("dtend", on + timedelta(days=1))  # all-day: the end is exclusive (RFC 5545)
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder does not make the day busy
    return event


def _database_uid(session: Session) -> str:
    """This database's calendar id, made (and kept) on the first export."""
    stored = session.get(Setting, UID_KEY)
    if stored is not None:
        value = json.loads(stored.value)
        if isinstance(value, str) and value:
            return value
    value = str(uuid.uuid4())
    session.merge(Setting(key=UID_KEY, value=json.dumps(value)))
    return value
