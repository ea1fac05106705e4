"""The Feedback page: the latest responses with their open answers, searchable; the counter
survey from the page; the page in the main window."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.feedback import AnswerDraft, ResponseDraft, ResponseSource
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.counter_survey_dialog import CounterSurveyDialog
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.feedback_page import FeedbackPage
from tests.ui.conftest import type_text

OPEN_LIKED = 6  # positions in the starter questionnaire
OPEN_BETTER = 7
NPS = 5


@pytest.fixture
def page(qtbot: Any, ctx: UiContext, seeded: Shop) -> FeedbackPage:
    widget = FeedbackPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def respond(shop: Shop, nps: int, text: str, customer: str | None, days_ago: int) -> None:
    customer_id = None
    if customer is not None:
        customer_id = shop.customers.list_page(CustomerQuery(text=customer), 0, 1)[0].id
    shop.feedback.record(
        ResponseDraft(
            shop.questionnaires.default().id,
            (AnswerDraft(0, 4), AnswerDraft(NPS, nps), AnswerDraft(OPEN_BETTER, text=text)),
            ResponseSource.COUNTER,
            date.today() - timedelta(days=days_ago),
            customer_id=customer_id,
        )
    )


def shown(page: FeedbackPage) -> list[list[str]]:
    model = page.model
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def test_the_latest_responses_show_open_answers_and_search_finds_them(
    qtbot: Any, page: FeedbackPage, seeded: Shop, ctx: UiContext
) -> None:
    assert page.empty.isVisible() and "No responses yet" in page.empty.text()
    respond(seeded, 3, "The coffee was cold", "José Sánchez", 2)
    respond(seeded, 10, "Friendly staff, fast service", None, 1)
    ctx.bus.feedback_changed.emit()
    rows = shown(page)
    assert [r[1:5] for r in rows] == [
        ["Counter", "Anonymous", "10", "4.0"],
        ["Counter", "José Sánchez", "3", "4.0"],
    ]
    assert [r[5] for r in rows] == ["Friendly staff, fast service", "The coffee was cold"]
    assert page.table.isVisible()

    type_text(qtbot, page.search, "coffee")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert shown(page)[0][5] == "The coffee was cold"
    page.search.clear()
    type_text(qtbot, page.search, "sánch")  # the customer's name, folded
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert shown(page)[0][2] == "José Sánchez"
    page.search.clear()
    type_text(qtbot, page.search, "pizza")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=2000)
    assert page.empty.isVisible() and page.empty.text() == "No response matches."


def test_a_counter_survey_from_the_page_lands_in_the_list(
    qtbot: Any, page: FeedbackPage, seeded: Shop
) -> None:
    dialog = page.open_counter_survey()
    qtbot.waitExposed(dialog)
    dialog.next_button.click()
    current = dialog.current_screen()
    assert current is not None
    current.button(5).click()
    while not dialog.finish_button.isVisible():
        dialog.next_button.click()
    screen = dialog.current_screen()
    assert screen is not None and screen.text_box is not None
    type_text(qtbot, screen.text_box, "Nice")
    dialog.finish_button.click()
    dialog.close_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert shown(page)[0][1:3] == ["Counter", "Anonymous"]
    assert shown(page)[0][5] == "Nice"
    assert page.card_entry.status.text() == "Counter survey saved."


def test_feedback_sits_after_complaints_and_ctrl_shift_f_opens_the_counter_survey(
    qtbot: Any, window: MainWindow
) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles.index("Feedback") == titles.index("Complaints") + 1
    page = window.show_page("feedback")
    assert isinstance(page, FeedbackPage)
    assert window.stack.currentWidget() is page
    page.card_entry.code.setFocus()
    qtbot.keyClick(
        page.card_entry.code,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), CounterSurveyDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CounterSurveyDialog)
    dialog.reject()
    assert page.show_overview() is not None  # the measures tab builds on first show
