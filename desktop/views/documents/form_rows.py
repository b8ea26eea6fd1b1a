"""Form rows of the Patto form: a label with its buddy, the content, its error line."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget


def read_only(name: str) -> QLineEdit:
    """A value shown, not typed (no frame, so it does not look like an input box)."""
    edit = QLineEdit()
    edit.setReadOnly(True)
    edit.setFrame(False)
    edit.setStyleSheet("QLineEdit { border: none; background: transparent; }")
    edit.setPlaceholderText("—")
    edit.setAccessibleName(name)
    return edit


def add_row(form: QFormLayout, text: str, content: QWidget | QHBoxLayout, buddy: QWidget,
            error: QLabel | None = None) -> None:
    label = QLabel(text)
    label.setBuddy(buddy)
    if not buddy.accessibleName():
        buddy.setAccessibleName(text.replace("&", ""))
    box = QVBoxLayout()
    box.setSpacing(2)
    if isinstance(content, QHBoxLayout):
        box.addLayout(content)
    else:
        box.addWidget(content)
    if error is not None:
        box.addWidget(error)
    form.addRow(label, box)
