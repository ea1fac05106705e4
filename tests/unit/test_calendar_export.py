"""Open reminders and promises as an .ics file: parsed back with icalendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.reminders.kinds import DoneAction
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import Promise

TODAY = date(2025, 3, 3)


def add_promise(shop: Shop, customer_id: int, what: str, due_on: date, status: str = "open") -> int:
    with shop.db.write() as session:
        row = Promise(
            customer_id=customer_id,
            what=what,
            bottom_line="A loan car",
            made_on=TODAY,
            due_on=due_on,
            status=status,
        )
        session.add(row)
        session.flush()
        return row.id


def events(data: bytes) -> dict[str, dict[str, object]]:
    """The events of an .ics file by UID: start, end, summary, description."""
    calendar = Calendar.from_ical(data)
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "description": str(event["DESCRIPTION"]),
            "value": event["DTSTART"].params.get("VALUE"),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def customer(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft("王小明", language="zh")).id


def test_open_reminders_and_pending_promises_become_all_day_events(
    shop: Shop, customer: int
) -> None:
    due = shop.reminders.create(customer, date(2025, 3, 10), "Пётр: call about the car")
    snoozed = shop.reminders.create(customer, date(2025, 3, 4), "José")
    shop.reminders.snooze(snoozed.id, date(2025, 3, 20), today=TODAY)
    closed = shop.reminders.create(customer, date(2025, 3, 5), "Done already")
    shop.reminders.done(closed.id, DoneAction.CALLED, today=TODAY)
    promise = add_promise(shop, customer, "Brakes fixed by Friday", date(2025, 3, 7))
    add_promise(shop, customer, "Kept", date(2025, 3, 1), status="kept")
    changed = add_promise(shop, customer, "New mirror", date(2025, 3, 9), status="changed")

    found = events(shop.calendar.build(today=TODAY))
    by_id = {uid.split("@")[0]: event for uid, event in found.items()}
    assert set(by_id) == {
        f"reminder-{due.id}",
        f"reminder-{snoozed.id}",
        f"promise-{promise}",
        f"promise-{changed}",
    }
    first = by_id[f"reminder-{due.id}"]
    assert first["start"] == date(2025, 3, 10)  # a date: an all-day event
    assert first["end"] == date(2025, 3, 11)
    assert first["value"] == "DATE"
    assert first["summary"] == "王小明: Пётр: call about the car"  # non-ASCII intact
    assert first["description"] == "Пётр: call about the car"
    assert by_id[f"reminder-{snoozed.id}"]["start"] == date(2025, 3, 20)  # the snooze end
    assert by_id[f"promise-{promise}"]["summary"] == "王小明: Brakes fixed by Friday"
    assert "A loan car" in str(by_id[f"promise-{promise}"]["description"])


def test_uids_are_stable_across_exports_and_changes(shop: Shop, customer: int) -> None:
    reminder = shop.reminders.create(customer, date(2025, 3, 10), "Call")
    first = events(shop.calendar.build(today=TODAY))
    second = events(shop.calendar.build(today=TODAY))
    assert set(first) == set(second)
    [uid] = first
    assert uid.startswith(f"reminder-{reminder.id}@") and uid.endswith(".desktop-crm")
    # Moved and reworded: the same event (same UID) on its new date.
    shop.reminders.update_manual(reminder.id, date(2025, 4, 2), "Call back", None)
    third = events(shop.calendar.build(today=TODAY))
    assert set(third) == {uid}
    assert third[uid]["start"] == date(2025, 4, 2)
    assert third[uid]["summary"] == "王小明: Call back"


def test_each_database_has_its_own_uid_domain(shop: Shop, customer: int, tmp_path: Path) -> None:
    from desktop_crm.services.shop import open_shop
    from desktop_crm.storage.database import sqlite_url

    shop.reminders.create(customer, TODAY, "Call")
    other = open_shop(sqlite_url(tmp_path / "other.sqlite3"))
    try:
        someone = other.customers.create(CustomerDraft("Ana")).id
        other.reminders.create(someone, TODAY, "Call")
        assert set(events(shop.calendar.build())).isdisjoint(events(other.calendar.build()))
    finally:
        other.close()


def test_archived_customers_are_left_out(shop: Shop, customer: int) -> None:
    shop.reminders.create(customer, TODAY, "Call")
    add_promise(shop, customer, "Fix it", TODAY)
    shop.customers.archive(customer)
    assert events(shop.calendar.build(today=TODAY)) == {}


def test_generated_reminders_carry_the_suggested_message(shop: Shop, customer: int) -> None:
    from desktop_crm.storage.models import Reminder

    with shop.db.write() as session:
        session.add(
            Reminder(
                customer_id=customer,
                kind="birthday",
                key=f"birthday:c{customer}:2025-03-15",
                due_on=date(2025, 3, 8),
                event_on=date(2025, 3, 15),
                state="due",
                show_on=date(2025, 3, 8),
            )
        )
    [event] = events(shop.calendar.build(today=TODAY)).values()
    assert event["start"] == date(2025, 3, 8)
    assert event["summary"] == "王小明: Birthday on Mar 15, 2025"
    assert "王小明" in str(event["description"])
    assert "2025" in str(event["description"])


def test_export_writes_the_file_and_counts_events(
    shop: Shop, customer: int, tmp_path: Path
) -> None:
    shop.reminders.create(customer, TODAY, "Call")
    add_promise(shop, customer, "Fix it", TODAY)
    target = tmp_path / "care.ics"
    assert shop.calendar.export(target, today=TODAY) == 2
    data = target.read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert len(events(data)) == 2
    assert "王小明".encode() in data.replace(b"\r\n ", b"")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".calendar-")] == []
    # Written again over the old file (the same events, the same UIDs).
    assert shop.calendar.export(target, today=TODAY) == 2
    assert set(events(target.read_bytes())) == set(events(data))


def test_export_into_a_missing_folder_raises_oserror(shop: Shop, tmp_path: Path) -> None:
    with pytest.raises(OSError):
        shop.calendar.export(tmp_path / "missing" / "care.ics", today=TODAY)
