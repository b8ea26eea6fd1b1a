"""The Sincronizzazione page's token field: masked, named, and wide enough for a token."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from desktop.i18n import _

#: The length of a workstation token ("spt_" and 43 characters, server/store/core.py).
TOKEN_LENGTH = 47

#: The small bullet as mask: Fusion's large dot made a token 532 px wide.
BULLET = chr(8226)


def token_width(edit: QLineEdit) -> int:
    """The width that shows a whole token in ``edit`` as masked, with the field's
    padding, border and text margins (the style sheet's 5 px, 2 px, Qt's 2 px)."""
    return edit.fontMetrics().horizontalAdvance(BULLET * TOKEN_LENGTH) + 2 * (5 + 2 + 2) + 4


def token_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(_("Workstation token from the region"))
    edit.setAccessibleName(_("Workstation token from the region"))
    edit.setStyleSheet(f"lineedit-password-character: {ord(BULLET)};")
    edit.setMinimumWidth(token_width(edit))
    return edit
