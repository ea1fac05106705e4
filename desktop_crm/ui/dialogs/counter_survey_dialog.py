"""The survey a customer fills in on screen at the counter: kiosk-style, one question a screen.

Big type and big buttons, because the customer is handed the screen (or the tablet) without
instructions. The staff picks the questionnaire and, if the customer agrees, who they are
before handing over; the rest needs no keyboard.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.domain.questionnaires import SCALES, Question, QuestionKind
from desktop_crm.i18n import _, current_language
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.services.feedback import (
    AnswerDraft,
    RecordedResponse,
    ResponseDraft,
    ResponseSource,
)
from desktop_crm.services.questionnaires import QuestionnaireVersionRecord, starter_in_language
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.search_box import SearchBox

CUSTOMER_MATCHES = 20
BIG = 22  # point size of the question and the buttons
STYLE = (
    "QPushButton[score='true'] { font-size: 26px; min-width: 72px; min-height: 72px;"
    " border: 2px solid #90a4ae; border-radius: 10px; background: #fafafa; }"
    "QPushButton[score='true']:checked { background: #1565c0; color: white;"
    " border-color: #0d47a1; }"
    "QPushButton[nav='true'] { font-size: 20px; min-height: 52px; min-width: 150px;"
    " padding: 0 18px; }"
)


def end_labels(kind: QuestionKind) -> tuple[str, str]:
    """The words at the two ends of a scale (as printed on the cards)."""
    if kind is QuestionKind.NPS:
        return _("Not at all likely"), _("Extremely likely")
    if kind is QuestionKind.EFFORT:
        return _("Very difficult"), _("Very easy")
    return _("Poor"), _("Excellent")


class QuestionScreen(QWidget):
    """One question: its text and big buttons (or a text box for an open question)."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.text_box: QPlainTextEdit | None = None
        self.progress = QLabel(self)
        self.progress.setStyleSheet("color: #607d8b; font-size: 16px;")
        text = QLabel(question.text, self)
        text.setObjectName("question_text")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(text.font())
        font.setPointSize(BIG + 4)
        font.setBold(True)
        text.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(text)
        layout.addSpacing(28)
        if question.kind is QuestionKind.OPEN:
            self.text_box = QPlainTextEdit(self)
            self.text_box.setObjectName("open_answer")
            self.text_box.setPlaceholderText(_("Write here (optional)"))
            box_font = QFont(self.text_box.font())
            box_font.setPointSize(BIG)
            self.text_box.setFont(box_font)
            self.text_box.setMinimumHeight(160)
            layout.addWidget(self.text_box)
        elif question.kind is QuestionKind.YES_NO:
            choices = [(_("Yes"), 1), (_("No"), 0)]
            layout.addWidget(self._scale(choices, None), 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            low, high = SCALES[question.kind]
            choices = [(str(n), n) for n in range(low, high + 1)]
            ends = end_labels(question.kind)
            layout.addWidget(self._scale(choices, ends), 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def _scale(self, choices: list[tuple[str, int]], ends: tuple[str, str] | None) -> QWidget:
        """The big buttons in a row, the scale's end words under its first and last button."""
        scale = QWidget(self)
        column = QVBoxLayout(scale)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.setSpacing(12)
        for caption, value in choices:
            button = QPushButton(caption, scale)
            button.setObjectName(f"score_{value}")
            button.setProperty("score", True)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if ends is None:
                button.setMinimumWidth(200)
            self.buttons.addButton(button, value)
            row.addWidget(button)
        column.addLayout(row)
        if ends is not None:
            words = QHBoxLayout()
            for word, align in (
                (ends[0], Qt.AlignmentFlag.AlignLeft),
                (ends[1], Qt.AlignmentFlag.AlignRight),
            ):
                label = QLabel(word, scale)
                label.setStyleSheet("color: #546e7a; font-size: 17px;")
                words.addWidget(label, 1, align)
            column.addLayout(words)
        return scale

    def button(self, value: int) -> QPushButton:
        found = self.buttons.button(value)
        assert isinstance(found, QPushButton)
        return found

    def score(self) -> int | None:
        value = self.buttons.checkedId()
        return None if value < 0 or self.question.kind is QuestionKind.OPEN else value

    def answer_text(self) -> str:
        return self.text_box.toPlainText().strip() if self.text_box is not None else ""


class CounterSurveyDialog(QDialog):
    """Staff set it up on the first screen; the customer answers; Finish stores the answers."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.recorded: RecordedResponse | None = None
        self.customer_name = ""  # of the stored response; "" when anonymous
        self.recorded_customer_id: int | None = None
        self.version: QuestionnaireVersionRecord | None = None
        self.screens: list[QuestionScreen] = []
        self.setWindowTitle(_("Counter survey"))
        self.setStyleSheet(STYLE)

        self.stack = QStackedWidget(self)
        self.setup = self._setup_screen()
        self.stack.addWidget(self.setup)
        self.thanks = QLabel(_("Thank you!"), self)
        self.thanks.setObjectName("thanks")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        thanks_font = QFont(self.thanks.font())
        thanks_font.setPointSize(BIG * 2)
        thanks_font.setBold(True)
        self.thanks.setFont(thanks_font)
        self.stack.addWidget(self.thanks)

        self.error = QLabel(self)
        self.error.setObjectName("survey_error")
        self.error.setStyleSheet("color: #c62828; font-size: 16px;")
        self.error.setWordWrap(True)
        self.back_button = QPushButton(_("Back"), self)
        self.next_button = QPushButton(_("Next"), self)
        self.finish_button = QPushButton(_("Finish"), self)
        self.close_button = QPushButton(_("Close"), self)
        for button in (self.back_button, self.next_button, self.finish_button, self.close_button):
            button.setProperty("nav", True)
            button.setAutoDefault(False)
        self.finish_button.setObjectName("finish")
        nav = QHBoxLayout()
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.close_button)
        nav.addWidget(self.next_button)
        nav.addWidget(self.finish_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 20, 28, 20)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.error)
        layout.addLayout(nav)

        self.back_button.clicked.connect(lambda: self.go(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(self.next)
        self.finish_button.clicked.connect(self.finish)
        self.close_button.clicked.connect(self._close)
        self.resize(980, 680)
        self._update_buttons()

    # --- the staff's screen
    def _setup_screen(self) -> QWidget:
        screen = QWidget(self)
        heading = QLabel(_("Before handing over"), screen)
        heading.setStyleSheet("font-size: 24px; font-weight: 700;")
        note = QLabel(
            _(
                "Choose the questionnaire and, if the customer agrees, who they are "
                "(leave it at “Anonymous” otherwise). Then press Next and hand the screen over."
            ),
            screen,
        )
        note.setWordWrap(True)
        note.setStyleSheet("font-size: 16px; color: #455a64;")
        self.questionnaire = QComboBox(screen)
        self.questionnaire.setObjectName("questionnaire")
        try:
            for summary in self.ctx.shop.questionnaires.summaries():
                self.questionnaire.addItem(summary.name, summary.id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Counter survey"), error_text(exc))
        self.customer_search = SearchBox(_("Customer: name, phone or email"), screen)
        self.customer_search.setObjectName("survey_customer_search")
        self.customer = QComboBox(screen)
        self.customer.setObjectName("survey_customer")
        self.customer.setMinimumContentsLength(24)
        self.customer.addItem(_("Anonymous"), None)
        self.customer_search.search_changed.connect(self._find_customers)
        # The same form serves a follow-up call: the staff reads the questions out.
        self.source = QComboBox(screen)
        self.source.setObjectName("survey_source")
        self.source.addItem(_("At the counter"), ResponseSource.COUNTER)
        self.source.addItem(_("Follow-up call"), ResponseSource.CALL)
        form = QFormLayout()
        form.addRow(_("Questionnaire:"), self.questionnaire)
        form.addRow(_("Asked:"), self.source)
        form.addRow(_("Find the customer:"), self.customer_search)
        form.addRow(_("Customer:"), self.customer)
        layout = QVBoxLayout(screen)
        layout.addWidget(heading)
        layout.addWidget(note)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addStretch(1)
        return screen

    def _find_customers(self, text: str) -> None:
        self.customer.clear()
        self.customer.addItem(_("Anonymous"), None)
        if text.strip():
            rows = self.ctx.shop.customers.list_page(CustomerQuery(text=text), 0, CUSTOMER_MATCHES)
            for row in rows:
                self.customer.addItem(row.name, row.id)
        # Only a single match is taken for the staff; with several they pick the right one.
        self.customer.setCurrentIndex(1 if self.customer.count() == 2 else 0)

    def customer_id(self) -> int | None:
        data = self.customer.currentData()
        return None if data is None else int(data)

    # --- the customer's screens
    def _build_questions(self) -> bool:
        """The screens of the chosen questionnaire (again only when another one was chosen)."""
        questionnaire_id = self.questionnaire.currentData()
        if questionnaire_id is None:
            self.error.setText(_("There is no questionnaire to ask."))
            return False
        try:
            version = self.ctx.shop.questionnaires.current(int(questionnaire_id))
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return False
        if self.version is not None and self.version.id == version.id:
            return True
        for screen in self.screens:
            self.stack.removeWidget(screen)
            screen.deleteLater()
        self.version = version
        shown = starter_in_language(version, current_language())
        self.screens = [QuestionScreen(question, self.stack) for question in shown.questions]
        for number, screen in enumerate(self.screens, start=1):
            screen.progress.setText(
                _("Question {number} of {count}").format(number=number, count=len(self.screens))
            )
            self.stack.insertWidget(number, screen)
        return True

    def next(self) -> None:
        self.error.clear()
        if self.stack.currentWidget() is self.setup and not self._build_questions():
            return
        self.go(self.stack.currentIndex() + 1)

    def go(self, index: int) -> None:
        if 0 <= index <= len(self.screens):
            self.error.clear()
            self.stack.setCurrentIndex(index)
        self._update_buttons()

    def current_screen(self) -> QuestionScreen | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, QuestionScreen) else None

    def _update_buttons(self) -> None:
        index = self.stack.currentIndex()
        done = self.stack.currentWidget() is self.thanks
        last = bool(self.screens) and index == len(self.screens)
        # Not back from the first question: the setup screen (customers' names) is staff-only.
        self.back_button.setVisible(not done and index > 1)
        self.next_button.setVisible(not done and not last)
        self.finish_button.setVisible(not done and last)
        self.close_button.setVisible(done or index == 0)
        self.close_button.setText(_("Close") if done else _("Cancel"))

    # --- storing
    def answers(self) -> tuple[AnswerDraft, ...]:
        drafts = []
        for position, screen in enumerate(self.screens):
            score, text = screen.score(), screen.answer_text()
            if score is not None or text:
                drafts.append(AnswerDraft(position, score, text))
        return tuple(drafts)

    def finish(self) -> None:
        """Store the answers (asked at the counter or on a call) and thank the customer."""
        if self.version is None:
            return
        answers = self.answers()
        if not answers:
            self.error.setText(_("Please answer at least one question."))
            return
        customer_id = self.customer_id()
        draft = ResponseDraft(
            version_id=self.version.id,
            answers=answers,
            source=ResponseSource(self.source.currentData()),
            responded_on=self.ctx.today(),
            customer_id=customer_id,
            staff_id=self.ctx.current_staff_id(),
        )
        try:
            self.recorded = self.ctx.shop.feedback.record(draft)
        except CrmError as exc:
            number = exc.params.get("number")
            if isinstance(number, int) and 0 < number <= len(self.screens):
                self.go(number)
            self.error.setText(error_text(exc))
            return
        self.recorded_customer_id = customer_id
        self.customer_name = self.customer.currentText() if customer_id is not None else ""
        self.stack.setCurrentWidget(self.thanks)
        self._update_buttons()

    def _close(self) -> None:
        if self.recorded is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Esc or the window's close button: answers given but not stored are only dropped
        once the staff confirm."""
        if (
            self.recorded is None
            and self.answers()
            and not self.ctx.prompts.confirm(
                _("Counter survey"),
                _("The customer's answers are not saved yet. Close without saving them?"),
                _("Close without saving"),
            )
        ):
            return
        super().reject()
