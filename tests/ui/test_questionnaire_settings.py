"""The comment-card questionnaire in Settings: edit, save a new version, errors, new ones."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.services.shop import Shop
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.questionnaire_section import QuestionnaireSection
from desktop_crm.ui.pages.settings_page import SettingsPage
from tests.ui.conftest import type_text


def section(window: MainWindow) -> QuestionnaireSection:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab("documents")
    return page.questionnaire


def click(qtbot: Any, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def texts(q: QuestionnaireSection) -> list[str]:
    return [q.questions.item(row, 1).text() for row in range(q.questions.rowCount())]


def retype_question(qtbot: Any, q: QuestionnaireSection, row: int, text: str) -> None:
    """Select the cell, F2 to edit, replace the text, Return, as a user does."""
    q.questions.setFocus()
    q.questions.setCurrentCell(row, 1)
    qtbot.keyClick(q.questions, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor.parent() is q.questions.viewport()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(1)  # the event loop deletes the closed editor


def test_shows_the_starter_questionnaire(window: MainWindow) -> None:
    q = section(window)
    assert q.isVisible()
    assert q.chooser.currentText() == "Comment card"
    assert q.title.text() == "How did we do?"
    assert q.version.text() == "Version 1 — cards already printed keep their version."
    assert texts(q)[0] == "Quality of our work"
    assert q.questions.kind_combo(0).currentText() == "Rating 1–5"
    assert q.questions.kind_combo(5).currentText() == "Recommend 0–10"
    assert q.questions.kind_combo(7).currentText() == "Open answer"
    combo = q.questions.kind_combo(0)
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Rating 1–5",
        "Recommend 0–10",
        "Effort 1–5",
        "Yes / No",
        "Open answer",
    ]
    assert q.questions.item(0, 2).text() == "quality"
    assert not q.questions.item(5, 2).flags() & Qt.ItemFlag.ItemIsEditable


def test_edit_a_question_and_save_a_new_version(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    q = section(window)
    questionnaire_id = seeded.questionnaires.default().questionnaire_id
    retype_question(qtbot, q, 0, "Calidad de la reparación")
    with qtbot.waitSignal(window.ctx.bus.company_changed):
        click(qtbot, q.save_button)
    assert q.version.text() == "Version 2 — cards already printed keep their version."
    assert q.saved.text() == "Saved as version 2."
    current = seeded.questionnaires.current(questionnaire_id)
    assert current.version == 2
    assert current.questions[0] == Question(
        QuestionKind.RATING, "Calidad de la reparación", "quality"
    )
    assert seeded.questionnaires.version(current.id - 1).questions[0].text == (
        "Quality of our work"
    )

    click(qtbot, q.save_button)  # nothing changed: still version 2
    assert q.version.text().startswith("Version 2 ")
    assert seeded.questionnaires.current(questionnaire_id).version == 2
    assert "version stays" in q.saved.text()


def test_an_empty_question_is_flagged(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    q = section(window)
    click(qtbot, q.add_button)  # a new, empty rating question at the end, being edited
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.wait(1)
    assert q.questions.rowCount() == 9
    click(qtbot, q.save_button)
    error = q.findChild(QLabel, "error_questions")
    assert error is not None and error.isVisible()
    assert error.text() == "Question 9 has no text."
    assert q.questions.currentRow() == 8  # the user is taken to it
    assert not q.saved.text()
    assert q.version.text().startswith("Version 1 ")
    assert seeded.questionnaires.default().version == 1

    click(qtbot, q.remove_button)
    click(qtbot, q.save_button)
    assert not error.isVisible()
    assert seeded.questionnaires.default().version == 1  # back to what it was


def test_kinds_order_and_a_second_recommend_question(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    q = section(window)
    q.questions.setCurrentCell(0, 1)
    q.questions.kind_combo(0).setCurrentIndex(q.questions.kind_combo(0).findText("Recommend 0–10"))
    assert not q.questions.item(0, 2).flags() & Qt.ItemFlag.ItemIsEditable
    click(qtbot, q.save_button)
    assert "only once" in (q.findChild(QLabel, "error_questions") or QLabel()).text()

    q.questions.kind_combo(0).setCurrentIndex(q.questions.kind_combo(0).findText("Effort 1–5"))
    click(qtbot, q.down_button)  # "Quality of our work" moves below "Value for money"
    assert texts(q)[:2] == ["Value for money", "Quality of our work"]
    assert q.questions.kind_combo(1).currentText() == "Effort 1–5"
    assert q.questions.item(0, 2).text() == "price"
    assert q.questions.currentRow() == 1
    q.questions.setCurrentCell(7, 1)
    click(qtbot, q.up_button)
    assert texts(q)[6:] == ["What could we do better?", "What did you like most?"]
    click(qtbot, q.up_button)
    click(qtbot, q.save_button)

    saved = seeded.questionnaires.default()
    assert saved.version == 2
    assert saved.questions[0] == Question(QuestionKind.RATING, "Value for money", "price")
    # Only ratings keep an attribute.
    assert saved.questions[1] == Question(QuestionKind.EFFORT, "Quality of our work", "")
    assert [x.text for x in saved.questions[5:]] == [
        "What could we do better?",
        "How likely are you to recommend us to a friend or colleague?",
        "What did you like most?",
    ]


def test_a_new_questionnaire(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    q = section(window)
    click(qtbot, q.new_button)  # one empty question; the name selected, ready to type over
    assert QApplication.focusWidget() is q.name
    type_text(qtbot, q.name, "Encuesta")
    retype_question(qtbot, q, 0, "¿Volvería a comprar aquí?")
    q.questions.kind_combo(0).setCurrentIndex(q.questions.kind_combo(0).findText("Yes / No"))
    assert q.version.text() == "Not saved yet."
    assert q.chooser.currentText() == "New questionnaire"
    click(qtbot, q.save_button)
    error = q.findChild(QLabel, "error_title")
    assert error is not None and error.isVisible()
    assert error.text() == "Give the questionnaire a title."

    q.title.setFocus()
    type_text(qtbot, q.title, "Su opinión")
    click(qtbot, q.save_button)
    assert q.saved.text() == "Saved as version 1."
    assert [q.chooser.itemText(i) for i in range(q.chooser.count())] == [
        "Comment card",
        "Encuesta",
    ]
    assert q.chooser.currentText() == "Encuesta"
    [_starter, survey] = seeded.questionnaires.summaries()
    record = seeded.questionnaires.current(survey.id)
    assert (record.name, record.title, record.questions) == (
        "Encuesta",
        "Su opinión",
        (Question(QuestionKind.YES_NO, "¿Volvería a comprar aquí?"),),
    )

    q.chooser.setCurrentIndex(0)
    assert q.title.text() == "How did we do?"
    assert len(texts(q)) == 8


def test_leaving_an_unsaved_new_questionnaire_drops_it(qtbot: Any, window: MainWindow) -> None:
    q = section(window)
    click(qtbot, q.new_button)
    q.chooser.setCurrentIndex(0)
    assert q.chooser.count() == 1
    assert q.version.text().startswith("Version 1 ")


def test_ctrl_s_on_the_documents_tab_saves_it(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab("documents")
    page.questionnaire.title.setFocus()
    type_text(qtbot, page.questionnaire.title, " (2026)")
    page.document_texts.expectation_attributes.setPlainText("Precio\nPlazo")
    with qtbot.waitSignal(window.ctx.bus.company_changed):
        qtbot.keyClick(page.questionnaire.title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert seeded.questionnaires.default().title == "How did we do? (2026)"
    assert seeded.company.get().expectation_attributes == ("Precio", "Plazo")
