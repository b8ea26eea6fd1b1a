"""Generic checks that what a widget shows is not cut: the codice fiscale columns of
every table, the labels of every chart, the lines of every wrapped label. Each takes a top-level widget, looks at its
visible children as shown and returns readable problems (empty = pass), like walk.py."""

from __future__ import annotations

import re

from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QLabel,
    QStyle,
    QTableView,
    QWidget,
)

from tests.a11y.walk import describe, shown

#: 16 characters with the widest letters where a codice fiscale has letters.
WIDEST_FISCAL_CODE = "WWWWWW00W00W000W"

_FISCAL_HEADER = re.compile(r"codice fiscale|\bC\.F\.", re.IGNORECASE)


def _text_margin(view: QAbstractItemView) -> int:
    """What an item view keeps free on each side of a cell's text (as Qt's styles do)."""
    return view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1


def cut_fiscal_codes(top: QWidget) -> list[str]:
    """Every column headed "Codice fiscale" (or "… C.F.") of a shown table is wide enough
    for any codice fiscale, and for each one it shows now."""
    problems = []
    for view in shown(top):
        if not isinstance(view, QTableView) or view.model() is None:
            continue
        model, metrics = view.model(), view.fontMetrics()
        margin = 2 * _text_margin(view) + view.showGrid()
        for column in range(model.columnCount()):
            header = model.headerData(column, Qt.Orientation.Horizontal,
                                      Qt.ItemDataRole.DisplayRole)
            if not isinstance(header, str) or not _FISCAL_HEADER.search(header):
                continue
            texts = [WIDEST_FISCAL_CODE] + [
                str(model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole) or "")
                for row in range(min(model.rowCount(), 50))]
            need = max(metrics.horizontalAdvance(t) for t in texts) + margin
            width = view.columnWidth(column)
            if width < need:
                problems.append(f"{describe(view)} column {header!r}: {width} px wide, "
                                f"a codice fiscale needs {need} px")
    return problems


def _label_items(view: QChartView) -> list[tuple[str, QRectF, bool]]:
    """(text, rectangle in the scene, visible) of the chart's text items."""
    out = []
    for item in view.scene().items():
        if isinstance(item, QGraphicsTextItem):
            text = item.toPlainText()
        elif isinstance(item, QGraphicsSimpleTextItem):
            text = item.text()
        else:
            continue
        if text.strip():
            out.append((text, item.sceneBoundingRect(), item.isVisible()))
    return out


def cut_chart_labels(top: QWidget, overlap: float = 0.5) -> list[str]:
    """Every chart shows each category label whole, no label elided ("…"), none outside
    the chart, and no two labels drawn over each other."""
    problems = []
    for view in shown(top):
        if not isinstance(view, QChartView):
            continue
        name = f"chart {view.chart().title()!r}"
        labels = _label_items(view)
        visible = [(text, rect) for text, rect, seen in labels if seen]
        texts = {text for text, _rect in visible}
        for axis in view.chart().axes():
            if isinstance(axis, QBarCategoryAxis):
                missing = [c for c in axis.categories() if c not in texts]
                if missing:
                    problems.append(f"{name}: category labels not shown {missing}")
        bounds = QRectF(view.rect()).adjusted(-overlap, -overlap, overlap, overlap)
        for text, rect in visible:
            if "…" in text or "..." in text:
                problems.append(f"{name}: label elided {text!r}")
            if not bounds.contains(rect.adjusted(overlap, overlap, -overlap, -overlap)):
                problems.append(f"{name}: label {text!r} outside the chart")
        for i, (text, rect) in enumerate(visible):
            for other, other_rect in visible[i + 1:]:
                shared = rect.intersected(other_rect)
                if shared.width() > overlap and shared.height() > overlap:
                    problems.append(f"{name}: labels {text!r} and {other!r} overlap")
    return problems


def cut_wrapped_labels(top: QWidget, slack: int = 2) -> list[str]:
    """Every word-wrapped label is as tall as its lines at its width (squeezed, its last
    line was drawn in half: "75.0%" for "75,0%")."""
    problems = []
    for label in shown(top):
        if isinstance(label, QLabel) and label.wordWrap() and label.text().strip():
            need = label.heightForWidth(label.width())
            if label.height() + slack < need:
                problems.append(f"{describe(label)}: {label.height()} px tall, its lines "
                                f"need {need} px")
    return problems


def cut_placeholders(top: QWidget) -> list[str]:
    """Every shown line edit is wide enough for its placeholder, the hint an operator
    reads before typing ("scan the health card or type, then Enter")."""
    from PySide6.QtWidgets import QLineEdit

    problems = []
    for edit in shown(top):
        if not isinstance(edit, QLineEdit) or not edit.placeholderText() or edit.text():
            continue
        margins = edit.textMargins()
        # the frame and Qt's own 2 px each side of the text, plus the text margins
        room = (edit.width() - 2 * edit.style().pixelMetric(
            QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit) - 4
            - margins.left() - margins.right())
        for action in edit.actions():  # a clear button or a calendar icon takes room too
            if action.isVisible():
                room -= edit.height()
        need = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        if room < need:
            problems.append(f"{describe(edit)} placeholder {edit.placeholderText()!r}: "
                            f"{room} px of room, it needs {need} px")
    return problems
