"""The Answers page: find a standard answer by a few words, see it filled in for the current
customer, copy it in one keystroke (Ctrl+Shift+C); managers write and edit them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _, ngettext
from desktop_crm.services.answers import AnswerRecord
from desktop_crm.services.customers import CustomerQuery
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.answer_dialog import LANGUAGE_CODES, AnswerDialog
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.search_box import SearchBox

CUSTOMER_MATCHES = 20
ANSWER_ID = Qt.ItemDataRole.UserRole


class AnswersPage(QWidget):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.customer_id: int | None = None
        self._starter_checked = False

        self.search = SearchBox(_("Find an answer: a few words"), self)
        self.search.setObjectName("answer_search")
        self.language = QComboBox(self)
        self.language.setObjectName("language_filter")
        for code in LANGUAGE_CODES:
            self.language.addItem(language_name(code) if code else _("Any language"), code)

        self.customer_search = SearchBox(_("Customer: name, phone or email"), self)
        self.customer_search.setObjectName("customer_search")
        self.customer = QComboBox(self)
        self.customer.setObjectName("customer_choice")
        self.customer.setMinimumContentsLength(20)
        self.customer.addItem(_("No customer"), None)

        self.answers = QListWidget(self)
        self.answers.setObjectName("answer_list")
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; padding: 12px;")
        self.preview_title = QLabel(self)
        self.preview_title.setObjectName("preview_title")
        self.preview_title.setStyleSheet("font-weight: 700; font-size: 14px;")
        self.preview_title.setWordWrap(True)
        self.preview = QPlainTextEdit(self)
        self.preview.setObjectName("preview")
        self.preview.setReadOnly(True)
        self.details = QLabel(self)
        self.details.setObjectName("answer_details")
        self.details.setStyleSheet("color: #555;")
        self.details.setWordWrap(True)

        self.log_on_timeline = QCheckBox(_("Log on the customer's timeline"), self)
        self.log_on_timeline.setObjectName("log_on_timeline")
        self.log_on_timeline.setChecked(True)
        self.copy_button = QPushButton(_("&Copy"), self)
        self.copy_button.setToolTip(_("Ctrl+Shift+C: copy the filled-in text"))
        self.new_button = QPushButton(_("&New answer…"), self)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.delete_button = QPushButton(_("&Delete"), self)
        self.status = QLabel(self)
        self.status.setObjectName("copy_status")
        self.status.setStyleSheet("color: #2e7d32;")

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.language)
        customer_row = QHBoxLayout()
        customer_row.addWidget(QLabel(_("For"), self))
        customer_row.addWidget(self.customer_search, 2)
        customer_row.addWidget(self.customer, 2)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.answers, 1)
        left_layout.addWidget(self.empty, 1)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_title)
        right_layout.addWidget(self.preview, 1)
        right_layout.addWidget(self.details)
        use_row = QHBoxLayout()
        use_row.addWidget(self.copy_button)
        use_row.addWidget(self.log_on_timeline)
        use_row.addStretch(1)
        use_row.addWidget(self.status)
        right_layout.addLayout(use_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(customer_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)

        self.search.search_changed.connect(lambda _t: self.reload())
        self.language.currentIndexChanged.connect(lambda _i: self.reload())
        self.customer_search.search_changed.connect(self._find_customers)
        self.customer.currentIndexChanged.connect(lambda _i: self._customer_chosen())
        self.answers.currentItemChanged.connect(lambda *_: self._show_selected())
        self.copy_button.clicked.connect(self.copy_selected)
        self.new_button.clicked.connect(self.new_answer)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.copy_selected)

        ctx.bus.customer_changed.connect(self._customer_changed)
        ctx.bus.current_staff_changed.connect(self._staff_changed)
        ctx.bus.staff_changed.connect(self._staff_changed)
        ctx.bus.settings_changed.connect(self._show_selected)

        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        # The starter set is loaded the first time anyone opens the page, not at start-up.
        if not self._starter_checked:
            self._starter_checked = True
            try:
                if self.ctx.shop.answers.ensure_starter_set():
                    self.reload()
            except (CrmError, OSError, ValueError) as exc:
                detail = error_text(exc) if isinstance(exc, CrmError) else str(exc)
                self.ctx.prompts.error(_("Answers"), detail)
        super().showEvent(event)

    # --- the list
    def reload(self) -> None:
        """List the answers matching the search, keeping the selected one when still listed."""
        selected = self.selected_id()
        records = self.ctx.shop.answers.search(
            self.search.text(), self.language.currentData() or None
        )
        self.answers.blockSignals(True)
        self.answers.clear()
        for record in records:
            item = QListWidgetItem(self._item_text(record))
            item.setData(ANSWER_ID, record.id)
            self.answers.addItem(item)
        self.answers.blockSignals(False)
        row = next((i for i, r in enumerate(records) if r.id == selected), 0 if records else -1)
        self.answers.setCurrentRow(row)
        self.answers.setVisible(bool(records))
        self.empty.setVisible(not records)
        self.empty.setText(
            _("No answer matches. Try fewer words or another language.")
            if self.search.text().strip() or self.language.currentData()
            else _("No answers yet. Write one with “New answer”.")
        )
        self._show_selected()

    @staticmethod
    def _item_text(record: AnswerRecord) -> str:
        used = ngettext("used {count} time", "used {count} times", record.use_count).format(
            count=record.use_count
        )
        language = f" [{record.language}]" if record.language else ""
        return f"{record.title}{language} — {used}"

    def selected_id(self) -> int | None:
        item = self.answers.currentItem()
        return None if item is None else int(item.data(ANSWER_ID))

    def visible_titles(self) -> list[str]:
        return [self.answers.item(i).text() for i in range(self.answers.count())]

    # --- the customer the answer is for
    def use_for_customer(self, customer_id: int | None) -> None:
        """Fill the answers in for this customer (other pages open the page preset)."""
        if customer_id is None:
            self.customer.setCurrentIndex(0)
            return
        try:
            name = self.ctx.shop.customers.get(customer_id).name
        except CrmError as exc:
            self.ctx.prompts.error(_("Answers"), error_text(exc))
            return
        at = self.customer.findData(customer_id)
        if at < 0:
            self.customer.addItem(name, customer_id)
            at = self.customer.count() - 1
        self.customer.setCurrentIndex(at)

    def _find_customers(self, text: str) -> None:
        chosen = self.customer_id
        self.customer.blockSignals(True)
        self.customer.clear()
        self.customer.addItem(_("No customer"), None)
        if text.strip():
            rows = self.ctx.shop.customers.list_page(CustomerQuery(text=text), 0, CUSTOMER_MATCHES)
            for row in rows:
                self.customer.addItem(row.name, row.id)
        self.customer.blockSignals(False)
        # Typing a name picks the best match at once; the list offers the others.
        at = 1 if self.customer.count() > 1 else max(0, self.customer.findData(chosen))
        self.customer.setCurrentIndex(at)
        self._customer_chosen()

    def _customer_chosen(self) -> None:
        data = self.customer.currentData()
        self.customer_id = None if data is None else int(data)
        self.log_on_timeline.setEnabled(self.customer_id is not None)
        self._show_selected()

    def _customer_changed(self, customer_id: int) -> None:
        if customer_id == self.customer_id:
            self._show_selected()

    def _staff_changed(self) -> None:
        self._show_selected()

    # --- the selected answer
    def filled_text(self) -> str:
        answer_id = self.selected_id()
        if answer_id is None:
            return ""
        return self.ctx.shop.answers.render(
            answer_id, self.customer_id, self.ctx.current_staff_id()
        )

    def _show_selected(self) -> None:
        answer_id = self.selected_id()
        record: AnswerRecord | None = None
        if answer_id is not None:
            try:
                record = self.ctx.shop.answers.get(answer_id)
            except CrmError:
                record = None
        self.copy_button.setEnabled(record is not None)
        if record is None:
            self.preview_title.setText("")
            self.preview.setPlainText("")
            self.details.setText("")
        else:
            self.preview_title.setText(record.title)
            self.preview.setPlainText(self.filled_text())
            tags = ", ".join(record.tags)
            self.details.setText(
                _("Language: {language}. Tags: {tags}").format(
                    language=language_name(record.language)
                    if record.language
                    else _("Any language"),
                    tags=tags or "—",
                )
            )
        self._update_edit_buttons(record is not None)

    def _edit_refusal(self) -> str | None:
        """Why the person at the keyboard may not edit answers, or None when they may."""
        staff = self.ctx.shop.staff.list(include_inactive=False)
        if not staff:
            return None  # no staff recorded: the owner works alone
        current = self.ctx.current_staff_id()
        member = next((m for m in staff if m.id == current), None)
        if member is None:
            return _("Choose who is at the keyboard: only a manager edits the answers.")
        if not member.is_manager:
            return _("Only a manager edits the answers; {name} is not one.").format(
                name=member.name
            )
        return None

    def _update_edit_buttons(self, selected: bool) -> None:
        refusal = self._edit_refusal()
        self.new_button.setEnabled(refusal is None)
        self.edit_button.setEnabled(refusal is None and selected)
        self.delete_button.setEnabled(refusal is None and selected)
        for button in (self.new_button, self.edit_button, self.delete_button):
            button.setToolTip(refusal or "")

    # --- actions
    def copy_selected(self) -> None:
        """Copy the filled-in text to the clipboard and count the use (logged when asked)."""
        answer_id = self.selected_id()
        if answer_id is None:
            return
        log = self.customer_id is not None and self.log_on_timeline.isChecked()
        try:
            text = self.filled_text()
            QApplication.clipboard().setText(text)
            self.ctx.shop.answers.record_use(
                answer_id, self.customer_id, self.ctx.current_staff_id(), log
            )
        except CrmError as exc:
            self.ctx.prompts.error(_("Answers"), error_text(exc))
            return
        self.status.setText(
            _("Copied; logged on the timeline.") if log else _("Copied to the clipboard.")
        )
        if log and self.customer_id is not None:
            self.ctx.bus.customer_changed.emit(self.customer_id)
        self.reload()

    def new_answer(self) -> None:
        if self._edit_refusal() is not None:
            return
        self._open_dialog(AnswerDialog(self.ctx.shop.answers, None, self))

    def edit_selected(self) -> None:
        answer_id = self.selected_id()
        if answer_id is None or self._edit_refusal() is not None:
            return
        try:
            record = self.ctx.shop.answers.get(answer_id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Answers"), error_text(exc))
            return
        self._open_dialog(AnswerDialog(self.ctx.shop.answers, record, self))

    def _open_dialog(self, dialog: AnswerDialog) -> None:
        def saved() -> None:
            record = dialog.result_value
            self.reload()
            if isinstance(record, AnswerRecord):
                for row in range(self.answers.count()):
                    if self.answers.item(row).data(ANSWER_ID) == record.id:
                        self.answers.setCurrentRow(row)

        dialog.accepted.connect(saved)
        dialog.start()

    def delete_selected(self) -> None:
        answer_id = self.selected_id()
        if answer_id is None or self._edit_refusal() is not None:
            return
        title = self.preview_title.text()
        if not self.ctx.prompts.confirm(
            _("Delete answer"),
            _("Delete the answer “{title}”? Its past uses stay on the timelines.").format(
                title=title
            ),
            _("Delete"),
        ):
            return
        try:
            self.ctx.shop.answers.delete(answer_id)
        except CrmError as exc:
            self.ctx.prompts.error(_("Answers"), error_text(exc))
        self.reload()
