"""The options of each document on the Documents page: one small form per kind, each turning
what is filled in into the document's request (and back, when an action hands one over)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.documents.api import (
    AgendaRequest,
    BrochureRequest,
    CommentCardRequest,
    DocumentKind,
    DocumentRequest,
    ExpectationEntry,
    ExpectationFormRequest,
    GuaranteeLetterRequest,
    ReminderNoteRequest,
)
from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import SHIPPED_LANGUAGES, _, ngettext, translations_for
from desktop_crm.services.company_profile import DEFAULT_EXPECTATION_ATTRIBUTES
from desktop_crm.services.reminders.records import ReminderQuery
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.labels import language_name
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.dates import from_qdate, to_qdate

MAX_CARDS = 10_000
NAMES_SHOWN = 3  # customers named when many are handed over ("Ana, Luis, Pedro and 97 more")


def week_start(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())


def language_combo(parent: QWidget, default_label: str) -> QComboBox:
    """``default_label`` (no language: the customer's or the shop's), then each shipped one."""
    combo = narrow(QComboBox(parent))
    combo.addItem(default_label, None)
    for code in SHIPPED_LANGUAGES:
        combo.addItem(language_name(code), code)
    return combo


def narrow(combo: QComboBox) -> QComboBox:
    """A combo that shrinks to the options column instead of widening it for long entries."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    return combo


def select_data(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def date_edit(parent: QWidget, value: date) -> QDateEdit:
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")  # as the other date fields of the app
    edit.setDate(to_qdate(value))
    return edit


class DocumentOptions(QWidget):
    """The form of one document kind. ``changed``: the next Print must make it again."""

    changed = Signal()
    kind: DocumentKind

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.form = QFormLayout()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addStretch(1)  # rows keep their height; the space left goes below them

    def request(self) -> DocumentRequest:
        raise NotImplementedError

    def load(self, request: DocumentRequest) -> None:
        """Fill the form from a request an action handed over."""

    def refresh(self) -> None:
        """Reload lists that may have changed elsewhere (questionnaires, today's reminders)."""

    def _names(self, customer_ids: tuple[int, ...]) -> str:
        names = []
        for customer_id in customer_ids[:NAMES_SHOWN]:
            try:
                names.append(self.ctx.shop.customers.get(customer_id).name)
            except CrmError:
                continue
        more = len(customer_ids) - NAMES_SHOWN
        if more > 0:
            return ngettext("{names} and {count} more", "{names} and {count} more", more).format(
                names=", ".join(names), count=f"{more:,}"
            )
        return ", ".join(names)

    def _notify(self, *_args: object) -> None:
        self.changed.emit()


class CommentCardOptions(DocumentOptions):
    kind = DocumentKind.COMMENT_CARD

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id: int | None = None
        self.questionnaire = narrow(QComboBox(self))
        self.questionnaire.setObjectName("questionnaire")
        self.count = QSpinBox(self)
        self.count.setObjectName("card_count")
        self.count.setRange(1, MAX_CARDS)
        self.count.setGroupSeparatorShown(True)
        self.per_sheet = narrow(QComboBox(self))
        self.per_sheet.setObjectName("cards_per_sheet")
        for number, label in (
            (1, _("1 (one card a page)")),
            (2, _("2 (cut in half)")),
            (4, _("4")),
        ):
            self.per_sheet.addItem(label, number)
        self.contact_fields = QCheckBox(_("Name and contact lines"), self)
        self.contact_fields.setChecked(True)
        self.language = language_combo(self, _("Customer's or shop's"))
        self.customer = QLabel(self)
        self.customer.setWordWrap(True)
        self.clear_customer = QPushButton(_("Not for one customer"), self)
        self.form.addRow(_("&Questionnaire"), self.questionnaire)
        self.form.addRow(_("&How many cards"), self.count)
        self.form.addRow(_("Cards per &sheet"), self.per_sheet)
        self.form.addRow("", self.contact_fields)
        self.form.addRow(_("&Language"), self.language)
        self.form.addRow(_("For"), self.customer)
        self.form.addRow("", self.clear_customer)
        self.clear_customer.clicked.connect(lambda: self._set_customer(None))
        for signal in (
            self.questionnaire.currentIndexChanged,
            self.count.valueChanged,
            self.per_sheet.currentIndexChanged,
            self.contact_fields.toggled,
            self.language.currentIndexChanged,
        ):
            signal.connect(self._notify)
        self.refresh()
        self._set_customer(None)

    def refresh(self) -> None:
        current = self.questionnaire.currentData()
        self.questionnaire.blockSignals(True)
        self.questionnaire.clear()
        for summary in self.ctx.shop.questionnaires.summaries():
            self.questionnaire.addItem(
                _("{name} (version {version})").format(name=summary.name, version=summary.version),
                summary.id,
            )
        select_data(self.questionnaire, current)
        self.questionnaire.blockSignals(False)

    def _set_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.customer.setText(
            self._names((customer_id,)) if customer_id is not None else _("Anyone (no name)")
        )
        self.clear_customer.setVisible(customer_id is not None)
        self.changed.emit()

    def request(self) -> CommentCardRequest:
        return CommentCardRequest(
            count=self.count.value(),
            per_sheet=int(self.per_sheet.currentData()),
            questionnaire_id=self.questionnaire.currentData(),
            customer_id=self.customer_id,
            contact_fields=self.contact_fields.isChecked(),
            language=self.language.currentData(),
        )

    def load(self, request: DocumentRequest) -> None:
        if not isinstance(request, CommentCardRequest):
            return
        self.count.setValue(request.count)
        select_data(self.per_sheet, request.per_sheet)
        if request.questionnaire_id is not None:
            select_data(self.questionnaire, request.questionnaire_id)
        self.contact_fields.setChecked(request.contact_fields)
        select_data(self.language, request.language)
        self._set_customer(request.customer_id)


class GuaranteeLetterOptions(DocumentOptions):
    kind = DocumentKind.GUARANTEE_LETTER

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.chosen: tuple[int, ...] = ()
        self.since_ids: list[int] = []
        self.by_date = QRadioButton(_("Customers who bought since"), self)
        self.by_date.setObjectName("bought_since_choice")
        self.since = date_edit(self, week_start(ctx.today()))
        self.since.setObjectName("bought_since")
        self.since_count = QLabel(self)
        self.since_count.setStyleSheet("color: #666;")
        self.handed = QRadioButton(self)
        self.handed.setObjectName("chosen_customers_choice")
        self.handed_names = QLabel(self)
        self.handed_names.setWordWrap(True)
        self.handed_names.setStyleSheet("color: #666;")
        self.form.addRow(self.by_date)
        self.form.addRow(_("&Date"), self.since)
        self.form.addRow("", self.since_count)
        self.form.addRow(self.handed)
        self.form.addRow("", self.handed_names)
        self.by_date.setChecked(True)
        self.by_date.toggled.connect(self._notify)
        self.since.dateChanged.connect(lambda _d: self.refresh())
        self.since.dateChanged.connect(self._notify)
        self._show_chosen()
        self.refresh()

    def refresh(self) -> None:
        """Who bought since the date (one indexed query), so the owner sees how many letters."""
        self.since_ids = self.ctx.shop.document_data.customers_who_bought(
            from_qdate(self.since.date())
        )
        count = len(self.since_ids)
        self.since_count.setText(
            ngettext(
                "{count} customer: one letter each", "{count} customers: one letter each", count
            ).format(count=f"{count:,}")
            if count
            else _("Nobody bought anything since then.")
        )

    def _show_chosen(self) -> None:
        count = len(self.chosen)
        self.handed.setText(
            ngettext(
                "The chosen customer ({count})", "The chosen customers ({count})", count
            ).format(count=f"{count:,}")
        )
        self.handed.setEnabled(count > 0)
        self.handed_names.setText(
            self._names(self.chosen) if count else _("Choose customers on the Customers page.")
        )

    def request(self) -> GuaranteeLetterRequest:
        if self.handed.isChecked():
            return GuaranteeLetterRequest(customer_ids=self.chosen)
        return GuaranteeLetterRequest(
            customer_ids=tuple(self.since_ids), bought_since=from_qdate(self.since.date())
        )

    def load(self, request: DocumentRequest) -> None:
        if not isinstance(request, GuaranteeLetterRequest):
            return
        self.chosen = request.customer_ids
        self._show_chosen()
        if request.bought_since is not None and not request.customer_ids:
            self.since.setDate(to_qdate(request.bought_since))
            self.by_date.setChecked(True)
        else:
            self.handed.setChecked(True)
        self.changed.emit()


LEVELS = range(1, 6)  # the comment card's 1–5 scale


class ExpectationFormOptions(DocumentOptions):
    kind = DocumentKind.EXPECTATION_FORM

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.customer_id: int | None = None
        self.attributes: tuple[str, ...] = ()
        self.customer = QLabel(self)
        self.customer.setWordWrap(True)
        self.clear_customer = QPushButton(_("Blank form (no customer)"), self)
        self.language = language_combo(self, _("Customer's or shop's"))
        self.grid_widget = QWidget(self)
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.levels: list[tuple[QComboBox, QComboBox]] = []
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("expectation_notes")
        self.notes.setPlaceholderText(_("Anything else the customer told you"))
        self.notes.setFixedHeight(80)
        # Kept, the expectations are compared with the customer's survey after delivery.
        self.save_answers = QPushButton(_("&Keep the answers"), self)
        self.save_answers.setObjectName("keep_expectations")
        self.save_answers.setToolTip(
            _("Store what the customer expects, to compare with their survey after delivery")
        )
        self.saved = QLabel(self)
        self.saved.setStyleSheet("color: #666;")
        hint = QLabel(_("Fill in on screen, or leave blank to fill in on paper."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.form.addRow(_("Customer"), self.customer)
        self.form.addRow("", self.clear_customer)
        self.form.addRow(_("&Language"), self.language)
        self.form.addRow(hint)
        self.form.addRow(self.grid_widget)
        self.form.addRow(_("&Notes"), self.notes)
        self.form.addRow(self.save_answers, self.saved)
        self.clear_customer.clicked.connect(lambda: self._set_customer(None))
        self.save_answers.clicked.connect(self.keep_answers)
        self.changed.connect(self._update_keep)
        self.language.currentIndexChanged.connect(self._notify)
        self.notes.textChanged.connect(self._notify)
        self._set_customer(None)
        self.refresh()

    def refresh(self) -> None:
        """The attributes of the company profile (or the standard ones), keeping what was
        already filled in for those still there."""
        own = self.ctx.shop.company.get().expectation_attributes
        attributes = own or tuple(DEFAULT_EXPECTATION_ATTRIBUTES)
        if attributes == self.attributes:
            return
        kept = {entry.attribute: entry for entry in self._entries()}
        self.attributes = attributes
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.levels = []
        for column, heading in ((1, _("Expects")), (2, _("Importance"))):
            label = QLabel(heading, self.grid_widget)
            label.setStyleSheet("color: #666;")
            self.grid.addWidget(label, 0, column)
        for row, attribute in enumerate(attributes, start=1):
            # The standard attributes are shown in the user's language; the document words
            # them in its own when they are handed over as their source text.
            self.grid.addWidget(QLabel(_(attribute) if not own else attribute), row, 0)
            pair = (self._level_combo(), self._level_combo())
            previous = kept.get(attribute)
            if previous is not None:
                select_data(pair[0], previous.expected)
                select_data(pair[1], previous.importance)
            self.grid.addWidget(pair[0], row, 1)
            self.grid.addWidget(pair[1], row, 2)
            self.levels.append(pair)
        self.grid.setColumnStretch(0, 1)

    def keep_answers(self) -> None:
        """Store the filled-in expectations for the customer (the survey's gap needs them)."""
        entries = [(e.attribute, e.expected, e.importance) for e in self._entries()]
        try:
            self.ctx.shop.feedback.record_expectations(
                self.customer_id,
                self.ctx.today(),
                entries,
                self.notes.toPlainText().strip(),
                self.ctx.current_staff_id(),
            )
        except CrmError as exc:
            self.saved.setText(error_text(exc))
            return
        self.saved.setText(_("Kept for the customer's survey."))
        self.ctx.bus.feedback_changed.emit()

    def _update_keep(self) -> None:
        filled = any(e.expected is not None or e.importance is not None for e in self._entries())
        self.save_answers.setEnabled(self.customer_id is not None and filled)
        self.saved.clear()

    def _level_combo(self) -> QComboBox:
        combo = QComboBox(self.grid_widget)
        combo.addItem("—", None)
        for level in LEVELS:
            combo.addItem(str(level), level)
        combo.currentIndexChanged.connect(self._notify)
        return combo

    def _set_customer(self, customer_id: int | None) -> None:
        self.customer_id = customer_id
        self.customer.setText(
            self._names((customer_id,)) if customer_id is not None else _("None: a blank form")
        )
        self.clear_customer.setVisible(customer_id is not None)
        self.changed.emit()

    def _entries(self) -> tuple[ExpectationEntry, ...]:
        return tuple(
            ExpectationEntry(attribute, expected.currentData(), importance.currentData())
            for attribute, (expected, importance) in zip(self.attributes, self.levels, strict=True)
        )

    def _document_language(self) -> str:
        """The form's language: the one chosen, else the customer's, else the shop's."""
        chosen = self.language.currentData()
        if chosen:
            return str(chosen)
        if self.customer_id is not None:
            try:
                language = self.ctx.shop.customers.get(self.customer_id).language
            except CrmError:
                language = ""
            if language in SHIPPED_LANGUAGES:
                return language
        return self.ctx.settings().language

    def request(self) -> ExpectationFormRequest:
        entries = self._entries()
        filled = any(e.expected is not None or e.importance is not None for e in entries)
        notes = self.notes.toPlainText().strip()
        if filled and not self.ctx.shop.company.get().expectation_attributes:
            # The standard attributes are printed as given: word them in the form's language.
            gettext = translations_for(self._document_language()).gettext
            entries = tuple(dataclasses.replace(e, attribute=gettext(e.attribute)) for e in entries)
        return ExpectationFormRequest(
            customer_id=self.customer_id,
            # Nothing filled in: the document prints the profile's attributes, blank.
            entries=entries if filled else (),
            notes=notes,
            language=self.language.currentData(),
        )

    def load(self, request: DocumentRequest) -> None:
        if not isinstance(request, ExpectationFormRequest):
            return
        self.refresh()
        given = {entry.attribute: entry for entry in request.entries}
        for attribute, (expected, importance) in zip(self.attributes, self.levels, strict=True):
            entry = given.get(attribute)
            select_data(expected, None if entry is None else entry.expected)
            select_data(importance, None if entry is None else entry.importance)
        self.notes.setPlainText(request.notes)
        select_data(self.language, request.language)
        self._set_customer(request.customer_id)


class ReminderNoteOptions(DocumentOptions):
    kind = DocumentKind.REMINDER_NOTE

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.chosen: tuple[int, ...] = ()
        self.due_ids: list[int] = []
        self.due_today = QRadioButton(self)
        self.due_today.setObjectName("due_today_choice")
        self.handed = QRadioButton(self)
        self.handed.setObjectName("chosen_reminders_choice")
        hint = QLabel(
            _("Each note is in the customer's language, with the reminder's suggested message."),
            self,
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.form.addRow(self.due_today)
        self.form.addRow(self.handed)
        self.form.addRow(hint)
        self.due_today.setChecked(True)
        self.due_today.toggled.connect(self._notify)
        self._show_chosen()
        self.refresh()

    def refresh(self) -> None:
        """The open reminders shown by today (overdue ones too), as Today lists them."""
        reminders = self.ctx.shop.reminders
        today = self.ctx.today()
        query = ReminderQuery(state="open", due_until=today)
        count = reminders.count(query, today)
        self.due_ids = [r.id for r in reminders.list_page(query, 0, count, today)] if count else []
        self.due_today.setText(
            ngettext(
                "All reminders due today ({count})", "All reminders due today ({count})", count
            ).format(count=f"{count:,}")
        )

    def _show_chosen(self) -> None:
        count = len(self.chosen)
        self.handed.setText(
            ngettext(
                "The chosen reminder ({count})", "The chosen reminders ({count})", count
            ).format(count=f"{count:,}")
        )
        self.handed.setEnabled(count > 0)

    def request(self) -> ReminderNoteRequest:
        ids = self.chosen if self.handed.isChecked() else tuple(self.due_ids)
        return ReminderNoteRequest(reminder_ids=ids)

    def load(self, request: DocumentRequest) -> None:
        if not isinstance(request, ReminderNoteRequest):
            return
        self.chosen = request.reminder_ids
        self._show_chosen()
        (self.handed if self.chosen else self.due_today).setChecked(True)
        self.changed.emit()


class BrochureOptions(DocumentOptions):
    kind = DocumentKind.BROCHURE

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.language = language_combo(self, _("The shop's language"))
        hint = QLabel(
            _("Made from the company profile: edit it in Settings, then preview again."), self
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.form.addRow(_("&Language"), self.language)
        self.form.addRow(hint)
        self.language.currentIndexChanged.connect(self._notify)

    def request(self) -> BrochureRequest:
        return BrochureRequest(language=self.language.currentData())

    def load(self, request: DocumentRequest) -> None:
        if isinstance(request, BrochureRequest):
            select_data(self.language, request.language)


class AgendaOptions(DocumentOptions):
    kind = DocumentKind.AGENDA

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.day = date_edit(self, ctx.today())
        self.day.setObjectName("agenda_day")
        hint = QLabel(_("The reminders and promises due that day, and overdue ones."), self)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        self.form.addRow(_("&Day"), self.day)
        self.form.addRow(hint)
        self.day.dateChanged.connect(self._notify)

    def request(self) -> AgendaRequest:
        return AgendaRequest(day=from_qdate(self.day.date()))

    def load(self, request: DocumentRequest) -> None:
        if isinstance(request, AgendaRequest):
            self.day.setDate(to_qdate(request.day or self.ctx.today()))


OPTION_CLASSES: tuple[type[DocumentOptions], ...] = (
    CommentCardOptions,
    GuaranteeLetterOptions,
    ExpectationFormOptions,
    ReminderNoteOptions,
    BrochureOptions,
    AgendaOptions,
)
