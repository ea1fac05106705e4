"""A form whose rows each carry a red message saying what is wrong with the field."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

ERROR_STYLE = "color: #c62828;"


class FieldForm(QWidget):
    """Rows of ``label: widget`` keyed by the field names services use in ValidationError."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._errors: dict[str, QLabel] = {}
        self.general_error = self._error_label()
        self.general_error.setObjectName("error_general")

    def add_row(self, field: str, label: str, widget: QWidget) -> QLabel:
        """Add ``widget`` under ``label``; returns the (hidden) error label of ``field``."""
        error = self._error_label()
        error.setObjectName(f"error_{field}")
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        column.addWidget(error)
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        self.layout_.addRow(caption, cell)
        self._errors[field] = error
        return error

    def add_widget(self, widget: QWidget) -> None:
        self.layout_.addRow(widget)

    def finish(self) -> None:
        """Put the message for errors that name no row at the bottom."""
        self.layout_.addRow(self.general_error)

    def show_error(self, field: str, text: str) -> None:
        self.clear_errors()
        label = self._errors.get(field, self.general_error)
        label.setText(text)
        label.setVisible(True)

    def clear_errors(self) -> None:
        for label in (*self._errors.values(), self.general_error):
            label.clear()
            label.setVisible(False)

    def error_text(self, field: str) -> str:
        label = self._errors.get(field, self.general_error)
        return label.text() if label.isVisibleTo(self) else ""

    def _error_label(self) -> QLabel:
        label = QLabel(self)
        label.setStyleSheet(ERROR_STYLE)
        label.setWordWrap(True)
        label.setVisible(False)
        return label
