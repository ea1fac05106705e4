"""The Feedback overview: headline figures, tables, the trend charts and benchmarks."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from desktop_crm.domain.questionnaires import QuestionKind
from desktop_crm.services.feedback import AnswerDraft, ResponseDraft, ResponseSource
from desktop_crm.services.shop import Shop
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.dialogs.benchmark_dialog import BenchmarkDialog
from desktop_crm.ui.pages.feedback_overview import FeedbackOverview, months_back
from desktop_crm.ui.widgets.chart import ChartWidget
from desktop_crm.ui.widgets.record_table import RecordTable

# NPS answers: 5 promoters, 2 passives, 3 detractors of 10 -> NPS 20; the 95% interval is
# ±1.96·sqrt((0.5 + 0.3 − 0.2²)/10)·100 = ±54.
NPS_SCORES = [10, 10, 9, 9, 10, 8, 7, 6, 5, 3]


def record(shop: Shop, day: date, nps: int, rating: int, staff_id: int | None = None) -> None:
    """A counter response rating every attribute ``rating`` and answering NPS ``nps``."""
    version = shop.questionnaires.default()
    answers = []
    for position, question in enumerate(version.questions):
        if question.kind is QuestionKind.RATING:
            answers.append(AnswerDraft(position, rating))
        elif question.kind is QuestionKind.NPS:
            answers.append(AnswerDraft(position, nps))
    shop.feedback.record(
        ResponseDraft(version.id, tuple(answers), ResponseSource.COUNTER, day, staff_id=staff_id)
    )


def fill(shop: Shop, today: date) -> None:
    """Ten responses this month and one two months ago (so the trend has three months)."""
    this_month = today.replace(day=1)
    for i, score in enumerate(NPS_SCORES):
        record(shop, this_month, score, 5 if score >= 9 else 2 + i % 2)
    record(shop, months_back(this_month, 2), 9, 4)


def overview(qtbot: Any, ctx: UiContext) -> FeedbackOverview:
    page = FeedbackOverview(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    settle(qtbot, page)
    return page


def settle(qtbot: Any, page: FeedbackOverview) -> None:
    """Wait until the figures read in the background are on screen."""
    qtbot.waitUntil(lambda: not page.loading, timeout=10_000)


def table_texts(page: FeedbackOverview, name: str) -> list[list[str]]:
    table = page.findChild(RecordTable, name)
    assert table is not None
    model = table.model()
    return [
        [str(model.index(row, column).data()) for column in range(model.columnCount())]
        for row in range(model.rowCount())
    ]


def chart_lines(page: FeedbackOverview, name: str) -> dict[str, list[float]]:
    chart = page.findChild(ChartWidget, name)
    assert chart is not None and chart.isVisible()
    return dict(chart.series_values())  # the figure's lines: labels and y values


def test_no_responses_shows_the_empty_state(qtbot: Any, ctx: UiContext) -> None:
    page = overview(qtbot, ctx)
    empty = page.findChild(QLabel, "empty")
    assert empty is not None and empty.isVisible()
    assert empty.text() == "No responses yet"
    chart = page.findChild(ChartWidget, "nps_chart")
    assert chart is not None and not chart.isVisible()


def test_headline_tables_and_trend(qtbot: Any, ctx: UiContext, shop: Shop) -> None:
    today = ctx.today()
    fill(shop, today)
    page = overview(qtbot, ctx)
    page.span.setCurrentIndex(page.span.findData("month"))
    settle(qtbot, page)

    assert page.nps_label.text() == "NPS 20 (±54, 10 answers)"
    assert page.csat_label.text().startswith("Satisfaction ")
    assert "1 response" not in page.period_label.text()
    assert page.period_label.text().startswith("10 responses from ")
    csat = table_texts(page, "csat_table")
    assert [row[0] for row in csat] == ["Cleanliness", "Friendliness", "Price", "Quality", "Speed"]
    assert all(row[3] == "10" for row in csat)
    assert csat[0][2] == "50%"  # the five promoters rated 5, the others 2 or 3

    # The trend starts at the first month with answers: three months, the middle one empty.
    nps = chart_lines(page, "nps_chart")
    assert list(nps) == ["Ours"]
    assert nps["Ours"][0] == 100 and math.isnan(nps["Ours"][1]) and nps["Ours"][2] == 20
    satisfied = chart_lines(page, "csat_chart")["Ours"]
    assert len(satisfied) == 3 and satisfied[2] == 50

    warning = page.findChild(QLabel, "drivers_warning")
    assert warning is not None and warning.isVisible()
    assert warning.text() == "Too few responses to say (10 of 30)"

    # A quarterly trend puts this month and the one two months back in at most two quarters.
    page.grain.setCurrentIndex(page.grain.findData("quarter"))
    settle(qtbot, page)
    assert 1 <= len(chart_lines(page, "nps_chart")["Ours"]) <= 2


def test_segments_by_channel_and_staff(qtbot: Any, ctx: UiContext, seeded: Shop) -> None:
    today = ctx.today()
    ana = ctx.current_staff_id()
    record(seeded, today, 10, 5, staff_id=ana)
    record(seeded, today, 0, 1)
    page = overview(qtbot, ctx)
    # One promoter and one detractor: NPS 0, its interval (±139) clipped to ±100.
    assert table_texts(page, "segments_table") == [["At the counter", "2", "0 (±100)", "50%"]]
    page.segment.setCurrentIndex(page.segment.findData("staff"))
    settle(qtbot, page)
    assert table_texts(page, "segments_table") == [["Ana García", "1", "100 (±0)", "100%"]]


def test_feedback_changed_refreshes(qtbot: Any, ctx: UiContext, shop: Shop) -> None:
    page = overview(qtbot, ctx)
    assert page.stack.currentIndex() == 0
    record(shop, ctx.today(), 9, 4)
    ctx.bus.feedback_changed.emit()
    settle(qtbot, page)
    assert page.nps_label.text() == "NPS 100 (±0, 1 answer)"


def test_benchmark_entered_in_the_dialog_is_drawn_and_listed(
    qtbot: Any, ctx: UiContext, shop: Shop, prompts: Any
) -> None:
    today = ctx.today()
    fill(shop, today)
    page = overview(qtbot, ctx)
    assert table_texts(page, "compare_table") == []

    qtbot.mouseClick(page.benchmarks_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(BenchmarkDialog)
    assert dialog is not None and dialog.isVisible()
    # A malformed period is refused with the reason, next to the form.
    dialog.period.setText("last year")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert "2026-Q3" in dialog.error.text()
    assert dialog.model.rowCount() == 0

    month = f"{today.year:04d}-{today.month:02d}"
    dialog.measure.setCurrentIndex(dialog.measure.findData("nps"))
    dialog.period.setText(month)
    dialog.value.setValue(35)
    dialog.label.setText("Industry average")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert dialog.error.text() == ""
    assert dialog.model.rowCount() == 1

    lines = chart_lines(page, "nps_chart")
    assert set(lines) == {"Ours", "Industry average"}
    assert lines["Industry average"][-1] == 35
    assert all(math.isnan(v) for v in lines["Industry average"][:-1])
    compare = table_texts(page, "compare_table")
    assert len(compare) == 1
    assert compare[0][0] == "NPS"
    assert compare[0][2:] == ["20", "35", "Industry average"]

    # Deleted again (after confirming): gone from the chart and the list.
    dialog.table.select_row(0)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, page)
    assert prompts.shown[-1][0] == "confirm"
    assert dialog.model.rowCount() == 0
    assert list(chart_lines(page, "nps_chart")) == ["Ours"]
    assert shop.satisfaction.benchmarks() == []
    dialog.reject()
