"""Asking the operator to confirm a merge of two records, and why.

A merge cannot be undone from the counter, so the dialog names both records,
says what happens to each, and will not accept an empty reason.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.views.widgets import error_label, ok_cancel_buttons


class MergeDialog(QDialog):
    def __init__(self, kept: str, merged: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge two records"))
        layout = QVBoxLayout(self)
        text = QLabel(_(
            "Everything of <b>{merged}</b> (visits, DID, curriculum, agreements, tickets, "
            "documents) moves into <b>{kept}</b>; then the record of {merged} is deleted. "
            "This cannot be undone.").format(kept=html.escape(kept),
                                             merged=html.escape(merged)))
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        layout.addWidget(text)
        label = QLabel(_("&Why are they the same person?"))
        self.reason = QLineEdit()
        self.reason.setMaxLength(500)
        self.reason.setAccessibleName(_("Reason for the merge"))
        label.setBuddy(self.reason)
        layout.addWidget(label)
        layout.addWidget(self.reason)
        self.error = error_label(_("Merge error"))
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(_("&Merge"), self._accept, self.reject))
        self.resize(460, self.sizeHint().height())

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.setText(_("Say why the two records are the same person."))
            self.error.show()
            self.reason.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.accept()


def ask_merge_reason(parent: QWidget, kept: str, merged: str) -> str | None:
    """The reason typed, or None when the operator cancelled."""
    dialog = MergeDialog(kept, merged, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip()
    finally:
        dialog.deleteLater()
