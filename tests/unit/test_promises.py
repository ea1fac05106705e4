"""Promises: recorded, kept, moved with the customer's agreement or broken; the kept rate."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import NotFoundError, ValidationError
from desktop_crm.services.promises import (
    PROMISE_EVENT_KIND,
    KeptRate,
    PromiseDraft,
    PromiseQuery,
    PromiseRecord,
    PromiseStatus,
)
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.services.timeline import TimelineEntry
from desktop_crm.storage.models import Promise

TODAY = date(2025, 3, 10)  # a Monday


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture
def customer_id(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Ana García")).id


@pytest.fixture
def staff_id(shop: Shop) -> int:
    return shop.staff.create(StaffDraft(name="Luis Pérez")).id


def add(
    shop: Shop, customer_id: int, due: int = 7, what: str = "Call back", made: int = 0, **kw: object
) -> PromiseRecord:
    draft = PromiseDraft(customer_id, what, days(due), made_on=days(made), **kw)
    return shop.promises.add(draft, today=TODAY if made <= 0 else days(made))


def promise_events(shop: Shop, customer_id: int) -> list[TimelineEntry]:
    entries = shop.timeline.list(customer_id)
    # In the order they were written (their times mix the test's TODAY and the real clock).
    return sorted((e for e in entries if e.kind == PROMISE_EVENT_KIND), key=lambda e: e.id)


# ---- adding ------------------------------------------------------------------------------


def test_add_records_the_promise_and_puts_it_on_the_timeline(
    shop: Shop, customer_id: int, staff_id: int
) -> None:
    draft = PromiseDraft(
        customer_id,
        "  Order the blue size 42 boots  ",
        days(7),
        staff_id=staff_id,
        bottom_line=" A loan pair meanwhile ",
        bottom_line_amount="12,5",
    )
    record = shop.promises.add(draft, today=TODAY)
    assert record.what == "Order the blue size 42 boots"
    assert (record.customer_name, record.staff_name) == ("Ana García", "Luis Pérez")
    assert (record.made_on, record.due_on) == (TODAY, days(7))
    assert record.status == PromiseStatus.OPEN and record.pending
    assert record.bottom_line == "A loan pair meanwhile"
    assert record.bottom_line_amount == Decimal("12.50")
    assert (record.closed_on, record.broken_reason, record.change_count) == (None, "", 0)
    assert shop.promises.get(record.id) == record

    [event] = promise_events(shop, customer_id)
    assert (event.ref_id, event.summary, event.staff_id) == (record.id, record.what, staff_id)
    assert event.outcome.startswith("Promised for Mar 17, 2025")
    assert "A loan pair meanwhile" in event.outcome and "€12.50" in event.outcome


def test_made_on_defaults_to_today_and_no_amount_is_none(shop: Shop, customer_id: int) -> None:
    record = shop.promises.add(PromiseDraft(customer_id, "Fix the zip", days(0)), today=TODAY)
    assert record.made_on == TODAY and record.bottom_line_amount is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"what": "   "}, "what"),
        ({"what": "x" * 2001}, "what"),
        ({"due_on": days(-1)}, "due_on"),
        ({"due_on": date(3000, 1, 1)}, "due_on"),
        ({"made_on": days(1), "due_on": days(3)}, "made_on"),
        ({"made_on": date(1800, 1, 1)}, "made_on"),
        ({"bottom_line": "y" * 2001}, "bottom_line"),
        ({"bottom_line_amount": "ten"}, "bottom_line_amount"),
        ({"bottom_line_amount": "-5"}, "bottom_line_amount"),
        ({"staff_id": 999}, "staff_id"),
    ],
)
def test_add_refuses_bad_input_naming_the_field(
    shop: Shop, customer_id: int, change: dict[str, object], field: str
) -> None:
    draft = dataclasses.replace(PromiseDraft(customer_id, "Call back", days(7)), **change)
    with pytest.raises(ValidationError) as error:
        shop.promises.add(draft, today=TODAY)
    assert error.value.field == field
    assert shop.promises.count(PromiseQuery(status="all"), today=TODAY) == 0


def test_a_promise_may_be_recorded_late_with_the_day_it_was_made(
    shop: Shop, customer_id: int
) -> None:
    record = shop.promises.add(
        PromiseDraft(customer_id, "Call back", days(-2), made_on=days(-5)), today=TODAY
    )
    assert record.is_overdue(TODAY) and not record.is_overdue(days(-2))


def test_add_for_a_missing_customer(shop: Shop) -> None:
    with pytest.raises(NotFoundError):
        shop.promises.add(PromiseDraft(12345, "Call back", days(1)), today=TODAY)


def test_update_corrects_the_text_and_its_timeline_entries(
    shop: Shop, customer_id: int, staff_id: int
) -> None:
    record = add(shop, customer_id, what="Cal back")
    shop.promises.keep(record.id, today=TODAY)
    updated = shop.promises.update(record.id, "Call back", "Discount", "5", staff_id)
    assert (updated.what, updated.bottom_line, updated.bottom_line_amount) == (
        "Call back",
        "Discount",
        Decimal("5.00"),
    )
    assert updated.staff_name == "Luis Pérez" and updated.status == PromiseStatus.KEPT
    assert [e.summary for e in promise_events(shop, customer_id)] == ["Call back", "Call back"]
    with pytest.raises(ValidationError) as error:
        shop.promises.update(record.id, "")
    assert error.value.field == "what"


# ---- keeping, changing, breaking ----------------------------------------------------------


def test_keep_closes_the_promise_on_the_day(shop: Shop, customer_id: int, staff_id: int) -> None:
    record = add(shop, customer_id, due=3)
    kept = shop.promises.keep(record.id, staff_id=staff_id, today=days(2))
    assert (kept.status, kept.closed_on, kept.pending) == (PromiseStatus.KEPT, days(2), False)
    assert not kept.is_overdue(days(30))
    events = promise_events(shop, customer_id)
    assert events[-1].outcome == "Kept on Mar 12, 2025" and events[-1].staff_id == staff_id


def test_keep_late_says_how_late(shop: Shop, customer_id: int) -> None:
    record = add(shop, customer_id, due=1)
    shop.promises.keep(record.id, kept_on=days(2), today=days(4))
    assert promise_events(shop, customer_id)[-1].outcome == "Kept on Mar 12, 2025, 1 day late"


@pytest.mark.parametrize(
    ("kept_on", "field"), [(days(1), "kept_on"), (days(-1), "kept_on"), (date(1, 1, 1), "kept_on")]
)
def test_keep_refuses_impossible_days(
    shop: Shop, customer_id: int, kept_on: date, field: str
) -> None:
    record = add(shop, customer_id)
    with pytest.raises(ValidationError) as error:
        shop.promises.keep(record.id, kept_on=kept_on, today=TODAY)
    assert error.value.field == field
    assert shop.promises.get(record.id).status == PromiseStatus.OPEN


def test_a_closed_promise_cannot_be_kept_changed_or_broken(shop: Shop, customer_id: int) -> None:
    record = add(shop, customer_id)
    shop.promises.mark_broken(record.id, "Supplier out of stock", today=TODAY)
    for act in (
        lambda: shop.promises.keep(record.id, today=TODAY),
        lambda: shop.promises.change_due(record.id, days(20)),
        lambda: shop.promises.mark_broken(record.id, "again", today=TODAY),
    ):
        with pytest.raises(ValidationError) as error:
            act()
        assert error.value.field == "status"
    assert len(promise_events(shop, customer_id)) == 2


def test_change_due_keeps_the_old_date_in_the_history(
    shop: Shop, customer_id: int, staff_id: int
) -> None:
    record = add(shop, customer_id, due=3)
    changed = shop.promises.change_due(record.id, days(10), " She agreed by phone ", staff_id)
    again = shop.promises.change_due(record.id, days(12))
    assert (changed.status, changed.due_on, changed.change_count) == ("changed", days(10), 1)
    assert (again.due_on, again.change_count, again.pending) == (days(12), 2, True)
    history = shop.promises.history(record.id)
    assert [(h.old_due_on, h.new_due_on, h.note, h.staff_name) for h in history] == [
        (days(3), days(10), "She agreed by phone", "Luis Pérez"),
        (days(10), days(12), "", ""),
    ]
    outcomes = [e.outcome for e in promise_events(shop, customer_id)]
    assert outcomes[1] == "New date agreed: Mar 13, 2025 → Mar 20, 2025 (She agreed by phone)"
    assert outcomes[2] == "New date agreed: Mar 20, 2025 → Mar 22, 2025"


@pytest.mark.parametrize("new_due", [days(3), days(-1), date(3001, 1, 1)])
def test_change_due_refuses_the_same_or_an_impossible_date(
    shop: Shop, customer_id: int, new_due: date
) -> None:
    record = add(shop, customer_id, due=3)
    with pytest.raises(ValidationError) as error:
        shop.promises.change_due(record.id, new_due)
    assert error.value.field == "due_on"
    assert shop.promises.history(record.id) == []


def test_mark_broken_needs_a_reason(shop: Shop, customer_id: int) -> None:
    record = add(shop, customer_id)
    with pytest.raises(ValidationError) as error:
        shop.promises.mark_broken(record.id, "  ", today=TODAY)
    assert error.value.field == "reason"
    broken = shop.promises.mark_broken(record.id, " Supplier out of stock ", today=days(1))
    assert (broken.status, broken.closed_on, broken.broken_reason) == (
        "broken",
        days(1),
        "Supplier out of stock",
    )
    assert promise_events(shop, customer_id)[-1].outcome == "Broken: Supplier out of stock"


def test_reopen_undoes_kept_or_broken(shop: Shop, customer_id: int) -> None:
    plain = add(shop, customer_id)
    moved = add(shop, customer_id, due=2)
    shop.promises.change_due(moved.id, days(4))
    shop.promises.keep(plain.id, today=TODAY)
    shop.promises.mark_broken(moved.id, "Forgot", today=TODAY)
    again = shop.promises.reopen(plain.id)
    assert (again.status, again.closed_on) == (PromiseStatus.OPEN, None)
    moved_again = shop.promises.reopen(moved.id)
    assert (moved_again.status, moved_again.broken_reason) == (PromiseStatus.CHANGED, "")
    assert promise_events(shop, customer_id)[-1].outcome == "Reopened"
    with pytest.raises(ValidationError):
        shop.promises.reopen(plain.id)


def test_missing_promises_are_reported(shop: Shop) -> None:
    for act in (
        lambda: shop.promises.get(99),
        lambda: shop.promises.history(99),
        lambda: shop.promises.keep(99, today=TODAY),
        lambda: shop.promises.reopen(99),
    ):
        with pytest.raises(NotFoundError):
            act()


# ---- lists --------------------------------------------------------------------------------


def test_for_customer_lists_pending_first_by_due_date(shop: Shop, customer_id: int) -> None:
    later = add(shop, customer_id, due=9, what="later")
    kept = add(shop, customer_id, due=1, what="kept")
    sooner = add(shop, customer_id, due=2, what="sooner")
    broken = add(shop, customer_id, due=3, what="broken")
    shop.promises.keep(kept.id, today=TODAY)
    shop.promises.mark_broken(broken.id, "no", today=days(1))
    other = shop.customers.create(CustomerDraft(name="Other")).id
    add(shop, other, what="someone else's")
    listed = shop.promises.for_customer(customer_id)
    assert [r.id for r in listed] == [sooner.id, later.id, broken.id, kept.id]


@pytest.fixture
def listing(shop: Shop, customer_id: int, staff_id: int) -> dict[str, int]:
    """Promises around TODAY, keyed by a name saying where each stands."""
    other = shop.customers.create(CustomerDraft(name="Bob Stone")).id
    made = -20
    ids = {
        "overdue": add(shop, customer_id, due=-3, made=made, staff_id=staff_id).id,
        "due_today": add(shop, customer_id, due=0, made=made).id,
        "in_two_days": add(shop, other, due=2, made=made, staff_id=staff_id).id,
        "in_six_days": add(shop, other, due=6, made=made).id,
        "next_month": add(shop, customer_id, due=30, made=made).id,
        "kept": add(shop, other, due=-1, made=made).id,
        "broken": add(shop, customer_id, due=1, made=made).id,
    }
    shop.promises.keep(ids["kept"], today=days(-2))
    shop.promises.mark_broken(ids["broken"], "Closed shop", today=days(-1))
    return ids


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (PromiseQuery(), ["overdue", "due_today", "in_two_days", "in_six_days", "next_month"]),
        (PromiseQuery(status="kept"), ["kept"]),
        (PromiseQuery(status="broken"), ["broken"]),
        (
            PromiseQuery(status="all"),
            ["overdue", "kept", "due_today", "broken", "in_two_days", "in_six_days", "next_month"],
        ),
        (PromiseQuery(due="overdue"), ["overdue"]),
        (PromiseQuery(status="all", due="overdue"), ["overdue"]),
        (PromiseQuery(due="today"), ["overdue", "due_today"]),
        (PromiseQuery(due="this_week"), ["due_today", "in_two_days", "in_six_days"]),
        (
            PromiseQuery(status="all", due="this_week"),
            ["due_today", "broken", "in_two_days", "in_six_days"],
        ),
        (PromiseQuery(due="at_risk"), ["due_today", "in_two_days"]),
        (PromiseQuery(status="all", due="at_risk"), ["due_today", "in_two_days"]),
        (PromiseQuery(customer_text="bob"), ["in_two_days", "in_six_days"]),
        (PromiseQuery(customer_text="nobody-like-this"), []),
    ],
)
def test_list_filters_and_sorts_by_due_date(
    shop: Shop, listing: dict[str, int], query: PromiseQuery, expected: list[str]
) -> None:
    names = {v: k for k, v in listing.items()}
    listed = shop.promises.list_page(query, 0, 50, today=TODAY)
    assert [names[r.id] for r in listed] == expected
    assert shop.promises.count(query, today=TODAY) == len(expected)


def test_list_by_staff_and_customer(
    shop: Shop, listing: dict[str, int], customer_id: int, staff_id: int
) -> None:
    by_staff = shop.promises.list_page(PromiseQuery(staff_id=staff_id), 0, 50, today=TODAY)
    assert [r.id for r in by_staff] == [listing["overdue"], listing["in_two_days"]]
    mine = shop.promises.list_page(PromiseQuery(customer_id=customer_id), 0, 50, today=TODAY)
    assert [r.id for r in mine] == [listing["overdue"], listing["due_today"], listing["next_month"]]


def test_list_pages(shop: Shop, listing: dict[str, int]) -> None:
    query = PromiseQuery(status="all")
    pages = [shop.promises.list_page(query, offset, 3, today=TODAY) for offset in (0, 3, 6)]
    assert [len(page) for page in pages] == [3, 3, 1]
    assert len({r.id for page in pages for r in page}) == 7


def test_archived_customers_are_left_out_unless_named(
    shop: Shop, listing: dict[str, int], customer_id: int
) -> None:
    shop.customers.archive(customer_id)
    listed = shop.promises.list_page(PromiseQuery(), 0, 50, today=TODAY)
    assert [r.id for r in listed] == [listing["in_two_days"], listing["in_six_days"]]
    named = PromiseQuery(customer_id=customer_id)
    assert shop.promises.count(named, today=TODAY) == 3


@pytest.mark.parametrize("query", [PromiseQuery(status="late"), PromiseQuery(due="soon")])
def test_unknown_filters_are_refused(shop: Shop, query: PromiseQuery) -> None:
    with pytest.raises(ValidationError):
        shop.promises.count(query, today=TODAY)


# ---- kept rate ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One promise: made and due (days from TODAY), then what happened to it."""

    due: int
    kept: int | None = None  # the day it was kept
    broken: int | None = None  # the day it was broken
    moved_to: tuple[int, ...] = ()  # due dates agreed anew, in order
    made: int = -60


def _play(shop: Shop, customer_id: int, step: Step) -> None:
    record = add(shop, customer_id, due=step.due, made=step.made)
    for new_due in step.moved_to:
        shop.promises.change_due(record.id, days(new_due))
    if step.kept is not None:
        shop.promises.keep(record.id, kept_on=days(step.kept), today=TODAY)
    if step.broken is not None:
        shop.promises.mark_broken(record.id, "no", today=days(step.broken))


def rate(
    came_due: int,
    on_time: int = 0,
    late: int = 0,
    broken: int = 0,
    still_open: int = 0,
    changed: int = 0,
    changes: int = 0,
) -> KeptRate:
    return KeptRate(
        came_due, on_time, late, broken, still_open, changed, changes,
        on_time / came_due if came_due else None,
    )  # fmt: skip


KEPT_RATE_CASES = [
    pytest.param([], rate(0), id="nothing came due: no rate"),
    pytest.param([Step(due=-5, kept=-6)], rate(1, on_time=1), id="kept early"),
    pytest.param([Step(due=-5, kept=-5)], rate(1, on_time=1), id="kept on the day"),
    pytest.param([Step(due=-5, kept=-3)], rate(1, late=1), id="kept late"),
    pytest.param([Step(due=-5, broken=-4)], rate(1, broken=1), id="broken"),
    pytest.param([Step(due=-5)], rate(1, still_open=1), id="overdue, still open"),
    pytest.param([Step(due=0)], rate(1, still_open=1), id="due today counts as come due"),
    pytest.param([Step(due=1)], rate(0), id="due tomorrow has not come due"),
    pytest.param([Step(due=-40)], rate(0), id="due before the period"),
    pytest.param([Step(due=-40, kept=-1)], rate(0), id="kept in the period, due before it"),
    pytest.param(
        [Step(due=-20, moved_to=(-10,), kept=-12)],
        rate(1, on_time=1, changed=1, changes=1),
        id="changed: counts against the new date",
    ),
    pytest.param(
        [Step(due=-20, moved_to=(-15, -5), kept=-8)],
        rate(1, on_time=1, changed=1, changes=2),
        id="kept after the first date, before the agreed one",
    ),
    pytest.param(
        [Step(due=-10, moved_to=(-12,), kept=-11)],
        rate(1, late=1, changed=1, changes=1),
        id="moved earlier, kept after it",
    ),
    pytest.param(
        [Step(due=-20, moved_to=(5,))], rate(0), id="moved out of the period: not come due yet"
    ),
    pytest.param(
        [Step(due=-45, moved_to=(-5,))],
        rate(1, still_open=1, changed=1, changes=1),
        id="moved into the period",
    ),
    pytest.param(
        [
            Step(due=-25, kept=-26),
            Step(due=-20, kept=-20),
            Step(due=-15, kept=-10),
            Step(due=-10, broken=-9),
            Step(due=-3),
            Step(due=-2, moved_to=(-1,), kept=-1),
            Step(due=4),
        ],
        rate(6, on_time=3, late=1, broken=1, still_open=1, changed=1, changes=1),
        id="a mix",
    ),
]


@pytest.mark.parametrize(("steps", "expected"), KEPT_RATE_CASES)
def test_kept_rate(shop: Shop, customer_id: int, steps: list[Step], expected: KeptRate) -> None:
    for step in steps:
        _play(shop, customer_id, step)
    assert shop.promises.kept_rate(days(-30), days(30), today=TODAY) == expected


def test_kept_rate_period_ends_today_at_the_latest(shop: Shop, customer_id: int) -> None:
    _play(shop, customer_id, Step(due=-1, kept=-1))
    _play(shop, customer_id, Step(due=-1))
    result = shop.promises.kept_rate(days(-1), days(10), today=TODAY)
    assert (result.came_due, result.rate) == (2, 0.5)
    assert shop.promises.kept_rate(days(-1), days(10), today=days(-2)).came_due == 0
    assert shop.promises.kept_rate(days(5), days(1), today=TODAY) == rate(0)


def test_kept_rate_counts_promises_of_archived_customers(shop: Shop, customer_id: int) -> None:
    _play(shop, customer_id, Step(due=-3, kept=-3))
    shop.customers.archive(customer_id)
    assert shop.promises.kept_rate(days(-10), TODAY, today=TODAY).kept_on_time == 1


def test_statuses_stored_are_the_documented_codes(shop: Shop, customer_id: int) -> None:
    record = add(shop, customer_id)
    shop.promises.change_due(record.id, days(8))
    with shop.db.read() as session:
        assert session.scalar(select(Promise.status)) == "changed"
