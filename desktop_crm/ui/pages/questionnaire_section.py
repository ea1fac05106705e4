"""The questionnaire editor in Settings: the questions a comment card asks. Saving a change
makes a new version; cards already printed keep the version they were printed with."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import ValidationError
from desktop_crm.domain.questionnaires import Question, QuestionKind
from desktop_crm.i18n import _
from desktop_crm.services.questionnaires import QuestionnaireVersionRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import question_kind_label
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.editing import SaveRow
from desktop_crm.ui.widgets.field_form import FieldForm

KIND, TEXT, ATTRIBUTE = range(3)
NEW = -1  # the chooser's entry for a questionnaire not saved yet


class QuestionsTable(QTableWidget):
    """Questions as rows: the kind (a combo box), the text, and the attribute of a rating."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 3, parent)
        self.setHorizontalHeaderLabels([_("Kind"), _("Question"), _("Attribute")])
        self.setToolTip(
            _("The attribute of a rating (quality, price…) groups the answers in reports.")
        )
        header = self.horizontalHeader()
        header.setSectionResizeMode(KIND, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ATTRIBUTE, QHeaderView.ResizeMode.Interactive)
        self.setColumnWidth(ATTRIBUTE, 120)
        self.verticalHeader().setVisible(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.setMinimumHeight(240)

    def set_questions(self, questions: tuple[Question, ...]) -> None:
        self.setRowCount(0)
        for question in questions:
            self.add_question(question)

    def questions(self) -> list[Question]:
        result = []
        for row in range(self.rowCount()):
            kind = self.kind(row)
            attribute = self._text(row, ATTRIBUTE) if kind is QuestionKind.RATING else ""
            result.append(Question(kind, self._text(row, TEXT), attribute))
        return result

    def add_question(self, question: Question) -> int:
        row = self.rowCount()
        self.insertRow(row)
        combo = QComboBox(self)
        for kind in QuestionKind:
            combo.addItem(question_kind_label(kind), str(kind))
        combo.setCurrentIndex(combo.findData(str(question.kind)))
        combo.currentIndexChanged.connect(lambda _index: self._kind_changed(combo))
        self.setCellWidget(row, KIND, combo)
        self.setItem(row, TEXT, QTableWidgetItem(question.text))
        self.setItem(row, ATTRIBUTE, QTableWidgetItem(question.attribute))
        self._update_attribute(row)
        return row

    def kind(self, row: int) -> QuestionKind:
        return QuestionKind(str(self.kind_combo(row).currentData()))

    def kind_combo(self, row: int) -> QComboBox:
        combo = self.cellWidget(row, KIND)
        assert isinstance(combo, QComboBox)  # every row gets one in add_question
        return combo

    def swap(self, first: int, second: int) -> None:
        """Exchange two rows (moving a question up or down)."""
        for col in (TEXT, ATTRIBUTE):
            a, b = self.takeItem(first, col), self.takeItem(second, col)
            self.setItem(first, col, b)
            self.setItem(second, col, a)
        combo_a, combo_b = self.kind_combo(first), self.kind_combo(second)
        index_a, index_b = combo_a.currentIndex(), combo_b.currentIndex()
        combo_a.setCurrentIndex(index_b)
        combo_b.setCurrentIndex(index_a)
        self._update_attribute(first)
        self._update_attribute(second)

    def _kind_changed(self, combo: QComboBox) -> None:
        row = next(r for r in range(self.rowCount()) if self.cellWidget(r, KIND) is combo)
        self._update_attribute(row)

    def _update_attribute(self, row: int) -> None:
        """Only ratings measure an attribute; the cell of other kinds is greyed out."""
        item = self.item(row, ATTRIBUTE)
        if item is None:
            return
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if self.kind(row) is QuestionKind.RATING:
            flags |= Qt.ItemFlag.ItemIsEditable
        else:
            flags = Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags)

    def _text(self, row: int, col: int) -> str:
        item = self.item(row, col)
        return item.text() if item is not None else ""


class QuestionnaireSection(QWidget):
    """Choose a questionnaire, edit its name, title and questions, save a new version."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record: QuestionnaireVersionRecord | None = None  # None: a new questionnaire
        self.chooser = QComboBox(self)
        self.chooser.setMinimumWidth(220)
        self.new_button = QPushButton(_("&New questionnaire"), self)
        self.name = QLineEdit(self)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(_("Printed at the top of the card"))
        self.version = QLabel(self)
        self.version.setObjectName("questionnaire_version")
        self.version.setStyleSheet("color: #555;")
        self.questions = QuestionsTable(self)
        self.add_button = QPushButton(_("&Add question"), self)
        self.remove_button = QPushButton(_("Remove"), self)
        self.up_button = QPushButton(_("Move &up"), self)
        self.down_button = QPushButton(_("Move do&wn"), self)
        questions_box = QWidget(self)
        questions_column = QVBoxLayout(questions_box)
        questions_column.setContentsMargins(0, 0, 0, 0)
        questions_column.addWidget(self.questions, 1)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        questions_column.addLayout(buttons)

        self.form = FieldForm(self)
        self.form.add_row("name", _("Na&me"), self.name)
        self.form.add_row("title", _("&Heading"), self.title)
        self.form.add_widget(self.version)
        self.form.add_row("questions", _("&Questions"), questions_box)
        self.form.finish()

        heading = QLabel(_("Comment card questions"), self)
        heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        choose_label = QLabel(_("Questionnai&re"), self)
        choose_label.setBuddy(self.chooser)
        top = QHBoxLayout()
        top.addWidget(choose_label)
        top.addWidget(self.chooser)
        top.addWidget(self.new_button)
        top.addStretch(1)
        self.save_row = SaveRow(_("&Save questionnaire"), "questionnaire_saved", self)
        self.save_button = self.save_row.button
        self.saved = self.save_row.saved
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(top)
        layout.addWidget(self.form, 1)
        layout.addLayout(self.save_row)

        self.chooser.currentIndexChanged.connect(self._chosen)
        self.new_button.clicked.connect(self.new_questionnaire)
        self.add_button.clicked.connect(self.add_question)
        self.remove_button.clicked.connect(self.remove_question)
        self.up_button.clicked.connect(lambda: self.move_question(-1))
        self.down_button.clicked.connect(lambda: self.move_question(1))
        self.save_button.clicked.connect(self.save)
        self.load()

    # --- choosing

    def load(self, questionnaire_id: int | None = None) -> None:
        """List the questionnaires and show ``questionnaire_id`` (the first when None)."""
        summaries = self.ctx.shop.questionnaires.summaries()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for summary in summaries:
            self.chooser.addItem(summary.name, summary.id)
        index = self.chooser.findData(questionnaire_id) if questionnaire_id is not None else 0
        self.chooser.setCurrentIndex(max(0, index))
        self.chooser.blockSignals(False)
        self.show_record(self.ctx.shop.questionnaires.current(int(self.chooser.currentData())))

    def show_record(self, record: QuestionnaireVersionRecord) -> None:
        self.record = record
        self.name.setText(record.name)
        self.title.setText(record.title)
        self.version.setText(
            _("Version {number} — cards already printed keep their version.").format(
                number=record.version
            )
        )
        self.questions.set_questions(record.questions)
        self.form.clear_errors()
        self.saved.clear()

    def new_questionnaire(self) -> None:
        self.record = None
        self.chooser.blockSignals(True)
        self.chooser.addItem(_("New questionnaire"), NEW)
        self.chooser.setCurrentIndex(self.chooser.count() - 1)
        self.chooser.blockSignals(False)
        self.name.setText(_("New questionnaire"))
        self.title.clear()
        self.version.setText(_("Not saved yet."))
        self.questions.set_questions((Question(QuestionKind.RATING, ""),))
        self.form.clear_errors()
        self.saved.clear()
        self.name.setFocus()
        self.name.selectAll()

    def _chosen(self, _index: int) -> None:
        chosen = self.chooser.currentData()
        if chosen is None or chosen == NEW:
            return
        new_entry = self.chooser.findData(NEW)
        if new_entry >= 0:  # leaving an unsaved new questionnaire drops it
            self.chooser.blockSignals(True)
            self.chooser.removeItem(new_entry)
            self.chooser.blockSignals(False)
        self.show_record(self.ctx.shop.questionnaires.current(int(chosen)))

    # --- editing

    def add_question(self) -> None:
        row = self.questions.add_question(Question(QuestionKind.RATING, ""))
        self.questions.setCurrentCell(row, TEXT)
        self.questions.edit(self.questions.currentIndex())

    def remove_question(self) -> None:
        row = self.questions.currentRow()
        if row >= 0:
            self.questions.removeRow(row)

    def move_question(self, step: int) -> None:
        row = self.questions.currentRow()
        other = row + step
        if row < 0 or not 0 <= other < self.questions.rowCount():
            return
        self.questions.swap(row, other)
        self.questions.setCurrentCell(other, self.questions.currentColumn())

    def save(self) -> bool:
        before = self.record
        try:
            record = self.ctx.shop.questionnaires.save(
                before.questionnaire_id if before is not None else None,
                self.name.text(),
                self.title.text(),
                self.questions.questions(),
            )
        except ValidationError as exc:
            self.form.show_error(exc.field, error_text(exc))
            self.saved.clear()
            row = exc.params.get("number")
            if isinstance(row, int):  # "Question 3 has no text": take the user there
                self.questions.setCurrentCell(row - 1, TEXT)
            return False
        self.load(record.questionnaire_id)
        if before is not None and before.version == record.version:
            self.saved.setText(_("Saved. The questions did not change, so the version stays."))
        else:
            self.saved.setText(_("Saved as version {number}.").format(number=record.version))
        self.ctx.bus.company_changed.emit()
        return True
