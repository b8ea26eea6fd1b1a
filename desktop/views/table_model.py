"""The one read-only table model of the views: rows of dataclasses, columns declared once.

A view lists its columns as :class:`Column` values (a header marked with ``N_``, a
function from the row to the shown text, optionally an alignment, a tooltip, an
accessible text and a ``UserRole`` value) and hands the rows to ``set_rows``; the model does
the Qt plumbing every list of the application used to repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from desktop.i18n import _

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

#: Right-aligned, vertically centred: how figures sit in a column.
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (an ``N_`` message id, translated when shown) and text."""

    header: str
    text: Callable[[T], str]
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[T], str] | None = None
    accessible: Callable[[T], str] | None = None
    user: Callable[[T], object] | None = None


class RowTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of rows; subclasses set ``columns`` or pass them."""

    columns: Sequence[Column[T]] = ()

    def __init__(self, parent: QObject | None = None,
                 columns: Sequence[Column[T]] | None = None) -> None:
        super().__init__(parent)
        if columns is not None:
            self.columns = tuple(columns)
        self._rows: list[T] = []

    # --- the rows -------------------------------------------------------------------

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T:
        return self._rows[row]

    @property
    def rows(self) -> list[T]:
        return list(self._rows)

    # --- Qt ---------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return _(self.columns[section].header)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) \
                or not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        getter = self._getter(column, role)
        if getter is not None:
            return getter(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align)
        return None

    @staticmethod
    def _getter(column: Column[T], role: int) -> Callable[[T], object] | None:
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return column.accessible
        if role == Qt.ItemDataRole.UserRole:
            return column.user
        return None
