"""RowTableModel: columns declared once answer every role a list needs."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt

from desktop.i18n import N_
from desktop.views.table_model import ALIGN_RIGHT, Column, RowTableModel


@dataclass(frozen=True)
class Line:
    name: str
    hours: float


def _model() -> RowTableModel[Line]:
    return RowTableModel(columns=(
        Column(N_("Name"), lambda r: r.name, accessible=lambda r: f"person {r.name}",
               user=lambda r: r.name.upper()),
        Column(N_("Hours"), lambda r: f"{r.hours:g}", align=ALIGN_RIGHT,
               tooltip=lambda r: f"{r.hours} h"),
    ))


def test_roles_headers_and_rows(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = _model()
    model.set_rows([Line("Anna", 1.5), Line("Bruno", 2.0)])
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Nome"  # translated when shown
    name, hours = model.index(1, 0), model.index(1, 1)
    assert model.data(name) == "Bruno" and model.data(hours) == "2"
    assert model.data(name, Qt.ItemDataRole.AccessibleTextRole) == "person Bruno"
    assert model.data(name, Qt.ItemDataRole.UserRole) == "BRUNO"
    assert model.data(hours, Qt.ItemDataRole.ToolTipRole) == "2.0 h"
    assert model.data(hours, Qt.ItemDataRole.TextAlignmentRole) == int(ALIGN_RIGHT)
    assert model.data(name, Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.row_at(0) == Line("Anna", 1.5)
    assert model.rowCount(name) == 0  # a table: no children
    model.set_rows([])
    assert model.rowCount(QModelIndex()) == 0 and model.data(name) is None
