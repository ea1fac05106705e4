"""Complaints: business-time deadlines, pauses, missed deadlines, transitions, history, reports."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from desktop_crm.domain.business_hours import BusinessHours
from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.domain.errors import ValidationError
from desktop_crm.services.complaints import ComplaintDraft, ComplaintService
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft

# 2026-11-23 is a Monday; the shop (UTC) is open Monday to Friday 09:00-18:00.
HOLIDAY = date(2026, 11, 30)  # a Monday


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def svc(shop: Shop) -> ComplaintService:
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="UTC"))
    config = shop.complaints.get_config()
    hours = dataclasses.replace(config.hours, closed_days=frozenset({HOLIDAY}))
    shop.complaints.save_config(dataclasses.replace(config, hours=hours))
    return shop.complaints


@pytest.fixture
def customer_id(shop: Shop) -> int:
    return shop.customers.create(CustomerDraft(name="Ana Pérez")).id


@pytest.fixture
def owner_id(shop: Shop) -> int:
    return shop.staff.create(StaffDraft(name="Marta")).id


def draft(customer_id: int, severity: str, owner_id: int | None = None) -> ComplaintDraft:
    return ComplaintDraft(
        customer_id=customer_id,
        channel="phone",
        category="delivery",
        severity=severity,
        what_happened="The sofa came scratched.",
        customer_wants="A new sofa.",
        owner_id=owner_id,
    )


def test_config_defaults_and_round_trip(shop: Shop) -> None:
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Europe/Madrid"))
    config = shop.complaints.get_config()
    assert config.categories == ("product", "service", "delivery", "billing", "staff", "other")
    assert config.hours == BusinessHours.default("Europe/Madrid")
    assert config.escalate_share == 0.25
    saved = shop.complaints.save_config(
        dataclasses.replace(
            config,
            categories=("product", "noise"),
            hours=dataclasses.replace(config.hours, closed_days=frozenset({HOLIDAY})),
            escalate_share=0.5,
        )
    )
    assert shop.complaints.get_config() == saved
    assert saved.categories == ("product", "noise")
    assert saved.hours.closed_days == frozenset({HOLIDAY})
    with pytest.raises(ValidationError) as error:
        shop.complaints.save_config(dataclasses.replace(config, categories=()))
    assert error.value.field == "categories"


@pytest.mark.parametrize(
    ("severity", "opened", "response_due", "resolution_due"),
    [
        # Friday 17:00: one hour on Friday, then weekend and the Monday holiday.
        ("critical", at(27, 17), at(1, 10, month=12), at(1, 18, month=12)),
        ("high", at(27, 17), at(1, 12, month=12), at(2, 18, month=12)),
        ("normal", at(27, 17), at(1, 18, month=12), at(7, 18, month=12)),
        ("low", at(27, 17), at(2, 18, month=12), at(14, 18, month=12)),
        # Saturday: counting starts on Tuesday (Monday is the holiday).
        ("critical", at(28, 11), at(1, 11, month=12), at(1, 18, month=12)),
        # Thursday after closing.
        ("high", at(26, 20), at(27, 13), at(1, 18, month=12)),
    ],
)
def test_deadlines_across_weekend_and_holiday(
    svc: ComplaintService,
    customer_id: int,
    severity: str,
    opened: datetime,
    response_due: datetime,
    resolution_due: datetime,
) -> None:
    record = svc.open(draft(customer_id, severity), now=opened)
    assert record.status == "new"
    assert record.response_due == response_due
    assert record.resolution_due == resolution_due
    assert record.next_deadline == response_due


def test_waiting_pauses_the_clock_after_response(svc: ComplaintService, customer_id: int) -> None:
    record = svc.open(draft(customer_id, "high"), now=at(23, 9))
    assert (record.response_due, record.resolution_due) == (at(23, 13), at(25, 18))
    svc.acknowledge(record.id, "We are on it.", now=at(23, 10))
    svc.wait_for_customer(record.id, now=at(23, 11))
    frozen = svc.get(record.id, now=at(24, 10))
    assert frozen.status == "waiting"
    assert frozen.time_left_share == svc.get(record.id, now=at(25, 17)).time_left_share
    assert not frozen.overdue
    resumed = svc.resume(record.id, now=at(24, 11))
    # Paused 7 h on Monday + 2 h on Tuesday = 9 h of opening time.
    assert resumed.status == "in_progress"
    assert resumed.response_due == at(23, 13)  # answered already: unchanged
    assert resumed.resolution_due == at(26, 18)
    assert resumed.waiting_since is None


def test_waiting_before_response_moves_both_deadlines(
    svc: ComplaintService, customer_id: int
) -> None:
    record = svc.open(draft(customer_id, "high"), now=at(23, 9))
    svc.wait_for_customer(record.id, now=at(23, 10))
    resumed = svc.resume(record.id, now=at(23, 12))
    assert resumed.status == "new"
    assert resumed.response_due == at(23, 15)
    assert resumed.resolution_due == at(26, 11)


def test_missed_deadline_stays_missed(svc: ComplaintService, customer_id: int) -> None:
    record = svc.open(draft(customer_id, "critical"), now=at(23, 9))
    assert record.response_due == at(23, 11)
    assert svc.get(record.id, now=at(23, 12)).overdue
    late = svc.acknowledge(record.id, "Sorry for the wait.", now=at(23, 12, 30))
    assert late.response_missed_by == timedelta(hours=1, minutes=30)
    assert not late.overdue  # the next deadline is now the resolution
    resolved = svc.resolve(record.id, "Replaced", cost="120,50", now=at(23, 17))
    assert resolved.resolution_missed_by is None
    assert resolved.cost == Decimal("120.50")
    assert resolved.response_missed_by == timedelta(hours=1, minutes=30)
    kinds = [event.kind for event in svc.history(record.id)]
    assert kinds == ["opened", "deadline_missed", "acknowledged", "resolved"]


def test_late_resolution_recorded(svc: ComplaintService, customer_id: int) -> None:
    record = svc.open(draft(customer_id, "critical"), now=at(23, 9))
    svc.acknowledge(record.id, now=at(23, 10))
    svc.start_work(record.id, now=at(23, 11))
    resolved = svc.resolve(record.id, "Refunded", now=at(24, 19))
    assert resolved.resolution_missed_by == timedelta(hours=1)
    reopened = svc.close(resolved.id, "no", now=at(25, 9))
    assert reopened.status == "in_progress"
    assert reopened.resolution_missed_by == timedelta(hours=1)
    assert reopened.overdue


def test_invalid_transitions_are_refused(svc: ComplaintService, customer_id: int) -> None:
    record = svc.open(draft(customer_id, "normal"), now=at(23, 9))
    with pytest.raises(ValidationError) as error:
        svc.start_work(record.id, now=at(23, 10))
    assert error.value.field == "status"
    assert 'status "New" cannot be put in progress' in str(error.value)
    with pytest.raises(ValidationError, match='status "New"'):
        svc.close(record.id, "yes", now=at(23, 10))
    with pytest.raises(ValidationError, match='status "New"'):
        svc.resume(record.id, now=at(23, 10))
    svc.acknowledge(record.id, now=at(23, 10))
    with pytest.raises(ValidationError, match='status "Acknowledged"'):
        svc.acknowledge(record.id, now=at(23, 11))
    svc.resolve(record.id, "Done", now=at(23, 12))
    svc.close(record.id, "yes", now=at(23, 13))
    with pytest.raises(ValidationError, match='status "Closed"'):
        svc.resolve(record.id, "Again", now=at(23, 14))
    with pytest.raises(ValidationError, match='status "Closed"'):
        svc.wait_for_customer(record.id, now=at(23, 14))
    with pytest.raises(ValidationError) as satisfied:
        svc.close(record.id, "maybe")
    assert satisfied.value.field == "satisfied"
    assert svc.reopen(record.id, "Came back", now=at(24, 9)).status == "in_progress"


def test_open_validates_the_draft(svc: ComplaintService, customer_id: int) -> None:
    for field, bad in [
        ("channel", dataclasses.replace(draft(customer_id, "low"), channel="fax")),
        ("category", dataclasses.replace(draft(customer_id, "low"), category="weather")),
        ("severity", draft(customer_id, "urgent")),
        ("what_happened", dataclasses.replace(draft(customer_id, "low"), what_happened=" ")),
        ("owner_id", draft(customer_id, "low", owner_id=999)),
    ]:
        with pytest.raises(ValidationError) as error:
            svc.open(bad, now=at(23, 9))
        assert error.value.field == field


def test_history_is_complete(shop: Shop, svc: ComplaintService, customer_id: int) -> None:
    marta = shop.staff.create(StaffDraft(name="Marta")).id
    luis = shop.staff.create(StaffDraft(name="Luis")).id
    record = svc.open(draft(customer_id, "normal", owner_id=marta), now=at(23, 9))
    assert record.owner_name == "Marta"
    assert record.customer_name == "Ana Pérez"
    assert svc.assign(record.id, luis, staff_id=marta, now=at(23, 9, 5)).owner_name == "Luis"
    svc.add_note(record.id, "Called the carrier.", staff_id=luis, now=at(23, 9, 10))
    svc.acknowledge(record.id, "Apologised", staff_id=luis, now=at(23, 10))
    svc.start_work(record.id, staff_id=luis, now=at(23, 11))
    svc.wait_for_customer(record.id, now=at(23, 12), staff_id=luis)
    svc.resume(record.id, now=at(24, 9), staff_id=luis)
    svc.resolve(record.id, "New sofa delivered", "0", staff_id=luis, now=at(24, 15))
    svc.close(record.id, "no", staff_id=luis, now=at(25, 10))
    svc.resolve(record.id, "Discount 20%", "50", staff_id=luis, now=at(25, 12))
    closed = svc.close(record.id, "partly", staff_id=luis, now=at(26, 10))
    assert closed.status == "closed"
    assert closed.satisfied == "partly"
    history = svc.history(record.id)
    assert [event.kind for event in history] == [
        "opened",
        "owner",
        "note",
        "acknowledged",
        "progress",
        "waiting",
        "resumed",
        "resolved",
        "reopened",
        "resolved",
        "closed",
    ]
    assert history[1].text == "Owner: Luis"
    assert history[2].staff_name == "Luis"
    timeline = [
        entry
        for entry in shop.timeline.list(customer_id)
        if entry.kind == "complaint" and entry.ref_id == record.id
    ]
    assert len(timeline) == len(history)
    assert sorted(entry.outcome for entry in timeline) == sorted(e.text for e in history)


def test_list_open_sorted_escalated_and_due(
    svc: ComplaintService, customer_id: int, owner_id: int
) -> None:
    low = svc.open(draft(customer_id, "low", owner_id), now=at(23, 9))
    critical = svc.open(draft(customer_id, "critical", owner_id), now=at(23, 9))
    normal = svc.open(draft(customer_id, "normal"), now=at(23, 9))
    done = svc.open(draft(customer_id, "high"), now=at(23, 9))
    svc.acknowledge(done.id, now=at(23, 9, 30))
    svc.resolve(done.id, "ok", now=at(23, 9, 45))
    svc.close(done.id, "yes", now=at(23, 9, 50))
    now = at(23, 10, 45)  # critical: 15 min of 2 h left
    listed = svc.list_open(now=now)
    assert [r.id for r in listed] == [critical.id, normal.id, low.id]
    assert listed[0].escalated and not listed[0].overdue
    assert not listed[1].escalated
    assert [r.id for r in svc.list_open(owner_id=owner_id, now=now)] == [critical.id, low.id]
    assert [r.id for r in svc.list_open(severity="low", now=now)] == [low.id]
    assert svc.list_open(category="billing", now=now) == []
    assert [r.id for r in svc.due_by(at(23, 23, 59), now=now)] == [critical.id]
    assert [r.id for r in svc.due_by(at(24, 23, 59), now=now)] == [critical.id, normal.id]


def test_reports_on_known_data(shop: Shop, svc: ComplaintService) -> None:
    ana = shop.customers.create(CustomerDraft(name="Ana")).id
    ben = shop.customers.create(CustomerDraft(name="Ben")).id
    eva = shop.customers.create(CustomerDraft(name="Eva")).id
    # Ana: critical, late first response, resolved on time in 5 h, satisfied.
    a = svc.open(draft(ana, "critical"), now=at(23, 9))
    svc.acknowledge(a.id, now=at(23, 12))
    svc.resolve(a.id, "Fixed", now=at(23, 14))
    svc.close(a.id, "yes", now=at(24, 9))
    # Ben: on-time response, resolved late (critical: due Tue 18:00) after 33 h, not satisfied.
    b = svc.open(dataclasses.replace(draft(ben, "critical"), category="billing"), now=at(23, 9))
    svc.acknowledge(b.id, now=at(23, 10))
    svc.resolve(b.id, "Refund", now=at(24, 18, 30))
    svc.close(b.id, "no", now=at(25, 9))
    # Eva: in December, still new.
    svc.open(draft(eva, "low"), now=at(1, 10, month=12))
    shop.purchases.add(ana, date(2026, 11, 25), "Cushion", "20")
    shop.purchases.add(ben, date(2026, 11, 24), "Same day as resolution", "20")

    start, end = at(1, 0), at(1, 0, month=12) + timedelta(days=31)
    assert svc.counts_by_category_and_month(start, end) == {
        ("delivery", "2026-11"): 1,
        ("billing", "2026-11"): 1,
        ("delivery", "2026-12"): 1,
    }
    november = (at(1, 0), at(1, 0, month=12))
    assert svc.on_time_shares(*november) == (0.5, 0.5)
    assert svc.median_time_to_resolve(*november) == timedelta(hours=5)  # Ben's was reopened
    assert svc.satisfied_share(*november) == 0.5
    assert svc.bought_again_share(*november) == 1.0  # only Ana is still resolved
    assert svc.on_time_shares(at(1, 0, month=12), end) == (None, None)
    assert svc.satisfied_share(at(1, 0, month=12), end) is None


def test_escalated_go_to_the_top_of_their_owners_list(
    svc: ComplaintService, customer_id: int, owner_id: int
) -> None:
    low = svc.open(draft(customer_id, "low", owner_id), now=at(23, 9))  # due Wednesday 18:00
    fresh = svc.open(draft(customer_id, "critical", owner_id), now=at(25, 14))  # due 16:00
    now = at(25, 14)  # low: 4 h of 27 h left, escalated; critical: all its 2 h left
    everyone = svc.list_open(now=now)
    assert [r.id for r in everyone] == [fresh.id, low.id]  # nearest deadline first
    assert everyone[1].escalated and not everyone[0].escalated
    mine = svc.list_open(owner_id=owner_id, now=now)
    assert [r.id for r in mine] == [low.id, fresh.id]
    later = at(25, 16, 30)  # the critical one is now overdue: both at the top, nearest first
    assert [r.id for r in svc.list_open(owner_id=owner_id, now=later)] == [fresh.id, low.id]
