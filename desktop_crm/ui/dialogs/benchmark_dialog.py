"""Benchmarks: a competitor's or an industry figure per measure and period, which the Feedback
overview draws beside the shop's own. Also the words and numbers satisfaction figures are
shown with, shared by the overview."""

from __future__ import annotations

from collections.abc import Sequence

from babel.dates import format_skeleton
from babel.numbers import format_decimal, format_percent
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_crm.domain.errors import CrmError
from desktop_crm.domain.satisfaction import Grain, period_bounds, period_grain
from desktop_crm.i18n import _
from desktop_crm.i18n.formatting import babel_locale
from desktop_crm.services.questionnaires import attribute_name
from desktop_crm.services.satisfaction import BenchmarkRecord
from desktop_crm.ui.context import UiContext
from desktop_crm.ui.models.columns import RIGHT, Column
from desktop_crm.ui.models.record_model import ListModel
from desktop_crm.ui.prompts import error_text
from desktop_crm.ui.widgets.record_table import RecordTable

ERROR_STYLE = "color: #c62828;"


# --- how satisfaction figures read -------------------------------------------------------------
def number_text(value: float | None, decimals: int = 1) -> str:
    """A figure in the reader's locale ("4.3", "4,3"); a dash when there is none."""
    if value is None:
        return "—"
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return str(format_decimal(round(value, decimals), pattern, locale=babel_locale()))


def signed_text(value: float | None, decimals: int = 1) -> str:
    """A difference with its sign ("+0.4", "−1.2")."""
    if value is None:
        return "—"
    digits = "0" * decimals
    pattern = f"+#,##0.{digits};-#,##0.{digits}" if decimals else "+#,##0;-#,##0"
    return str(format_decimal(round(value, decimals), pattern, locale=babel_locale()))


def percent_text(share: float | None) -> str:
    """A share given in % (0–100) as the locale writes it ("86%", "86 %")."""
    if share is None:
        return "—"
    return str(format_percent(share / 100, locale=babel_locale()))


def attribute_label(attribute: str) -> str:
    """An attribute as the shop named it, translated when it is one of ours, capitalised."""
    text = attribute_name(attribute, _) if attribute else _("(no attribute)")
    return text[:1].upper() + text[1:]


def measure_label(measure: str) -> str:
    if measure == "nps":
        return _("NPS")
    if measure == "effort":
        return _("Customer effort")
    if measure == "csat":
        return _("Satisfied (% rating 4–5)")
    if measure.startswith("csat:"):
        return _("Satisfied with {attribute} (%)").format(
            attribute=attribute_label(measure[len("csat:") :])
        )
    return measure


def measure_value_text(measure: str, value: float | None) -> str:
    """NPS as a whole number, effort as a mean, CSAT as a share."""
    if measure == "nps":
        return number_text(value, 0)
    if measure == "effort":
        return number_text(value, 1)
    return percent_text(value)


def period_label(key: str) -> str:
    """ "Nov 2026", "Q4 2026", "2026" in the reader's language; the key itself if malformed."""
    try:
        grain = period_grain(key)
    except ValueError:
        return key
    if grain is Grain.YEAR:
        return key
    skeleton = "yMMM" if grain is Grain.MONTH else "yQQQ"
    return str(format_skeleton(skeleton, period_bounds(key)[0], locale=babel_locale()))


# --- the dialog --------------------------------------------------------------------------------
class BenchmarkModel(ListModel[BenchmarkRecord]):
    def __init__(self, parent: QWidget | None = None) -> None:
        columns: list[Column[BenchmarkRecord]] = [
            Column(lambda: _("Measure"), lambda b: measure_label(b.measure)),
            Column(lambda: _("Period"), lambda b: period_label(b.period)),
            Column(
                lambda: _("Value"), lambda b: measure_value_text(b.measure, b.value), None, RIGHT
            ),
            Column(lambda: _("Source"), lambda b: b.label),
        ]
        super().__init__(columns, parent)


class BenchmarkDialog(QDialog):
    """Lists the benchmarks entered; adds one (measure, period, value, source) or deletes one.

    ``changed`` is emitted after every stored change, so the overview draws it at once."""

    changed = Signal()

    def __init__(
        self, ctx: UiContext, attributes: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Benchmarks"))
        self.resize(620, 460)

        intro = QLabel(
            _(
                "Enter a competitor's or an industry figure for a period; the overview shows "
                "it beside your own."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = BenchmarkModel(self)
        self.table = RecordTable(self)
        self.table.setObjectName("benchmarks")
        self.table.setModel(self.model)
        self.table.set_column_widths([200, 90, 70])
        self.delete_button = QPushButton(_("&Delete"), self)
        self.delete_button.setEnabled(False)

        self.measure = QComboBox(self)
        self.measure.setObjectName("measure")
        self.measure.addItem(measure_label("nps"), "nps")
        self.measure.addItem(measure_label("csat"), "csat")
        self.measure.addItem(measure_label("effort"), "effort")
        seen: set[str] = set()
        for attribute in attributes:
            if attribute.strip() and attribute.casefold() not in seen:
                seen.add(attribute.casefold())
                self.measure.addItem(measure_label("csat:" + attribute), "csat:" + attribute)
        self.period = QLineEdit(self)
        self.period.setObjectName("period")
        self.period.setText(str(ctx.today().year))
        self.period.setPlaceholderText(_("2026, 2026-Q3 or 2026-11"))
        self.period.setToolTip(_("A year (2026), a quarter (2026-Q3) or a month (2026-11)"))
        self.value = QDoubleSpinBox(self)
        self.value.setObjectName("value")
        self.value.setLocale(self.locale())
        self.label = QLineEdit(self)
        self.label.setObjectName("label")
        self.label.setPlaceholderText(_("e.g. Industry average, Competitor on Main Street"))
        self.add_button = QPushButton(_("&Add"), self)
        self.add_button.setDefault(True)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("&Measure"), self.measure)
        form.addRow(_("&Period"), self.period)
        form.addRow(_("&Value"), self.value)
        form.addRow(_("&Source"), self.label)
        for field in (self.measure, self.period, self.value, self.label):
            buddy = form.labelForField(field)
            if isinstance(buddy, QLabel):
                buddy.setBuddy(field)
        adding = QHBoxLayout()
        adding.addStretch(1)
        adding.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        list_actions = QHBoxLayout()
        list_actions.addStretch(1)
        list_actions.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(list_actions)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(adding)
        layout.addWidget(buttons)

        self.measure.currentIndexChanged.connect(lambda _i: self._measure_changed())
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.delete_button.setEnabled(self.table.current_row() is not None)
        )
        self.model.modelReset.connect(lambda: self.delete_button.setEnabled(False))
        self._measure_changed()
        self.reload()

    def reload(self) -> None:
        self.model.set_records(self.ctx.shop.satisfaction.benchmarks())

    def _measure_changed(self) -> None:
        """NPS runs −100..100, effort is a 1–5 mean, CSAT a share of satisfied answers."""
        measure = str(self.measure.currentData())
        if measure == "nps":
            self.value.setRange(-100, 100)
            self.value.setDecimals(0)
            self.value.setSuffix("")
            self.value.setValue(30)
        elif measure == "effort":
            self.value.setRange(1, 5)
            self.value.setDecimals(1)
            self.value.setSuffix("")
            self.value.setValue(2.0)
        else:
            self.value.setRange(0, 100)
            self.value.setDecimals(0)
            self.value.setSuffix(" %")
            self.value.setValue(80)

    def add(self) -> None:
        try:
            self.ctx.shop.satisfaction.save_benchmark(
                str(self.measure.currentData()),
                self.period.text(),
                self.value.value(),
                self.label.text(),
            )
        except CrmError as exc:
            self.error.setText(error_text(exc))
            return
        self.error.clear()
        self.label.clear()
        self.reload()
        self.changed.emit()

    def delete_selected(self) -> None:
        row = self.table.current_row()
        record = self.model.record(row) if row is not None else None
        if record is None:
            return
        text = _("Delete the benchmark {measure}, {period}?").format(
            measure=measure_label(record.measure), period=period_label(record.period)
        )
        if not self.ctx.prompts.confirm(_("Delete benchmark"), text, _("Delete")):
            return
        try:
            self.ctx.shop.satisfaction.delete_benchmark(record.id)
        except CrmError as exc:
            self.error.setText(error_text(exc))
        self.reload()
        self.changed.emit()

    def start(self) -> None:
        """Open window-modal over the page (the event loop keeps running)."""
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.open()
