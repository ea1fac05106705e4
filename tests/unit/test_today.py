"""Today's overview: what is due and overdue, what is coming this week, what came due while
the app was closed. Reminders are written as rows (the generator is tested on its own);
promises through their service."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.recurrence import local_today
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.services.today import LAST_SEEN_KEY, TodayEntry
from desktop_crm.storage.models import Item, Reminder, ReminderRule, Setting

TODAY = date(2026, 3, 12)  # a Thursday


def customer(shop: Shop, name: str, **fields: object) -> int:
    return shop.customers.create(CustomerDraft(name, **fields)).id  # type: ignore[arg-type]


def reminder(
    shop: Shop,
    customer_id: int,
    due_on: date,
    *,
    kind: str = "service",
    state: str = "due",
    snoozed_until: date | None = None,
    event_on: date | None = None,
    message: str = "",
    item_id: int | None = None,
) -> int:
    """A reminder row kept as the service keeps it: show_on is the date it shows while open."""
    show_on = {"due": due_on, "snoozed": snoozed_until}.get(state)
    with shop.db.write() as session:
        row = Reminder(
            customer_id=customer_id,
            kind=kind,
            due_on=due_on,
            event_on=event_on,
            message=message,
            state=state,
            show_on=show_on,
            snoozed_until=snoozed_until,
            item_id=item_id,
        )
        session.add(row)
        session.flush()
        return row.id


def promise(shop: Shop, customer_id: int, due_on: date, what: str = "Order the part") -> int:
    made_on = min(due_on, TODAY) - timedelta(days=1)
    draft = PromiseDraft(customer_id, what, due_on, made_on=made_on)
    return shop.promises.add(draft, today=TODAY).id


def titles(entries: list[TodayEntry]) -> list[tuple[str, str, date]]:
    return [(e.customer_name, e.title, e.on) for e in entries]


def test_an_empty_shop_has_nothing_due(shop: Shop) -> None:
    overview = shop.today.overview(TODAY)
    assert overview.today == TODAY
    assert (overview.due, overview.upcoming) == ([], [])
    assert (overview.due_total, overview.upcoming_total, overview.overdue_total) == (0, 0, 0)


def test_due_holds_overdue_and_todays_reminders_and_promises_by_date_then_name(
    shop: Shop,
) -> None:
    ana = customer(shop, "Ana Torres")
    bea = customer(shop, "Beatriz Ruiz")
    zoe = customer(shop, "Zoë Adams")
    reminder(shop, zoe, TODAY, message="Zoë's yearly check")
    reminder(shop, bea, TODAY - timedelta(days=3), message="Beatriz's check")
    promise(shop, ana, TODAY, "Ring back about the quote")
    promise(shop, zoe, TODAY - timedelta(days=3), "Send the invoice")
    reminder(shop, ana, TODAY + timedelta(days=1), message="Tomorrow's check")

    overview = shop.today.overview(TODAY)
    assert titles(overview.due) == [
        ("Beatriz Ruiz", "Beatriz's check", TODAY - timedelta(days=3)),
        ("Zoë Adams", "Send the invoice", TODAY - timedelta(days=3)),
        ("Ana Torres", "Ring back about the quote", TODAY),
        ("Zoë Adams", "Zoë's yearly check", TODAY),
    ]
    assert [e.overdue for e in overview.due] == [True, True, False, False]
    assert [e.source for e in overview.due] == ["reminder", "promise", "promise", "reminder"]
    assert [e.kind for e in overview.due] == ["service", "promise", "promise", "service"]
    assert (overview.due_total, overview.overdue_total) == (4, 2)
    assert titles(overview.upcoming) == [("Ana Torres", "Tomorrow's check", TODAY + timedelta(1))]


def test_upcoming_is_the_next_seven_days(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    for days in (1, 7, 8):
        reminder(shop, ana, TODAY + timedelta(days=days), message=f"in {days} days")
        promise(shop, ana, TODAY + timedelta(days=days), f"promise in {days} days")
    overview = shop.today.overview(TODAY)
    # On the same day and customer, the promise (a commitment) comes first.
    assert [e.title for e in overview.upcoming] == [
        "promise in 1 days",
        "in 1 days",
        "promise in 7 days",
        "in 7 days",
    ]
    assert overview.upcoming_total == 4
    assert not any(e.overdue for e in overview.upcoming)
    assert overview.due_total == 0


def test_done_dismissed_kept_and_broken_are_not_listed(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    reminder(shop, ana, TODAY, state="done")
    reminder(shop, ana, TODAY - timedelta(days=1), state="dismissed")
    kept = promise(shop, ana, TODAY)
    shop.promises.keep(kept, today=TODAY)
    broken = promise(shop, ana, TODAY - timedelta(days=2))
    shop.promises.mark_broken(broken, "Supplier closed")
    changed = promise(shop, ana, TODAY - timedelta(days=2), "Moved to next week")
    shop.promises.change_due(changed, TODAY + timedelta(days=3), "agreed on the phone")

    overview = shop.today.overview(TODAY)
    assert overview.due == []
    assert overview.due_total == 0
    # A promise moved with the customer's agreement is still to keep, on its new date.
    assert titles(overview.upcoming) == [
        ("Ana Torres", "Moved to next week", TODAY + timedelta(days=3))
    ]
    assert overview.upcoming[0].state == "changed"


def test_a_snoozed_reminder_leaves_today_and_comes_back_on_its_date(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    until = TODAY + timedelta(days=3)
    reminder(shop, ana, TODAY - timedelta(days=2), state="snoozed", snoozed_until=until)

    overview = shop.today.overview(TODAY)
    assert overview.due == []
    assert [(e.on, e.state) for e in overview.upcoming] == [(until, "snoozed")]

    on_the_day = shop.today.overview(until)
    assert [(e.on, e.overdue) for e in on_the_day.due] == [(until, False)]
    later = shop.today.overview(until + timedelta(days=1))
    assert [(e.on, e.overdue) for e in later.due] == [(until, True)]


def test_archived_customers_are_left_out(shop: Shop) -> None:
    kept = customer(shop, "Ana Torres")
    gone = customer(shop, "Beatriz Ruiz")
    for who in (kept, gone):
        reminder(shop, who, TODAY - timedelta(days=1))
        reminder(shop, who, TODAY + timedelta(days=2))
        promise(shop, who, TODAY)
        promise(shop, who, TODAY + timedelta(days=2))
        reminder(
            shop, who, TODAY - timedelta(days=7), kind="birthday", state="done", event_on=TODAY
        )
    shop.customers.archive(gone)

    overview = shop.today.overview(TODAY)
    assert {e.customer_name for e in overview.due + overview.upcoming} == {"Ana Torres"}
    assert (overview.due_total, overview.overdue_total, overview.upcoming_total) == (2, 1, 3)
    assert shop.today.came_due(TODAY - timedelta(days=5), TODAY).total == 2

    shop.customers.restore(gone)
    assert shop.today.overview(TODAY).due_total == 4


def test_birthdays_coming_this_week_show_by_their_day(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres", birthday=date(1980, 3, 15))
    bea = customer(shop, "Beatriz Ruiz", birthday=date(1990, 3, 19))
    cai = customer(shop, "Caio Lima", birthday=date(1985, 3, 20))
    dan = customer(shop, "Dan Brown", birthday=date(1970, 3, 14))
    eva = customer(shop, "Eva Green", birthday=date(1975, 3, 13))
    # Ana's card was sent already: the birthday itself is still this week.
    reminder(shop, ana, date(2026, 3, 8), kind="birthday", state="done", event_on=date(2026, 3, 15))
    # Beatriz's reminder is due (overdue): listed once, in due, not again by its event.
    due_id = reminder(
        shop, bea, TODAY - timedelta(days=1), kind="birthday", event_on=date(2026, 3, 19)
    )
    # Caio's birthday is next week but one day too far.
    reminder(
        shop, cai, date(2026, 3, 13), kind="birthday", state="done", event_on=date(2026, 3, 20)
    )
    # Dan's reminder was dismissed: not shown.
    reminder(
        shop, dan, date(2026, 3, 7), kind="birthday", state="dismissed", event_on=date(2026, 3, 14)
    )
    # Eva's was snoozed past her birthday: shown by the birthday, not by the snooze.
    reminder(
        shop, eva, date(2026, 3, 6), kind="birthday", state="snoozed",
        snoozed_until=date(2026, 3, 25), event_on=date(2026, 3, 13),
    )  # fmt: skip

    overview = shop.today.overview(TODAY)
    assert [(e.id, e.event_on) for e in overview.due] == [(due_id, date(2026, 3, 19))]
    assert [(e.customer_name, e.on, e.kind, e.state) for e in overview.upcoming] == [
        ("Eva Green", date(2026, 3, 13), "birthday", "snoozed"),
        ("Ana Torres", date(2026, 3, 15), "birthday", "done"),
    ]
    assert overview.upcoming_total == 2


def test_a_contract_ending_this_week_shows_even_with_a_long_reminder_rule(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    with shop.db.write() as session:
        item = Item(customer_id=ana, kind="contract", name="Plan #42")
        session.add(item)
        session.flush()
        item_id = item.id
    ends = TODAY + timedelta(days=5)
    # Reminded 90 days before (a shop rule), done back then.
    with shop.db.write() as session:
        session.add(ReminderRule(kind="renewal", amount=90))
    reminder(
        shop, ana, ends - timedelta(days=90), kind="renewal", state="done", event_on=ends,
        item_id=item_id,
    )  # fmt: skip
    overview = shop.today.overview(TODAY)
    assert [(e.kind, e.title, e.on) for e in overview.upcoming] == [("renewal", "Plan #42", ends)]


def test_a_reminder_is_titled_by_its_message_else_its_item(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    with shop.db.write() as session:
        item = Item(customer_id=ana, kind="pet", name="Rex")
        session.add(item)
        session.flush()
        item_id = item.id
    reminder(shop, ana, TODAY, item_id=item_id)
    reminder(shop, ana, TODAY, item_id=item_id, message="Rex's vaccine, call Ana")
    reminder(shop, ana, TODAY, kind="win_back")
    assert sorted(e.title for e in shop.today.overview(TODAY).due) == [
        "",
        "Rex",
        "Rex's vaccine, call Ana",
    ]


def test_channels_follow_the_customers_consent(shop: Shop) -> None:
    phone_only = customer(shop, "Ana Torres", phone="+34 600 123 456", email="ana@mail.es")
    emails = customer(shop, "Bea Ruiz", email="bea@mail.es", consent_email=True)
    reminder(shop, phone_only, TODAY)
    promise(shop, emails, TODAY)
    channels = {e.customer_name: e.channels for e in shop.today.overview(TODAY).due}
    assert channels == {"Ana Torres": ("phone",), "Bea Ruiz": ("email",)}


def test_lists_are_cut_at_the_limit_and_totals_count_everything(shop: Shop) -> None:
    names = [f"Customer {i:02d}" for i in range(12)]
    ids = [customer(shop, name) for name in names]
    for i, cid in enumerate(ids):
        reminder(shop, cid, TODAY - timedelta(days=i % 4))
        promise(shop, cid, TODAY - timedelta(days=i % 3))
        reminder(shop, cid, TODAY + timedelta(days=1 + i % 7))
    overview = shop.today.overview(TODAY, limit=5)
    assert len(overview.due) == len(overview.upcoming) == 5
    assert (overview.due_total, overview.upcoming_total) == (24, 12)
    assert overview.overdue_total == 9 + 8
    # The first five of the whole list: the oldest (three days late), then by name.
    assert [(e.on, e.customer_name) for e in overview.due] == [
        (TODAY - timedelta(days=3), "Customer 03"),
        (TODAY - timedelta(days=3), "Customer 07"),
        (TODAY - timedelta(days=3), "Customer 11"),
        (TODAY - timedelta(days=2), "Customer 02"),
        (TODAY - timedelta(days=2), "Customer 02"),
    ]
    full = shop.today.overview(TODAY)
    assert len(full.due) == full.due_total


def test_the_callers_today_decides_what_is_due(shop: Shop) -> None:
    """Dates are the shop's local dates: the caller passes its today (from the shop's time
    zone), the service never reads a clock when given one."""
    ana = customer(shop, "Ana Torres")
    reminder(shop, ana, TODAY)
    assert shop.today.overview(TODAY - timedelta(days=1)).due == []
    assert len(shop.today.overview(TODAY - timedelta(days=1)).upcoming) == 1
    assert len(shop.today.overview(TODAY).due) == 1


def test_local_today_follows_the_shops_time_zone(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Pacific/Kiritimati"))
    assert shop.today.local_today() == local_today(datetime.now(UTC), "Pacific/Kiritimati")


def test_came_due_counts_what_fell_due_while_the_app_was_closed(shop: Shop) -> None:
    ana = customer(shop, "Ana Torres")
    friday = date(2026, 3, 6)
    reminder(shop, ana, friday)  # seen on Friday already
    reminder(shop, ana, friday + timedelta(days=1))
    reminder(shop, ana, TODAY - timedelta(days=6), state="snoozed", snoozed_until=TODAY)
    reminder(shop, ana, TODAY + timedelta(days=1))  # not yet
    reminder(shop, ana, TODAY - timedelta(days=2), state="done")
    promise(shop, ana, TODAY - timedelta(days=1))
    promise(shop, ana, friday)

    counts = shop.today.came_due(friday, TODAY)
    assert (counts.reminders, counts.promises, counts.total) == (2, 1, 3)
    assert shop.today.came_due(TODAY, TODAY).total == 0


def test_the_last_day_the_app_ran_is_remembered(shop: Shop) -> None:
    assert shop.today.last_seen_day() is None
    shop.today.remember_day(TODAY)
    shop.today.remember_day(TODAY + timedelta(days=1))
    assert shop.today.last_seen_day() == TODAY + timedelta(days=1)


@pytest.mark.parametrize("stored", ['"not a date"', "42", "null"])
def test_a_damaged_last_day_reads_as_never(shop: Shop, stored: str) -> None:
    with shop.db.write() as session:
        session.add(Setting(key=LAST_SEEN_KEY, value=stored))
    assert shop.today.last_seen_day() is None


def test_open_reminders_of_any_kind_count_without_a_state_filter(shop: Shop) -> None:
    """Today reads show_on alone: a reminder closed by the service has none."""
    ana = customer(shop, "Ana Torres")
    rid = reminder(shop, ana, TODAY)
    with shop.db.write() as session:
        session.execute(
            update(Reminder).where(Reminder.id == rid).values(state="done", show_on=None)
        )
    assert shop.today.overview(TODAY).due_total == 0
