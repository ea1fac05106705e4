"""The headless reminder commands: work out reminders, export them as a calendar file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from icalendar import Calendar

from desktop_crm import cli
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.storage.database import sqlite_url


def _run(db_path: Path, *args: str) -> int:
    return cli.main([args[0], "--database", sqlite_url(db_path), *args[1:]])


def _soon_birthday() -> date:
    """A birthday in ten days: its reminder (7 days before, by default) comes in three."""
    soon = date.today() + timedelta(days=10)
    year = 1990 if not (soon.month == 2 and soon.day == 29) else 1992
    return soon.replace(year=year)


def test_reminders_command_works_out_birthdays_and_says_how_many(
    shop: Shop, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.customers.create(CustomerDraft("Пётр Иванов", birthday=_soon_birthday()))
    assert _run(db_path, "reminders") == 0
    out, _err = capsys.readouterr()
    assert "Reminders worked out: 1 new" in out
    assert [r.kind for r in shop.reminders.for_customer(1)] == ["birthday"]

    assert _run(db_path, "reminders", "--all") == 0  # again: nothing new, nothing doubled
    out, _err = capsys.readouterr()
    assert "0 new" in out
    assert len(shop.reminders.for_customer(1)) == 1


def test_calendar_command_writes_one_event_per_open_reminder_and_promise(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customer = shop.customers.create(CustomerDraft("王小明", birthday=_soon_birthday()))
    shop.promises.add(
        PromiseDraft(customer.id, "Call back with the quote", date.today() + timedelta(days=2))
    )
    shop.reminders.refresh()
    target = tmp_path / "shop.ics"
    assert _run(db_path, "calendar", str(target)) == 0
    out, _err = capsys.readouterr()
    assert f"2 events written to {target}" in out
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    assert len(summaries) == 2 and all("王小明" in text for text in summaries)


def test_calendar_command_into_a_missing_folder_says_so(
    shop: Shop, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(db_path, "calendar", str(tmp_path / "no" / "such" / "x.ics")) == 2
    _out, err = capsys.readouterr()
    assert "could not be read or written" in err
