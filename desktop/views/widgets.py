"""Small widget builders every dialog uses the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from desktop.i18n import _


def error_label(accessible_name: str = "") -> QLabel:
    """A hidden, word-wrapped label in the error colour, shown when something is wrong."""
    label = QLabel()
    label.setObjectName("ErrorLabel")
    label.setWordWrap(True)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    label.hide()
    return label


def ok_cancel_buttons(ok_text: str, on_ok: Callable[[], object],
                      on_cancel: Callable[[], object]) -> QDialogButtonBox:
    """OK (the default, primary button, labelled ``ok_text``) and Annulla."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setProperty("primary", True)
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Cancel"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons


def scoped_shortcut(key: str | QKeySequence | Qt.Key, parent: QWidget,
                    slot: Callable[[], object],
                    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
                    ) -> QShortcut:
    """A shortcut active only while the focus is in ``parent`` (or as ``context`` says).

    PySide6's ``QShortcut(key, parent, callable, context=…)`` silently ignores the
    context and makes a window-wide shortcut; two such shortcuts with the same key
    in one window are then ambiguous and neither fires.
    """
    shortcut = QShortcut(key if isinstance(key, QKeySequence) else QKeySequence(key), parent)
    shortcut.setContext(context)
    shortcut.activated.connect(slot)
    return shortcut
