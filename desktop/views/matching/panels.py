"""Incrocio's building blocks: the filters row and a ranked table with its explanation."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import formatting
from desktop.i18n import _
from desktop.services.matching import MatchFilters, MatchReport
from desktop.views.matching.models import explanation_html
from desktop.views.table_model import RowTableModel


def table_view(model: RowTableModel[Any], name: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.setAlternatingRowColors(True)
    return view


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class Filters(QWidget):
    """Radius, minimum score, availability: the same three filters in both directions."""

    def __init__(self, radius_hint: str, available_text: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.radius = QSpinBox()
        self.radius.setRange(0, 300)
        self.radius.setSuffix(" km")
        self.radius.setSpecialValueText(radius_hint)
        self.radius.setAccessibleName(_("Radius"))
        self.min_score = QDoubleSpinBox()
        self.min_score.setRange(0.0, 1.0)
        self.min_score.setSingleStep(0.05)
        self.min_score.setDecimals(2)
        self.min_score.setAccessibleName(_("Minimum score"))
        self.available = QCheckBox(available_text or "", self)  # never a window of its own
        self.available.setVisible(available_text is not None)
        self.top = QSpinBox()
        self.top.setRange(5, 500)
        self.top.setValue(50)
        self.top.setAccessibleName(_("Results"))
        row.addWidget(buddy(_("&Radius"), self.radius))
        row.addWidget(self.radius)
        row.addWidget(buddy(_("Minimum &score"), self.min_score))
        row.addWidget(self.min_score)
        row.addWidget(buddy(_("Res&ults"), self.top))
        row.addWidget(self.top)
        row.addWidget(self.available)
        row.addStretch(1)

    def value(self, lift: frozenset[str] = frozenset()) -> MatchFilters:
        return MatchFilters(top=self.top.value(), min_score=round(self.min_score.value(), 2),
                            radius_km=float(self.radius.value()) or None,
                            available_only=self.available.isChecked(), lift=lift)


class Results(QWidget):
    """The ranked table and, beside it, the explanation of the selected row."""

    def __init__(self, model: RowTableModel[Any], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setObjectName("PageSubtitle")
        self.notes.setAccessibleName(_("Notes about missing data"))
        layout.addWidget(self.notes)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = model
        self.table = table_view(model, name)
        self.explanation = QLabel(_("Select a row to see why it scores as it does."))
        self.explanation.setObjectName("Card")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.explanation.setMargin(14)
        self.explanation.setMinimumWidth(260)
        self.explanation.setAccessibleName(_("Explanation of the score"))
        self.explanation.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse)
        split.addWidget(self.table)
        # In a scroll area: a long explanation (six parts, what is not known, what would
        # change the rank) is never cut at the card's edge.
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.explanation)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([800, 340])
        layout.addWidget(split, 1)
        self.table.selectionModel().currentRowChanged.connect(self._explain)

    def show_report(self, report: MatchReport) -> None:
        self.model.set_rows(report.rows)
        lines = [escape(report.subject)]
        lines.append(escape(_("{shown} results out of {total} considered.").format(
            shown=len(report.rows), total=report.considered)))
        lines += [f"<span style='color:#92400E'>⚠ {escape(n)}</span>" for n in report.notes]
        self.notes.setText("<br/>".join(lines))
        if report.rows:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        else:
            self.explanation.setText(_("No result with these filters."))

    def _explain(self, current: object, _previous: object = None) -> None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return
        item = self.model.row_at(row)
        title = f"{item.rank}. {formatting.decimal(item.score, 2)} · {item.title}"
        self.explanation.setText(explanation_html(title, item.explanation, item.kinds,
                                                  item.missing, item.change, escape))

    def selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedRows()})
