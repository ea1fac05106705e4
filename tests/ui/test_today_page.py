"""The Today page: what is due and coming, acted on in place, refreshed when data changes."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop_crm.domain.customers import CustomerDraft
from desktop_crm.services.complaints import ComplaintDraft
from desktop_crm.services.promises import PromiseDraft
from desktop_crm.services.shop import Shop
from desktop_crm.services.staff import StaffDraft
from desktop_crm.storage.models import Reminder
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.promise_dialog import BrokenDialog, ChangeDueDialog
from desktop_crm.ui.pages import today_page
from desktop_crm.ui.pages.today_page import TodayPage
from desktop_crm.ui.widgets.reminder_actions import OVERDUE
from tests.ui.conftest import FakePrompts
from tests.ui.test_date_watcher import FakeClock

TODAY = date(2026, 3, 12)  # a Thursday


@dataclasses.dataclass
class Data:
    ana: int
    bea: int
    overdue: int  # Ana's reminder, three days late
    today: int  # Beatriz's reminder, due today
    promise: int  # Beatriz's promise, due today
    soon: int  # Ana's reminder in two days
    later_promise: int  # Ana's promise in four days


@pytest.fixture
def clock(ctx: UiContext, shop: Shop) -> FakeClock:
    """Thursday 12 March 2026, 11:00 in Madrid."""
    shop.settings.save(dataclasses.replace(shop.settings.get(), time_zone="Europe/Madrid"))
    fake = FakeClock(datetime(2026, 3, 12, 10, tzinfo=UTC))
    ctx.clock = fake
    return fake


def fill(shop: Shop) -> Data:
    ana = shop.customers.create(
        CustomerDraft("Ana Torres", email="ana@example.com", consent_email=True)
    ).id
    bea = shop.customers.create(CustomerDraft("Beatriz Ruiz", phone="+34 600 123 456")).id
    reminders, promises = shop.reminders, shop.promises
    return Data(
        ana=ana,
        bea=bea,
        overdue=reminders.create(ana, TODAY - timedelta(days=3), "Call about the boiler").id,
        today=reminders.create(bea, TODAY, "Ask about the new car").id,
        promise=promises.add(
            PromiseDraft(bea, "Order the wing mirror", TODAY, made_on=TODAY - timedelta(days=5)),
            today=TODAY,
        ).id,
        soon=reminders.create(ana, TODAY + timedelta(days=2), "Service check").id,
        later_promise=promises.add(
            PromiseDraft(ana, "Ring back with the quote", TODAY + timedelta(days=4)), today=TODAY
        ).id,
    )


@pytest.fixture
def data(shop: Shop) -> Data:
    return fill(shop)


@pytest.fixture
def make_page(qtbot: Any, ctx: UiContext, clock: FakeClock) -> Callable[[], TodayPage]:
    def make() -> TodayPage:
        page = TodayPage(ctx)
        qtbot.addWidget(page)
        page.resize(1100, 700)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()  # its keys work in the active window
        qtbot.waitUntil(page.isActiveWindow)
        return page

    return make


def rows(model: QAbstractItemModel, *columns: int) -> list[tuple[str, ...]]:
    return [tuple(str(model.index(r, c).data()) for c in columns) for r in range(model.rowCount())]


def due_rows(page: TodayPage) -> list[tuple[str, ...]]:
    return rows(page.due.model, 2, 4)  # customer, what


def upcoming_rows(page: TodayPage) -> list[tuple[str, ...]]:
    return rows(page.upcoming.model, 0, 2, 4)  # when, customer, what


def trigger(menu: Any, data: str) -> None:
    entry = next(action for action in menu.actions() if action.data() == data)
    entry.trigger()


def test_today_shows_the_date_what_is_due_and_what_is_coming(
    make_page: Callable[[], TodayPage],
    data: Data,
    model_validator: Callable[[QAbstractItemModel], None],
) -> None:
    page = make_page()
    model_validator(page.due.model)
    model_validator(page.upcoming.model)
    assert page.date_label.text() == "Thursday, March 12, 2026"
    assert page.counts.text() == "Due: 3 (overdue: 1) · coming this week: 2"
    assert page.due.title.text() == "Due today and overdue (3)"
    assert rows(page.due.model, 0, 1, 2, 3, 4) == [
        ("3 days late", "Mar 9, 2026", "Ana Torres", "Reminder", "Call about the boiler"),
        ("Today", "Mar 12, 2026", "Beatriz Ruiz", "Promise", "Order the wing mirror"),
        ("Today", "Mar 12, 2026", "Beatriz Ruiz", "Reminder", "Ask about the new car"),
    ]
    assert rows(page.due.model, 5) == [("Email",), ("Phone",), ("Phone",)]
    assert upcoming_rows(page) == [
        ("Saturday", "Ana Torres", "Service check"),
        ("Monday", "Ana Torres", "Ring back with the quote"),
    ]
    # The overdue entry stands out: red and bold; the others do not.
    late, on_time = page.due.model.index(0, 2), page.due.model.index(1, 2)
    assert late.data(Qt.ItemDataRole.ForegroundRole) == OVERDUE
    font = page.due.model.index(0, 0).data(Qt.ItemDataRole.FontRole)  # "3 days late"
    assert isinstance(font, QFont) and font.bold()
    assert on_time.data(Qt.ItemDataRole.ForegroundRole) is None
    assert page.due.model.index(1, 0).data(Qt.ItemDataRole.FontRole) is None
    assert not page.all_done.isVisible()
    assert not page.due.more.isVisible()


def test_done_from_the_menu_is_stored_and_the_next_entry_is_selected(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    assert page.select("reminder", data.overdue)
    assert page.done_button.isVisible() and page.done_button.isEnabled()
    assert not page.kept_button.isVisible()
    trigger(page.done_button.menu(), "called")
    stored = shop.reminders.get(data.overdue)
    assert (stored.state, stored.done_action) == ("done", "called")
    qtbot.waitUntil(lambda: len(due_rows(page)) == 2)
    assert ("Ana Torres", "Call about the boiler") not in due_rows(page)
    assert page.counts.text() == "Due: 2 (overdue: 0) · coming this week: 2"
    # The keyboard user goes on with the entry that took its place.
    selected = page.selected()
    assert selected is not None and selected.title == "Order the wing mirror"


def test_snooze_moves_the_reminder_to_its_new_day(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    page.select("reminder", data.today)
    tomorrow = TODAY + timedelta(days=1)
    trigger(page.snooze_button.menu(), tomorrow.isoformat())
    stored = shop.reminders.get(data.today)
    assert (stored.state, stored.snoozed_until) == ("snoozed", tomorrow)
    qtbot.waitUntil(
        lambda: ("Tomorrow", "Beatriz Ruiz", "Ask about the new car") in upcoming_rows(page)
    )
    assert ("Beatriz Ruiz", "Ask about the new car") not in due_rows(page)
    selected = page.selected()
    assert selected is not None and selected.id == data.today  # still selected, in its new place


def test_dismiss_with_the_keyboard(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    page.select("reminder", data.today)
    qtbot.keyClick(
        page.due.table,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert shop.reminders.get(data.today).state == "dismissed"
    qtbot.waitUntil(lambda: ("Beatriz Ruiz", "Ask about the new car") not in due_rows(page))


def test_ctrl_d_on_a_promise_marks_it_kept(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    page.select("promise", data.promise)
    assert page.kept_button.isVisible() and page.kept_button.isEnabled()
    assert not page.done_button.isVisible()
    qtbot.keyClick(page.due.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert shop.promises.get(data.promise).status == "kept"
    qtbot.waitUntil(lambda: ("Beatriz Ruiz", "Order the wing mirror") not in due_rows(page))


def test_change_date_asks_for_the_new_date(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    page.select("promise", data.promise)
    qtbot.mouseClick(page.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ChangeDueDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ChangeDueDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = shop.promises.get(data.promise)
    assert (stored.status, stored.due_on) == ("changed", TODAY + timedelta(days=7))
    qtbot.waitUntil(lambda: ("Beatriz Ruiz", "Order the wing mirror") not in due_rows(page))
    assert ("Thursday", "Beatriz Ruiz", "Order the wing mirror") in upcoming_rows(page)


def test_broken_asks_why(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop
) -> None:
    page = make_page()
    page.select("promise", data.promise)
    qtbot.keyClick(page.due.table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), BrokenDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, BrokenDialog)
    qtbot.keyClicks(dialog.reason, "The supplier stopped making it")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    stored = shop.promises.get(data.promise)
    assert (stored.status, stored.broken_reason) == ("broken", "The supplier stopped making it")
    qtbot.waitUntil(lambda: len(due_rows(page)) == 2)


def test_enter_opens_the_customer_and_log_contact_asks_for_it(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data
) -> None:
    page = make_page()
    page.select("promise", data.promise)
    with qtbot.waitSignal(page.open_customer) as opened:
        qtbot.keyClick(page.due.table, Qt.Key.Key_Return)
    assert opened.args == [data.bea]
    page.select("reminder", data.soon)
    with qtbot.waitSignal(page.log_contact) as logged:
        qtbot.keyClick(page.upcoming.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert logged.args == [data.ana]


def test_email_opens_the_mail_program_only_where_allowed(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, prompts: FakePrompts
) -> None:
    page = make_page()
    page.select("reminder", data.today)  # Beatriz: a phone number, no email
    assert not page.email_button.isEnabled()
    page.select("reminder", data.overdue)
    assert page.email_button.isEnabled()
    qtbot.mouseClick(page.email_button, Qt.MouseButton.LeftButton)
    kind, _title, url = prompts.shown[-1]
    assert kind == "open_url" and url.startswith("mailto:ana@example.com?subject=")
    page.select("promise", data.later_promise)
    qtbot.keyClick(
        page.upcoming.table,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert prompts.shown[-1] == (
        "open_url",
        "",
        "mailto:ana@example.com?subject=Ring%20back%20with%20the%20quote",
    )


def test_an_empty_day_says_all_is_done(make_page: Callable[[], TodayPage], shop: Shop) -> None:
    page = make_page()
    assert page.all_done.isVisible()
    assert "All done" in page.all_done.text()
    assert not page.due.isVisible() and not page.upcoming.isVisible()
    assert page.counts.text() == "Due: 0 (overdue: 0) · coming this week: 0"


def test_only_upcoming_says_nothing_is_due(make_page: Callable[[], TodayPage], shop: Shop) -> None:
    ana = shop.customers.create(CustomerDraft("Ana Torres")).id
    shop.reminders.create(ana, TODAY + timedelta(days=1), "Tomorrow's call")
    page = make_page()
    assert not page.all_done.isVisible()
    assert page.due.empty.isVisible() and not page.due.table.isVisible()
    assert page.due.empty.text() == "Nothing is due today: all done."
    assert upcoming_rows(page) == [("Tomorrow", "Ana Torres", "Tomorrow's call")]


def test_a_long_list_says_how_many_more_and_links_to_the_full_lists(
    qtbot: Any,
    make_page: Callable[[], TodayPage],
    data: Data,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(today_page, "LIMIT", 1)
    page = make_page()
    assert len(due_rows(page)) == 1
    assert page.due.more.isVisible()
    assert page.due.more.text().startswith("and 2 more — see ")
    assert 'href="reminders"' in page.due.more.text()
    with qtbot.waitSignal(page.show_list) as shown:
        page.due.more.linkActivated.emit("promises")
    assert shown.args == ["promises"]


def test_the_page_follows_changes_and_catches_up_when_shown_again(
    qtbot: Any, make_page: Callable[[], TodayPage], data: Data, shop: Shop, ctx: UiContext
) -> None:
    page = make_page()
    shop.reminders.create(data.bea, TODAY, "Bring the spare key")
    ctx.bus.reminders_changed.emit()
    qtbot.waitUntil(lambda: ("Beatriz Ruiz", "Bring the spare key") in due_rows(page))

    page.hide()
    shop.promises.add(PromiseDraft(data.ana, "Lend a courtesy car", TODAY), today=TODAY)
    ctx.bus.promises_changed.emit()
    assert ("Ana Torres", "Lend a courtesy car") not in due_rows(page)  # hidden: not yet
    page.show()
    assert ("Ana Torres", "Lend a courtesy car") in due_rows(page)


def test_a_birthday_whose_card_was_sent_still_shows_this_week_greyed(
    make_page: Callable[[], TodayPage], shop: Shop
) -> None:
    ana = shop.customers.create(CustomerDraft("Ana Torres", birthday=date(1980, 3, 15))).id
    with shop.db.write() as session:
        session.add(
            Reminder(
                customer_id=ana,
                kind="birthday",
                key=f"birthday:c{ana}:2026-03-15",
                due_on=date(2026, 3, 8),
                event_on=date(2026, 3, 15),
                state="done",
                show_on=None,
                done_action="note_printed",
            )
        )
    page = make_page()
    assert upcoming_rows(page) == [
        ("Sunday", "Ana Torres", "Birthday on Mar 15, 2026 (reminder done)")
    ]
    index = page.upcoming.model.index(0, 2)
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # greyed
    page.select("reminder", page.upcoming.model.records()[0].id)
    assert not page.done_button.isEnabled() and not page.snooze_button.isEnabled()
    assert page.open_button.isEnabled()


@pytest.mark.parametrize("manager", [True, False])
def test_escalated_complaints_are_flagged_to_managers_only(
    make_page: Callable[[], TodayPage], shop: Shop, manager: bool
) -> None:
    member = shop.staff.create(StaffDraft("Marta", is_manager=manager))
    shop.settings.set_current_staff(member.id)
    ana = shop.customers.create(CustomerDraft("Ana Torres")).id
    # Critical, taken in at 09:15 in Madrid: at 11:00 only 15 min of its 2 h are left.
    draft = ComplaintDraft(ana, "phone", "product", "critical", "Broken boots", "A refund")
    shop.complaints.open(draft, now=datetime(2026, 3, 12, 8, 15, tzinfo=UTC))
    page = make_page()
    text = page.complaints.text()
    assert page.complaints.isVisible()
    assert "1 complaint due today or overdue (0 overdue)" in text
    if manager:
        assert "— " in text and ">1 escalated</span>" in text
        assert "font-weight: 700" in text
    else:
        assert "escalated" not in text
