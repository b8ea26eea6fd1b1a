"""The bar chart of a report: each figure's cost relative to its floor, one bar per figure
that has a floor, drawn with ReportLab's graphics and written as SVG.

The bars show ``Figure.cost_ratio`` on a log scale around 1 (as cheap as the floor): a time
over its floor's time, and for a rate the floor's rate over the figure's, so that every bar
reads the same way, longer to the right is dearer. Green meets its target, red fails, grey
has no target.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from bench.harness import Figure

BAR_COLOURS = {True: "#2e7d32", False: "#c62828", None: "#8a8a8a"}
LABEL_WIDTH = 330
PLOT_WIDTH = 330
ROW = 14
MARGIN = 12
TOP = 46
BOTTOM = 34
LABEL_CHARS = 62


def bar_label(figure: Figure) -> str:
    text = f"{figure.bench} · {figure.metric}"
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def charted(figures: Sequence[Figure]) -> list[Figure]:
    """The figures that get a bar: those with a floor to be compared with."""
    return [f for f in figures if f.cost_ratio is not None]


def _times(exponent: float) -> str:
    """A bar's label: the ratio its (log) length stands for."""
    return f"{10 ** exponent:.3g}×"


def _tick(exponent: float) -> str:
    value = 10 ** exponent
    return f"{value:,.0f}×" if value >= 1 else f"{value:g}×"


def write_chart(figures: Sequence[Figure], path: Path) -> int:
    """Write the SVG to ``path``; returns the number of bars drawn."""
    from reportlab.graphics import renderSVG
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    bars = charted(figures)
    exponents = [math.log10(f.cost_ratio or 1) for f in bars]
    low = min([-1, *(math.floor(e) for e in exponents)])
    high = max([1, *(math.ceil(e) for e in exponents)])
    rows = max(len(bars), 1)
    width = MARGIN * 2 + LABEL_WIDTH + PLOT_WIDTH + 40
    height = TOP + BOTTOM + ROW * rows
    drawing = Drawing(width, height)
    # White behind everything: readable in a dark-themed viewer too.
    drawing.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    drawing.add(String(MARGIN, height - 16, "Cost of each figure relative to its floor "
                       "(log scale; 1× = as cheap as the floor; rates inverted)",
                       fontName="Helvetica-Bold", fontSize=10))
    x = MARGIN
    for ok, caption in ((True, "meets its target"), (False, "FAILED"), (None, "no target")):
        drawing.add(String(x, height - 32, f"■ {caption}", fontSize=8,
                           fillColor=colors.HexColor(BAR_COLOURS[ok])))
        x += 110
    if not bars:
        drawing.add(String(MARGIN, BOTTOM, "No figure of this run has a floor.", fontSize=9))
        renderSVG.drawToFile(drawing, str(path))
        return 0

    chart = HorizontalBarChart()
    chart.x, chart.y = MARGIN + LABEL_WIDTH, BOTTOM
    chart.width, chart.height = PLOT_WIDTH, ROW * rows
    chart.data = [exponents]
    chart.categoryAxis.categoryNames = [""] * len(bars)
    chart.categoryAxis.reverseDirection = 1  # the first figure on top, as in the table
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = low, high
    chart.valueAxis.valueSteps = list(range(low, high + 1))
    chart.valueAxis.labelTextFormat = _tick
    chart.valueAxis.labels.fontSize = 8
    chart.barLabelFormat = _times
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    chart.bars.strokeWidth = 0
    for i, figure in enumerate(bars):
        chart.bars[(0, i)].fillColor = colors.HexColor(BAR_COLOURS[figure.ok])
    drawing.add(chart)
    for i, figure in enumerate(bars):
        y = BOTTOM + ROW * (rows - i - 0.5) - 3
        drawing.add(String(MARGIN + LABEL_WIDTH - 6, y, bar_label(figure), fontSize=8,
                           textAnchor="end"))
    renderSVG.drawToFile(drawing, str(path))
    return len(bars)
