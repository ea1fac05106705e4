"""The Feedback page: type returned cards in, run the counter survey, read the latest answers
(open ones searchable) and, on the second tab, the measures (NPS, CSAT, trends, key drivers).

The overview tab is built the first time it is shown: its charts import matplotlib, which
should not slow down typing cards.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.feedback import ResponseRow
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.counter_survey_dialog import CounterSurveyDialog
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.pages.card_entry import CardEntryPanel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.record_table import RecordTable
from desktop_crm.ui.widgets.search_box import SearchBox

LATEST_LIMIT = 200


def source_label(code: str) -> str:
    labels = {"card": _("Card"), "counter": _("Counter"), "call": _("Call")}
    return labels.get(code, code)


def mean_text(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


class LatestResponsesModel(ListModel[ResponseRow]):
    """The latest responses, newest first, with their open answers in the last column."""

    def __init__(self, parent: QObject | None = None) -> None:
        columns: list[Column[ResponseRow]] = [
            Column(lambda: _("Date"), lambda r: format_date(r.responded_on)),
            Column(lambda: _("Source"), lambda r: source_label(str(r.source))),
            Column(lambda: _("Customer"), lambda r: r.customer_name or _("Anonymous")),
            Column(
                lambda: _("Recommend"), lambda r: "" if r.nps is None else str(r.nps), align=RIGHT
            ),
            Column(lambda: _("Rating"), lambda r: mean_text(r.mean_rating), align=RIGHT),
            Column(lambda: _("Open answers"), lambda r: " · ".join(r.open_answers)),
        ]
        super().__init__(columns, parent)


def _build_overview(ctx: UiContext, parent: QWidget) -> QWidget:
    """The measures widget (written alongside this page); a note while it is missing."""
    try:
        from desktop_crm.ui.pages.feedback_overview import FeedbackOverview
    except ImportError:
        note = QLabel(_("The overview is not available."), parent)
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return note
    return FeedbackOverview(ctx, parent)


class FeedbackPage(QWidget):
    open_customer = Signal(int)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.overview: QWidget | None = None
        self.counter_dialog: CounterSurveyDialog | None = None

        self.card_entry = CardEntryPanel(ctx, self)
        self.counter_button = QPushButton(_("Counter survey…"), self)
        self.counter_button.setObjectName("counter_survey")
        self.counter_button.setToolTip(
            _("Ctrl+Shift+F: a large form the customer fills in at the counter")
        )

        self.search = SearchBox(_("Search the open answers and names"), self)
        self.search.setObjectName("feedback_search")
        self.model = LatestResponsesModel(self)
        self.table = RecordTable(self)
        self.table.setObjectName("latest_responses")
        self.table.setModel(self.model)
        self.table.set_column_widths([92, 66, 120, 84, 52])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)  # the open answers
        self.table.setWordWrap(False)
        self.empty = QLabel(self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; padding: 24px;")

        latest = QWidget(self)
        latest_layout = QVBoxLayout(latest)
        latest_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Latest responses"), latest)
        heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        latest_layout.addWidget(heading)
        latest_layout.addWidget(self.search)
        latest_layout.addWidget(self.table, 1)
        latest_layout.addWidget(self.empty, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.card_entry)
        splitter.addWidget(latest)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([560, 540])
        splitter.setChildrenCollapsible(False)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("feedback_tabs")
        self.tabs.addTab(splitter, _("Responses"))
        self.overview_host = QWidget(self)
        QVBoxLayout(self.overview_host).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.overview_host, _("Overview"))
        self.tabs.setCornerWidget(self.counter_button)  # on both tabs
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

        self.search.search_changed.connect(lambda _t: self.reload())
        self.counter_button.clicked.connect(self.open_counter_survey)
        self.table.row_opened.connect(self._open_row)
        self.tabs.currentChanged.connect(lambda _i: self._tab_changed())
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.open_counter_survey)
        ctx.bus.feedback_changed.connect(self._feedback_changed)
        ctx.bus.customers_changed.connect(self._feedback_changed)
        ctx.bus.customer_changed.connect(lambda _id: self.reload())
        self.setFocusProxy(self.card_entry.code)
        self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.tabs.currentIndex() == 0:
            self.card_entry.focus_code()

    # --- the latest responses
    def reload(self) -> None:
        text = self.search.text()
        try:
            rows = self.ctx.shop.feedback.latest(LATEST_LIMIT, text)
        except CrmError as exc:
            self.ctx.prompts.error(_("Feedback"), error_text(exc))
            rows = []
        self.model.set_records(rows)
        self.table.setVisible(bool(rows))
        self.empty.setVisible(not rows)
        self.empty.setText(
            _("No response matches.")
            if text.strip()
            else _("No responses yet. Type in a returned card or run a counter survey.")
        )

    def visible_rows(self) -> list[ResponseRow]:
        return self.model.records()

    def _open_row(self, row: int) -> None:
        record = self.model.record(row)
        if record is not None and record.customer_id is not None:
            self.open_customer.emit(record.customer_id)

    def _feedback_changed(self) -> None:
        self.reload()  # the overview follows the same signal itself (when next shown)

    # --- the overview
    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is not self.overview_host:
            self.card_entry.focus_code()
            return
        if self.overview is None:
            self.overview = _build_overview(self.ctx, self.overview_host)
            layout = self.overview_host.layout()
            assert layout is not None
            layout.addWidget(self.overview)  # it reads its figures when first shown

    def show_overview(self) -> QWidget:
        self.tabs.setCurrentWidget(self.overview_host)
        return cast(QWidget, self.overview)

    # --- the counter survey
    def open_counter_survey(self) -> CounterSurveyDialog:
        """Open the kiosk form (not modal to the app: the page reacts when it is closed)."""
        if self.counter_dialog is not None and self.counter_dialog.isVisible():
            self.counter_dialog.raise_()
            return self.counter_dialog
        dialog = CounterSurveyDialog(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _code: self._counter_finished(dialog))
        self.counter_dialog = dialog
        dialog.open()
        return dialog

    def _counter_finished(self, dialog: CounterSurveyDialog) -> None:
        self.counter_dialog = None
        recorded = dialog.recorded
        if recorded is None:
            return
        self.card_entry.status.setText(_("Counter survey saved."))
        if recorded.follow_up is not None:
            self.card_entry.follow_up.offer(recorded.id, recorded.follow_up, dialog.customer_name)
        self.ctx.bus.feedback_changed.emit()
        if dialog.recorded_customer_id is not None:  # the survey is on their timeline
            self.ctx.bus.customer_changed.emit(dialog.recorded_customer_id)
