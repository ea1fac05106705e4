"""The Complaints page: intake, nearest deadline first, loud rows, and the status actions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from desktop_crm.services.complaints import ComplaintDraft
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.complaint_dialog import (
    CloseDialog,
    ComplaintDialog,
    NoteDialog,
    ReassignDialog,
    ResolveDialog,
)
from desktop_crm.ui.dialogs.customer_dialog import CustomerDialog
from desktop_crm.ui.pages.complaints_page import ComplaintsPage, span_text, time_left_text
from desktop_crm.ui.pages.today_page import TodayPage
from tests.ui.conftest import type_text

NOW = datetime(2025, 3, 12, 12, 0, tzinfo=UTC)  # a Wednesday, the shop open 09:00-18:00
W = TypeVar("W", bound=QWidget)


def customer(shop: Shop, text: str) -> int:
    [row] = shop.customers.list_page(CustomerQuery(text=text), 0, 2)
    return row.id


def staff(shop: Shop, name: str) -> int:
    return next(m.id for m in shop.staff.list() if m.name == name)


@dataclass(frozen=True)
class Seeded:
    late: int  # John Smith, critical, first response missed two days ago (Ana)
    soon: int  # María López, critical, 15 min left of 2 h: escalated (Luis)
    normal: int  # Emily Brown, normal, answer due tomorrow evening (Ana)
    calm: int  # Carlos Ruiz, low, two business days (Luis)


@pytest.fixture
def complaints(seeded: Shop, ctx: UiContext) -> Seeded:
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), time_zone="UTC"))
    ctx.clock = lambda: NOW
    ana, luis = staff(seeded, "Ana García"), staff(seeded, "Luis Pérez")

    def add(who: str, severity: str, what: str, owner: int, ago: timedelta) -> int:
        draft = ComplaintDraft(
            customer(seeded, who), "phone", "product", severity, what, "A refund", owner
        )
        return seeded.complaints.open(draft, now=NOW - ago).id

    return Seeded(
        calm=add("Carlos Ruiz", "low", "Scratched table", luis, timedelta(0)),
        normal=add("Emily Brown", "normal", "Late delivery", ana, timedelta(hours=1)),
        late=add("John Smith", "critical", "Broken boots", ana, timedelta(days=2, hours=2)),
        soon=add("María López", "critical", "Rude answer", luis, timedelta(minutes=105)),
    )


@pytest.fixture
def page(ctx: UiContext, complaints: Seeded, qtbot: Any) -> ComplaintsPage:
    shown = ComplaintsPage(ctx)
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    shown.table.setFocus()
    return shown


def cell(
    page: ComplaintsPage, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole
) -> Any:
    return page.model.index(row, column).data(role)


def whats(page: ComplaintsPage) -> list[str]:
    return [str(cell(page, row, 2)) for row in range(page.model.rowCount())]


def select(page: ComplaintsPage, what: str) -> None:
    page.table.select_row(whats(page).index(what))
    page.table.setFocus()


def open_dialog(kind: type[W]) -> W:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def kinds(shop: Shop, complaint_id: int) -> list[str]:
    return [event.kind for event in shop.complaints.history(complaint_id)]


# ---- what the page shows ------------------------------------------------------------------


def test_time_left_reads_plainly() -> None:
    assert span_text(timedelta(hours=2, minutes=10)) == "2 h 10 min"
    assert time_left_text(NOW + timedelta(hours=2, minutes=10), NOW) == "2 h 10 min left"
    assert time_left_text(NOW - timedelta(days=1), NOW) == "overdue by 1 day"
    assert time_left_text(NOW + timedelta(days=2, hours=3), NOW) == "2 days 3 h left"
    assert time_left_text(NOW + timedelta(minutes=5), NOW) == "5 min left"
    assert time_left_text(None, NOW) == ""


def test_nearest_deadline_first_and_late_ones_loud(
    page: ComplaintsPage, model_validator: Callable[[Any], None]
) -> None:
    model_validator(page.model)
    assert whats(page) == ["Broken boots", "Rude answer", "Late delivery", "Scratched table"]
    assert cell(page, 0, 0) == "overdue by 2 days"
    assert cell(page, 1, 0) == "15 min left"
    assert cell(page, 0, 1) == "John Smith"
    assert cell(page, 0, 5) == "Ana García"
    colours = []
    for row in range(4):
        font = cell(page, row, 2, Qt.ItemDataRole.FontRole)
        brush = cell(page, row, 2, Qt.ItemDataRole.ForegroundRole)
        bold = isinstance(font, QFont) and font.bold()
        colours.append((bold, None if brush is None else brush.color().name()))
    assert colours == [(True, "#c62828"), (True, "#e65100"), (False, None), (False, None)]
    assert page.count.text() == "4 open complaints · 1 overdue"


def test_filters(page: ComplaintsPage) -> None:
    page.owner.setCurrentIndex(page.owner.findText("Luis Pérez"))
    assert whats(page) == ["Rude answer", "Scratched table"]
    page.severity.setCurrentIndex(page.severity.findData("low"))
    assert whats(page) == ["Scratched table"]
    page.owner.setCurrentIndex(0)
    page.severity.setCurrentIndex(0)
    page.category.setCurrentIndex(page.category.findData("billing"))
    assert whats(page) == []
    assert page.empty.isVisible() and "filters" in page.empty.text()
    page.category.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData("new"))
    assert len(whats(page)) == 4


def test_selected_complaint_shows_its_history(page: ComplaintsPage) -> None:
    select(page, "Broken boots")
    assert "Complaint received" in page.history.toPlainText()
    assert "A refund" in page.history.toPlainText()


# ---- intake ---------------------------------------------------------------------------------


def test_intake_with_ctrl_n_creates_a_complaint_in_the_list(
    page: ComplaintsPage, seeded: Shop, qtbot: Any
) -> None:
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = open_dialog(ComplaintDialog)
    assert not dialog.ok_button.isEnabled()
    assert dialog.owner.currentText() == "Ana García"  # the person at the keyboard
    assert dialog.customer is not None
    type_text(qtbot, dialog.customer.search, "Sánchez")
    assert dialog.customer.customer_id() == customer(seeded, "Sánchez")
    dialog.severity.setCurrentIndex(dialog.severity.findData("high"))
    dialog.category.setCurrentIndex(dialog.category.findData("delivery"))
    qtbot.keyClicks(dialog.what, "Sofa arrived torn")
    qtbot.keyClicks(dialog.wants, "A new cover")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert "Sofa arrived torn" in whats(page)
    [stored] = [
        c for c in seeded.complaints.list_open(now=NOW) if c.what_happened.startswith("Sofa")
    ]
    assert (stored.customer_name, stored.severity, stored.category) == (
        "José Sánchez",
        "high",
        "delivery",
    )
    assert stored.owner_name == "Ana García" and stored.status == "new"
    assert kinds(seeded, stored.id) == ["opened"]


def test_intake_needs_a_customer_and_what_happened(page: ComplaintsPage, qtbot: Any) -> None:
    dialog = page.new_complaint()
    assert isinstance(dialog, ComplaintDialog)
    qtbot.keyClicks(dialog.what, "x")
    dialog.what.clear()
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_intake_creates_the_customer_on_the_spot_with_ctrl_shift_n(
    page: ComplaintsPage, ctx: UiContext, seeded: Shop, qtbot: Any
) -> None:
    dialog = page.new_complaint()
    assert isinstance(dialog, ComplaintDialog) and dialog.customer is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.customer.setFocus()
    qtbot.keyClick(
        dialog.customer.search,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    new = open_dialog(CustomerDialog)
    qtbot.keyClicks(new.name, "Zoe Newcomer")
    with qtbot.waitSignal(ctx.bus.customers_changed):
        new.ok_button.click()
    created = customer(seeded, "Zoe Newcomer")
    assert dialog.customer.customer_id() == created
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.what, "Wrong size")
    qtbot.keyClicks(dialog.wants, "An exchange")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    [stored] = [c for c in seeded.complaints.list_open(now=NOW) if c.what_happened == "Wrong size"]
    assert (stored.customer_id, stored.customer_name) == (created, "Zoe Newcomer")


# ---- status actions -------------------------------------------------------------------------


def test_acknowledge_start_wait_resume(
    page: ComplaintsPage, complaints: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Rude answer")
    assert page.ack_button.isEnabled() and not page.close_button.isEnabled()
    qtbot.keyClick(page.table, Qt.Key.Key_A)
    assert seeded.complaints.get(complaints.soon).status == "acknowledged"
    assert "Acknowledged" in page.history.toPlainText()
    page.start_button.click()
    assert seeded.complaints.get(complaints.soon).status == "in_progress"
    page.wait_button.click()
    assert seeded.complaints.get(complaints.soon).status == "waiting"
    row = whats(page).index("Rude answer")
    assert cell(page, row, 0) == "paused: waiting for the customer"
    assert page.wait_button.text() == "Res&ume"
    page.wait_button.click()
    assert seeded.complaints.get(complaints.soon).status == "in_progress"
    assert kinds(seeded, complaints.soon) == [
        "opened",
        "acknowledged",
        "progress",
        "waiting",
        "resumed",
    ]


def test_note_and_reassign(
    page: ComplaintsPage, complaints: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Late delivery")
    note = page.note_selected()
    assert isinstance(note, NoteDialog)
    qtbot.keyClicks(note.note, "Called the courier")
    note.ok_button.click()
    assert "Called the courier" in page.history.toPlainText()
    reassign = page.reassign_selected()
    assert isinstance(reassign, ReassignDialog)
    assert not reassign.ok_button.isEnabled()  # still Ana
    reassign.owner.setCurrentIndex(reassign.owner.findText("Luis Pérez"))
    reassign.ok_button.click()
    assert seeded.complaints.get(complaints.normal).owner_name == "Luis Pérez"
    assert kinds(seeded, complaints.normal)[-2:] == ["note", "owner"]


def test_resolve_then_close_satisfied(
    page: ComplaintsPage, complaints: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Broken boots")
    resolve = page.resolve_selected()
    assert isinstance(resolve, ResolveDialog)
    qtbot.keyClicks(resolve.resolution, "New pair sent")
    qtbot.keyClicks(resolve.cost, "abc")
    assert not resolve.ok_button.isEnabled()
    resolve.cost.setText("45,50")
    resolve.ok_button.click()
    stored = seeded.complaints.get(complaints.late)
    assert stored.status == "resolved" and str(stored.cost) == "45.50"
    assert stored.response_missed_by is not None  # the missed deadline stays on the record
    select(page, "Broken boots")
    assert page.close_button.isEnabled()
    close = page.close_selected()
    assert isinstance(close, CloseDialog)
    close.satisfied.setCurrentIndex(close.satisfied.findData("partly"))
    close.ok_button.click()
    stored = seeded.complaints.get(complaints.late)
    assert stored.status == "closed" and stored.satisfied == "partly"
    assert "Broken boots" not in whats(page)
    assert kinds(seeded, complaints.late)[-2:] == ["resolved", "closed"]


def test_not_satisfied_reopens(page: ComplaintsPage, complaints: Seeded, seeded: Shop) -> None:
    seeded.complaints.resolve(complaints.calm, "Polished", now=NOW)
    page.refresh()
    select(page, "Scratched table")
    close = page.close_selected()
    assert isinstance(close, CloseDialog)
    close.satisfied.setCurrentIndex(close.satisfied.findData("no"))
    close.ok_button.click()
    assert seeded.complaints.get(complaints.calm).status == "in_progress"
    assert "Scratched table" in whats(page)


def test_enter_opens_the_customer(
    page: ComplaintsPage, complaints: Seeded, seeded: Shop, qtbot: Any
) -> None:
    select(page, "Rude answer")
    with qtbot.waitSignal(page.open_customer) as signal:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert signal.args == [customer(seeded, "López")]


def test_today_page_lists_complaints_due_today_or_overdue(
    ctx: UiContext, complaints: Seeded, qtbot: Any
) -> None:
    today = TodayPage(ctx)
    qtbot.addWidget(today)
    today.show()
    assert today.complaints.isVisible()
    text = today.complaints.text()
    assert "2 complaints due today or overdue (1 overdue)" in text
    assert "John Smith" in text and "María López" in text and "Emily Brown" not in text
    with qtbot.waitSignal(today.show_list) as signal:
        today.complaints.linkActivated.emit("complaints")
    assert signal.args == ["complaints"]
