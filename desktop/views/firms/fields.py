"""A grid of labelled fields, each with its buddy label and an error line under it."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QWidget

from desktop.views.widgets import error_label, hinted_line


class FieldGrid(QGridLayout):
    """Rows of "label: field" in ``columns`` pairs; ``show_errors`` fills the error lines."""

    def __init__(self, columns: int = 2) -> None:
        super().__init__()
        self.setHorizontalSpacing(10)
        self.setVerticalSpacing(2)
        self._columns = columns
        self._count = 0
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}

    def add(self, name: str, text: str, widget: QWidget, accessible: str = "",
            span: int = 1) -> QWidget:
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(accessible or text.replace("&", ""))
        error = error_label(accessible_name=(accessible or text.replace("&", "")))
        row, col = divmod(self._count, self._columns)
        self.addWidget(label, row * 2, col * 2)
        self.addWidget(widget, row * 2, col * 2 + 1, 1, span * 2 - 1)
        self.addWidget(error, row * 2 + 1, col * 2 + 1, 1, span * 2 - 1)
        self._count += span
        self.fields[name] = widget
        self.errors[name] = error
        return widget

    def line(self, name: str, text: str, max_length: int = 200, placeholder: str = "",
             span: int = 1) -> QLineEdit:
        edit = hinted_line(placeholder)
        edit.setMaxLength(max_length)
        self.add(name, text, edit, span=span)
        return edit

    def show_errors(self, errors: Mapping[str, str]) -> None:
        first: QWidget | None = None
        for name, label in self.errors.items():
            message = errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
            if message and first is None:
                first = self.fields[name]
        if first is not None:
            first.setFocus()

    def clear_errors(self) -> None:
        self.show_errors({})

    def shown_errors(self) -> dict[str, str]:
        return {n: lab.text() for n, lab in self.errors.items() if not lab.isHidden()}
