"""The ATECO picker: type words ("ristorante", "pasticceria") or a code; the matching codes
are listed under the field; Down moves into the list, Enter chooses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.firms import ateco


class _Words(QLineEdit):
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class AtecoPicker(QWidget):
    """``code()`` is the chosen (or typed) code; ``title`` shows its Italian title."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.edit = _Words()
        self.edit.setPlaceholderText(_("words or code, like \"pasticceria\" or 10.71"))
        self.edit.setAccessibleName(_("ATECO activity"))
        self.setFocusProxy(self.edit)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setAccessibleName(_("ATECO title"))
        self.matches = QListWidget()
        self.matches.setAccessibleName(_("ATECO codes matching the words"))
        self.matches.setMaximumHeight(120)
        self.matches.hide()
        layout.addWidget(self.edit)
        layout.addWidget(self.title)
        layout.addWidget(self.matches)
        self.edit.textEdited.connect(self._search)
        self.edit.down.connect(self._enter_list)
        self.edit.returnPressed.connect(self._take_first)
        self.matches.itemActivated.connect(self._take)

    def code(self) -> str:
        return ateco.normalise_ateco(self.edit.text())

    def set_code(self, code: str) -> None:
        self.edit.setText(code)
        self.matches.hide()
        self._show_title()

    def _show_title(self) -> None:
        title = ateco.ateco_title(self.edit.text())
        self.title.setText(title)
        self.title.setVisible(bool(title))

    def _search(self, text: str) -> None:
        self._show_title()
        self.matches.clear()
        if ateco.is_known_ateco(text) or len(text.strip()) < 2:
            self.matches.hide()
            return
        for entry in ateco.find_ateco(text, limit=40):
            item = QListWidgetItem(f"{entry.code} · {entry.title}")
            item.setData(Qt.ItemDataRole.UserRole, entry.code)
            self.matches.addItem(item)
        self.matches.setVisible(self.matches.count() > 0)

    def _enter_list(self) -> None:
        if self.matches.count():
            self.matches.setCurrentRow(0)
            self.matches.setFocus()

    def _take_first(self) -> None:
        if self.matches.isVisible() and self.matches.count():
            self._take(self.matches.item(0))

    def _take(self, item: QListWidgetItem) -> None:
        self.set_code(str(item.data(Qt.ItemDataRole.UserRole)))
        self.edit.setFocus()
        self.chosen.emit(self.code())
