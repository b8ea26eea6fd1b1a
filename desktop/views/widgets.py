"""Small widget builders every dialog uses the same way."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialogButtonBox, QLabel

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
