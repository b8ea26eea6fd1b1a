"""Read-only table models of the Incrocio area, over the matching service's dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import N_, _
from desktop.services.matching import MatchRow
from desktop.values.shortlist import ShortlistRow, outcome_label

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")


class RowsModel(QAbstractTableModel, Generic[Row]):
    columns: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    @property
    def rows(self) -> list[Row]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def cells(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(self._rows[index.row()])[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return _(self.columns[section])
        return None


def _km(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


class CandidatesModel(RowsModel[MatchRow]):
    """People ranked for one vacancy."""

    columns = (N_("Score"), N_("Person"), N_("Codice fiscale"), N_("Comune"), N_("km"),
               N_("Proposal"))

    def cells(self, row: MatchRow) -> tuple[str, ...]:
        return (f"{row.score:.2f}", row.title, row.detail, row.comune, _km(row.distance_km),
                outcome_label(row.proposal) if row.proposal else "")


class VacanciesModel(RowsModel[MatchRow]):
    """Vacancies ranked for one person."""

    columns = (N_("Score"), N_("Vacancy"), N_("Employer"), N_("Workplace"), N_("km"),
               N_("Proposal"))

    def cells(self, row: MatchRow) -> tuple[str, ...]:
        return (f"{row.score:.2f}", row.title, row.detail, row.comune, _km(row.distance_km),
                outcome_label(row.proposal) if row.proposal else "")


class ShortlistModel(RowsModel[ShortlistRow]):
    """The rosa of a vacancy: who was proposed and what came of it."""

    columns = (N_("Score"), N_("Person"), N_("Codice fiscale"), N_("Outcome"))

    def cells(self, row: ShortlistRow) -> tuple[str, ...]:
        outcome = outcome_label(row.outcome)
        if row.contract_type:
            outcome += f" ({row.contract_type})"
        return (f"{row.score:.2f}", row.name, row.fiscal_code, outcome)


def explanation_html(title: str, lines: Sequence[str], missing: Sequence[str],
                     escape: Callable[[str], str]) -> str:
    """The explanation panel: one line per part, gains in green and losses in red."""
    items = []
    for line in lines:
        colour = "#166534" if line.startswith("+") else "#B91C1C" if line.startswith(
            "\u2212") else "#6B7280"
        items.append(f"<li style='color:{colour}'>{escape(line)}</li>")
    text = f"<b>{escape(title)}</b><ul style='margin-left:-18px'>{''.join(items)}</ul>"
    if missing:
        text += "<p style='color:#6B7280'>" + escape(
            _("Not scored (data missing): {parts}.").format(parts=", ".join(missing))) + "</p>"
    return text
