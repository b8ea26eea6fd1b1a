"""A small editable grid with add/remove buttons, used by the Patto form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.views.widgets import scoped_shortcut


class EditableTable:
    """Rows are lists of strings; ``changed`` callbacks run on every edit by the operator."""

    def __init__(self, headers: list[str], stretch: int,
                 choices: dict[int, list[str]] | None = None) -> None:
        self.table = QTableWidget(0, len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(110)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # A long text (a measure's description) wraps and its row grows to show it all;
        # the tooltip holds it whole too (one line, it was cut at the column's edge).
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.choices = choices or {}
        self.changed: list[Callable[[], None]] = []
        self._filling = False
        self.add_button = QPushButton(_("Add"))
        self.add_button.setToolTip(_("Add a row (Ins in the table)"))
        self.add_button.clicked.connect(self.add_and_edit)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setToolTip(_("Remove the selected row (Ctrl+Del in the table)"))
        self.remove_button.clicked.connect(lambda: self._edited(self.remove_current))
        self.table.itemChanged.connect(self._item_changed)
        # Keyboard first: Ins adds a row and starts typing in its first cell, Ctrl+Del
        # removes the row; Tab walks the cells (the table keeps it while a row is edited).
        scoped_shortcut("Ins", self.table, self.add_and_edit, description=_("Add a row"))
        scoped_shortcut("Ctrl+Del", self.table, lambda: self._edited(self.remove_current), description=_("Remove the row"))

    def add_and_edit(self) -> None:
        """A new empty row, with the keyboard in its first cell."""
        self._edited(lambda: self.add_row([""] * self.table.columnCount()))
        row = self.table.rowCount() - 1
        self.table.setFocus()
        widget = self.table.cellWidget(row, 0)
        if widget is not None:
            widget.setFocus()
        else:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(self.table.item(row, 0))

    def _edited(self, action: Callable[[], None]) -> None:
        action()
        self._notify()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.toolTip() != item.text():
            item.setToolTip(item.text())
        self._notify()

    def _notify(self) -> None:
        if not self._filling:
            for callback in self.changed:
                callback()

    def add_row(self, values: list[str]) -> None:
        row = self.table.rowCount()
        self._filling = True
        try:
            self.table.insertRow(row)
            for column, value in enumerate(values):
                if column in self.choices:
                    combo = QComboBox()
                    combo.setEditable(True)
                    combo.addItems(self.choices[column])
                    combo.setCurrentText(value)
                    combo.currentTextChanged.connect(lambda _text: self._notify())
                    self.table.setCellWidget(row, column, combo)
                else:
                    item = QTableWidgetItem(value)
                    item.setToolTip(value)
                    self.table.setItem(row, column, item)
        finally:
            self._filling = False
        self.table.setCurrentCell(row, 0)

    def remove_current(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def set_rows(self, rows: list[list[str]]) -> None:
        self._filling = True
        try:
            self.table.setRowCount(0)
        finally:
            self._filling = False
        for values in rows:
            self.add_row(values)

    def rows(self) -> list[list[str]]:
        result = []
        for row in range(self.table.rowCount()):
            values: list[Any] = []
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if isinstance(widget, QComboBox):
                    values.append(widget.currentText())
                else:
                    item = self.table.item(row, column)
                    values.append(item.text() if item else "")
            if any(v.strip() for v in values):
                result.append([str(v) for v in values])
        return result


def titled(title: str, table: EditableTable, error: QLabel) -> QWidget:
    """The table under a title with its buttons, and its error line below."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    head = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("CardTitle")
    label.setBuddy(table.table)
    table.table.setAccessibleName(title.replace("&", ""))
    head.addWidget(label, 1)
    head.addWidget(table.add_button)
    head.addWidget(table.remove_button)
    layout.addLayout(head)
    layout.addWidget(table.table)
    layout.addWidget(error)
    return box
