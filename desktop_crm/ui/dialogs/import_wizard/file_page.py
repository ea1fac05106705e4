"""Page 1: the file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.ui.dialogs.import_wizard.styles import HINT_STYLE
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import ERROR_STYLE

if TYPE_CHECKING:
    from desktop_crm.ui.dialogs.import_wizard.wizard import ImportWizard

FILE_FILTERS = "{contacts} (*.csv *.txt *.vcf *.vcard);;CSV (*.csv *.txt);;vCard (*.vcf *.vcard)"


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _(
                "A CSV file saved from a spreadsheet or exported by another program (Google "
                "Contacts and Outlook exports are recognised), or a vCard file from a phone or "
                "an address book."
            )
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("File to import"))
        self.browse_button = QPushButton(_("&Browse…"), self)
        self.error = QLabel(self)
        self.error.setObjectName("error_file")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        hint = QLabel(
            _(
                "Nothing is changed until you press “Import” on the next page. Importing the "
                "same file again adds nobody twice."
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(hint)
        self.browse_button.clicked.connect(self.browse)
        self.path_edit.textChanged.connect(lambda _text: self._path_edited())

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def browse(self) -> None:
        chosen = self._wizard.ctx.prompts.open_file(
            _("Import customers"), FILE_FILTERS.format(contacts=_("Contacts"))
        )
        if chosen is not None:
            self.path_edit.setText(str(chosen))

    def _path_edited(self) -> None:
        self.error.setVisible(False)
        self.completeChanged.emit()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)

    def isComplete(self) -> bool:
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:
        path = self.path()
        if not path.is_file():
            self.show_error(_("There is no file at {path}.").format(path=str(path)))
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big file: a moment
        try:
            self._wizard.load(path)
        except CrmError as exc:
            self.show_error(error_text(exc))
            return False
        except OSError as exc:
            self.show_error(
                _("The file cannot be read: {detail}").format(detail=exc.strerror or str(exc))
            )
            return False
        finally:
            QApplication.restoreOverrideCursor()
        return True
