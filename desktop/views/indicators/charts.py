"""The Osservatorio's drawing blocks: headline tiles and Qt Charts helpers."""

from __future__ import annotations

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QAbstractSeries,
    QBarCategoryAxis,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop import formatting
from desktop.views.style import ACCENT, MUTED, TEXT

#: A chart's height: eight measures' labels one under the other, with title and axis.
CHART_HEIGHT = 240


class Tile(QFrame):
    """A headline figure: a big number, what it counts, and one line of context."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        self.caption = QLabel(caption)
        self.caption.setObjectName("Muted")
        self.caption.setWordWrap(True)
        self.value = QLabel("—")
        self.value.setStyleSheet(f"font-size: 20pt; font-weight: bold; color: {ACCENT};")
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet(f"color: {MUTED}; font-size: 9pt;")
        for widget in (self.caption, self.value, self.detail):
            layout.addWidget(widget)
        self.setAccessibleName(caption)

    def show_figure(self, value: str, detail: str) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{value}. {detail}")
        self._keep_lines()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_lines()

    def _keep_lines(self) -> None:
        """Never shorter than its wrapped lines need at its width: in the scrolling page
        a tile gets its minimum height, and a wrapped label's guess of it cut the last
        line of "Giudizi positivi" in half."""
        need = self.heightForWidth(self.width())
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


def chart_view(title: str) -> QChartView:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(CHART_HEIGHT)  # the page scrolls: every label fits
    view.setAccessibleName(title)
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    return view


def small_labels(axis: QBarCategoryAxis | QValueAxis) -> None:
    font = axis.labelsFont()
    font.setPointSizeF(7.5)
    axis.setLabelsFont(font)
    axis.setTruncateLabels(False)


def outside_labels(series: QAbstractBarSeries) -> None:
    """Each bar's value past its end in the text colour: inside a short bar a white
    figure spilled onto the white background ("14" on a bar 12 px long)."""
    series.setLabelsVisible(True)
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
    for bars in series.barSets():
        bars.setLabelColor(QColor(TEXT))


def month_labels(keys: list[str]) -> list[str]:
    """"2026-03" -> "mar"; with the year on the first month and on January, so each
    label is unique (the axis drops repeated categories)."""
    labels = []
    for n, key in enumerate(keys):
        month = int(key[5:7])
        name = formatting.month_abbr(month)
        labels.append(f"{name} {key[2:4]}" if n == 0 or month == 1 else name)
    if len(set(labels)) < len(labels):  # a period longer than a year
        labels = [f"{label} {key[2:4]}" if " " not in label else label
                  for label, key in zip(labels, keys, strict=True)]
    return labels


def age_label(key: str) -> str:
    return {"0-24": "≤24", "55+": "≥55"}.get(key, key.replace("-", "–"))


def add_axes(chart: QChart, series: QAbstractSeries, categories: list[str], top: float,
          *, headroom: float = 1.15, horizontal: bool = False) -> None:
    """A category axis and a count axis from 0 to a rounded ``top``, attached to ``series``
    (categories at the bottom, or on the left for horizontal bars)."""
    category_axis = QBarCategoryAxis()
    category_axis.append(categories)
    small_labels(category_axis)
    value_axis = QValueAxis()
    value_axis.setLabelFormat("%d")
    value_axis.setRange(0, max(top, 1) * headroom)
    value_axis.applyNiceNumbers()
    left, bottom = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignBottom
    chart.addAxis(category_axis, left if horizontal else bottom)
    chart.addAxis(value_axis, bottom if horizontal else left)
    series.attachAxis(category_axis)
    series.attachAxis(value_axis)


def reset_chart(view: QChartView) -> QChart:
    chart = view.chart()
    chart.removeAllSeries()
    for axis in chart.axes():
        chart.removeAxis(axis)
    return chart
