"""Write (or correct) a standard answer: title, language, tags and the body with placeholders."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop_crm.i18n import _
from desktop_crm.services.answers import AnswerDraft, AnswerRecord, AnswerService, validate_draft
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.widgets.form_dialog import FormDialog

LANGUAGE_CODES = ("", "en", "es", "zh", "ru")


class AnswerDialog(FormDialog):
    def __init__(
        self,
        answers: AnswerService,
        existing: AnswerRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Edit answer") if existing else _("New answer"), parent)
        self._answers, self._existing = answers, existing
        self.setMinimumWidth(560)
        self.title = QLineEdit(self)
        self.language = QComboBox(self)
        for code in LANGUAGE_CODES:
            self.language.addItem(language_name(code) if code else _("Any language"), code)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText(_("prices, delivery, hours"))
        self.body = QPlainTextEdit(self)
        self.body.setMinimumHeight(200)
        self.form.add_row("title", _("&Question it answers"), self.title)
        self.form.add_row("language", _("&Language"), self.language)
        self.form.add_row("tags", _("Ta&gs"), self.tags)
        self.form.add_row("body", _("&Answer"), self.body)
        hint = QLabel(
            _("Placeholders filled when the answer is used: {placeholders}").format(
                placeholders="{customer_name}, {shop_name}, {staff_name}"
            ),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.add_widget(hint)
        if existing is not None:
            self.title.setText(existing.title)
            self.language.setCurrentIndex(max(0, self.language.findData(existing.language)))
            self.tags.setText(", ".join(existing.tags))
            self.body.setPlainText(existing.body)
        self.title.textChanged.connect(lambda _t: self.touched("title"))
        self.tags.textChanged.connect(lambda _t: self.touched("tags"))
        self.body.textChanged.connect(lambda: self.touched("body"))
        self.title.setFocus()

    def draft(self) -> AnswerDraft:
        return AnswerDraft(
            title=self.title.text(),
            body=self.body.toPlainText(),
            tags=tuple(self.tags.text().split(",")),
            language=str(self.language.currentData() or ""),
        )

    def check(self) -> None:
        validate_draft(self.draft())

    def save(self) -> AnswerRecord:
        if self._existing is None:
            return self._answers.add(self.draft())
        return self._answers.update(self._existing.id, self.draft())
