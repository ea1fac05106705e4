"""A line chart drawn by matplotlib on a Qt canvas.

Qt Charts is deprecated since Qt 6.10 and Qt Graphs needs Qt Quick; matplotlib is maintained,
draws offscreen, and the same figures can go into PDF reports later. It is imported only when a
chart is first drawn (never when the main window is built: importing it costs a noticeable
fraction of a second), and only ``Figure`` is used, never pyplot, so no global figure state.

The figure's lines are the chart's model: one ``Line2D`` per series, with NaN where a period
has no value (a gap in the line; a lone point shows as its marker).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure

FONT_FILE = Path(__file__).resolve().parents[3] / "resources" / "fonts" / "wqy-microhei.ttc"
FONT_NAME = "WenQuanYi Micro Hei"
# matplotlib falls back glyph by glyph along this list: the shipped font has Latin, Cyrillic
# and Chinese (and matches the PDFs); DejaVu (bundled with matplotlib) has the rest, e.g. "−".
FALLBACK_FAMILY = "DejaVu Sans"

OWN_COLOUR = "#1565c0"
BENCHMARK_COLOURS = ("#e65100", "#6a1b9a", "#2e7d32", "#ad1457", "#00838f")
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#dddddd"
TICK_POINTS = 8


@dataclass(frozen=True)
class Series:
    """One line: a value (or None) per category; a benchmark is dashed."""

    label: str
    values: Sequence[float | None]
    dashed: bool = False
    colour: str | None = None
    markers: bool = True


@cache
def font_families() -> tuple[str, ...]:
    """The families to draw text with; registers the shipped font with matplotlib once.

    Per figure, not through rcParams, so nothing else in the process changes."""
    from matplotlib import font_manager

    if FONT_FILE.exists():
        font_manager.fontManager.addfont(str(FONT_FILE))
        return (FONT_NAME, FALLBACK_FAMILY)
    return (FALLBACK_FAMILY,)


def visible_ticks(count: int, most: int = 8) -> list[int]:
    """Which of ``count`` category labels to write so they never overlap: every n-th,
    always including the last (the current period)."""
    most = max(1, most)
    if count <= most:
        return list(range(count))
    step = math.ceil(count / most)
    return list(range(count - 1, -1, -step))[::-1]


def label_width(text: str, points: float, dpi: float) -> float:
    """A generous estimate of a tick label's width in pixels (CJK characters are wide)."""
    ems = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.62 for ch in text)
    return ems * points * dpi / 72


class ChartWidget(QWidget):
    """A line chart over named categories (periods), with optional dashed benchmark lines."""

    def __init__(self, parent: QWidget | None = None, min_height: int = 230) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._min_height = min_height
        self._figure: Figure | None = None
        self._canvas: FigureCanvasQTAgg | None = None
        self._categories: list[str] = []
        self.setMinimumHeight(min_height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    @property
    def figure(self) -> Figure:
        """The figure (built, with matplotlib imported, on first use)."""
        if self._figure is None:
            self._build()
        assert self._figure is not None
        return self._figure

    @property
    def canvas(self) -> FigureCanvasQTAgg:
        if self._canvas is None:
            self._build()
        assert self._canvas is not None
        return self._canvas

    def _build(self) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        background = self.palette().window().color().name()
        figure = Figure(figsize=(5.0, 2.6), dpi=96, layout="constrained", facecolor=background)
        canvas = FigureCanvasQTAgg(figure)  # type: ignore[no-untyped-call]
        canvas.setParent(self)
        canvas.setMinimumHeight(self._min_height)
        canvas.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._layout.addWidget(canvas)
        self._figure, self._canvas = figure, canvas
        canvas.mpl_connect("resize_event", lambda _event: self._place_ticks())

    def _place_ticks(self) -> None:
        """As many category labels as fit the width side by side (again after a resize)."""
        if self._figure is None or not self._figure.axes:
            return
        axes = self._figure.axes[0]
        dpi = self._figure.dpi
        widest = max((label_width(c, TICK_POINTS, dpi) for c in self._categories), default=0.0)
        room = axes.get_position().width * self._figure.bbox.width
        shown = visible_ticks(len(self._categories), int(room // (widest + 12)))
        axes.set_xticks(shown, [self._categories[i] for i in shown])

    def show_lines(
        self,
        title: str,
        categories: Sequence[str],
        series: Sequence[Series],
        y_limits: tuple[float, float] | None = None,
        value_format: str = "{:.0f}",
    ) -> None:
        """Draw ``series`` over ``categories`` (one x position each) and repaint."""
        from matplotlib.font_manager import FontProperties
        from matplotlib.ticker import FuncFormatter

        families = list(font_families())
        figure = self.figure
        figure.clear()
        axes = figure.add_subplot()
        axes.set_facecolor("white")
        positions = list(range(len(categories)))
        benchmark_colours = iter(BENCHMARK_COLOURS * 4)
        for line in series:
            values = [math.nan if v is None else float(v) for v in line.values]
            colour = line.colour or (next(benchmark_colours) if line.dashed else OWN_COLOUR)
            axes.plot(
                positions,
                values,
                label=line.label,
                color=colour,
                linestyle="--" if line.dashed else "-",
                linewidth=1.4 if line.dashed else 2.0,
                marker=("D" if line.dashed else "o") if line.markers else "",
                markersize=5 if line.dashed else 4,
                # A benchmark for a longer period runs flat across it, stepping at its end.
                drawstyle="default" if line.markers else "steps-mid",
            )
        self._categories = list(categories)
        self._place_ticks()
        if positions:
            axes.set_xlim(-0.5, len(positions) - 0.5)
        if y_limits is not None:
            axes.set_ylim(*y_limits)
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: value_format.format(v)))
        axes.tick_params(labelsize=TICK_POINTS, labelcolor=TEXT_COLOUR, labelfontfamily=families)
        axes.grid(axis="y", color=GRID_COLOUR, linewidth=0.8)
        axes.set_axisbelow(True)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)
        axes.set_title(
            title,
            loc="left",
            fontsize=10,
            color=TEXT_COLOUR,
            fontfamily=families,
        )
        if len(series) > 1:
            # Above the plot, right of the title: never over the lines.
            axes.legend(
                prop=FontProperties(family=families, size=8),
                frameon=False,
                loc="lower right",
                bbox_to_anchor=(1.0, 1.0),
                ncols=min(len(series), 3),
                borderaxespad=0.1,
                handlelength=2.2,
            )
        self.canvas.draw_idle()  # type: ignore[no-untyped-call]

    def series_values(self) -> list[tuple[str, list[float]]]:
        """Each drawn line's label and its y values (NaN where it has none)."""
        if self._figure is None or not self._figure.axes:
            return []
        import numpy

        return [
            (str(line.get_label()), numpy.asarray(line.get_ydata(), dtype=float).tolist())
            for line in self._figure.axes[0].get_lines()
        ]
