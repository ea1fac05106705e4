"""Editing bits shared by the Settings sections: a table of rows to add and remove, an image
chooser with a thumbnail, a Save button with its status, and small text helpers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import ValidationError
from desktop_crm.i18n import _
from desktop_crm.services.company_profile import (
    MAX_IMAGE_BYTES,
    ImageKind,
)
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.field_form import ERROR_STYLE

IMAGE_FILTERS = "*.png *.jpg *.jpeg *.gif"
HINT_STYLE = "color: #555;"
THUMBNAIL_SIZE = (200, 80)


def scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area (tabs are shorter than some forms)."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    # Transparent, so the scrolled part has the tab's background, not a grey panel.
    area.viewport().setAutoFillBackground(False)
    widget.setAutoFillBackground(False)
    return area


def hint_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def text_edit(parent: QWidget, height: int) -> QPlainTextEdit:
    """A multi-line field; Tab moves on (people tab through forms, nobody types tabs here)."""
    edit = QPlainTextEdit(parent)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


def lines_of(edit: QPlainTextEdit) -> tuple[str, ...]:
    return tuple(line.strip() for line in edit.toPlainText().splitlines() if line.strip())


class RowsTable(QWidget):
    """An editable table of text rows with Add and Remove under it (key staff, products)."""

    def __init__(self, headers: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, len(headers), self)
        self.table.setHorizontalHeaderLabels(list(headers))
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(110)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton(_("Add"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addLayout(row)
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button.clicked.connect(self.remove_current)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.table.setRowCount(0)
        for values in rows:
            self._append(values)

    def rows(self) -> list[tuple[str, ...]]:
        """Every row's texts (blank rows included: the service drops them)."""
        return [
            tuple(self._text(row, col) for col in range(self.table.columnCount()))
            for row in range(self.table.rowCount())
        ]

    def add_row(self, values: Sequence[str] = ()) -> int:
        """Append a row and start editing its first cell; returns its index."""
        row = self._append(values)
        self.table.setCurrentCell(row, 0)
        if not values:
            self.table.edit(self.table.currentIndex())
        return row

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _append(self, values: Sequence[str]) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col in range(self.table.columnCount()):
            text = values[col] if col < len(values) else ""
            self.table.setItem(row, col, QTableWidgetItem(text))
        return row

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""


class ImagePicker(QWidget):
    """A thumbnail of the stored image with Choose… and Remove; stored at once when chosen."""

    def __init__(self, ctx: UiContext, kind: ImageKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.thumbnail = QLabel(self)
        self.thumbnail.setObjectName(f"thumbnail_{kind}")
        self.thumbnail.setFixedSize(*THUMBNAIL_SIZE)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("border: 1px solid #ccc; background: white; color: #777;")
        self.choose_button = QPushButton(_("Choose…"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.error = QLabel(self)
        self.error.setObjectName(f"error_image_{kind}")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.thumbnail)
        row.addLayout(buttons)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.error)
        self.choose_button.clicked.connect(self.choose)
        self.remove_button.clicked.connect(self.remove)
        self.load()

    def load(self) -> None:
        data = self.ctx.shop.company.image(self.kind)
        pixmap = QPixmap()
        if data is not None and pixmap.loadFromData(data):
            width, height = THUMBNAIL_SIZE
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    width - 8,
                    height - 8,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.thumbnail.setPixmap(QPixmap())
            self.thumbnail.setText(_("No image"))
        self.remove_button.setEnabled(data is not None)

    def has_image(self) -> bool:
        """True when a thumbnail (not the "No image" text) is shown."""
        return not self.thumbnail.pixmap().isNull()

    def choose(self) -> None:
        title = _("Choose the logo") if self.kind is ImageKind.LOGO else _("Choose the signature")
        path = self.ctx.prompts.open_file(
            title, _("Images ({patterns})").format(patterns=IMAGE_FILTERS)
        )
        if path is not None:
            self.store(path)

    def store(self, path: Path) -> bool:
        """Store the image in ``path``; the error is shown under the thumbnail if it fails."""
        try:
            with path.open("rb") as file:
                # One byte past the limit is enough for the service to say it is too large.
                data = file.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            self._show_error(_("The file could not be read: {error}").format(error=exc.strerror))
            return False
        try:
            self.ctx.shop.company.set_image(self.kind, data)
        except ValidationError as exc:
            self._show_error(error_text(exc))
            return False
        self._show_error("")
        self.load()
        self.ctx.bus.company_changed.emit()
        return True

    def remove(self) -> None:
        self.ctx.shop.company.remove_image(self.kind)
        self._show_error("")
        self.load()
        self.ctx.bus.company_changed.emit()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class SaveRow(QHBoxLayout):
    """A Save button and the "Saved." note beside it."""

    def __init__(self, text: str, saved_name: str, parent: QWidget) -> None:
        super().__init__()
        self.button = QPushButton(text, parent)
        self.saved = QLabel(parent)
        self.saved.setObjectName(saved_name)
        self.saved.setStyleSheet("color: #2e7d32;")
        self.addWidget(self.button)
        self.addWidget(self.saved)
        self.addStretch(1)
