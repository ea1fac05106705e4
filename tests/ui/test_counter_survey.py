"""The counter survey: the customer answers with big buttons, one question a screen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.counter_survey_dialog import CounterSurveyDialog, QuestionScreen
from tests.ui.conftest import type_text


@pytest.fixture
def dialog(qtbot: Any, ctx: UiContext, seeded: Shop) -> CounterSurveyDialog:
    widget = CounterSurveyDialog(ctx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isVisible(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def screen(dialog: CounterSurveyDialog) -> QuestionScreen:
    current = dialog.current_screen()
    assert current is not None
    return current


def answer_all(
    qtbot: Any, dialog: CounterSurveyDialog, scores: list[int], texts: list[str]
) -> None:
    """Click a big button on each scale question and write on each open one, then Finish."""
    click(qtbot, dialog.next_button)  # handed over
    scores, texts = list(scores), list(texts)
    while True:
        current = screen(dialog)
        if current.text_box is not None:
            current.text_box.setFocus()
            type_text(qtbot, current.text_box, texts.pop(0))
        else:
            click(qtbot, current.button(scores.pop(0)))
        if dialog.finish_button.isVisible():
            break
        click(qtbot, dialog.next_button)
    click(qtbot, dialog.finish_button)


def test_an_anonymous_customer_answers_with_big_buttons(
    qtbot: Any, dialog: CounterSurveyDialog, seeded: Shop
) -> None:
    assert dialog.customer.currentText() == "Anonymous"
    click(qtbot, dialog.next_button)
    first = screen(dialog)
    assert first.progress.text() == "Question 1 of 8"
    assert first.question.text == "Quality of our work"
    assert first.button(5).height() >= 60  # big enough for a finger
    click(qtbot, first.button(2))
    click(qtbot, first.button(4))  # changed their mind: one choice per question
    assert first.score() == 4
    click(qtbot, dialog.next_button)
    click(qtbot, dialog.back_button)
    assert dialog.current_screen() is first and first.score() == 4
    dialog.go(0)

    answer_all(qtbot, dialog, [4, 5, 3, 4, 5, 9], ["Lovely shop", ""])
    assert dialog.thanks.isVisible()
    assert dialog.close_button.text() == "Close"
    [row] = seeded.feedback.latest()
    assert (row.source, row.customer_id, row.nps) == ("counter", None, 9)
    assert row.mean_rating == pytest.approx(4.2)
    assert row.open_answers == ("Lovely shop",)
    assert dialog.recorded is not None and dialog.recorded.follow_up is None
    click(qtbot, dialog.close_button)
    assert dialog.result() == CounterSurveyDialog.DialogCode.Accepted


def test_the_staff_links_the_customer_before_handing_over(
    qtbot: Any, dialog: CounterSurveyDialog, seeded: Shop
) -> None:
    type_text(qtbot, dialog.customer_search, "Иванов")
    qtbot.waitUntil(lambda: dialog.customer.currentText() == "Пётр Иванов", timeout=2000)
    answer_all(qtbot, dialog, [2, 2, 2, 2, 2, 5], ["", "Faster please"])
    [row] = seeded.feedback.latest()
    assert row.customer_name == "Пётр Иванов" and row.nps == 5
    assert dialog.recorded is not None and dialog.recorded.follow_up is not None
    assert dialog.customer_name == "Пётр Иванов"
    assert seeded.timeline.list(row.customer_id or 0)[0].kind == "survey"


def test_finish_without_any_answer_asks_for_one(
    qtbot: Any, dialog: CounterSurveyDialog, seeded: Shop
) -> None:
    click(qtbot, dialog.next_button)
    while not dialog.finish_button.isVisible():
        click(qtbot, dialog.next_button)
    click(qtbot, dialog.finish_button)
    assert dialog.error.text() == "Please answer at least one question."
    assert seeded.feedback.response_count() == 0


def test_answers_taken_on_a_follow_up_call_are_marked_as_a_call(
    qtbot: Any, dialog: CounterSurveyDialog, seeded: Shop
) -> None:
    dialog.source.setCurrentIndex(dialog.source.findText("Follow-up call"))
    answer_all(qtbot, dialog, [5, 5, 4, 4, 5, 10], ["", ""])
    [row] = seeded.feedback.latest()
    assert (row.source, row.nps) == ("call", 10)


def test_escape_keeps_unsaved_answers_unless_the_staff_confirm(
    qtbot: Any, dialog: CounterSurveyDialog, prompts: Any
) -> None:
    click(qtbot, dialog.next_button)
    assert not dialog.back_button.isVisible()  # the customer cannot reach the staff screen
    click(qtbot, screen(dialog).button(4))
    prompts.answer = False
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and prompts.shown[-1][0] == "confirm"
    prompts.answer = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
