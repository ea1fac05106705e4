"""The Answers page: find an answer, see it filled in for a customer, copy it in one keystroke."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.pages.answers_page import AnswersPage
from tests.ui.conftest import type_text


@pytest.fixture
def page(qtbot: Any, ctx: UiContext, seeded: Shop) -> AnswersPage:
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), shop_name="Bici Sur"))
    widget = AnswersPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def search_for(qtbot: Any, page: AnswersPage, text: str) -> None:
    page.search.clear()
    type_text(qtbot, page.search, text)
    qtbot.waitUntil(lambda: page.answers.count() <= 2, timeout=2000)


def choose_customer(qtbot: Any, page: AnswersPage, name: str) -> int:
    type_text(qtbot, page.customer_search, name)
    qtbot.waitUntil(lambda: page.customer.currentText() == name, timeout=2000)
    assert page.customer_id is not None
    return page.customer_id


def test_starter_set_shows_and_typing_filters(qtbot: Any, page: AnswersPage) -> None:
    assert page.answers.count() >= 20  # the starter set, loaded on first show
    search_for(qtbot, page, "opening hou")
    assert [t.split(" [")[0] for t in page.visible_titles()] == ["Opening hours"]
    search_for(qtbot, page, "петр")  # no such answer: the empty state says so
    qtbot.waitUntil(lambda: page.answers.count() == 0, timeout=2000)
    assert page.empty.isVisible() and "No answer matches" in page.empty.text()
    for text, title in (("жалоб", "Как подать жалобу"), ("投诉", "如何投诉")):
        page.search.clear()
        type_text(qtbot, page.search, text)
        qtbot.waitUntil(
            lambda title=title: [t.split(" [")[0] for t in page.visible_titles()] == [title],
            timeout=2000,
        )


def test_language_filter(page: AnswersPage) -> None:
    page.language.setCurrentIndex(page.language.findData("es"))
    assert page.answers.count() == 5
    assert all(" [es]" in title for title in page.visible_titles())


def test_copy_fills_in_the_customer_and_logs_the_use(
    qtbot: Any, page: AnswersPage, seeded: Shop
) -> None:
    customer_id = choose_customer(qtbot, page, "José Sánchez")
    search_for(qtbot, page, "delivery times")
    assert page.answers.count() == 1
    preview = page.preview.toPlainText()
    assert preview.startswith("Hello José Sánchez,")
    assert "Ana García, Bici Sur" in preview  # the staff member at the keyboard
    assert "{" not in preview
    assert page.log_on_timeline.isEnabled() and page.log_on_timeline.isChecked()

    page.answers.setFocus()
    qtbot.keyClick(
        page.answers,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert QApplication.clipboard().text() == preview
    answer = seeded.answers.search("delivery times")[0]
    assert answer.use_count == 1
    assert "used 1 time" in page.visible_titles()[0]
    entries = seeded.timeline.list(customer_id)
    assert [(e.kind, e.ref_id, e.outcome) for e in entries] == [("answer", answer.id, preview)]


def test_copy_without_logging(qtbot: Any, page: AnswersPage, seeded: Shop) -> None:
    customer_id = choose_customer(qtbot, page, "Пётр Иванов")
    page.log_on_timeline.setChecked(False)
    search_for(qtbot, page, "сроки")
    page.copy_button.click()
    assert QApplication.clipboard().text().startswith("Здравствуйте, Пётр Иванов!")
    assert seeded.answers.search("сроки")[0].use_count == 1
    assert seeded.timeline.count(customer_id) == 0


def test_use_for_customer_presets_the_customer(page: AnswersPage, seeded: Shop) -> None:
    from desktop_crm.services.customers import CustomerQuery

    row = seeded.customers.list_page(CustomerQuery(text="王小明"), 0, 1)[0]
    page.use_for_customer(row.id)
    page.language.setCurrentIndex(page.language.findData("zh"))
    assert page.preview.toPlainText().startswith("王小明您好")


def test_a_manager_edits_answers(qtbot: Any, page: AnswersPage, seeded: Shop) -> None:
    assert page.new_button.isEnabled() and page.edit_button.isEnabled()
    page.new_button.click()
    from desktop_crm.ui.dialogs.answer_dialog import AnswerDialog

    dialog = page.findChild(AnswerDialog)
    assert dialog is not None and not dialog.ok_button.isEnabled()
    type_text(qtbot, dialog.title, "Parking")
    dialog.body.setPlainText("Hi {customer_name}, park behind {shop_name}.")
    dialog.tags.setText("car, parking")
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()
    assert [r.title for r in seeded.answers.search("parking")] == ["Parking"]
    assert page.preview_title.text() == "Parking"


def test_a_non_manager_cannot_edit(qtbot: Any, page: AnswersPage, ctx: UiContext) -> None:
    luis = next(m for m in ctx.shop.staff.list() if not m.is_manager)
    ctx.shop.settings.set_current_staff(luis.id)
    ctx.bus.current_staff_changed.emit()
    for button in (page.new_button, page.edit_button, page.delete_button):
        assert not button.isEnabled()
        assert "Only a manager" in button.toolTip()
    assert page.copy_button.isEnabled()  # using answers is for everyone


def test_from_a_customer_ctrl_shift_a_opens_the_answers_filled_in_for_them(
    qtbot: Any, window: Any, seeded: Shop
) -> None:
    from desktop_crm.services.customers import CustomerQuery

    [wang] = seeded.customers.list_page(CustomerQuery(text="王小明"), 0, 5)
    window.open_customer(wang.id)
    view = window.customer_view
    assert window.stack.currentWidget() is view
    qtbot.keyClick(
        view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    page = window.pages["answers"]
    assert window.stack.currentWidget() is page
    assert isinstance(page, AnswersPage)
    assert page.customer_id == wang.id
    page.language.setCurrentIndex(page.language.findData("zh"))
    page.answers.setCurrentRow(0)
    assert "王小明" in page.preview.toPlainText()
