"""Printing from where the work is: a customer, a selection of customers, a reminder, Today.
Each action opens the Documents page with the document filled in and previewed."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from sqlalchemy import select

from desktop_crm.documents.api import DocumentKind
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.storage.models import ExpectationAnswer, ExpectationResponse
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.document_options import (
    ExpectationFormOptions,
    GuaranteeLetterOptions,
    ReminderNoteOptions,
    week_start,
)
from desktop_crm.ui.pages.documents_page import DocumentsPage
from desktop_crm.ui.pages.reminders_page import RemindersPage
from desktop_crm.ui.pages.today_page import TodayPage
from tests.ui.conftest import FakePrompts, visible_names
from tests.ui.test_customer_view import open_customer
from tests.unit.documents.pdf_check import page_texts, pdf_text

WAIT_MS = 20_000
TODAY = date(2025, 3, 5)  # a Wednesday


@pytest.fixture
def today(ctx: UiContext, seeded: Shop) -> date:
    seeded.settings.save(dataclasses.replace(seeded.settings.get(), time_zone="Europe/Madrid"))
    ctx.clock = lambda: datetime(2025, 3, 5, 11, 0, tzinfo=UTC)
    return TODAY


def customer_id(shop: Shop, name: str) -> int:
    [found] = [
        row.id
        for row in shop.customers.list_page(CustomerQuery(text=name), 0, 50)
        if row.name == name
    ]
    return found


def documents_shown(
    qtbot: Any, window: MainWindow, kind: DocumentKind, pages: int
) -> DocumentsPage:
    qtbot.waitUntil(lambda: isinstance(window.stack.currentWidget(), DocumentsPage))
    page = window.stack.currentWidget()
    assert isinstance(page, DocumentsPage)
    assert page.kind == kind
    run = page.run
    assert run is not None  # the action asked for a preview
    qtbot.waitUntil(lambda: run.finished, timeout=WAIT_MS)
    prompts = window.ctx.prompts
    assert isinstance(prompts, FakePrompts)
    errors = [text for kind, _title, text in prompts.shown if kind == "error"]
    assert errors == []
    assert page.preview.page_count() == pages
    return page


def test_guarantee_letter_from_the_customer_view(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    view = open_customer(qtbot, window, "José Sánchez")
    seeded.purchases.add(view.customer_id or 0, date(2025, 3, 3), "Brake service", "49.90")
    assert [a.text() for a in view.print_button.menu().actions()] == [
        "&Comment card",
        "&Guarantee letter",
        "&Expectation form",
    ]
    view.print_letter_action.trigger()
    page = documents_shown(qtbot, window, DocumentKind.GUARANTEE_LETTER, 1)
    options = page.current_options
    assert isinstance(options, GuaranteeLetterOptions)
    assert options.handed.isChecked()
    assert options.handed_names.text() == "José Sánchez"
    text = pdf_text(page.preview.pdf)
    assert "José Sánchez" in text and "Brake service" in text


def test_comment_card_for_the_customer(qtbot: Any, window: MainWindow) -> None:
    view = open_customer(qtbot, window, "Пётр Иванов")
    view.print_card_action.trigger()
    page = documents_shown(qtbot, window, DocumentKind.COMMENT_CARD, 1)
    assert "Пётр Иванов" in pdf_text(page.preview.pdf)


def test_expectation_form_for_the_customer(qtbot: Any, window: MainWindow) -> None:
    view = open_customer(qtbot, window, "María López")
    view.print_expectations_action.trigger()
    page = documents_shown(qtbot, window, DocumentKind.EXPECTATION_FORM, 1)
    assert "María López" in pdf_text(page.preview.pdf)


def test_guarantee_letters_for_the_selected_customers(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    customers = window.customers
    names = visible_names(window)
    chosen = ["Ana Torres", "Carlos Ruiz", "王小明"]
    model = customers.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for name in chosen:
        model.select(customers.model.index(names.index(name), 0), flags)
    assert customers.letters_button.isEnabled()
    qtbot.mouseClick(customers.letters_button, Qt.MouseButton.LeftButton)
    page = documents_shown(qtbot, window, DocumentKind.GUARANTEE_LETTER, 3)
    texts = page_texts(page.preview.pdf)
    for name in chosen:
        assert sum(name in text for text in texts) == 1  # one letter each


def test_guarantee_letters_for_who_bought_this_week(
    qtbot: Any, window: MainWindow, seeded: Shop, today: date
) -> None:
    seeded.purchases.add(customer_id(seeded, "Emily Brown"), date(2025, 3, 4), "Tyres", "90")
    seeded.purchases.add(customer_id(seeded, "John Smith"), date(2025, 2, 20), "Bell", "5")
    page = window.show_page("documents")
    assert isinstance(page, DocumentsPage)
    options = page.choose(DocumentKind.GUARANTEE_LETTER)
    assert isinstance(options, GuaranteeLetterOptions)
    assert options.since.date().toPython() == week_start(TODAY) == date(2025, 3, 3)
    assert options.since_count.text() == "1 customer: one letter each"
    assert not options.handed.isEnabled()  # no customers handed over
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.page_count() == 1, timeout=WAIT_MS)
    text = pdf_text(page.preview.pdf)
    assert "Emily Brown" in text and "Tyres" in text and "John Smith" not in text


def test_reminder_note_for_the_selected_reminder(
    qtbot: Any, window: MainWindow, seeded: Shop, today: date
) -> None:
    seeded.reminders.create(customer_id(seeded, "Emma Davis"), TODAY, "Your bike is ready")
    reminders = window.show_page("reminders")
    assert isinstance(reminders, RemindersPage)
    reminders.table.select_row(0)
    qtbot.mouseClick(reminders.print_button, Qt.MouseButton.LeftButton)
    page = documents_shown(qtbot, window, DocumentKind.REMINDER_NOTE, 1)
    options = page.current_options
    assert isinstance(options, ReminderNoteOptions)
    assert options.handed.isChecked()
    assert options.handed.text() == "The chosen reminder (1)"
    text = pdf_text(page.preview.pdf)
    assert "Emma Davis" in text and "Your bike is ready" in text


def test_reminder_note_from_the_customer_reminders_tab(
    qtbot: Any, window: MainWindow, seeded: Shop, today: date
) -> None:
    seeded.reminders.create(customer_id(seeded, "Laura Gómez"), TODAY, "Service is due")
    view = open_customer(qtbot, window, "Laura Gómez")
    view.tabs.setCurrentWidget(view.reminders)
    view.reminders.table.select_row(0)
    qtbot.mouseClick(view.reminders.print_button, Qt.MouseButton.LeftButton)
    page = documents_shown(qtbot, window, DocumentKind.REMINDER_NOTE, 1)
    assert "Service is due" in pdf_text(page.preview.pdf)


def test_print_agenda_from_today(qtbot: Any, window: MainWindow, seeded: Shop, today: date) -> None:
    seeded.reminders.create(customer_id(seeded, "Sarah Wilson"), TODAY, "Call about the frame")
    today_page = window.show_page("today")
    assert isinstance(today_page, TodayPage)
    today_page.reload()
    qtbot.mouseClick(today_page.agenda_button, Qt.MouseButton.LeftButton)
    page = documents_shown(qtbot, window, DocumentKind.AGENDA, 1)
    text = pdf_text(page.preview.pdf)
    assert "Sarah Wilson" in text


def test_expectations_filled_on_screen_are_kept_for_the_survey(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    view = open_customer(qtbot, window, "María López")
    view.print_expectations_action.trigger()
    page = documents_shown(qtbot, window, DocumentKind.EXPECTATION_FORM, 1)
    options = page.options[DocumentKind.EXPECTATION_FORM]
    assert isinstance(options, ExpectationFormOptions)
    assert not options.save_answers.isEnabled()  # nothing filled in yet
    expected, importance = options.levels[1]  # Quality
    expected.setCurrentIndex(expected.findData(5))
    importance.setCurrentIndex(importance.findData(4))
    assert options.save_answers.isEnabled()
    qtbot.mouseClick(options.save_answers, Qt.MouseButton.LeftButton)
    assert options.saved.text() == "Kept for the customer's survey."
    customer_id = options.customer_id
    with seeded.db.read() as session:
        rows = session.execute(
            select(
                ExpectationResponse.customer_id,
                ExpectationAnswer.attribute,
                ExpectationAnswer.expected,
                ExpectationAnswer.importance,
            ).join(ExpectationAnswer, ExpectationAnswer.expectation_id == ExpectationResponse.id)
        ).all()
    assert [tuple(row) for row in rows] == [(customer_id, "Quality", 5, 4)]
