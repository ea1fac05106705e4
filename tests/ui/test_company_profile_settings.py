"""The company profile and the letter/form texts in Settings, as the owner fills them in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop_crm.services.company_profile import (
    DEFAULT_GUARANTEE_TEXT,
    MAX_LIST_ENTRIES,
    ImageKind,
    KeyPerson,
    PaperSize,
    ProductBenefit,
)
from desktop_crm.services.shop import Shop
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.company_profile_section import CompanyProfileSection
from desktop_crm.ui.pages.settings_page import SettingsPage
from desktop_crm.ui.widgets.editing import RowsTable
from tests.ui.conftest import FakePrompts, type_text


def settings(window: MainWindow, tab: str) -> SettingsPage:
    page = window.show_page("settings")
    assert isinstance(page, SettingsPage)
    page.show_tab(tab)
    return page


def click(qtbot: Any, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, widget: QWidget, text: str) -> None:
    widget.setFocus()
    type_text(qtbot, widget, text)


def add_row(qtbot: Any, rows: RowsTable, *cells: str) -> None:
    """Click Add (which starts editing the new row's first cell) and type each cell, Tab
    moving to the next one, as a user does."""
    click(qtbot, rows.add_button)
    for col, text in enumerate(cells):
        editor = QApplication.focusWidget()
        assert editor is not None and editor.parent() is rows.table.viewport()
        type_text(qtbot, editor, text)
        last = col == len(cells) - 1
        qtbot.keyClick(editor, Qt.Key.Key_Return if last else Qt.Key.Key_Tab)
    qtbot.wait(1)  # the event loop deletes the closed editor (else it commits at teardown)


def png_file(folder: Path, name: str = "logo.png") -> Path:
    path = folder / name
    Image.new("RGB", (120, 40), "#1e88e5").save(path, "PNG")
    return path


def test_fill_in_the_profile_save_and_see_it_again(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    page = settings(window, "company")
    company = page.company
    assert company.isVisible()
    assert company.paper_size.currentText() == "A4"  # a Spanish shop
    type_into(qtbot, company.address, "Calle Mayor 12")
    qtbot.keyClick(company.address, Qt.Key.Key_Return)
    type_text(qtbot, company.address, "41001 Sevilla")
    type_into(qtbot, company.phone, "+34 954 123 456")
    type_into(qtbot, company.email, "hola@bicisur.es")
    type_into(qtbot, company.website, "bicisur.es")
    type_into(qtbot, company.owner_name, "Lucía Pérez")
    type_into(qtbot, company.owner_title, "Dueña")
    company.paper_size.setCurrentIndex(company.paper_size.findText("US Letter"))
    type_into(qtbot, company.about, "Tienda familiar desde 1998.")
    add_row(qtbot, company.key_staff, "Пётр Иванов", "Mecánico", "600 111 222")
    add_row(qtbot, company.key_staff, "王小明", "", "")
    add_row(qtbot, company.products, "Reparaciones", "En el día")
    type_into(qtbot, company.why_us, "Precios honestos")
    qtbot.keyClick(company.why_us, Qt.Key.Key_Return)
    qtbot.keyClick(company.why_us, Qt.Key.Key_Return)  # a blank line is no point
    type_text(qtbot, company.why_us, "Rapidez")

    company.phone.setFocus()
    with qtbot.waitSignal(window.ctx.bus.company_changed):
        qtbot.keyClick(company.phone, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    assert company.saved.text() == "Saved."
    stored = seeded.company.get()
    assert stored.address == "Calle Mayor 12\n41001 Sevilla"
    assert (stored.phone, stored.email, stored.website) == (
        "+34 954 123 456",
        "hola@bicisur.es",
        "bicisur.es",
    )
    assert (stored.owner_name, stored.owner_title) == ("Lucía Pérez", "Dueña")
    assert stored.paper_size is PaperSize.LETTER
    assert stored.about == "Tienda familiar desde 1998."
    assert stored.key_staff == (
        KeyPerson("Пётр Иванов", "Mecánico", "600 111 222"),
        KeyPerson("王小明"),
    )
    assert stored.products == (ProductBenefit("Reparaciones", "En el día"),)
    assert stored.why_us == ("Precios honestos", "Rapidez")
    assert seeded.settings.get().shop_name != "Lucía Pérez"  # the shop name is the Shop tab's

    reopened = SettingsPage(window.ctx)
    qtbot.addWidget(reopened)
    again = reopened.company
    assert again.address.toPlainText() == "Calle Mayor 12\n41001 Sevilla"
    assert again.phone.text() == "+34 954 123 456"
    assert again.owner_name.text() == "Lucía Pérez"
    assert again.paper_size.currentText() == "US Letter"
    assert again.key_staff.rows() == [
        ("Пётр Иванов", "Mecánico", "600 111 222"),
        ("王小明", "", ""),
    ]
    assert again.products.rows() == [("Reparaciones", "En el día")]
    assert again.why_us.toPlainText() == "Precios honestos\nRapidez"


def test_remove_a_staff_row(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    company = settings(window, "company").company
    add_row(qtbot, company.key_staff, "Ana")
    add_row(qtbot, company.key_staff, "Luis")
    company.key_staff.table.setCurrentCell(0, 0)
    click(qtbot, company.key_staff.remove_button)
    click(qtbot, company.save_button)
    assert seeded.company.get().key_staff == (KeyPerson("Luis"),)


def test_too_many_staff_are_flagged_next_to_the_table(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    company = settings(window, "company").company
    company.key_staff.set_rows([(f"Person {i}", "", "") for i in range(MAX_LIST_ENTRIES + 1)])
    click(qtbot, company.save_button)
    error = company.findChild(QLabel, "error_key_staff")
    assert error is not None and error.isVisible()
    assert error.text() == f"At most {MAX_LIST_ENTRIES} entries."
    assert not company.saved.text()
    assert seeded.company.get().key_staff == ()


def test_choose_a_logo_and_a_signature_then_remove(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    company = settings(window, "company").company
    assert company.logo.thumbnail.text() == "No image"
    assert not company.logo.remove_button.isEnabled()
    logo = png_file(tmp_path)
    prompts.files = [logo]
    with qtbot.waitSignal(window.ctx.bus.company_changed):
        click(qtbot, company.logo.choose_button)
    assert prompts.shown[-1] == (
        "open_file",
        "Choose the logo",
        "Images (*.png *.jpg *.jpeg *.gif)",
    )
    assert company.logo.has_image()
    assert company.logo.thumbnail.pixmap().width() <= company.logo.thumbnail.width()
    assert seeded.company.image(ImageKind.LOGO) == logo.read_bytes()
    assert seeded.company.image(ImageKind.SIGNATURE) is None

    signature = tmp_path / "signature.jpg"
    Image.new("RGB", (300, 90), "white").save(signature, "JPEG")
    prompts.files = [signature]
    click(qtbot, company.signature.choose_button)
    assert company.signature.has_image()
    assert seeded.company.image(ImageKind.SIGNATURE) == signature.read_bytes()

    reopened = CompanyProfileSection(window.ctx)
    qtbot.addWidget(reopened)
    assert reopened.logo.has_image() and reopened.signature.has_image()

    with qtbot.waitSignal(window.ctx.bus.company_changed):
        click(qtbot, company.logo.remove_button)
    assert not company.logo.has_image()
    assert company.logo.thumbnail.text() == "No image"
    assert seeded.company.image(ImageKind.LOGO) is None
    assert seeded.company.image(ImageKind.SIGNATURE) is not None


def test_a_file_that_is_not_an_image_is_refused(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    company = settings(window, "company").company
    text = tmp_path / "notes.png"
    text.write_text("not a picture", encoding="utf-8")
    prompts.files = [text, png_file(tmp_path)]
    click(qtbot, company.logo.choose_button)
    assert company.logo.error.isVisible()
    assert company.logo.error.text() == "This file is not an image that can be read."
    assert not company.logo.has_image()
    assert seeded.company.image(ImageKind.LOGO) is None

    click(qtbot, company.logo.choose_button)  # a real image clears the message
    assert not company.logo.error.isVisible()
    assert company.logo.has_image()

    prompts.files = []  # cancelled: nothing changes
    click(qtbot, company.logo.choose_button)
    assert company.logo.has_image()


def test_a_vanished_file_is_reported(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    company = settings(window, "company").company
    prompts.files = [tmp_path / "gone.png"]
    click(qtbot, company.signature.choose_button)
    assert company.signature.error.text().startswith("The file could not be read")


def test_guarantee_text_and_expectation_attributes(
    qtbot: Any, window: MainWindow, seeded: Shop
) -> None:
    page = settings(window, "documents")
    texts = page.document_texts
    assert texts.guarantee_text.toPlainText() == ""
    assert texts.guarantee_text.placeholderText() == DEFAULT_GUARANTEE_TEXT
    assert texts.expectation_attributes.placeholderText().splitlines() == [
        "Delivery time",
        "Quality",
        "Price",
        "Customer service",
    ]
    type_into(qtbot, texts.guarantee_text, "Dear {customer name}")
    click(qtbot, texts.save_button)
    error = texts.findChild(QLabel, "error_guarantee_text")
    assert error is not None and error.isVisible()
    assert "{shop_name}" in error.text()
    assert seeded.company.get().guarantee_text == ""

    texts.guarantee_text.clear()
    type_into(qtbot, texts.guarantee_text, "Dear {customer_name}, {shop_name} fixes it.")
    type_into(qtbot, texts.expectation_attributes, "Plazo de entrega")
    qtbot.keyClick(texts.expectation_attributes, Qt.Key.Key_Return)
    type_text(qtbot, texts.expectation_attributes, "Calidad")
    with qtbot.waitSignal(window.ctx.bus.company_changed):
        click(qtbot, texts.save_button)
    assert not error.isVisible()
    assert texts.saved.text() == "Saved."
    stored = seeded.company.get()
    assert stored.guarantee_text == "Dear {customer_name}, {shop_name} fixes it."
    assert stored.expectation_attributes == ("Plazo de entrega", "Calidad")


def test_the_two_tabs_keep_each_others_fields(qtbot: Any, window: MainWindow, seeded: Shop) -> None:
    page = settings(window, "documents")
    type_into(qtbot, page.document_texts.guarantee_text, "Our promise, {customer_name}.")
    click(qtbot, page.document_texts.save_button)
    page.show_tab("company")
    type_into(qtbot, page.company.phone, "954 000 000")
    click(qtbot, page.company.save_button)
    stored = seeded.company.get()
    assert (stored.phone, stored.guarantee_text) == ("954 000 000", "Our promise, {customer_name}.")
    page.show_tab("documents")
    page.document_texts.expectation_attributes.setPlainText("Precio")
    click(qtbot, page.document_texts.save_button)
    assert seeded.company.get().phone == "954 000 000"
