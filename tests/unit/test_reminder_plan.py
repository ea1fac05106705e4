"""Which generated reminders a customer should have (domain.reminder_plan): rules, plan,
reconciling stored rows. Table-driven, with property tests for the date maths."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_crm.domain.recurrence import anniversary
from desktop_crm.domain.reminder_plan import (
    BIRTHDAY,
    BUILT_IN_RULES,
    FOLLOW_UP,
    LAPSE_DAYS,
    RENEWAL,
    SERVICE,
    WIN_BACK,
    CustomerFacts,
    ItemFacts,
    Occurrence,
    Planner,
    Rule,
    RuleBook,
    StoredReminder,
    birthday_occurrences,
    plan_customer,
    reconcile,
    render_message,
    series_of,
)

D = date.fromisoformat
TODAY = D("2025-03-01")
NO_RULES = RuleBook()


def plan(
    customer: CustomerFacts,
    items: tuple[ItemFacts, ...] = (),
    purchases: tuple[date, ...] = (),
    visits: tuple[date, ...] = (),
    rules: RuleBook = NO_RULES,
    today: date = TODAY,
) -> dict[str, Occurrence]:
    return {o.key: o for o in plan_customer(customer, items, purchases, visits, rules, today)}


def of_kind(wanted: dict[str, Occurrence], kind: str) -> list[Occurrence]:
    return [o for o in wanted.values() if o.kind == kind]


# ---- rule resolution -------------------------------------------------------------------------

ITEM, CUSTOMER, TAG, ITEM_KIND, DEFAULT = (
    Rule(SERVICE, 1, item_id=5, id=1),
    Rule(SERVICE, 2, customer_id=7, id=2),
    Rule(SERVICE, 3, tag_id=9, id=3),
    Rule(SERVICE, 4, item_kind="pet", id=4),
    Rule(SERVICE, 5, id=5),
)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ((ITEM, CUSTOMER, TAG, ITEM_KIND, DEFAULT), 1),
        ((CUSTOMER, TAG, ITEM_KIND, DEFAULT), 2),
        ((TAG, ITEM_KIND, DEFAULT), 3),
        ((ITEM_KIND, DEFAULT), 4),
        ((DEFAULT,), 12),  # the built-in pet rule is an item-kind rule: it beats the default
        ((), 12),
        ((DEFAULT, ITEM, TAG), 1),  # order of storing does not matter
    ],
)
def test_the_most_specific_rule_wins(stored: tuple[Rule, ...], expected: int) -> None:
    rule = RuleBook(stored).resolve(SERVICE, 7, (9,), item_id=5, item_kind="pet")
    assert rule is not None and rule.amount == expected


def test_the_default_applies_to_a_kind_without_a_rule_of_its_own() -> None:
    book = RuleBook([DEFAULT])
    assert book.resolve(SERVICE, 7, (), item_id=5, item_kind="unknown") == DEFAULT
    assert book.resolve(SERVICE, 7) == DEFAULT  # the customer's own last service


def test_rules_for_someone_else_do_not_apply() -> None:
    book = RuleBook([ITEM, CUSTOMER, TAG])
    rule = book.resolve(SERVICE, 8, (10,), item_id=6, item_kind="vehicle")
    assert rule is not None and rule.amount == 6 and rule.id is None  # built-in vehicle rule


@pytest.mark.parametrize(
    ("switched_off", "others"),
    [
        (Rule(SERVICE, 1, enabled=False, item_id=5), (CUSTOMER, TAG, DEFAULT)),
        (Rule(SERVICE, 1, enabled=False, customer_id=7), (TAG, ITEM_KIND, DEFAULT)),
        (Rule(SERVICE, 1, enabled=False, tag_id=9), (ITEM_KIND, DEFAULT)),
        (Rule(SERVICE, 1, enabled=False, item_kind="pet"), (DEFAULT,)),
        (Rule(SERVICE, 1, enabled=False), ()),
    ],
)
def test_a_disabled_rule_switches_the_kind_off_for_its_scope(
    switched_off: Rule, others: tuple[Rule, ...]
) -> None:
    book = RuleBook((*others, switched_off))
    item_kind = "pet" if switched_off.item_kind or switched_off.item_id else None
    item_id = 5 if item_kind else None
    assert book.resolve(SERVICE, 7, (9,), item_id=item_id, item_kind=item_kind) is None


def test_a_more_specific_enabled_rule_switches_it_back_on() -> None:
    book = RuleBook([Rule(SERVICE, 1, enabled=False, tag_id=9), Rule(SERVICE, 2, customer_id=7)])
    rule = book.resolve(SERVICE, 7, (9,))
    assert rule is not None and rule.amount == 2


@pytest.mark.parametrize(
    ("kind", "amounts", "expected"),
    [
        (SERVICE, (6, 3, 12), 3),  # fewer months: the earlier reminder
        (FOLLOW_UP, (5, 2), 2),
        (WIN_BACK, (60, 30), 30),
        (BIRTHDAY, (7, 14, 3), 14),  # more days before the birthday: the earlier reminder
        (RENEWAL, (30, 60), 60),
    ],
)
def test_of_several_tag_rules_the_one_reminding_earliest_wins(
    kind: str, amounts: tuple[int, ...], expected: int
) -> None:
    rules = [Rule(kind, amount, tag_id=tag, id=tag) for tag, amount in enumerate(amounts, 1)]
    rules.append(Rule(kind, 1, enabled=False, tag_id=99, id=99))  # a switched-off one is ignored
    rule = RuleBook(rules).resolve(kind, 1, (*range(1, len(amounts) + 1), 99))
    assert rule is not None and rule.amount == expected


def test_tag_rules_all_switched_off_switch_the_kind_off() -> None:
    book = RuleBook(
        [Rule(BIRTHDAY, 7, enabled=False, tag_id=1), Rule(BIRTHDAY, 7, False, tag_id=2)]
    )
    assert book.resolve(BIRTHDAY, 1, (1, 2)) is None
    assert book.resolve(BIRTHDAY, 1, (3,)) is not None


@pytest.mark.parametrize(
    ("kind", "item_kind", "amount"),
    [
        (SERVICE, None, 12),
        (SERVICE, "vehicle", 6),
        (SERVICE, "pet", 12),
        (SERVICE, "appliance", 12),
        (SERVICE, "contract", None),
        (SERVICE, "other", 12),
        (BIRTHDAY, None, 7),
        (RENEWAL, None, 30),
        (RENEWAL, "contract", 30),
        (FOLLOW_UP, None, 3),
        (WIN_BACK, None, 90),
    ],
)
def test_built_in_defaults(kind: str, item_kind: str | None, amount: int | None) -> None:
    item_id = 1 if item_kind else None
    rule = NO_RULES.resolve(kind, 1, (), item_id=item_id, item_kind=item_kind)
    assert (rule.amount if rule else None) == amount


def test_a_stored_default_replaces_the_built_in_one() -> None:
    book = RuleBook([Rule(BIRTHDAY, 3, id=1), Rule(SERVICE, 9, item_kind="vehicle", id=2)])
    assert book.resolve(BIRTHDAY, 1) == Rule(BIRTHDAY, 3, id=1)
    rule = book.resolve(SERVICE, 1, (), item_id=4, item_kind="vehicle")
    assert rule is not None and rule.amount == 9
    assert len({(r.kind, r.scope_key) for r in BUILT_IN_RULES}) == len(BUILT_IN_RULES)


def test_amounts_bound_the_enabled_rules() -> None:
    book = RuleBook([Rule(BIRTHDAY, 30, tag_id=1), Rule(BIRTHDAY, 60, enabled=False, tag_id=2)])
    assert book.amounts(BIRTHDAY) == (7, 30)
    assert RuleBook([Rule(FOLLOW_UP, 3, enabled=False)]).amounts(FOLLOW_UP) == (0, 0)


# ---- messages --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("", ""),
        ("Plain text", "Plain text"),
        ("Hi {customer}, {item} is due on {date}", "Hi Ana, Rex is due on 2025-03-01"),
        ("{unknown} and {customer} and {0} and {", "{unknown} and Ana and {0} and {"),
        ("{{customer}}", "{Ana}"),
    ],
)
def test_render_message(template: str, expected: str) -> None:
    assert render_message(template, "Ana", "Rex", "2025-03-01") == expected


def test_a_rule_message_is_filled_in_per_customer_and_item() -> None:
    rules = RuleBook([Rule(SERVICE, 6, message="{customer}: {item} on {date}", item_kind="pet")])
    customer = CustomerFacts(1, "Ana", language="es")
    rex = ItemFacts(5, "pet", "Rex", last_service_on=D("2024-12-01"))
    seen: list[tuple[date, str]] = []

    def text(day: date, language: str) -> str:
        seen.append((day, language))
        return f"<{day.isoformat()}>"

    [wanted] = Planner(rules, TODAY, text).plan(customer, (rex,))
    assert wanted.message == "Ana: Rex on <2025-06-01>"
    assert seen == [(D("2025-06-01"), "es")]
    assert plan(customer, (rex,))[wanted.key].message == ""  # no custom message: empty


# ---- service ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_service", "months", "due"),
    [
        ("2024-08-31", 6, "2025-02-28"),  # six months from 31 August: end of February
        ("2023-08-31", 6, "2024-02-29"),  # ... in a leap year
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-10-31", 1, "2024-11-30"),
        ("2024-05-15", 6, "2024-11-15"),
    ],
)
def test_service_due_after_n_months_clamped_to_the_month_end(
    last_service: str, months: int, due: str
) -> None:
    rules = RuleBook([Rule(SERVICE, months, item_kind="vehicle")])
    car = ItemFacts(3, "vehicle", "Corsa", last_service_on=D(last_service))
    [wanted] = of_kind(plan(CustomerFacts(1), (car,), rules=rules, today=D("2024-06-01")), SERVICE)
    assert wanted == Occurrence(f"service:i3:{last_service}", SERVICE, 3, D(due), None)


def test_two_dogs_get_a_vaccination_reminder_each() -> None:
    dogs = (
        ItemFacts(1, "pet", "Rex", last_service_on=D("2024-04-10")),
        ItemFacts(2, "pet", "Luna", last_service_on=D("2024-05-20")),
    )
    wanted = of_kind(plan(CustomerFacts(9), dogs), SERVICE)
    assert {(o.item_id, o.due_on) for o in wanted} == {
        (1, D("2025-04-10")),
        (2, D("2025-05-20")),
    }


def test_the_customers_own_service_has_no_item() -> None:
    wanted = plan(CustomerFacts(4, last_service_on=D("2024-06-30")))
    assert wanted == {
        "service:c4:2024-06-30": Occurrence(
            "service:c4:2024-06-30", SERVICE, None, D("2025-06-30"), None
        )
    }


def test_retired_items_and_contracts_get_no_service() -> None:
    items = (
        ItemFacts(1, "vehicle", "Sold car", last_service_on=D("2024-12-01"), retired=True),
        ItemFacts(2, "contract", "Plan #42", last_service_on=D("2024-12-01")),
    )
    assert of_kind(plan(CustomerFacts(1), items), SERVICE) == []


def test_a_service_overdue_beyond_the_catch_up_window_is_not_created() -> None:
    assert TODAY - timedelta(days=LAPSE_DAYS[SERVICE]) == D("2024-03-01")
    old = ItemFacts(1, "pet", "Rex", last_service_on=D("2023-02-28"))  # due 2024-02-28
    recent_enough = ItemFacts(2, "pet", "Luna", last_service_on=D("2023-03-01"))  # 2024-03-01
    assert [o.item_id for o in plan(CustomerFacts(1), (old, recent_enough)).values()] == [2]


# ---- renewal ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("contract_end", "wanted_due"),
    [
        ("2025-04-30", "2025-03-31"),
        ("2025-03-01", "2025-01-30"),  # today is the end: 30 days ago, within the catch-up
        ("2024-12-31", None),  # due 1 December: more than 60 days ago
    ],
)
def test_renewal_n_days_before_the_contract_end(contract_end: str, wanted_due: str | None) -> None:
    plan_ = ItemFacts(8, "contract", "Plan #42", contract_end_on=D(contract_end))
    wanted = of_kind(plan(CustomerFacts(1), (plan_,)), RENEWAL)
    assert [(o.key, o.item_id, o.due_on, o.event_on) for o in wanted] == (
        [(f"renewal:i8:{contract_end}", 8, D(wanted_due), D(contract_end))] if wanted_due else []
    )


def test_the_customers_own_contract_end() -> None:
    [wanted] = plan(CustomerFacts(2, contract_end_on=D("2025-05-31"))).values()
    assert (wanted.key, wanted.item_id, wanted.due_on) == (
        "renewal:c2:2025-05-31",
        None,
        D("2025-05-01"),
    )


# ---- birthdays -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        # (due, birthday) pairs: the ones due in the last 30 days and the next one
        ("1990-03-20", "2025-03-01", [("2025-03-13", "2025-03-20")]),
        ("1990-03-05", "2025-03-01", [("2025-02-26", "2025-03-05"), ("2026-02-26", "2026-03-05")]),
        ("1990-03-08", "2025-03-01", [("2025-03-01", "2025-03-08"), ("2026-03-01", "2026-03-08")]),
        ("1990-01-20", "2025-03-01", [("2026-01-13", "2026-01-20")]),  # 47 days ago: missed
        ("1990-01-03", "2024-12-20", [("2024-12-27", "2025-01-03")]),  # across the year end
        # 29 February: 28 February in common years
        ("2000-02-29", "2025-02-01", [("2025-02-21", "2025-02-28")]),
        ("2000-02-29", "2028-02-01", [("2028-02-22", "2028-02-29")]),
    ],
)
def test_birthday_occurrences(birthday: str, today: str, expected: list[tuple[str, str]]) -> None:
    customer = CustomerFacts(3, birthday=D(birthday))
    wanted = of_kind(plan(customer, today=D(today)), BIRTHDAY)
    assert [(o.due_on, o.event_on) for o in wanted] == [(D(a), D(b)) for a, b in expected]
    assert [o.key for o in wanted] == [f"birthday:c3:{b}" for _, b in expected]


def test_a_29_february_birthday_is_reminded_on_28_february_with_zero_days_before() -> None:
    rules = RuleBook([Rule(BIRTHDAY, 0)])
    wanted = of_kind(
        plan(CustomerFacts(1, birthday=D("1992-02-29")), rules=rules, today=D("2027-01-01")),
        BIRTHDAY,
    )
    assert [(o.due_on, o.event_on) for o in wanted] == [(D("2027-02-28"), D("2027-02-28"))]


@given(
    birthday=st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    days_before=st.integers(0, 60),
    offset=st.integers(0, 40_000),
)
def test_birthday_occurrences_cover_the_window_and_the_next_one(
    birthday: date, days_before: int, offset: int
) -> None:
    today = birthday + timedelta(days=offset)
    found = list(birthday_occurrences(birthday, days_before, today))
    lapse = today - timedelta(days=LAPSE_DAYS[BIRTHDAY])
    assert [due for due, _ in found if due > today] == [found[-1][0]]  # exactly one ahead
    for due, event in found:
        assert (event - due).days == days_before
        assert event == anniversary(birthday, event.year)
        assert due >= lapse
    # nothing is skipped: one occurrence per year between the first and the last
    years = [event.year for _, event in found]
    assert years == list(range(years[0], years[-1] + 1))


# ---- follow-up and win-back ------------------------------------------------------------------


def test_a_customer_with_no_purchases_gets_no_win_back_or_follow_up() -> None:
    assert plan(CustomerFacts(1)) == {}


def test_follow_up_once_per_day_bought_or_visited() -> None:
    days = (D("2025-02-25"), D("2025-02-25"), D("2025-02-27"))
    visits = (D("2025-02-27"), D("2025-02-28"))
    wanted = of_kind(plan(CustomerFacts(5), purchases=days, visits=visits), FOLLOW_UP)
    assert [(o.key, o.due_on, o.event_on) for o in wanted] == [
        ("follow_up:c5:2025-02-25", D("2025-02-28"), D("2025-02-25")),
        ("follow_up:c5:2025-02-27", D("2025-03-02"), D("2025-02-27")),
        ("follow_up:c5:2025-02-28", D("2025-03-03"), D("2025-02-28")),
    ]


def test_a_follow_up_more_than_two_weeks_late_is_not_created() -> None:
    floor = TODAY - timedelta(days=LAPSE_DAYS[FOLLOW_UP])
    just_in, too_late = floor - timedelta(days=3), floor - timedelta(days=4)
    wanted = of_kind(plan(CustomerFacts(1), visits=(just_in, too_late)), FOLLOW_UP)
    assert [o.event_on for o in wanted] == [just_in]


@pytest.mark.parametrize(
    ("purchases", "expected"),
    [
        (("2025-01-10",), ("2025-01-10", "2025-04-10")),  # one day: the shop's 90 days
        (("2025-01-01", "2025-01-11", "2025-01-21"), ("2025-01-21", "2025-02-10")),  # 2 x 10
        (("2025-02-20", "2025-02-21", "2025-02-22"), ("2025-02-22", "2025-03-08")),  # min 14
        (("2024-01-01",), None),  # won back... or lost: due April 2024, beyond the catch-up
        (("2025-04-01",), None),  # entered ahead: not bought yet
    ],
)
def test_win_back(purchases: tuple[str, ...], expected: tuple[str, str] | None) -> None:
    days = tuple(D(day) for day in purchases)
    wanted = of_kind(plan(CustomerFacts(6), purchases=days), WIN_BACK)
    if expected is None:
        assert wanted == []
    else:
        [found] = wanted
        last, due = expected
        assert (found.key, found.due_on, found.event_on) == (f"win_back:c6:{last}", D(due), D(last))


def test_an_archived_customer_wants_nothing() -> None:
    customer = CustomerFacts(1, birthday=D("1990-03-10"), last_service_on=D("2024-12-01"))
    assert plan(customer, purchases=(D("2025-02-01"),)) != {}
    archived = CustomerFacts(1, birthday=D("1990-03-10"), active=False)
    assert plan(archived, (ItemFacts(1, "pet", "Rex", D("2024-12-01")),), (D("2025-02-01"),)) == {}


def test_planning_is_keyed_by_inputs_so_a_rule_change_keeps_the_keys() -> None:
    customer = CustomerFacts(1, birthday=D("1990-05-10"))
    items = (ItemFacts(2, "vehicle", "Corsa", last_service_on=D("2024-12-01")),)
    before = plan(customer, items, (D("2025-02-01"),))
    rules = RuleBook([Rule(SERVICE, 3), Rule(SERVICE, 2, item_kind="vehicle"), Rule(BIRTHDAY, 1)])
    after = plan(customer, items, (D("2025-02-01"),), rules=rules)
    assert before.keys() == after.keys()
    assert before["service:i2:2024-12-01"].due_on != after["service:i2:2024-12-01"].due_on


customers = st.builds(
    CustomerFacts,
    id=st.integers(1, 50),
    birthday=st.none() | st.dates(date(1930, 1, 1), date(2024, 12, 31)),
    last_service_on=st.none() | st.dates(date(2022, 1, 1), date(2026, 1, 1)),
    contract_end_on=st.none() | st.dates(date(2022, 1, 1), date(2027, 1, 1)),
    name=st.just("Ana"),
    tag_ids=st.just(()),
    active=st.just(True),
    language=st.just(""),
)
item_lists = st.lists(
    st.builds(
        ItemFacts,
        id=st.integers(1, 1000),
        kind=st.sampled_from(["pet", "vehicle", "appliance", "contract", "other"]),
        name=st.just("Rex"),
        last_service_on=st.none() | st.dates(date(2022, 1, 1), date(2026, 1, 1)),
        contract_end_on=st.none() | st.dates(date(2022, 1, 1), date(2027, 1, 1)),
        retired=st.booleans(),
    ),
    max_size=4,
    unique_by=lambda item: item.id,
)
day_lists = st.lists(st.dates(date(2023, 1, 1), date(2025, 12, 31)), max_size=8)
todays = st.dates(date(2024, 1, 1), date(2025, 12, 31))


@given(customer=customers, items=item_lists, purchases=day_lists, visits=day_lists, today=todays)
def test_a_plan_respects_the_catch_up_windows_and_names_each_occurrence_once(
    customer: CustomerFacts,
    items: list[ItemFacts],
    purchases: list[date],
    visits: list[date],
    today: date,
) -> None:
    wanted = plan_customer(customer, items, purchases, visits, NO_RULES, today)
    assert len({o.key for o in wanted}) == len(wanted)
    retired = {item.id for item in items if item.retired}
    for occurrence in wanted:
        assert occurrence.due_on >= today - timedelta(days=LAPSE_DAYS[occurrence.kind])
        assert occurrence.key.startswith(f"{occurrence.kind}:")
        assert occurrence.item_id not in retired
    assert sum(o.kind == BIRTHDAY and o.due_on > today for o in wanted) == (
        customer.birthday is not None
    )
    assert sum(o.kind == WIN_BACK for o in wanted) <= 1


@given(last=st.dates(date(1900, 1, 1), date(2900, 12, 31)), months=st.integers(1, 120))
def test_service_due_keeps_the_day_or_ends_the_month(last: date, months: int) -> None:
    rules = RuleBook([Rule(SERVICE, months)])
    [wanted] = Planner(rules, last).plan(CustomerFacts(1, last_service_on=last))
    due = wanted.due_on
    assert (due.year - last.year) * 12 + due.month - last.month == months
    month_end = calendar.monthrange(due.year, due.month)[1]
    assert due.day == min(last.day, month_end)


# ---- reconciling -----------------------------------------------------------------------------


def stored(
    key: str, due: str, state: str = "due", row_id: int = 1, item_id: int | None = None
) -> StoredReminder:
    return StoredReminder(row_id, key, key.split(":")[0], state, D(due), None, item_id, "")


def test_series_of() -> None:
    assert series_of("service:i12:2025-03-01") == "service:i12"
    assert series_of("win_back:c3:2024-01-01") == "win_back:c3"


def test_missing_occurrences_are_inserted_and_present_ones_left_alone() -> None:
    a = Occurrence("service:i1:2024-06-01", SERVICE, 1, D("2025-06-01"), None)
    b = Occurrence("birthday:c1:2025-05-10", BIRTHDAY, None, D("2025-05-03"), D("2025-05-10"))
    row = StoredReminder(7, a.key, SERVICE, "due", a.due_on, None, 1, "")
    changes = reconcile([row], [a, b], TODAY)
    assert (changes.insert, changes.update, changes.delete) == ([b], [], [])


def test_an_untouched_row_moves_with_its_occurrence() -> None:
    moved = Occurrence("service:i1:2024-06-01", SERVICE, 1, D("2024-12-01"), None, "New text")
    changes = reconcile([stored(moved.key, "2025-06-01", item_id=1)], [moved], TODAY)
    assert (changes.insert, changes.update, changes.delete) == ([], [(1, moved)], [])


@pytest.mark.parametrize("state", ["done", "snoozed", "dismissed"])
def test_rows_staff_acted_on_are_never_touched_nor_made_again(state: str) -> None:
    wanted = Occurrence("service:i1:2024-06-01", SERVICE, 1, D("2024-12-01"), None)
    for occurrences in ([wanted], []):
        row = stored(wanted.key, "2025-06-01", state=state, item_id=1)
        changes = reconcile([row], occurrences, TODAY)
        assert (changes.insert, changes.update, changes.delete) == ([], [], [])


@pytest.mark.parametrize(
    ("key", "due", "wanted_keys", "gone"),
    [
        # inside the catch-up window the plan saw it: obsolete
        ("follow_up:c1:2025-02-20", "2025-02-23", [], True),
        ("birthday:c1:2025-03-05", "2025-02-26", [], True),
        # before the window: the plan could not see it, it stays
        ("follow_up:c1:2025-01-01", "2025-01-04", [], False),
        ("birthday:c1:2024-03-05", "2024-02-26", [], False),
        # a newer occurrence of the same series: the old one is obsolete, however old
        ("service:i1:2022-01-01", "2023-01-01", ["service:i1:2024-01-01"], True),
        ("win_back:c1:2024-01-01", "2024-04-01", ["win_back:c1:2025-02-01"], True),
        ("renewal:c1:2024-01-01", "2023-12-01", ["renewal:c1:2025-01-01"], True),
        ("service:i1:2022-01-01", "2023-01-01", ["service:i2:2024-01-01"], False),
        # birthdays and follow-ups are not a series: each year's or day's stands alone
        ("birthday:c1:2024-03-05", "2024-02-26", ["birthday:c1:2026-03-05"], False),
    ],
)
def test_untouched_rows_no_longer_wanted(
    key: str, due: str, wanted_keys: list[str], gone: bool
) -> None:
    wanted = [Occurrence(k, k.split(":")[0], None, D("2025-06-01"), None) for k in wanted_keys]
    changes = reconcile([stored(key, due, row_id=3)], wanted, TODAY)
    assert changes.delete == ([3] if gone else [])


def test_an_archived_customers_untouched_rows_all_go() -> None:
    rows = [
        stored("follow_up:c1:2024-01-01", "2024-01-04", row_id=1),
        stored("birthday:c1:2025-03-05", "2025-02-26", row_id=2),
        stored("service:c1:2024-06-01", "2025-06-01", state="done", row_id=3),
    ]
    assert reconcile(rows, [], TODAY, customer_active=False).delete == [1, 2]


def test_a_retired_items_untouched_rows_go() -> None:
    rows = [
        stored("service:i4:2022-01-01", "2023-01-01", row_id=1, item_id=4),
        stored("service:i5:2022-01-01", "2023-01-01", row_id=2, item_id=5),
    ]
    assert reconcile(rows, [], TODAY, retired_items={4}).delete == [1]


def _apply(rows: list[StoredReminder], wanted: list[Occurrence]) -> list[StoredReminder]:
    changes = reconcile(rows, wanted, TODAY)
    moved = dict(changes.update)
    kept = [
        StoredReminder(r.id, r.key, r.kind, r.state, o.due_on, o.event_on, o.item_id, o.message)
        if (o := moved.get(r.id))
        else r
        for r in rows
        if r.id not in changes.delete
    ]
    new = [
        StoredReminder(100 + n, o.key, o.kind, "due", o.due_on, o.event_on, o.item_id, o.message)
        for n, o in enumerate(changes.insert)
    ]
    return kept + new


@given(customer=customers, items=item_lists, purchases=day_lists, states=st.lists(
    st.sampled_from(["due", "done", "snoozed", "dismissed"]), max_size=6))  # fmt: skip
def test_reconciling_twice_changes_nothing_the_second_time(
    customer: CustomerFacts, items: list[ItemFacts], purchases: list[date], states: list[str]
) -> None:
    wanted = plan_customer(customer, items, purchases, (), NO_RULES, TODAY)
    # some rows already stored, in various states and with stale dates
    rows = [
        StoredReminder(n, o.key, o.kind, state, o.due_on - timedelta(days=1), None, None, "")
        for n, (o, state) in enumerate(zip(wanted, states, strict=False))
    ]
    after = _apply(rows, wanted)
    assert len({r.key for r in after}) == len(after)  # never a duplicate
    assert {o.key for o in wanted} <= {r.key for r in after}
    again = reconcile(after, wanted, TODAY)
    assert (again.insert, again.update, again.delete) == ([], [], [])
    untouched = {r.key: r for r in rows if r.state != "due"}
    assert all(r == untouched[r.key] for r in after if r.key in untouched)


@given(
    birthdays=st.lists(st.dates(date(1900, 1, 1), date(2025, 12, 31)), min_size=1, max_size=20),
    lasts=st.lists(st.dates(date(2020, 1, 1), date(2025, 12, 31)), max_size=20),
    today=todays,
)
def test_one_planner_for_many_customers_plans_each_as_if_alone(
    birthdays: list[date], lasts: list[date], today: date
) -> None:
    """A full run shares one Planner (it remembers dates it worked out) across customers."""
    shared = Planner(NO_RULES, today)
    for n, born in enumerate(birthdays):
        last = lasts[n % len(lasts)] if lasts else None
        customer = CustomerFacts(n, birthday=born, last_service_on=last)
        alone = plan_customer(customer, (), (), (), NO_RULES, today)
        assert shared.plan(customer) == alone
