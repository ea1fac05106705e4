"""Typing returned comment cards in, keyboard only: code, Enter, a key per answer, Ctrl+Enter."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop_crm.domain.card_numbers import card_code, display_code
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.feedback import AnswerDraft, ResponseDraft, ResponseSource
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.pages.card_entry import CardEntryPanel

# The starter questionnaire: five ratings (quality, price, speed, friendliness, cleanliness),
# recommend 0–10, two open questions.


@pytest.fixture
def panel(qtbot: Any, ctx: UiContext, seeded: Shop) -> CardEntryPanel:
    widget = CardEntryPanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.focus_code()
    return widget


def customer_id(shop: Shop, name: str) -> int:
    return shop.customers.list_page(CustomerQuery(text=name), 0, 1)[0].id


def new_card(shop: Shop, customer: int | None = None) -> int:
    version = shop.questionnaires.default()
    [number] = shop.questionnaires.allocate_cards(version.id, 1, customer)
    return number


def focused(panel: CardEntryPanel) -> QWidget:
    widget = panel.window().focusWidget()
    assert widget is not None
    return widget


def press(qtbot: Any, panel: CardEntryPanel, keys: str) -> None:
    """Type ``keys`` one by one into whichever field has the focus, as the user would;
    "\\n" is Enter."""
    for char in keys:
        if char == "\n":
            qtbot.keyClick(focused(panel), Qt.Key.Key_Return)
        else:
            qtbot.keyClicks(focused(panel), char)


def ctrl_enter(qtbot: Any, panel: CardEntryPanel) -> None:
    qtbot.keyClick(focused(panel), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_a_card_typed_in_by_keyboard_alone_is_stored(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop, ctx: UiContext
) -> None:
    jose = customer_id(seeded, "José Sánchez")
    number = new_card(seeded, jose)
    assert focused(panel) is panel.code
    press(qtbot, panel, card_code(number) + "\n")
    assert panel.customer.text() == "José Sánchez"
    assert focused(panel) is panel.fields[0]

    with qtbot.waitSignal(ctx.bus.feedback_changed):
        # Ratings 4 5 3 4 5, recommend 10 (1 then 0), two open answers.
        press(qtbot, panel, "45345" + "10" + "Great coffee\n" + "More parking")
        ctrl_enter(qtbot, panel)

    assert panel.status.text() == f"Saved card {display_code(number)}"
    assert focused(panel) is panel.code  # ready for the next card
    assert panel.fields == []
    [row] = seeded.feedback.latest()
    assert (row.source, row.customer_id, row.nps) == ("card", jose, 10)
    assert row.mean_rating == pytest.approx(4.2)
    assert row.open_answers == ("Great coffee", "More parking")
    assert row.responded_on == ctx.today()
    assert seeded.timeline.list(jose)[0].kind == "survey"
    assert not panel.follow_up.isVisible()  # a promoter: nothing to follow up


def test_skipping_a_question_and_a_one_on_the_recommend_question(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop
) -> None:
    number = new_card(seeded)
    press(qtbot, panel, display_code(number) + "\n")  # the printed form, with its dash
    assert panel.customer.text() == "Anonymous card"
    # Enter skips price; Up goes back to it after speed; the "1" is kept by Enter.
    press(qtbot, panel, "5\n4")
    assert focused(panel) is panel.fields[3]
    qtbot.keyClick(focused(panel), Qt.Key.Key_Up)
    qtbot.keyClick(focused(panel), Qt.Key.Key_Up)
    assert focused(panel) is panel.fields[1]
    press(qtbot, panel, "2")
    assert focused(panel) is panel.fields[2]
    press(qtbot, panel, "\n\n\n1\n")
    assert focused(panel) is panel.fields[6]  # the first open question
    assert [f.score() for f in panel.fields[:6]] == [5, 2, 4, None, None, 1]
    ctrl_enter(qtbot, panel)
    [row] = seeded.feedback.latest()
    assert (row.customer_id, row.nps, row.open_answers) == (None, 1, ())
    assert row.mean_rating == pytest.approx(11 / 3)


def test_a_key_outside_the_scale_is_refused_next_to_the_question(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop
) -> None:
    press(qtbot, panel, card_code(new_card(seeded)) + "\n")
    press(qtbot, panel, "7")
    assert focused(panel) is panel.fields[0]  # still on the first question
    assert panel.fields[0].text() == ""
    assert panel.row_hints[0].problem() == "Type a number from 1 to 5."
    press(qtbot, panel, "3")
    assert panel.row_hints[0].problem() == ""
    assert panel.row_hints[0].text() == "1–5"
    assert focused(panel) is panel.fields[1]


def test_a_wrong_check_digit_is_said_next_to_the_number(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop
) -> None:
    number = new_card(seeded)
    code = card_code(number)
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    press(qtbot, panel, wrong + "\n")
    assert panel.code_error.text() == "This is not a card number: check the digits you typed."
    assert panel.fields == []
    assert focused(panel) is panel.code

    panel.code.clear()
    press(qtbot, panel, card_code(number + 5) + "\n")  # a valid code never printed
    assert panel.code_error.text() == "No comment card was printed with this number."


def test_a_card_already_entered_is_refused(qtbot: Any, panel: CardEntryPanel, seeded: Shop) -> None:
    number = new_card(seeded)
    version = seeded.questionnaires.default()
    seeded.feedback.record(
        ResponseDraft(
            version.id,
            (AnswerDraft(5, 9),),
            ResponseSource.CARD,
            date.today(),
            card_number=number,
        )
    )
    press(qtbot, panel, card_code(number) + "\n")
    assert panel.code_error.text() == f"Card {display_code(number)} was already entered."
    assert panel.fields == []
    assert seeded.feedback.response_count() == 1


def test_esc_starts_the_card_over(qtbot: Any, panel: CardEntryPanel, seeded: Shop) -> None:
    press(qtbot, panel, card_code(new_card(seeded)) + "\n" + "45")
    qtbot.keyClick(focused(panel), Qt.Key.Key_Escape)
    assert panel.fields == []
    assert focused(panel) is panel.code
    assert seeded.feedback.response_count() == 0


def test_a_detractor_offers_a_follow_up_and_the_reminder_is_made(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop, ctx: UiContext
) -> None:
    jose = customer_id(seeded, "José Sánchez")
    number = new_card(seeded, jose)
    press(qtbot, panel, card_code(number) + "\n" + "33333" + "4" + "Too slow")
    ctrl_enter(qtbot, panel)
    assert panel.follow_up.isVisible()
    assert panel.follow_up.message.text().startswith("José Sánchez would not recommend us.")
    assert "NPS 4" in panel.follow_up.message.text()
    assert seeded.reminders.for_customer(jose) == []  # nothing made until asked

    with qtbot.waitSignal(ctx.bus.reminders_changed):
        qtbot.mouseClick(panel.follow_up.reminder_button, Qt.MouseButton.LeftButton)
    [reminder] = seeded.reminders.for_customer(jose)
    assert "NPS 4" in reminder.message
    assert not panel.follow_up.isVisible()
    assert panel.status.text() == "Follow-up reminder created for José Sánchez."


def test_not_now_leaves_the_follow_up_unmade(
    qtbot: Any, panel: CardEntryPanel, seeded: Shop
) -> None:
    jose = customer_id(seeded, "José Sánchez")
    press(qtbot, panel, card_code(new_card(seeded, jose)) + "\n" + "1")  # quality 1
    ctrl_enter(qtbot, panel)
    assert panel.follow_up.message.text().startswith("José Sánchez gave a low rating.")
    qtbot.mouseClick(panel.follow_up.later_button, Qt.MouseButton.LeftButton)
    assert not panel.follow_up.isVisible()
    assert seeded.reminders.for_customer(jose) == []


def test_left_open_overnight_the_date_follows_the_day(
    qtbot: Any, ctx: UiContext, seeded: Shop
) -> None:
    import dataclasses
    from datetime import UTC, datetime

    now = [datetime(2026, 11, 23, 12, tzinfo=UTC)]
    clocked = dataclasses.replace(ctx, clock=lambda: now[0])
    widget = CardEntryPanel(clocked)
    qtbot.addWidget(widget)
    assert widget.responded_on.date().toPython() == clocked.today()
    now[0] = datetime(2026, 11, 25, 12, tzinfo=UTC)  # two days later, the app still open
    widget.code.setText(display_code(new_card(seeded)))
    widget.open_card()
    assert widget.responded_on.date().toPython() == clocked.today()
    # A date set by hand (a card returned on another day) stays.
    widget.responded_on.setDate(date(2026, 11, 20))
    now[0] = datetime(2026, 11, 26, 12, tzinfo=UTC)
    widget.code.setText(display_code(new_card(seeded)))
    widget.open_card()
    assert widget.responded_on.date().toPython() == date(2026, 11, 20)
