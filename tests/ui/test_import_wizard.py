"""The import wizard driven like a user: choose a file, map the columns, import, read problems.

Also exporting from the Customers page (and the audit list showing it).
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from desktop_crm.services.customers import ArchiveFilter, CustomerQuery
from desktop_crm.services.shop import Shop
from desktop_crm.ui.dialogs.export_dialog import CSV, SELECTED, VCARD, ExportDialog
from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard
from desktop_crm.ui.main_window import MainWindow
from desktop_crm.ui.pages.audit_page import AuditPage
from tests.ui.conftest import FakePrompts, visible_names

DATA = Path(__file__).resolve().parents[1] / "data" / "import"

# Semicolons, cp1252, a quoted newline; Spanish headers. José Sánchez is in the seeded shop
# (same phone), Bob's phone is too short and Dan's birthday is no date; Cleo's row spans
# lines 5 to 7, so Dan is on line 8.
MESSY = (
    "Nombre;Teléfono;Correo;Cumpleaños;Notas\r\n"
    "Ana Pérez;612 345 678;ana@example.com;31/01/1980;Prefers mornings\r\n"
    "Bob;12;bob@example.com;;\r\n"
    "José Sánchez;600 123 456;;;\r\n"
    '"Cleo\r\nPark";+34 699 111 222;cleo@example.com;;"Line one\r\nline two"\r\n'
    "Dan Brown;+34 611 000 000;dan@example.com;someday;\r\n"
)


def all_customers(shop: Shop) -> int:
    return shop.customers.count(CustomerQuery(archive=ArchiveFilter.ALL))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def open_wizard(qtbot: Any, window: MainWindow, prompts: FakePrompts, path: Path) -> ImportWizard:
    """Ctrl+I on the Customers page, then "Browse…" to the file and "Next"."""
    window.activateWindow()  # back from an earlier dialog (offscreen does not do it itself)
    qtbot.waitUntil(window.isActiveWindow)
    window.customers.table.setFocus()
    qtbot.keyClick(window.customers.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ImportWizard))
    wizard = QApplication.activeModalWidget()
    assert isinstance(wizard, ImportWizard)
    prompts.files.append(path)
    qtbot.mouseClick(wizard.file_page.browse_button, Qt.MouseButton.LeftButton)
    assert wizard.file_page.path_edit.text() == str(path)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    return wizard


def click(qtbot: Any, wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def preview_column(wizard: ImportWizard, title: str) -> list[str]:
    table = wizard.mapping_page.preview
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    column = headers.index(title)
    return [table.item(r, column).text() for r in range(table.rowCount())]


def run_import(qtbot: Any, wizard: ImportWizard) -> None:
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=10_000)


def error_rows(wizard: ImportWizard) -> list[list[str]]:
    model = wizard.result_page.errors_model
    return [
        [str(model.index(r, c).data()) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_mapping_page_guesses_and_the_preview_follows_the_combos(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "kunden.csv",
        "Kunde,Telefon,E-mail\nAna Pérez,612 345 678,ana@example.com\nBob,12,bob@example.com\n",
    )
    wizard = open_wizard(qtbot, window, prompts, path)
    page = wizard.mapping_page
    assert wizard.currentPage() is page
    assert page.details.text() == ("kunden.csv: 2 rows, encoding UTF-8, columns separated by comma")
    combos = page.combos
    assert [c.currentText() for c in combos] == ["— ignore —", "— ignore —", "Email"]
    # No name column yet: said so, and Import is not possible.
    assert page.warning.isVisible()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert preview_column(wizard, "Email") == ["ana@example.com", "bob@example.com"]
    assert preview_column(wizard, "Name") == ["", ""]

    combos[0].setCurrentIndex(combos[0].findText("Name"))
    assert preview_column(wizard, "Name") == ["Ana Pérez", "Bob"]
    assert not page.warning.isVisible()
    assert wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    combos[1].setCurrentIndex(combos[1].findText("Phone"))
    # As it will be stored: the phone read in the shop's country, and Bob's flagged.
    assert preview_column(wizard, "Phone")[0] == "612 34 56 78"
    problems = preview_column(wizard, "Remark")
    assert problems[0] == ""
    assert problems[1].startswith("Phone: ")

    combos[2].setCurrentIndex(combos[2].findText("— ignore —"))
    assert preview_column(wizard, "Email") == ["", ""]
    assert page.mapping() == {0: "name", 1: "phone"}
    wizard.reject()


def test_import_a_messy_csv_shows_the_counts_and_the_problems_and_saves_them(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = write(tmp_path / "clientes.csv", MESSY, "cp1252")
    wizard = open_wizard(qtbot, window, prompts, path)
    page = wizard.mapping_page
    assert "encoding CP1252" in page.details.text()
    assert "separated by semicolon" in page.details.text()
    assert [c.currentData() for c in page.combos] == [
        "name",
        "phone",
        "email",
        "birthday",
        "notes",
    ]
    assert preview_column(wizard, "Name")[3] == "Cleo Park"
    assert preview_column(wizard, "Notes")[3] == "Line one ⏎ line two"
    remarks = preview_column(wizard, "Remark")
    assert remarks[2] == "Already there as José Sánchez (same phone): skipped"
    assert remarks[1].startswith("Phone: ")

    run_import(qtbot, wizard)
    result = wizard.result_page
    assert result.summary.text() == "2 created, 1 already there, 2 problems"
    rows = error_rows(wizard)
    assert [row[:2] for row in rows] == [["3", "Phone"], ["8", "Birthday"]]
    assert rows[0][3] == "Nombre: Bob · Teléfono: 12 · Correo: bob@example.com"
    assert all(row[2] for row in rows)  # a reason, in words
    assert result.errors.isVisible()
    # The list behind the wizard already shows the new customers.
    assert "Ana Pérez" in visible_names(window)
    assert all_customers(seeded) == 32

    target = tmp_path / "to fix.csv"
    prompts.files.append(target)
    qtbot.mouseClick(result.save_button, Qt.MouseButton.LeftButton)
    assert result.saved.text() == f"Saved to {target}"
    with target.open(encoding="utf-8-sig", newline="") as saved:
        lines = list(csv.reader(saved))
    assert lines[0][:5] == ["Nombre", "Teléfono", "Correo", "Cumpleaños", "Notas"]
    assert [line[0] for line in lines[1:]] == ["Bob", "Dan Brown"]
    assert all(line[-1] for line in lines[1:])  # the problem, for whoever fixes the rows

    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert [e.action for e in seeded.audit.list()] == ["import"]


def test_importing_the_same_file_again_adds_nobody(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    path = write(tmp_path / "clientes.csv", MESSY, "cp1252")
    for expected in ("2 created, 1 already there, 2 problems", "0 created, 3 already there"):
        wizard = open_wizard(qtbot, window, prompts, path)
        run_import(qtbot, wizard)
        assert wizard.result_page.summary.text().startswith(expected)
        wizard.accept()
    assert all_customers(seeded) == 32


def test_a_cancelled_import_imports_nothing(
    qtbot: Any,
    window: MainWindow,
    seeded: Shop,
    prompts: FakePrompts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = "".join(f"Customer {i},+34 7{i:08d},c{i}@example.com\n" for i in range(2000))
    path = write(tmp_path / "many.csv", "name,phone,email\n" + rows)
    imports = seeded.imports
    real_run = imports.run
    started: list[bool] = []

    def slow_run(*args: Any, cancelled: Callable[[], bool], **kwargs: Any) -> Any:
        started.append(True)
        deadline = time.monotonic() + 5
        while not cancelled() and time.monotonic() < deadline:  # the user is reading the bar
            time.sleep(0.01)
        return real_run(*args, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(imports, "run", slow_run)
    wizard = open_wizard(qtbot, window, prompts, path)
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)
    job = wizard.job
    assert job is not None
    qtbot.waitUntil(lambda: bool(started))
    assert job.dialog.isVisible()
    qtbot.mouseClick(job.dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert job.dialog.text.text().startswith("Cancelling")
    qtbot.waitUntil(lambda: job.finished, timeout=10_000)
    assert prompts.shown[-1][:2] == ("info", "Import cancelled")
    assert "Nothing was imported" in prompts.shown[-1][2]
    assert wizard.currentPage() is wizard.mapping_page  # they may try again
    assert all_customers(seeded) == 30
    assert [e.action for e in seeded.audit.list()] == []
    wizard.reject()


def test_import_a_vcard_file(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts
) -> None:
    wizard = open_wizard(qtbot, window, prompts, DATA / "vcard30.vcf")
    page = wizard.mapping_page
    assert page.mapping_box.isHidden()
    assert "(vCard)" in page.details.text()
    assert page.preview.rowCount() > 0
    run_import(qtbot, wizard)
    created = int(wizard.result_page.summary.text().split()[0])
    assert created > 0
    assert all_customers(seeded) == 30 + created


def test_a_file_that_is_not_there_or_empty_is_said_on_the_first_page(
    qtbot: Any, window: MainWindow, prompts: FakePrompts, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, window, prompts, tmp_path / "missing.csv")
    page = wizard.file_page
    assert wizard.currentPage() is page
    assert page.error.isVisible()
    assert "There is no file" in page.error.text()
    page.path_edit.setText(str(write(tmp_path / "empty.csv", "")))
    assert not page.error.isVisible()
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is page
    assert page.error.isVisible() and page.error.text()
    wizard.reject()


# --- export
def export_dialog(qtbot: Any, window: MainWindow) -> ExportDialog:
    qtbot.mouseClick(window.customers.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog))
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ExportDialog)
    return dialog


def test_export_the_listed_customers_to_csv_and_the_audit_page_lists_it(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    page = window.customers
    page.tag.setCurrentIndex(page.tag.findData("VIP"))
    qtbot.waitUntil(lambda: len(visible_names(window)) == 6)
    dialog = export_dialog(qtbot, window)
    assert not dialog.scope_buttons[SELECTED].isEnabled()  # nothing selected
    assert dialog.scope_buttons["filtered"].isChecked()
    assert "(6 customers)" in dialog.scope_buttons["filtered"].text()
    assert "(30 customers)" in dialog.scope_buttons["all"].text()
    target = tmp_path / "vip"
    prompts.files.append(target)
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=10_000)
    written = tmp_path / "vip.csv"
    with written.open(encoding="utf-8-sig", newline="") as exported:
        lines = list(csv.reader(exported))
    assert len(lines) == 7
    assert "José Sánchez" in {line[0] for line in lines}
    assert window.statusBar().currentMessage() == f"Exported 6 customers to {written}"

    audit = window.show_page("audit")
    assert isinstance(audit, AuditPage)
    assert audit.model.rowCount() == 1
    assert audit.model.index(0, 1).data() == "Ana García"
    assert audit.model.index(0, 2).data() == "Export"


def test_export_the_selected_customers_as_vcard(
    qtbot: Any, window: MainWindow, seeded: Shop, prompts: FakePrompts, tmp_path: Path
) -> None:
    page = window.customers
    page.table.select_row(visible_names(window).index("José Sánchez"))
    dialog = export_dialog(qtbot, window)
    assert dialog.scope_buttons[SELECTED].isEnabled()
    dialog.scope_buttons[SELECTED].setChecked(True)
    dialog.format_buttons[VCARD].setChecked(True)
    assert not dialog.format_buttons[CSV].isChecked()
    target = tmp_path / "jose.vcf"
    prompts.files.append(target)
    dialog.export()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=10_000)
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1
    assert "José Sánchez" in text
    assert window.statusBar().currentMessage() == f"Exported 1 customer to {target}"
