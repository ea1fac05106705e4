"""The reminders service: manual reminders, done/snooze/dismiss/reopen, lists, messages."""

from __future__ import annotations

import gettext
import itertools
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.domain.recurrence import Recurrence, snooze_until
from desktop_crm.services.reminders import service as service_module
from desktop_crm.services.reminders.kinds import DoneAction, ReminderKind, ReminderState
from desktop_crm.services.reminders.records import ReminderQuery, ReminderRecord
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import Item, Reminder, TimelineEvent

TODAY = date(2025, 3, 3)  # a Monday
_KEYS = itertools.count()


def new_customer(shop: Shop, name: str = "José Sánchez", **fields: object) -> int:
    details = {"phone": "+34 600 123 456", **fields}
    return shop.customers.create(CustomerDraft(name, **details)).id  # type: ignore[arg-type]


def add_item(shop: Shop, customer_id: int, name: str, kind: str = "pet") -> int:
    with shop.db.write() as session:
        item = Item(customer_id=customer_id, kind=kind, name=name)
        session.add(item)
        session.flush()
        return item.id


def add_generated(
    shop: Shop,
    customer_id: int,
    kind: str,
    due_on: date,
    *,
    item_id: int | None = None,
    event_on: date | None = None,
    message: str = "",
) -> int:
    """A reminder as the generator stores it (a key, state due, show_on = due_on)."""
    with shop.db.write() as session:
        row = Reminder(
            customer_id=customer_id,
            item_id=item_id,
            kind=kind,
            key=f"{kind}:c{customer_id}:{due_on.isoformat()}:{next(_KEYS)}",
            due_on=due_on,
            event_on=event_on,
            message=message,
            state="due",
            show_on=due_on,
        )
        session.add(row)
        session.flush()
        return row.id


def manual_rows(shop: Shop, customer_id: int) -> list[tuple[date, str, date | None]]:
    with shop.db.read() as session:
        rows = session.execute(
            select(Reminder.due_on, Reminder.state, Reminder.show_on)
            .where(Reminder.customer_id == customer_id)
            .order_by(Reminder.due_on, Reminder.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


def reminder_events(shop: Shop, reminder_id: int) -> list[TimelineEvent]:
    with shop.db.read() as session:
        events = session.scalars(
            select(TimelineEvent).where(
                TimelineEvent.kind == "reminder", TimelineEvent.ref_id == reminder_id
            )
        ).all()
        session.expunge_all()
        return list(events)


@pytest.fixture
def customer(shop: Shop) -> int:
    return new_customer(shop)


# ---- manual reminders --------------------------------------------------------------------


def test_create_a_one_off_reminder(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, date(2025, 3, 10), "  Call about the tyres  ")
    assert record.kind == ReminderKind.MANUAL and not record.generated
    assert (record.state, record.due_on, record.show_on) == (
        "due",
        date(2025, 3, 10),
        record.due_on,
    )
    assert record.message == "Call about the tyres"
    assert record.recurrence is None
    assert record.customer_name == "José Sánchez"
    assert shop.reminders.get(record.id) == record
    with shop.db.read() as session:
        assert session.scalar(select(Reminder.key).where(Reminder.id == record.id)) is None


def test_create_refuses_bad_input(shop: Shop, customer: int) -> None:
    with pytest.raises(ValidationError) as empty:
        shop.reminders.create(customer, TODAY, "   ")
    assert empty.value.field == "message"
    with pytest.raises(ValidationError) as long_text:
        shop.reminders.create(customer, TODAY, "x" * 2001)
    assert long_text.value.field == "message"
    with pytest.raises(NotFoundError):
        shop.reminders.create(9999, TODAY, "Call")
    other = new_customer(shop, "Ana Torres")
    rex = add_item(shop, other, "Rex")
    with pytest.raises(ValidationError) as item:
        shop.reminders.create(customer, TODAY, "Call", item_id=rex)
    assert item.value.field == "item_id"
    shop.customers.archive(other)
    with pytest.raises(ValidationError) as archived:
        shop.reminders.create(other, TODAY, "Call")
    assert archived.value.field == "customer_id"
    days = ",".join(str(day) for day in range(1, 101))
    with pytest.raises(ValidationError) as rule:
        long_rule = Recurrence(rrule=f"FREQ=YEARLY;BYYEARDAY={days}")
        shop.reminders.create(customer, TODAY, "Call", recurrence=long_rule)
    assert rule.value.field == "rrule"
    assert shop.reminders.for_customer(customer) == []


def test_create_for_an_item_names_it(shop: Shop, customer: int) -> None:
    rex = add_item(shop, customer, "Rex")
    record = shop.reminders.create(customer, TODAY, "Worming tablets", item_id=rex)
    assert (record.item_id, record.item_name) == (rex, "Rex")


def test_update_and_delete_a_manual_reminder(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, TODAY, "Call")
    snoozed = shop.reminders.snooze(record.id, date(2025, 3, 20), today=TODAY)
    changed = shop.reminders.update_manual(
        snoozed.id, date(2025, 4, 1), "Call back", Recurrence(unit="month")
    )
    # A new date makes it due on that date (the snooze is over).
    assert (changed.state, changed.due_on, changed.show_on) == (
        "due",
        date(2025, 4, 1),
        date(2025, 4, 1),
    )
    assert changed.snoozed_until is None
    assert changed.message == "Call back"
    assert changed.recurrence == "FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1"
    assert shop.reminders.update_manual(record.id, TODAY, "Call", None).recurrence is None
    shop.reminders.delete_manual(record.id)
    with pytest.raises(NotFoundError):
        shop.reminders.get(record.id)


def test_generated_reminders_cannot_be_edited_or_deleted(shop: Shop, customer: int) -> None:
    generated = add_generated(shop, customer, "birthday", TODAY)
    with pytest.raises(ValidationError):
        shop.reminders.update_manual(generated, TODAY, "x", None)
    with pytest.raises(ValidationError):
        shop.reminders.delete_manual(generated)
    assert shop.reminders.get(generated).generated


def test_a_closed_reminder_must_be_reopened_before_editing(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, TODAY, "Call")
    shop.reminders.done(record.id, DoneAction.CALLED, today=TODAY)
    with pytest.raises(ValidationError):
        shop.reminders.update_manual(record.id, TODAY, "Call again", None)
    shop.reminders.reopen(record.id)
    assert shop.reminders.update_manual(record.id, TODAY, "Call again", None).state == "due"


# ---- done, snooze, dismiss, reopen -------------------------------------------------------


def test_done_records_the_action_and_lands_on_the_timeline(shop: Shop, customer: int) -> None:
    ana = shop.staff.create(StaffDraft("Ana García"))
    rex = add_item(shop, customer, "Rex")
    reminder_id = add_generated(shop, customer, "service", TODAY, item_id=rex)
    done = shop.reminders.done(
        reminder_id, DoneAction.CALLED, "  Booked for Friday ", staff_id=ana.id, today=TODAY
    )
    assert (done.state, done.show_on, done.snoozed_until) == ("done", None, None)
    assert (done.done_action, done.done_note) == ("called", "Booked for Friday")
    assert done.done_at is not None
    [event] = reminder_events(shop, reminder_id)
    assert event.customer_id == customer and event.staff_id == ana.id
    assert event.channel == "phone"
    assert "Rex" in event.summary
    assert event.outcome == "Called: Booked for Friday"
    timeline = shop.timeline.list(customer)
    assert [e.kind for e in timeline] == ["reminder"]
    # Marking it done again is harmless: no second entry, nothing changes.
    assert shop.reminders.done(reminder_id, DoneAction.EMAILED, today=TODAY) == done
    assert len(reminder_events(shop, reminder_id)) == 1


def test_done_refuses_an_unknown_action_or_staff(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, TODAY, "Call")
    with pytest.raises(ValidationError) as action:
        shop.reminders.done(record.id, "shouted", today=TODAY)
    assert action.value.field == "action"
    with pytest.raises(ValidationError) as staff:
        shop.reminders.done(record.id, DoneAction.CALLED, staff_id=999, today=TODAY)
    assert staff.value.field == "staff_id"
    assert shop.reminders.get(record.id).state == "due"
    with pytest.raises(NotFoundError):
        shop.reminders.done(12345, DoneAction.CALLED, today=TODAY)


def test_snooze_across_a_year_end(shop: Shop, customer: int) -> None:
    today = date(2024, 12, 28)
    reminder_id = add_generated(shop, customer, "birthday", date(2024, 12, 27))
    until = snooze_until(today, 7)
    assert until == date(2025, 1, 4)
    snoozed = shop.reminders.snooze(reminder_id, until, today=today)
    assert (snoozed.state, snoozed.snoozed_until, snoozed.show_on) == ("snoozed", until, until)
    assert snoozed.due_on == date(2024, 12, 27)  # the due date itself stays
    # Gone from the year's last days, back on 4 January.
    year_end = ReminderQuery(due_until=date(2024, 12, 31))
    assert shop.reminders.count(year_end, today=today) == 0
    assert shop.reminders.came_due(date(2024, 12, 28), date(2025, 1, 3)) == []
    [back] = shop.reminders.came_due(date(2025, 1, 3), date(2025, 1, 4))
    assert back.id == reminder_id and not back.is_overdue(date(2025, 1, 4))
    assert back.is_overdue(date(2025, 1, 5))


def test_snooze_needs_a_later_date_and_an_open_reminder(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, TODAY, "Call")
    for until in (TODAY, TODAY - timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            shop.reminders.snooze(record.id, until, today=TODAY)
        assert error.value.field == "until"
    shop.reminders.snooze(record.id, TODAY + timedelta(days=1), today=TODAY)
    again = shop.reminders.snooze(record.id, TODAY + timedelta(days=3), today=TODAY)
    assert again.show_on == TODAY + timedelta(days=3)
    shop.reminders.dismiss(record.id, today=TODAY)
    with pytest.raises(ValidationError):
        shop.reminders.snooze(record.id, TODAY + timedelta(days=1), today=TODAY)


def test_dismiss_closes_without_a_timeline_entry(shop: Shop, customer: int) -> None:
    reminder_id = add_generated(shop, customer, "win_back", TODAY)
    dismissed = shop.reminders.dismiss(reminder_id, today=TODAY)
    assert (dismissed.state, dismissed.show_on) == ("dismissed", None)
    assert reminder_events(shop, reminder_id) == []
    assert shop.reminders.count(ReminderQuery(), today=TODAY) == 0
    assert shop.reminders.count(ReminderQuery(state="dismissed"), today=TODAY) == 1


def test_reopen_makes_it_due_on_its_date_again(shop: Shop, customer: int) -> None:
    reminder_id = add_generated(shop, customer, "service", date(2025, 2, 1))
    shop.reminders.done(reminder_id, DoneAction.VISITED, "came in", today=TODAY)
    reopened = shop.reminders.reopen(reminder_id)
    assert (reopened.state, reopened.show_on) == ("due", date(2025, 2, 1))
    assert (reopened.done_action, reopened.done_note, reopened.done_at) == ("", "", None)
    snoozed = shop.reminders.snooze(reminder_id, date(2025, 3, 9), today=TODAY)
    assert shop.reminders.reopen(snoozed.id).show_on == date(2025, 2, 1)
    assert shop.reminders.get(reminder_id).snoozed_until is None


# ---- repeating manual reminders ----------------------------------------------------------


def test_every_two_weeks_done_creates_the_next_occurrence_once(shop: Shop, customer: int) -> None:
    first = shop.reminders.create(
        customer, TODAY, "Water the office plants", recurrence=Recurrence(every=2, unit="week")
    )
    assert first.recurrence == "FREQ=WEEKLY;INTERVAL=2"
    shop.reminders.done(first.id, DoneAction.OTHER, today=TODAY)
    assert manual_rows(shop, customer) == [
        (TODAY, "done", None),
        (date(2025, 3, 17), "due", date(2025, 3, 17)),
    ]
    # Done twice, or reopened and done again: still one next occurrence.
    shop.reminders.done(first.id, DoneAction.OTHER, today=TODAY)
    shop.reminders.reopen(first.id)
    shop.reminders.done(first.id, DoneAction.OTHER, today=TODAY)
    assert len(manual_rows(shop, customer)) == 2
    [following] = [r for r in shop.reminders.for_customer(customer) if r.is_open]
    assert (following.message, following.recurrence) == (first.message, first.recurrence)
    shop.reminders.done(following.id, DoneAction.OTHER, today=date(2025, 3, 17))
    assert [row[0] for row in manual_rows(shop, customer)][-1] == date(2025, 3, 31)


def test_third_monday_of_september(shop: Shop, customer: int) -> None:
    rule = Recurrence(rrule="FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO")
    first = shop.reminders.create(customer, date(2025, 9, 15), "Book the MOT day", recurrence=rule)
    assert first.recurrence == "FREQ=YEARLY;BYMONTH=9;BYDAY=+3MO"
    shop.reminders.done(first.id, DoneAction.OTHER, today=date(2025, 9, 15))
    shop.reminders.done(
        shop.reminders.for_customer(customer)[0].id, DoneAction.OTHER, today=date(2026, 9, 21)
    )
    assert [row[0] for row in manual_rows(shop, customer)] == [
        date(2025, 9, 15),
        date(2026, 9, 21),
        date(2027, 9, 20),
    ]


def test_dismissing_a_repeating_reminder_moves_on_too(shop: Shop, customer: int) -> None:
    first = shop.reminders.create(customer, TODAY, "Order stock", recurrence=Recurrence(unit="day"))
    shop.reminders.dismiss(first.id, today=TODAY)
    assert manual_rows(shop, customer)[-1] == (date(2025, 3, 4), "due", date(2025, 3, 4))


def test_done_late_skips_the_occurrences_already_past(shop: Shop, customer: int) -> None:
    first = shop.reminders.create(
        customer, date(2025, 1, 6), "Weekly", recurrence=Recurrence(unit="week")
    )
    shop.reminders.done(first.id, DoneAction.OTHER, today=date(2025, 1, 29))
    assert manual_rows(shop, customer)[-1][0] == date(2025, 2, 3)
    # Done on the day an occurrence falls: that one is today's, not next week's.
    second = shop.reminders.create(
        customer, date(2025, 1, 6), "Other", recurrence=Recurrence(unit="week")
    )
    shop.reminders.done(second.id, DoneAction.OTHER, today=date(2025, 1, 27))
    assert date(2025, 1, 27) in [row[0] for row in manual_rows(shop, customer)]


def test_monthly_from_the_31st_keeps_to_the_month_end(shop: Shop, customer: int) -> None:
    """The series counts from its start: 31 Jan, 28 Feb, 31 Mar (not 28 Mar after February)."""
    current = shop.reminders.create(
        customer, date(2025, 1, 31), "Pay rent", recurrence=Recurrence(unit="month")
    )
    dates = [current.due_on]
    for _ in range(3):
        shop.reminders.done(current.id, DoneAction.OTHER, today=current.due_on)
        current = next(r for r in shop.reminders.for_customer(customer) if r.is_open)
        dates.append(current.due_on)
    assert dates == [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]


def test_a_rule_that_ends_creates_no_more(shop: Shop, customer: int) -> None:
    first = shop.reminders.create(
        customer, TODAY, "Twice", recurrence=Recurrence(rrule="FREQ=WEEKLY;COUNT=2")
    )
    shop.reminders.done(first.id, DoneAction.OTHER, today=TODAY)
    second = next(r for r in shop.reminders.for_customer(customer) if r.is_open)
    assert second.due_on == date(2025, 3, 10)
    shop.reminders.done(second.id, DoneAction.OTHER, today=second.due_on)
    assert [r.state for r in shop.reminders.for_customer(customer)] == ["done", "done"]


def test_a_one_off_reminder_has_no_next_occurrence(shop: Shop, customer: int) -> None:
    record = shop.reminders.create(customer, TODAY, "Once")
    shop.reminders.done(record.id, DoneAction.OTHER, today=TODAY)
    assert len(manual_rows(shop, customer)) == 1


# ---- lists -------------------------------------------------------------------------------


def test_list_page_and_count_filter_by_state_and_kind(shop: Shop, customer: int) -> None:
    due = add_generated(shop, customer, "service", date(2025, 3, 5))
    snoozed = add_generated(shop, customer, "birthday", date(2025, 3, 1))
    done = add_generated(shop, customer, "renewal", date(2025, 2, 1))
    dismissed = add_generated(shop, customer, "follow_up", date(2025, 2, 2))
    manual = shop.reminders.create(customer, date(2025, 3, 4), "Call").id
    shop.reminders.snooze(snoozed, date(2025, 3, 10), today=TODAY)
    shop.reminders.done(done, DoneAction.EMAILED, today=TODAY)
    shop.reminders.dismiss(dismissed, today=TODAY)

    def ids(**query: object) -> list[int]:
        reminders = ReminderQuery(**query)  # type: ignore[arg-type]
        page = shop.reminders.list_page(reminders, 0, 50, today=TODAY)
        assert shop.reminders.count(reminders, today=TODAY) == len(page)
        return [r.id for r in page]

    # Open ones by the date they show on (the end of the snooze for a snoozed one).
    assert ids() == [manual, due, snoozed]
    assert ids(state="due") == [manual, due]
    assert ids(state="snoozed") == [snoozed]
    assert ids(state="done") == [done]
    assert ids(state="dismissed") == [dismissed]
    assert ids(state="all") == [done, dismissed, manual, due, snoozed]
    assert ids(kind="manual") == [manual]
    assert ids(kind="birthday", state="all") == [snoozed]
    assert ids(due_until=date(2025, 3, 4)) == [manual]
    assert ids(customer_id=customer, state="done") == [done]
    with pytest.raises(ValidationError):
        ids(state="late")


def test_list_page_pages_in_date_then_id_order(shop: Shop, customer: int) -> None:
    made = [
        add_generated(shop, customer, "service", TODAY + timedelta(days=i % 3)) for i in range(7)
    ]
    expected = sorted(made, key=lambda i: (TODAY + timedelta(days=(i - made[0]) % 3), i))
    pages = [
        shop.reminders.list_page(ReminderQuery(), offset, 3, today=TODAY) for offset in (0, 3, 6)
    ]
    assert [r.id for page in pages for r in page] == expected
    assert [len(page) for page in pages] == [3, 3, 1]


def test_archived_customers_reminders_are_left_out(shop: Shop, customer: int) -> None:
    mine = add_generated(shop, customer, "service", TODAY)
    gone = new_customer(shop, "Ana Torres")
    theirs = add_generated(shop, gone, "service", TODAY)
    shop.customers.archive(gone)
    assert [r.id for r in shop.reminders.list_page(ReminderQuery(), 0, 10)] == [mine]
    assert shop.reminders.count(ReminderQuery(state="all")) == 1
    assert [r.id for r in shop.reminders.came_due(TODAY - timedelta(days=1), TODAY)] == [mine]
    # Asked for by name, the archived customer's reminders are still there.
    named = ReminderQuery(customer_id=gone)
    assert [r.id for r in shop.reminders.list_page(named, 0, 10)] == [theirs]
    assert [r.id for r in shop.reminders.for_customer(gone)] == [theirs]


def test_for_customer_lists_open_first_then_closed(shop: Shop, customer: int) -> None:
    old_done = add_generated(shop, customer, "service", date(2024, 1, 1))
    late = add_generated(shop, customer, "birthday", date(2025, 4, 1))
    soon = add_generated(shop, customer, "renewal", date(2025, 3, 4))
    new_done = add_generated(shop, customer, "follow_up", date(2025, 2, 1))
    shop.reminders.done(old_done, DoneAction.CALLED, today=TODAY)
    shop.reminders.dismiss(new_done, today=TODAY)
    other = new_customer(shop, "Ana Torres")
    add_generated(shop, other, "service", TODAY)
    assert [r.id for r in shop.reminders.for_customer(customer)] == [soon, late, new_done, old_done]
    assert [r.id for r in shop.reminders.for_customer(customer, include_closed=False)] == [
        soon,
        late,
    ]


def test_came_due_is_what_fell_in_the_window(shop: Shop, customer: int) -> None:
    before = add_generated(shop, customer, "service", date(2025, 2, 28))
    first = add_generated(shop, customer, "service", date(2025, 3, 1))
    last = add_generated(shop, customer, "birthday", TODAY)
    add_generated(shop, customer, "renewal", TODAY + timedelta(days=1))
    closed = add_generated(shop, customer, "win_back", date(2025, 3, 2))
    shop.reminders.dismiss(closed, today=TODAY)
    came = shop.reminders.came_due(date(2025, 2, 28), TODAY)
    assert [r.id for r in came] == [first, last]
    assert before not in [r.id for r in came]


# ---- channels and messages ---------------------------------------------------------------


def test_channels_honour_refused_consent(shop: Shop) -> None:
    refused = new_customer(
        shop, "Ana Torres", email="ana@example.es", address="Calle Mayor 1", consent_email=False
    )
    agreed = new_customer(
        shop, "Luis Díaz", email="luis@example.es", consent_email=True, consent_sms=True
    )
    refused_record = shop.reminders.get(add_generated(shop, refused, "service", TODAY))
    agreed_record = shop.reminders.get(add_generated(shop, agreed, "service", TODAY))
    assert refused_record.channels == ("phone",)
    assert agreed_record.channels == ("phone", "email", "sms")
    assert shop.reminders.mailto(refused_record) is None


def test_mailto_carries_the_suggested_message(shop: Shop) -> None:
    agreed = new_customer(shop, "Luis Díaz", email="luis@example.es", consent_email=True)
    record = shop.reminders.create(agreed, TODAY, "Your glasses are ready & waiting")
    url = shop.reminders.mailto(record)
    assert url is not None and url.startswith("mailto:luis@example.es?")
    fields = parse_qs(urlsplit(url).query)
    assert fields["body"] == ["Your glasses are ready & waiting"]
    assert fields["subject"]


def test_suggested_message_per_kind_names_the_item_and_date(shop: Shop, customer: int) -> None:
    rex = add_item(shop, customer, "Rex")
    service = shop.reminders.get(
        add_generated(shop, customer, "service", date(2025, 9, 15), item_id=rex)
    )
    text = shop.reminders.suggested_message(service, "en")
    assert "José Sánchez" in text and "Rex" in text and "Sep 15, 2025" in text
    birthday = shop.reminders.get(
        add_generated(shop, customer, "birthday", date(2025, 3, 8), event_on=date(2025, 3, 15))
    )
    assert "Mar 15, 2025" in shop.reminders.suggested_message(birthday, "en")  # the birthday
    custom = shop.reminders.get(
        add_generated(shop, customer, "renewal", TODAY, message="Renew plan #42, Ana")
    )
    assert shop.reminders.suggested_message(custom) == "Renew plan #42, Ana"
    for kind in ReminderKind:
        if kind != ReminderKind.MANUAL:
            record = shop.reminders.get(add_generated(shop, customer, kind, date(2026, 1, 2)))
            assert "José Sánchez" in shop.reminders.suggested_message(record, "en")


def test_suggested_message_is_in_the_customers_language(
    shop: Shop, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    class Marked(gettext.NullTranslations):
        def __init__(self, language: str) -> None:
            super().__init__()
            self.language = language

        def gettext(self, message: str) -> str:
            return f"[{self.language}] {message}"

    def translations_for(language: str) -> gettext.NullTranslations:
        asked.append(language)
        return Marked(language)

    monkeypatch.setattr(service_module, "translations_for", translations_for)
    spanish = new_customer(shop, "Lucía Fernández", language="es")
    unknown = new_customer(shop, "John Smith")  # no language: the shop's (en)
    record = shop.reminders.get(add_generated(shop, spanish, "service", date(2025, 9, 15)))
    text = shop.reminders.suggested_message(record)
    assert text.startswith("[es] Hello Lucía Fernández")
    assert "15 sept 2025" in text  # the date as a Spanish reader writes it
    assert shop.reminders.suggested_message(record, "ru").startswith("[ru] ")
    other = shop.reminders.get(add_generated(shop, unknown, "win_back", TODAY))
    assert shop.reminders.suggested_message(other).startswith("[en] ")
    assert asked == ["es", "ru", "en"]


def test_show_on_stays_in_step_with_the_state(shop: Shop, customer: int) -> None:
    """Whatever happens to a reminder, show_on is the due date, the snooze end, or nothing."""
    record = shop.reminders.create(customer, TODAY, "Call", recurrence=Recurrence(unit="week"))
    shop.reminders.snooze(record.id, TODAY + timedelta(days=2), today=TODAY)
    shop.reminders.reopen(record.id)
    shop.reminders.done(record.id, DoneAction.CALLED, today=TODAY)
    shop.reminders.update_manual(shop.reminders.for_customer(customer)[0].id, TODAY, "x", None)
    with shop.db.read() as session:
        rows = session.scalars(select(Reminder)).all()
        for row in rows:
            expected = {
                "due": row.due_on,
                "snoozed": row.snoozed_until,
                "done": None,
                "dismissed": None,
            }[row.state]
            assert row.show_on == expected
        assert session.scalar(select(func.count(Reminder.id))) == 2


def test_a_record_knows_when_it_is_overdue(shop: Shop, customer: int) -> None:
    record: ReminderRecord = shop.reminders.create(customer, TODAY, "Call")
    assert not record.is_overdue(TODAY)
    assert record.is_overdue(TODAY + timedelta(days=1))
    done = shop.reminders.done(record.id, DoneAction.CALLED, today=TODAY)
    assert not done.is_overdue(TODAY + timedelta(days=1))
    assert ReminderState(done.state) is ReminderState.DONE
