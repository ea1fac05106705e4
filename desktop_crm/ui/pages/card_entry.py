"""Typing returned comment cards back in, keyboard only, in well under 30 seconds a card.

The card's code (typed or scanned) and Enter bring up its questions; each scale question takes
one key and moves on by itself, open answers take a line and Enter; Ctrl+Enter saves and goes
back to the code for the next card. The recommend question (0–10) needs two keys only for 10:
a "1" waits a moment for a "0" — Enter (or any other key, or the pause) keeps the 1.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.card_numbers import display_code
from desktop_crm.domain.errors import CrmError, NotFoundError, ValidationError
from desktop_crm.domain.questionnaires import SCALES, Question, QuestionKind
from desktop_crm.i18n import _, current_language
from desktop_crm.services.feedback import (
    AnswerDraft,
    RecordedResponse,
    ResponseDraft,
    ResponseSource,
)
from desktop_crm.services.feedback import CardEntry as CardRecord
from desktop_crm.services.questionnaires import starter_in_language
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.follow_up_dialog import FollowUpBar
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate

NPS_WAIT_MS = 700  # how long a "1" on the recommend question waits for a "0"
ERROR_STYLE = "color: #c62828;"
SCALE_KINDS = (QuestionKind.RATING, QuestionKind.NPS, QuestionKind.EFFORT, QuestionKind.YES_NO)
DIGIT_KEYS = {getattr(Qt.Key, f"Key_{n}"): str(n) for n in range(10)}


def yes_keys() -> set[str]:
    # Translators: the key typed for "Yes" when a card's answers are typed in.
    return {"y", _("y").casefold()}


def no_keys() -> set[str]:
    # Translators: the key typed for "No" when a card's answers are typed in.
    return {"n", _("n").casefold()}


def scale_hint(kind: QuestionKind) -> str:
    if kind is QuestionKind.YES_NO:
        return _("y / n")
    if kind is QuestionKind.OPEN:
        return _("text, Enter")
    low, high = SCALES[kind]
    return f"{low}–{high}"


def key_text(event: QKeyEvent) -> str:
    """The character a key gives, also when a test or a scanner sends only the key code."""
    if event.text():
        return event.text()
    return DIGIT_KEYS.get(Qt.Key(event.key()), "")


class AnswerField(QLineEdit):
    """One question's answer. Scale questions take a single key and say they are complete."""

    completed = Signal()  # the answer is in: go to the next question
    previous = Signal()  # Up, or Backspace on an empty answer
    following = Signal()  # Down
    carried = Signal(str)  # a key typed after a recommend "1": it belongs to the next question
    problem = Signal(str)  # a key outside the scale; "" once the answer is good again

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.kind = question.kind
        self.setProperty("answer", True)
        self._waiting = QTimer(self)  # a recommend "1" waiting for a "0"
        self._waiting.setSingleShot(True)
        self._waiting.setInterval(NPS_WAIT_MS)
        self._waiting.timeout.connect(self.completed.emit)
        if self.kind in SCALE_KINDS:
            self.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.setMaximumWidth(64)
            self.setReadOnly(False)

    def score(self) -> int | None:
        text = self.text()
        if self.kind is QuestionKind.YES_NO:
            return {_("Yes"): 1, _("No"): 0}.get(text)
        if self.kind in SCALE_KINDS and text.isdigit():
            return int(text)
        return None

    def answer_text(self) -> str:
        return self.text().strip() if self.kind is QuestionKind.OPEN else ""

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._waiting.stop()  # the "1" stays a 1
        super().focusOutEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            super().keyPressEvent(event)
            return
        if key == Qt.Key.Key_Up:
            self.previous.emit()
            return
        if key == Qt.Key.Key_Down:
            self.following.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._waiting.stop()
            self.completed.emit()
            return
        if self.kind is QuestionKind.OPEN:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._waiting.stop()
            if self.text():
                self.clear()
                self.problem.emit("")
            elif key == Qt.Key.Key_Backspace:
                self.previous.emit()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
            super().keyPressEvent(event)  # focus moves on; Esc goes to the card entry
            return
        char = key_text(event).casefold()
        if char:
            self._typed(char)
            return
        super().keyPressEvent(event)

    def _typed(self, char: str) -> None:
        if self.kind is QuestionKind.YES_NO:
            if char in yes_keys() or char == "1":
                self._answer(_("Yes"))
            elif char in no_keys() or char == "0":
                self._answer(_("No"))
            else:
                self.problem.emit(_("Type y for yes or n for no."))
            return
        if not char.isdigit() or not char.isascii():
            self.problem.emit(self._range_text())
            return
        if self.kind is QuestionKind.NPS:
            if self._waiting.isActive():
                self._waiting.stop()
                if char == "0":
                    self._answer("10")
                else:
                    self.completed.emit()  # the 1 stays; this key is the next answer's
                    self.carried.emit(char)
                return
            if char == "1":
                self.setText("1")
                self.problem.emit("")
                self._waiting.start()
                return
            self._answer(char)
            return
        low, high = SCALES[self.kind]
        if not low <= int(char) <= high:
            self.problem.emit(self._range_text())
            return
        self._answer(char)

    def _answer(self, text: str) -> None:
        self.setText(text)
        self.problem.emit("")
        self.completed.emit()

    def _range_text(self) -> str:
        low, high = SCALES[self.kind]
        return _("Type a number from {low} to {high}.").format(low=low, high=high)

    def type_carried(self, char: str) -> None:
        """A key typed on the question before (after a recommend "1") answers this one."""
        if self.kind is QuestionKind.OPEN:
            self.insert(char)
        else:
            self._typed(char)


class RowHint(QLabel):
    """Beside an answer: the keys it takes, or in red what is wrong with what was typed."""

    def __init__(self, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(hint, parent)
        self.hint = hint
        self.show_problem("")

    def show_problem(self, text: str) -> None:
        self.setText(text or self.hint)
        self.setStyleSheet(ERROR_STYLE if text else "color: #888;")

    def problem(self) -> str:
        return "" if self.text() == self.hint else self.text()


class CardEntryPanel(QWidget):
    """The card code, the card's questions as a compact grid, save with Ctrl+Enter."""

    saved = Signal(int)  # the response's id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.card: CardRecord | None = None
        self.fields: list[AnswerField] = []
        self.row_hints: list[RowHint] = []

        title = QLabel(_("Enter a returned card"), self)
        title.setStyleSheet("font-size: 15px; font-weight: 600;")
        self.code = QLineEdit(self)
        self.code.setObjectName("card_code")
        self.code.setPlaceholderText(_("Card number, e.g. 000123-0"))
        self.code.setMinimumWidth(250)
        self.code.setMaximumWidth(250)
        self.code.setStyleSheet("font-size: 16px; font-family: monospace;")
        self.code_error = QLabel(self)
        self.code_error.setObjectName("card_error")
        self.code_error.setStyleSheet(ERROR_STYLE)
        self.code_error.setWordWrap(True)
        self.responded_on = QDateEdit(self)
        self.responded_on.setObjectName("responded_on")
        self.responded_on.setCalendarPopup(True)
        self.responded_on.setDisplayFormat("yyyy-MM-dd")  # as the other date fields
        self.responded_on.setDate(to_qdate(ctx.today()))
        self._dated_today = ctx.today()  # the day put in the date field by itself
        self.customer = QLabel(self)
        self.customer.setObjectName("card_customer")
        self.customer.setStyleSheet("font-weight: 600;")
        self.version = QLabel(self)
        self.version.setObjectName("card_version")
        self.version.setStyleSheet("color: #666;")

        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(10)
        self.grid.setVerticalSpacing(4)
        self.grid.setColumnStretch(1, 1)
        self.answers_area = QScrollArea(self)
        self.answers_area.setWidgetResizable(True)
        self.answers_area.setFrameShape(QFrame.Shape.NoFrame)
        self.answers_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.answers_area.setWidget(self.grid_host)
        self.answers_area.viewport().setAutoFillBackground(False)
        self.grid_host.setAutoFillBackground(False)
        # The question being answered stands out: the eye finds it after looking at the card.
        self.grid_host.setStyleSheet(
            "QLineEdit[answer='true'] { padding: 2px; border: 1px solid #b0bec5;"
            " border-radius: 3px; background: white; }"
            "QLineEdit[answer='true']:focus { background: #fff8c4; border: 2px solid #f9a825; }"
        )

        self.hint = QLabel(
            _(
                "Type or scan the card's number and press Enter. Then one key per answer: "
                "1–5 for ratings, 0–10 to recommend (10 is 1 then 0; for 1 press Enter), "
                "y or n for yes/no; after an open answer press Enter. Enter alone skips a "
                "question, Up goes back. Ctrl+Enter saves; Esc starts the card over."
            ),
            self,
        )
        self.hint.setObjectName("card_hint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666;")
        self.save_button = QPushButton(_("Save card"), self)
        self.save_button.setObjectName("save_card")
        self.save_button.setToolTip(_("Ctrl+Enter"))
        self.save_button.setAutoDefault(True)
        self.clear_button = QPushButton(_("Start over"), self)
        self.clear_button.setToolTip(_("Esc"))
        self.status = QLabel(self)
        self.status.setObjectName("card_status")
        self.status.setStyleSheet("color: #2e7d32; font-weight: 600;")
        self.follow_up = FollowUpBar(ctx, self)

        code_row = QHBoxLayout()
        code_row.addWidget(QLabel(_("Card:"), self))
        code_row.addWidget(self.code)
        code_row.addWidget(self.code_error, 1)
        code_row.addWidget(QLabel(_("Returned on:"), self))
        code_row.addWidget(self.responded_on)
        who_row = QHBoxLayout()
        who_row.addWidget(self.customer)
        who_row.addStretch(1)
        who_row.addWidget(self.version)
        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.clear_button)
        actions.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(code_row)
        layout.addLayout(who_row)
        layout.addWidget(self.answers_area, 1)
        layout.addLayout(actions)
        layout.addWidget(self.follow_up)
        layout.addWidget(self.hint)

        self.code.returnPressed.connect(self.open_card)
        self.code.textEdited.connect(lambda _t: self.code_error.clear())
        self.save_button.clicked.connect(self.save)
        self.clear_button.clicked.connect(self.start_over)
        self.follow_up.done.connect(self._follow_up_done)
        for widget in (self.code, self.responded_on, self.save_button, self.clear_button):
            widget.installEventFilter(self)
        self._show_card(None)

    # --- keys shared by every field: Ctrl+Enter saves, Esc starts over
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and ctrl:
                self.save()
                return True
            if key == Qt.Key.Key_Escape and self.card is not None:
                self.start_over()
                return True
        return super().eventFilter(watched, event)

    def focus_code(self) -> None:
        self.code.setFocus()
        self.code.selectAll()

    # --- the card
    def open_card(self) -> None:
        """Look the typed code up and show the card's questions, or say what is wrong."""
        text = self.code.text().strip()
        if not text:
            return
        try:
            card = self.ctx.shop.feedback.card_entry(text)
        except (ValidationError, NotFoundError) as exc:
            self._code_problem(error_text(exc))
            return
        if card.answered:
            self._code_problem(
                _("Card {code} was already entered.").format(code=display_code(card.number))
            )
            return
        self.code_error.clear()
        self.status.clear()
        self._follow_the_day()
        self._show_card(card)
        self.code.setText(display_code(card.number))
        if self.fields:
            self.fields[0].setFocus()

    def _follow_the_day(self) -> None:
        """Left open overnight, the date moves on to today unless it was set by hand."""
        today = self.ctx.today()
        if self.responded_on.date() == to_qdate(self._dated_today) and today != self._dated_today:
            self.responded_on.setDate(to_qdate(today))
        self._dated_today = today

    def _code_problem(self, text: str) -> None:
        self._show_card(None)
        self.code_error.setText(text)
        self.focus_code()

    def _show_card(self, card: CardRecord | None) -> None:
        self.card = card
        for field in self.fields:
            field.removeEventFilter(self)
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.fields = []
        self.row_hints = []
        self.save_button.setEnabled(card is not None)
        if card is None:
            self.customer.setText("")
            self.version.setText("")
            return
        self.customer.setText(
            card.customer_name if card.customer_id is not None else _("Anonymous card")
        )
        version = starter_in_language(card.version, current_language())
        self.version.setText(
            _("{name}, version {version}").format(name=version.name, version=version.version)
        )
        for position, question in enumerate(version.questions):
            self._add_row(position, question)
        self.grid.setRowStretch(len(version.questions), 1)

    def _add_row(self, position: int, question: Question) -> None:
        host = self.grid_host
        number = QLabel(f"{position + 1}.", host)
        number.setStyleSheet("color: #888;")
        text = QLabel(question.text, host)
        text.setWordWrap(True)
        field = AnswerField(question, host)
        field.setObjectName(f"answer_{position + 1}")
        hint = RowHint(scale_hint(question.kind), host)
        hint.setObjectName(f"answer_hint_{position + 1}")
        self.grid.addWidget(number, position, 0)
        self.grid.addWidget(text, position, 1)
        if question.kind is QuestionKind.OPEN:
            field.setMinimumWidth(200)
            self.grid.addWidget(field, position, 2)
        else:
            self.grid.addWidget(field, position, 2, Qt.AlignmentFlag.AlignLeft)
        self.grid.addWidget(hint, position, 3)
        for widget in (number, text, field, hint):
            widget.show()  # the layout would show them only later: the first takes the focus
        field.installEventFilter(self)
        field.completed.connect(lambda at=position: self._go_to(at + 1))
        field.previous.connect(lambda at=position: self._go_to(at - 1))
        field.following.connect(lambda at=position: self._go_to(at + 1))
        field.carried.connect(lambda char, at=position: self._carry(at + 1, char))
        field.problem.connect(hint.show_problem)
        self.fields.append(field)
        self.row_hints.append(hint)

    def _go_to(self, position: int) -> None:
        if not self.fields:
            return
        if position >= len(self.fields):
            self.save_button.setFocus()  # Enter there (or Ctrl+Enter anywhere) saves
            return
        field = self.fields[max(0, position)]
        field.setFocus()
        field.selectAll()
        self.answers_area.ensureWidgetVisible(field)

    def _carry(self, position: int, char: str) -> None:
        if position < len(self.fields):
            self.fields[position].type_carried(char)

    def answers(self) -> tuple[AnswerDraft, ...]:
        """The answers typed so far; skipped questions are left out."""
        drafts = []
        for position, field in enumerate(self.fields):
            score, text = field.score(), field.answer_text()
            if score is not None or text:
                drafts.append(AnswerDraft(position, score, text))
        return tuple(drafts)

    def responded_day(self) -> date:
        return from_qdate(self.responded_on.date())

    # --- saving
    def save(self) -> RecordedResponse | None:
        """Store the card's answers; then the code field is ready for the next card."""
        card = self.card
        if card is None:
            if self.code.text().strip():
                self.open_card()
            else:
                self.focus_code()
            return None
        for hint in self.row_hints:
            hint.show_problem("")
        answers = self.answers()
        if not answers:
            self.status.clear()
            self.code_error.setText(_("Type at least one answer."))
            self._go_to(0)
            return None
        draft = ResponseDraft(
            version_id=card.version.id,
            answers=answers,
            source=ResponseSource.CARD,
            responded_on=self.responded_day(),
            customer_id=card.customer_id,
            card_number=card.number,
            staff_id=self.ctx.current_staff_id(),
        )
        try:
            recorded = self.ctx.shop.feedback.record(draft)
        except ValidationError as exc:
            self._save_problem(exc)
            return None
        except CrmError as exc:
            self.code_error.setText(error_text(exc))
            return None
        code = display_code(card.number)
        self._show_card(None)
        self.code.clear()
        self.code_error.clear()
        self.status.setText(_("Saved card {code}").format(code=code))
        if recorded.follow_up is not None:
            self.follow_up.offer(recorded.id, recorded.follow_up, card.customer_name)
        self.ctx.bus.feedback_changed.emit()
        if card.customer_id is not None:
            self.ctx.bus.customer_changed.emit(card.customer_id)
        self.saved.emit(recorded.id)
        self.focus_code()
        return recorded

    def _save_problem(self, exc: ValidationError) -> None:
        number = exc.params.get("number")
        if exc.field == "answers" and isinstance(number, int) and 0 < number <= len(self.fields):
            self.row_hints[number - 1].show_problem(error_text(exc))
            self._go_to(number - 1)
            return
        self.code_error.setText(error_text(exc))
        if exc.field == "card":
            self.focus_code()

    def start_over(self) -> None:
        """Drop the card being typed (nothing was stored) and wait for a card number."""
        self._show_card(None)
        self.code_error.clear()
        self.focus_code()

    def _follow_up_done(self, text: str) -> None:
        if text:
            self.status.setText(text)
        self.focus_code()
