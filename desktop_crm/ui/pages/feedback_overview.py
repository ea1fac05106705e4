"""The satisfaction overview of the Feedback page: NPS, CSAT and customer effort for a period,
their trend with the shop's benchmarks, key drivers, segments and the expectation gap.

Every figure comes from ``shop.satisfaction`` (computed in the domain); this page only chooses
the dates and says the numbers in the reader's language. matplotlib is imported when the
charts are first drawn, which happens when the overview is first shown, not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QAbstractItemModel, Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.domain.satisfaction import (
    Driver,
    DriversResult,
    GapResult,
    Grain,
    NpsResult,
    period_bounds,
    period_grain,
    period_key,
)
from desktop_crm.i18n import _, ngettext
from desktop_crm.i18n.formatting import format_date
from desktop_crm.services.satisfaction import (
    MIN_DRIVER_RESPONSES,
    AttributeCsat,
    BenchmarkComparison,
    BenchmarkRecord,
    PeriodMeasures,
    SatisfactionSummary,
    Segment,
    SegmentMeasures,
)
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.benchmark_dialog import (
    BenchmarkDialog,
    attribute_label,
    measure_label,
    measure_value_text,
    number_text,
    percent_text,
    period_label,
    signed_text,
)
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.tasks import run_in_background
from desktop_crm.ui.widgets.chart import ChartWidget, Series
from desktop_crm.ui.widgets.record_table import RecordTable

WARNING_STYLE = "color: #e65100;"
MUTED_STYLE = "color: #666;"
# How far back each trend grain looks (periods, the current one included).
TREND_LENGTH = {Grain.MONTH: 24, Grain.QUARTER: 8, Grain.YEAR: 5}
TABLE_ROWS = 8  # rows a table shows before it scrolls


class Span(StrEnum):
    """The period the headline figures and the tables are for."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    LAST_12 = "last12"


SPANS: tuple[tuple[Span, Callable[[], str]], ...] = (
    (Span.MONTH, lambda: _("This month")),
    (Span.QUARTER, lambda: _("This quarter")),
    (Span.YEAR, lambda: _("This year")),
    (Span.LAST_12, lambda: _("Last 12 months")),
)
GRAINS: tuple[tuple[Grain, Callable[[], str]], ...] = (
    (Grain.MONTH, lambda: _("By month")),
    (Grain.QUARTER, lambda: _("By quarter")),
    (Grain.YEAR, lambda: _("By year")),
)
SEGMENTS: tuple[tuple[Segment, Callable[[], str]], ...] = (
    (Segment.CHANNEL, lambda: _("By channel")),
    (Segment.STAFF, lambda: _("By staff member")),
    (Segment.TAG, lambda: _("By customer tag")),
)
CHANNELS: dict[str, Callable[[], str]] = {
    "card": lambda: _("Comment card"),
    "counter": lambda: _("At the counter"),
    "call": lambda: _("Follow-up call"),
}


def months_back(first: date, months: int) -> date:
    """The first day of the month ``months`` before the month starting on ``first``."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def span_dates(span: Span, today: date) -> tuple[date, date]:
    """[start, end) of the chosen span around ``today`` (whole calendar periods)."""
    if span is Span.LAST_12:
        this_month = period_bounds(period_key(today, Grain.MONTH))
        return months_back(this_month[0], 11), this_month[1]
    grain = {Span.MONTH: Grain.MONTH, Span.QUARTER: Grain.QUARTER, Span.YEAR: Grain.YEAR}[span]
    return period_bounds(period_key(today, grain))


def trend_dates(grain: Grain, today: date) -> tuple[date, date]:
    """The last ``TREND_LENGTH[grain]`` periods of ``grain``, the current one included."""
    start, end = period_bounds(period_key(today, grain))
    for _step in range(TREND_LENGTH[grain] - 1):
        start = period_bounds(period_key(months_back(start, 1), grain))[0]
    return start, end


def nps_text(result: NpsResult) -> str:
    """ "32 (±9)": the score and the half-width of its 95% interval."""
    if result.score is None:
        return "—"
    return _("{score} (±{margin})").format(
        score=number_text(result.score, 0), margin=number_text(_margin(result), 0)
    )


def segment_label(segment: Segment, label: str) -> str:
    if segment is Segment.CHANNEL and label in CHANNELS:
        return CHANNELS[label]()
    return label


def fit_table(table: RecordTable, rows: int) -> None:
    """Tables sit in a scrolling page: as tall as their rows, up to ``TABLE_ROWS``."""
    shown = max(1, min(rows, TABLE_ROWS))
    height = (
        table.horizontalHeader().sizeHint().height()
        + shown * table.verticalHeader().defaultSectionSize()
        + 2 * table.frameWidth()
        + 2
    )
    table.setFixedHeight(height)


def _table(parent: QWidget, name: str, model: QAbstractItemModel, stretch: int = 0) -> RecordTable:
    table = RecordTable(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    header = table.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)  # names take the room
    return table


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    return label


class FeedbackOverview(QWidget):
    """Satisfaction at a glance; filled on ``refresh()`` (on first show, and when feedback or
    the shop's settings change)."""

    refreshed = Signal()  # the figures of the latest reading are on screen

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        self._reading = self._shown = 0  # background readings started / shown

        # --- choosers
        self.span = QComboBox(self)
        self.span.setObjectName("span")
        for span, span_text in SPANS:
            self.span.addItem(span_text(), span.value)
        self.span.setCurrentIndex(len(SPANS) - 1)  # last 12 months: enough answers to say
        self.grain = QComboBox(self)
        self.grain.setObjectName("grain")
        for grain, grain_text in GRAINS:
            self.grain.addItem(grain_text(), grain.value)
        self.benchmarks_button = QPushButton(_("&Benchmarks…"), self)
        self.benchmarks_button.setToolTip(
            _("Enter a competitor's or an industry figure to compare with")
        )
        choosers = QHBoxLayout()
        choosers.addWidget(QLabel(_("Figures for"), self))
        choosers.addWidget(self.span)
        choosers.addSpacing(12)
        choosers.addWidget(QLabel(_("Trend"), self))
        choosers.addWidget(self.grain)
        choosers.addStretch(1)
        choosers.addWidget(self.benchmarks_button)

        # --- the empty state and the content, one shown at a time
        self.stack = QStackedWidget(self)
        self.empty = QLabel(_("No responses yet"), self)
        self.empty.setObjectName("empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #777; font-size: 16px; padding: 24px;")
        self.empty_hint = QLabel(
            _(
                "Type in the returned comment cards or fill in a survey at the counter: "
                "NPS, satisfaction and their trend show here."
            ),
            self,
        )
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setStyleSheet(MUTED_STYLE)
        empty_page = QWidget(self)
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addStretch(2)

        content = QWidget(self)
        self.period_label = QLabel(content)
        self.period_label.setObjectName("period")
        self.period_label.setStyleSheet(MUTED_STYLE)
        self.nps_label = QLabel(content)
        self.nps_label.setObjectName("nps")
        self.csat_label = QLabel(content)
        self.csat_label.setObjectName("csat")
        self.effort_label = QLabel(content)
        self.effort_label.setObjectName("effort")
        headline_font = QFont(self.font())
        headline_font.setPointSizeF(headline_font.pointSizeF() * 1.35)
        headline_font.setBold(True)
        for label in (self.nps_label, self.csat_label, self.effort_label):
            label.setFont(headline_font)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        headlines = QHBoxLayout()
        headlines.addWidget(self.nps_label)
        headlines.addSpacing(28)
        headlines.addWidget(self.csat_label)
        headlines.addSpacing(28)
        headlines.addWidget(self.effort_label)
        headlines.addStretch(1)

        self.nps_chart = ChartWidget(content)
        self.nps_chart.setObjectName("nps_chart")
        self.csat_chart = ChartWidget(content)
        self.csat_chart.setObjectName("csat_chart")
        charts = QHBoxLayout()
        charts.addWidget(self.nps_chart, 1)
        charts.addWidget(self.csat_chart, 1)

        self.csat_model: ListModel[AttributeCsat] = ListModel(
            [
                Column(lambda: _("Attribute"), lambda a: attribute_label(a.attribute)),
                Column(lambda: _("Mean"), lambda a: number_text(a.result.mean), None, RIGHT),
                Column(
                    lambda: _("Rated 4–5"),
                    lambda a: percent_text(a.result.satisfied_share),
                    None,
                    RIGHT,
                ),
                Column(lambda: _("Count"), lambda a: number_text(a.result.count, 0), None, RIGHT),
            ],
            self,
        )
        self.csat_table = _table(content, "csat_table", self.csat_model)
        self.csat_table.set_column_widths([150, 60, 80])

        self.drivers_model: ListModel[Driver] = ListModel(
            [
                Column(lambda: _("Attribute"), lambda d: attribute_label(d.attribute)),
                Column(
                    lambda: _("Correlation"), lambda d: number_text(d.correlation, 2), None, RIGHT
                ),
                Column(lambda: _("Count"), lambda d: number_text(d.count, 0), None, RIGHT),
            ],
            self,
        )
        self.drivers_table = _table(content, "drivers_table", self.drivers_model)
        self.drivers_table.set_column_widths([150, 90])
        self.drivers_warning = QLabel(content)
        self.drivers_warning.setObjectName("drivers_warning")
        self.drivers_warning.setStyleSheet(WARNING_STYLE)
        self.drivers_warning.setWordWrap(True)
        drivers_hint = QLabel(
            _("The attributes that move the overall score most (how closely they go together)."),
            content,
        )
        drivers_hint.setWordWrap(True)
        drivers_hint.setStyleSheet(MUTED_STYLE)

        self.segment = QComboBox(content)
        self.segment.setObjectName("segment")
        for segment, segment_text in SEGMENTS:
            self.segment.addItem(segment_text(), segment.value)
        self.segments_model: ListModel[SegmentMeasures] = ListModel(
            [
                Column(lambda: _("Segment"), lambda s: segment_label(self._segment(), s.label)),
                Column(lambda: _("Responses"), lambda s: number_text(s.responses, 0), None, RIGHT),
                Column(lambda: _("NPS"), lambda s: nps_text(s.nps), None, RIGHT),
                Column(
                    lambda: _("Rated 4–5"),
                    lambda s: percent_text(s.overall_csat.satisfied_share),
                    None,
                    RIGHT,
                ),
            ],
            self,
        )
        self.segments_table = _table(content, "segments_table", self.segments_model)
        self.segments_table.set_column_widths([150, 80, 80])

        self.gaps_model: ListModel[GapResult] = ListModel(
            [
                Column(lambda: _("Attribute"), lambda g: attribute_label(g.attribute)),
                Column(lambda: _("Expected"), lambda g: number_text(g.expected), None, RIGHT),
                Column(lambda: _("Perceived"), lambda g: number_text(g.perceived), None, RIGHT),
                Column(lambda: _("Gap"), lambda g: signed_text(g.gap), None, RIGHT),
                Column(lambda: _("Count"), lambda g: number_text(g.count, 0), None, RIGHT),
            ],
            self,
        )
        self.gaps_table = _table(content, "gaps_table", self.gaps_model)
        self.gaps_table.set_column_widths([150, 70, 75, 60])
        self.gaps_empty = QLabel(_("No expectation forms to compare with in this period."), content)
        self.gaps_empty.setObjectName("gaps_empty")
        self.gaps_empty.setStyleSheet(MUTED_STYLE)

        self.compare_model: ListModel[BenchmarkComparison] = ListModel(
            [
                Column(lambda: _("Measure"), lambda c: measure_label(c.measure)),
                Column(lambda: _("Period"), lambda c: period_label(c.period)),
                Column(
                    lambda: _("Ours"), lambda c: measure_value_text(c.measure, c.own), None, RIGHT
                ),
                Column(
                    lambda: _("Benchmark"),
                    lambda c: measure_value_text(c.measure, c.benchmark),
                    None,
                    RIGHT,
                ),
                Column(lambda: _("Source"), lambda c: c.label),
            ],
            self,
        )
        self.compare_table = _table(content, "compare_table", self.compare_model, stretch=4)
        self.compare_table.set_column_widths([190, 90, 70, 85])
        self.compare_empty = QLabel(
            _("No benchmarks for these periods: add one with Benchmarks…"), content
        )
        self.compare_empty.setObjectName("compare_empty")
        self.compare_empty.setStyleSheet(MUTED_STYLE)

        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(6)
        grid.addWidget(_heading(_("Satisfaction by attribute"), content), 0, 0)
        grid.addWidget(self.csat_table, 1, 0, alignment=Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_heading(_("Key drivers"), content), 0, 1)
        drivers_box = QVBoxLayout()
        drivers_box.addWidget(self.drivers_warning)
        drivers_box.addWidget(self.drivers_table)
        drivers_box.addWidget(drivers_hint)
        drivers_box.addStretch(1)
        grid.addLayout(drivers_box, 1, 1)
        segment_row = QHBoxLayout()
        segment_row.addWidget(_heading(_("Segments"), content))
        segment_row.addSpacing(8)
        segment_row.addWidget(self.segment)
        segment_row.addStretch(1)
        grid.addLayout(segment_row, 2, 0)
        grid.addWidget(self.segments_table, 3, 0, alignment=Qt.AlignmentFlag.AlignTop)
        grid.addWidget(_heading(_("Expected and perceived"), content), 2, 1)
        gaps_box = QVBoxLayout()
        gaps_box.addWidget(self.gaps_table)
        gaps_box.addWidget(self.gaps_empty)
        gaps_box.addStretch(1)
        grid.addLayout(gaps_box, 3, 1)
        grid.addWidget(_heading(_("Beside the benchmarks"), content), 4, 0, 1, 2)
        compare_box = QVBoxLayout()
        compare_box.addWidget(self.compare_table)
        compare_box.addWidget(self.compare_empty)
        compare_box.addStretch(1)
        grid.addLayout(compare_box, 5, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        for row in (1, 3, 5):
            grid.setRowMinimumHeight(row, 10)

        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 8, 0)
        content_layout.addWidget(self.period_label)
        content_layout.addLayout(headlines)
        content_layout.addLayout(charts)
        content_layout.addLayout(grid)
        content_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        self.content = content

        self.stack.addWidget(empty_page)
        self.stack.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.addLayout(choosers)
        layout.addWidget(self.stack, 1)

        self.span.currentIndexChanged.connect(lambda _i: self.refresh())
        self.grain.currentIndexChanged.connect(lambda _i: self.refresh())
        self.segment.currentIndexChanged.connect(lambda _i: self.refresh())
        self.benchmarks_button.clicked.connect(self.edit_benchmarks)
        ctx.bus.feedback_changed.connect(self._changed)
        ctx.bus.settings_changed.connect(self._changed)  # language, time zone
        ctx.bus.staff_changed.connect(self._changed)  # staff names in the segments
        self._start = self._end = ctx.today()
        self.benchmark_dialog: BenchmarkDialog | None = None

    # --- when to refresh
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _changed(self) -> None:
        """Refresh now when seen, else on the next show (no queries for a hidden page)."""
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def _span(self) -> Span:
        return Span(str(self.span.currentData()))

    def _grain(self) -> Grain:
        return Grain(str(self.grain.currentData()))

    def _segment(self) -> Segment:
        return Segment(str(self.segment.currentData()))

    # --- filling in
    def refresh(self) -> None:
        """Read every figure again for the chosen period and trend, on the thread pool (a
        year of a busy shop's answers takes a moment); the newest reading is shown."""
        self._stale = False
        self._reading += 1
        reading = self._reading
        today = self.ctx.today()
        start, end = span_dates(self._span(), today)
        grain, segment = self._grain(), self._segment()
        shop = self.ctx.shop

        def work(_progress: Callable[[int, int], None]) -> Figures | None:
            return read_figures(shop, start, end, grain, segment, today)

        def done(figures: Figures | None) -> None:
            if reading == self._reading:
                self._show(start, end, figures)

        def failed(error: BaseException) -> None:
            if reading == self._reading:
                self.period_label.setText(
                    error_text(error) if isinstance(error, CrmError) else str(error)
                )
                self.refreshed.emit()

        run_in_background(work, done, failed)

    @property
    def loading(self) -> bool:
        """A reading is under way (the figures shown are the previous ones)."""
        return self._reading != self._shown

    def _show(self, start: date, end: date, figures: Figures | None) -> None:
        self._shown = self._reading
        self._start, self._end = start, end
        if figures is None:
            self.stack.setCurrentIndex(0)
            for model in (
                self.csat_model,
                self.drivers_model,
                self.segments_model,
                self.gaps_model,
                self.compare_model,
            ):
                model.set_records([])
            self.refreshed.emit()
            return
        self.stack.setCurrentIndex(1)
        self._show_summary(figures.summary)

        drivers = figures.drivers
        self.drivers_model.set_records(list(drivers.drivers))
        fit_table(self.drivers_table, len(drivers.drivers))
        if drivers.enough:
            self.drivers_warning.hide()
        else:
            self.drivers_warning.setText(
                _("Too few responses to say ({count} of {needed})").format(
                    count=number_text(drivers.responses, 0),
                    needed=number_text(MIN_DRIVER_RESPONSES, 0),
                )
            )
            self.drivers_warning.show()

        self.gaps_model.set_records(figures.gaps)
        fit_table(self.gaps_table, len(figures.gaps))
        self.gaps_table.setVisible(bool(figures.gaps))
        self.gaps_empty.setVisible(not figures.gaps)

        self.segments_model.set_records(figures.segments)
        fit_table(self.segments_table, len(figures.segments))
        self.compare_model.set_records(figures.compare)
        fit_table(self.compare_table, len(figures.compare))
        self.compare_table.setVisible(bool(figures.compare))
        self.compare_empty.setVisible(not figures.compare)
        self._show_trend(figures.trend, figures.benchmarks)
        self.refreshed.emit()

    def _show_summary(self, summary: SatisfactionSummary) -> None:
        self.period_label.setText(
            ngettext(
                "{count} response from {start} to {end}",
                "{count} responses from {start} to {end}",
                summary.responses,
            ).format(
                count=number_text(summary.responses, 0),
                start=format_date(self._start),
                end=format_date(date.fromordinal(self._end.toordinal() - 1)),
            )
        )
        nps = summary.nps
        if nps.count:
            self.nps_label.setText(
                ngettext(
                    "NPS {score} (±{margin}, {count} answer)",
                    "NPS {score} (±{margin}, {count} answers)",
                    nps.count,
                ).format(
                    score=number_text(nps.score, 0),
                    margin=number_text(_margin(nps), 0),
                    count=number_text(nps.count, 0),
                )
            )
            self.nps_label.setToolTip(
                _(
                    "{promoters} promoters (9–10), {passives} passives (7–8), {detractors} "
                    "detractors (0–6); the range is the 95% confidence interval."
                ).format(promoters=nps.promoters, passives=nps.passives, detractors=nps.detractors)
            )
        else:
            self.nps_label.setText(_("NPS: no answers"))
            self.nps_label.setToolTip("")
        overall = summary.overall_csat
        if overall.count:
            self.csat_label.setText(
                _("Satisfaction {mean} of 5 ({share} rated 4–5)").format(
                    mean=number_text(overall.mean), share=percent_text(overall.satisfied_share)
                )
            )
        else:
            self.csat_label.setText(_("Satisfaction: no ratings"))
        effort = summary.effort
        if effort.count:
            self.effort_label.setText(
                ngettext(
                    "Customer effort {mean} of 5 ({count} answer)",
                    "Customer effort {mean} of 5 ({count} answers)",
                    effort.count,
                ).format(mean=number_text(effort.mean), count=number_text(effort.count, 0))
            )
            self.effort_label.show()
        else:
            self.effort_label.hide()  # many shops never ask it
        self.csat_model.set_records(list(summary.csat))
        fit_table(self.csat_table, len(summary.csat))

    def _show_trend(self, trend: list[PeriodMeasures], benchmarks: list[BenchmarkRecord]) -> None:
        nps_benchmarks = _benchmark_series(trend, benchmarks, "nps")
        csat_benchmarks = _benchmark_series(trend, benchmarks, "csat")
        # Periods before the first response (and before any benchmark) are left out.
        drawn = [
            i
            for i, p in enumerate(trend)
            if p.responses
            or any(line.values[i] is not None for line in nps_benchmarks + csat_benchmarks)
        ]
        first = drawn[0] if drawn else len(trend) - 1
        trend = trend[first:]
        nps_benchmarks = [_tail(line, first) for line in nps_benchmarks]
        csat_benchmarks = [_tail(line, first) for line in csat_benchmarks]
        categories = [period_label(p.period) for p in trend]
        self.nps_chart.show_lines(
            _("NPS"),
            categories,
            [Series(_("Ours"), [p.nps.score for p in trend]), *nps_benchmarks],
            y_limits=(-100, 100),
        )
        self.csat_chart.show_lines(
            _("Satisfied customers (% rating 4–5)"),
            categories,
            [Series(_("Ours"), [p.overall_csat.satisfied_share for p in trend]), *csat_benchmarks],
            y_limits=(0, 100),
            value_format="{:.0f}%",
        )

    # --- benchmarks
    def attributes(self) -> list[str]:
        """The attributes benchmarks can name: rated ones and the expectation form's."""
        rated = [a.attribute for a in self.csat_model.records()]
        questions = self.ctx.shop.questionnaires.default().questions
        asked = [q.attribute for q in questions if q.attribute]
        profile = list(self.ctx.shop.company.get().expectation_attributes)
        return list(dict.fromkeys(rated + asked + profile))

    def edit_benchmarks(self) -> None:
        dialog = BenchmarkDialog(self.ctx, self.attributes(), self)
        dialog.changed.connect(self.refresh)
        dialog.finished.connect(dialog.deleteLater)
        self.benchmark_dialog = dialog
        dialog.start()


@dataclass(frozen=True)
class Figures:
    """Everything the overview shows for one period, read in one go off the UI thread."""

    summary: SatisfactionSummary
    drivers: DriversResult
    gaps: list[GapResult]
    segments: list[SegmentMeasures]
    compare: list[BenchmarkComparison]
    trend: list[PeriodMeasures]
    benchmarks: list[BenchmarkRecord]


def read_figures(
    shop: Shop, start: date, end: date, grain: Grain, segment: Segment, today: date
) -> Figures | None:
    """The overview's figures (service calls only: safe on the thread pool); None when the
    shop has no responses at all."""
    if shop.feedback.response_count() == 0:
        return None
    satisfaction = shop.satisfaction
    # Every benchmark of a period overlapping the span, beside the shop's own figure for
    # that whole period (a yearly benchmark against the whole year).
    last_day = date.fromordinal(end.toordinal() - 1)
    compare: list[BenchmarkComparison] = []
    for compared in (Grain.YEAR, Grain.QUARTER, Grain.MONTH):
        first = period_bounds(period_key(start, compared))[0]
        after = period_bounds(period_key(last_day, compared))[1]
        compare += satisfaction.compare(compared, first, after)
    compare.sort(key=lambda c: (c.period, c.measure, c.label.casefold()))
    trend_start, trend_end = trend_dates(grain, today)
    return Figures(
        summary=satisfaction.summary(start, end),
        drivers=satisfaction.key_drivers(start, end),
        gaps=satisfaction.gaps(start, end),
        segments=satisfaction.by_segment(segment, start, end),
        compare=compare,
        trend=satisfaction.trend(grain, trend_start, trend_end),
        benchmarks=[b for b in satisfaction.benchmarks() if b.measure in ("nps", "csat")],
    )


def _margin(result: NpsResult) -> float:
    """Half the 95% interval (the wider side, when it is clipped at ±100)."""
    if result.score is None or result.low is None or result.high is None:
        return 0.0
    return max(result.high - result.score, result.score - result.low)


def _benchmark_series(
    trend: Sequence[PeriodMeasures], benchmarks: Sequence[BenchmarkRecord], measure: str
) -> list[Series]:
    """One dashed line per source of ``measure`` benchmarks. A benchmark covers every trend
    period inside its own (a yearly figure runs flat across its months); where several
    cover a period, the finest wins. Markers only when the benchmark is per trend period."""
    grain_rank = {Grain.MONTH: 0, Grain.QUARTER: 1, Grain.YEAR: 2}
    by_source: dict[str, list[tuple[int, float] | None]] = {}
    for benchmark in benchmarks:
        if benchmark.measure != measure:
            continue
        try:
            rank = grain_rank[period_grain(benchmark.period)]
            start, end = period_bounds(benchmark.period)
        except ValueError:
            continue
        values = by_source.setdefault(benchmark.label, [None] * len(trend))
        for i, point in enumerate(trend):
            inside_start, inside_end = period_bounds(point.period)
            current = values[i]
            if (
                start <= inside_start
                and inside_end <= end
                and (current is None or rank < current[0])
            ):
                values[i] = (rank, benchmark.value)
    lines = []
    trend_rank = grain_rank[period_grain(trend[0].period)] if trend else 0
    for label, values in by_source.items():
        if all(v is None for v in values):
            continue
        lines.append(
            Series(
                label or _("Benchmark"),
                [v[1] if v else None for v in values],
                dashed=True,
                markers=any(v is not None and v[0] == trend_rank for v in values),
            )
        )
    return lines


def _tail(line: Series, first: int) -> Series:
    return Series(line.label, list(line.values)[first:], line.dashed, line.colour, line.markers)
