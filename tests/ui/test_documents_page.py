"""The Documents page: choose a document, preview it, save, print, cancel a big batch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from desktop_crm.documents.api import DocumentKind, ExpectationEntry
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.services.shop import Shop
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.document_options import CommentCardOptions, ExpectationFormOptions
from desktop_crm.ui.pages.documents_page import DocumentsPage
from tests.ui.conftest import FakePrompts
from tests.unit.documents.pdf_check import page_count, pdf_text

WAIT_MS = 20_000


@pytest.fixture
def page(window: MainWindow) -> DocumentsPage:
    shown = window.show_page("documents")
    assert isinstance(shown, DocumentsPage)
    return shown


def card_options(page: DocumentsPage) -> CommentCardOptions:
    options = page.choose(DocumentKind.COMMENT_CARD)
    assert isinstance(options, CommentCardOptions)
    return options


def preview(qtbot: Any, page: DocumentsPage, pages: int) -> None:
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.page_count() == pages, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not page.busy)


def test_the_six_documents_are_listed_with_what_they_are(page: DocumentsPage) -> None:
    titles = [
        page.kinds.item(row).data(Qt.ItemDataRole.AccessibleTextRole)
        for row in range(page.kinds.count())
    ]
    assert titles == [
        "Comment cards",
        "Guarantee letters",
        "Expectation form",
        "Reminder notes",
        "Company brochure",
        "Today's agenda",
    ]
    assert page.heading.text() == "Comment cards"
    assert "Nothing to show yet" in page.preview.pages_label.text()


def test_preview_three_comment_cards(qtbot: Any, page: DocumentsPage) -> None:
    card_options(page).count.setValue(3)
    preview(qtbot, page, 3)
    assert page.preview.pages_label.text() == "3 pages"
    assert page.preview.document.pageCount() == 3
    assert "3 pages" in page.status.text()
    assert page.status.text().startswith("comment-cards-")


def test_f5_previews_and_the_questionnaire_list_follows_settings(
    qtbot: Any, page: DocumentsPage, seeded: Shop
) -> None:
    options = card_options(page)
    seeded.questionnaires.save(
        None, "Quick check", "Quick", [Question(QuestionKind.RATING, "Speed", "speed")]
    )
    page.ctx.bus.company_changed.emit()
    names = [options.questionnaire.itemText(i) for i in range(options.questionnaire.count())]
    assert "Quick check (version 1)" in names
    options.questionnaire.setCurrentIndex(names.index("Quick check (version 1)"))
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: page.preview.page_count() == 1, timeout=WAIT_MS)
    assert "Speed" in pdf_text(page.preview.pdf)


def test_save_the_pdf(
    qtbot: Any, page: DocumentsPage, prompts: FakePrompts, tmp_path: Path
) -> None:
    card_options(page).count.setValue(2)
    preview(qtbot, page, 2)
    prompts.files.append(tmp_path / "cards")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = tmp_path / "cards.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert page_count(saved.read_bytes()) == 2
    assert ("save_file", "Save PDF", page.preview.file_name) in prompts.shown
    assert page.status.text() == f"Saved to {saved}"


def test_save_without_preview_makes_the_document_first(
    qtbot: Any, page: DocumentsPage, prompts: FakePrompts, tmp_path: Path
) -> None:
    prompts.files.append(tmp_path / "card.pdf")
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (tmp_path / "card.pdf").exists(), timeout=WAIT_MS)
    assert page.preview.page_count() == 1


def test_cancel_a_big_batch(qtbot: Any, page: DocumentsPage) -> None:
    options = card_options(page)
    preview(qtbot, page, 1)
    options.count.setValue(2000)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    run = page.run
    assert run is not None and run.dialog is not None  # a batch: the progress dialog shows
    qtbot.mouseClick(run.dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: run.finished, timeout=WAIT_MS)
    assert page.status.text() == "Cancelled: no document was made."
    assert page.preview.page_count() == 1  # the earlier preview stays
    assert page.preview_button.isEnabled()


def test_print_renders_every_page_onto_the_printer(
    qtbot: Any, page: DocumentsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    card_options(page).count.setValue(3)
    preview(qtbot, page, 3)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)  # quick: 96 dpi
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    page.preview.printer = printer
    shown: list[tuple[int, int]] = []

    def accept(dialog: QPrintDialog) -> int:
        shown.append((dialog.minPage(), dialog.maxPage()))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert shown == [(1, 3)]  # the dialog offers a page range
    assert out.stat().st_size > 0
    assert page_count(out.read_bytes()) == 3
    assert page.status.text() == "Sent to the printer."


def test_print_a_page_range(
    qtbot: Any, page: DocumentsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    card_options(page).count.setValue(3)
    preview(qtbot, page, 3)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "range.pdf"
    printer.setOutputFileName(str(out))
    page.preview.printer = printer

    def second_and_third(dialog: QPrintDialog) -> int:
        dialog.printer().setFromTo(2, 3)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", second_and_third)
    assert page.preview.print_pdf(page)
    assert page_count(out.read_bytes()) == 2


def test_open_in_viewer_hands_a_file_to_the_desktop(
    qtbot: Any, page: DocumentsPage, prompts: FakePrompts
) -> None:
    preview(qtbot, page, 1)
    qtbot.mouseClick(page.viewer_button, Qt.MouseButton.LeftButton)
    [url] = [text for kind, _title, text in prompts.shown if kind == "open_url"]
    assert url.startswith("file://") and url.endswith(".pdf")
    path = Path(url.removeprefix("file://"))
    assert path.read_bytes().startswith(b"%PDF")
    path.unlink()


def test_a_failure_is_said(qtbot: Any, page: DocumentsPage, prompts: FakePrompts) -> None:
    options = card_options(page)
    options.questionnaire.addItem("gone", 987654)  # a questionnaire deleted meanwhile
    options.questionnaire.setCurrentIndex(options.questionnaire.count() - 1)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(kind == "error" for kind, *_ in prompts.shown), timeout=WAIT_MS)
    assert page.status.text() == "The document could not be made."
    assert page.preview.page_count() == 0


def test_expectation_form_filled_on_screen(qtbot: Any, page: DocumentsPage) -> None:
    options = page.choose(DocumentKind.EXPECTATION_FORM)
    assert isinstance(options, ExpectationFormOptions)
    assert options.attributes == ("Delivery time", "Quality", "Price", "Customer service")
    expected, importance = options.levels[0]
    expected.setCurrentIndex(expected.findData(4))
    importance.setCurrentIndex(importance.findData(5))
    options.notes.setPlainText("Needs it before the race on Sunday")
    request = options.request()
    assert request.entries[0] == ExpectationEntry("Delivery time", 4, 5)
    preview(qtbot, page, 1)
    text = pdf_text(page.preview.pdf)
    assert "Delivery time" in text and "before the race on Sunday" in text


def test_brochure_preview(qtbot: Any, page: DocumentsPage) -> None:
    page.choose(DocumentKind.BROCHURE)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.preview.page_count() > 0, timeout=WAIT_MS)
    assert page.status.text().endswith("pages") or page.status.text().endswith("page")
