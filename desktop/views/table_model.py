"""The one read-only table model of the views: rows of dataclasses, columns declared once.

A view lists its columns as :class:`Column` values (a header marked with ``N_``, a
function from the row to the shown text, optionally an alignment, a tooltip, an
accessible text, a ``UserRole`` value and the widest text the column must show whole) and
hands the rows to ``set_rows``; the model does the Qt plumbing every list of the
application used to repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from desktop.i18n import _

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex

#: Right-aligned, vertically centred: how figures sit in a column.
ALIGN_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

#: The widest codice fiscale a column may have to show: 16 characters, the widest
#: letters where letters go. A column with this ``sample`` never cuts one to "GSTBNC62D43G2…".
FISCAL_CODE_SAMPLE = "WWWWWW00W00W000W"

#: Room around a header's or a cell's text: the style sheet's 5 px header padding each
#: side, the item view's focus-frame margins and a little air.
TEXT_PADDING = 24


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header (an ``N_`` message id, translated when shown) and text."""

    header: str
    text: Callable[[T], str]
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[T], str] | None = None
    accessible: Callable[[T], str] | None = None
    user: Callable[[T], object] | None = None
    #: The widest text the column must show whole (a codice fiscale): the header asks
    #: for that width, so "resize to contents" never makes the column narrower.
    sample: str | None = None


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
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return _(column.header)
        if role == Qt.ItemDataRole.SizeHintRole and column.sample:
            return sample_size(_(column.header), column.sample)
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


def sample_size(header: str, sample: str) -> QSize:
    """The size of a header section wide enough for its bold ``header`` and for a cell
    showing ``sample`` in the application's font."""
    font = QApplication.font()
    bold = QFont(font)
    bold.setBold(True)
    cells, heading = QFontMetrics(font), QFontMetrics(bold)
    width = max(cells.horizontalAdvance(sample), heading.horizontalAdvance(header))
    return QSize(width + TEXT_PADDING, heading.height() + 12)
