"""The occupation picker: type words ("cameriere"), choose a CP2021 occupation.

A line edit with a list under it, updated as you type, that never takes the focus:
Down/Up move in the list, Enter chooses ("5.2.2.3.2 — Camerieri di ristorante"),
Esc closes it. The classification's index is built once, off the GUI thread
(``ctx.ops``); a search in it then takes about a millisecond, so typing never waits.
Text that names no occupation is refused with "Professione non trovata: …"
(``problem()``), and the form saves nothing. ``OccupationDelegate`` puts the same
picker in a table's cell (the curriculum's experiences and desired occupations).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.i18n import _
from desktop.services.reference import classification
from desktop.views.ops import Operations

_READY = {"index": False}
_NAVIGATION = (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)


def label_of(code: str) -> str:
    """"code — title" for a known code, else the code as given."""
    found = classification.occupation(code)
    return found.label if found else code


def code_of(text: str) -> str | None:
    """The code a picker's text names (a label, a bare code, a full title), or None."""
    found = classification.resolve(text)
    return found.code if found else None


def not_found(text: str) -> str:
    return _("Occupation not found: {text}.").format(text=text.strip()[:60] or "—")


class OccupationPicker(QWidget):
    """A CP2021 occupation chosen by words; ``code()`` is the chosen code or None."""

    #: The occupation chosen from the list (an ``Occupation``).
    chosen = Signal(object)

    def __init__(self, ops: Operations | None = None, parent: QWidget | None = None,
                 name: str = "") -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(_("Type the occupation, e.g. waiter"))
        self.edit.setAccessibleName(name or _("Occupation (CP2021)"))
        self.edit.setAccessibleDescription(
            _("Type words of the occupation; Down to choose from the list, Enter to pick."))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.list = QListWidget()
        self.list.setWindowFlags(Qt.WindowType.ToolTip)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setAccessibleName(_("Occupations found"))
        self.list.itemClicked.connect(self._clicked)
        self.edit.textEdited.connect(self.search)
        self.edit.installEventFilter(self)
        self.destroyed.connect(self.list.deleteLater)
        self._waiting = ""
        if ops is not None and not _READY["index"]:
            ops.run(classification.warm_up, on_success=self._index_ready, kind="print")
        else:
            _READY["index"] = True

    # --- value ----------------------------------------------------------------------

    def text(self) -> str:
        return self.edit.text()

    def code(self) -> str | None:
        return code_of(self.edit.text())

    def problem(self) -> str | None:
        """The Italian sentence when the text names no occupation ("" is no problem)."""
        text = self.edit.text().strip()
        return not_found(text) if text and self.code() is None else None

    def set_code(self, code: str) -> None:
        self.edit.setText(label_of(code) if code else "")
        self.list.hide()

    # --- searching ------------------------------------------------------------------

    def _index_ready(self, _size: int) -> None:
        _READY["index"] = True
        if self._waiting:
            self.search(self._waiting)

    def search(self, text: str) -> None:
        if not _READY["index"]:
            self._waiting = text  # searched as soon as the index is built
            return
        self._waiting = ""
        self.list.clear()
        found = classification.search_occupations(
            text, classification.MAX_RESULTS * 4) if len(text.strip()) >= 2 else []
        # Only unità professionali: a vacancy, a curriculum and the matching name one, and
        # a gruppo or categoria may carry the very title of its single unità.
        for occ in [o for o in found if o.level == 5][:classification.MAX_RESULTS]:
            item = QListWidgetItem(occ.label)
            item.setData(Qt.ItemDataRole.UserRole, occ.code)
            item.setToolTip(occ.examples[:300] or occ.title)
            self.list.addItem(item)
        if self.list.count() and self.edit.hasFocus():
            self.list.setCurrentRow(0)
            self._place()
            self.list.show()
        else:
            self.list.hide()

    def _place(self) -> None:
        below = self.edit.mapToGlobal(self.edit.rect().bottomLeft())
        self.list.setFixedWidth(max(self.edit.width(), 420))
        rows = min(self.list.count(), 10)
        self.list.setFixedHeight(rows * max(self.list.sizeHintForRow(0), 18) + 6)
        self.list.move(below)

    def choose_current(self) -> bool:
        item = self.list.currentItem()
        if item is None or not self.list.isVisible():
            return False
        self._choose(str(item.data(Qt.ItemDataRole.UserRole)))
        return True

    def _clicked(self, item: QListWidgetItem) -> None:
        self._choose(str(item.data(Qt.ItemDataRole.UserRole)))

    def _choose(self, code: str) -> None:
        found = classification.occupation(code)
        self.list.hide()
        self.window().activateWindow()
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        if found is not None:
            self.edit.setText(found.label)
            self.chosen.emit(found)

    # --- keyboard -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and isinstance(event, QKeyEvent) and \
                event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in _NAVIGATION:
                if not self.list.isVisible():
                    self.search(self.edit.text())
                    return self.list.isVisible()
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5,
                        Qt.Key.Key_PageUp: -5}[Qt.Key(key)]
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.choose_current():
                return True
            if key == Qt.Key.Key_Escape and self.list.isVisible():
                self.list.hide()
                return True
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            # Later, not now: a click on the list (a window of its own) must still land.
            QTimer.singleShot(250, self, self._hide_unless_focused)
        return super().eventFilter(watched, event)

    def _hide_unless_focused(self) -> None:
        if not self.edit.hasFocus():
            self.list.hide()

    def hideEvent(self, event: QHideEvent) -> None:
        self.list.hide()
        super().hideEvent(event)


class OccupationDelegate(QStyledItemDelegate):
    """The picker as the editor of a table's occupation column."""

    def __init__(self, ops: Operations | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ops = ops

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        picker = OccupationPicker(self.ops, parent)
        picker.chosen.connect(lambda _occ, p=picker: self.commitData.emit(p))
        return picker

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex
                      ) -> None:
        if isinstance(editor, OccupationPicker):
            editor.edit.setText(str(index.data() or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, OccupationPicker):
            code = editor.code()
            model.setData(index, label_of(code) if code else editor.text().strip())
