"""Side panel: possible duplicates of the person being typed, and why. Advisory only.

Signals:
    open_requested(str): the operator chose "open existing" (person id as text).
    merge_requested(str): the operator chose to merge that record into the open one.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop import formatting
from desktop.i18n import _
from desktop.services.people.duplicates import DuplicateCandidate


class DuplicatesPanel(QFrame):
    open_requested = Signal(str)
    merge_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Card")
        self.layout_ = QVBoxLayout(self)
        title = QLabel(_("Possible duplicates"))
        title.setObjectName("CardTitle")
        self.layout_.addWidget(title)
        self.empty = QLabel(_("No similar person found."))
        self.empty.setObjectName("Muted")
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.empty)
        self.items: list[QWidget] = []
        self.candidates: list[DuplicateCandidate] = []
        self.merge_buttons: list[QPushButton] = []
        self.layout_.addStretch(1)

    def show_candidates(self, candidates: Sequence[DuplicateCandidate], *,
                        can_merge: bool = False) -> None:
        """``can_merge``: a record is open, so each candidate may be merged into it."""
        for widget in self.items:
            self.layout_.removeWidget(widget)
            widget.deleteLater()
        self.items = []
        self.merge_buttons = []
        self.candidates = list(candidates)
        self.empty.setVisible(not candidates)
        for candidate in candidates:
            p = candidate.person
            box = QFrame()
            box.setObjectName("Banner")
            lay = QVBoxLayout(box)
            lay.setContentsMargins(6, 4, 6, 4)
            text = QLabel(
                f"<b>{html.escape(p.surname)} {html.escape(p.name)}</b> · {p.fiscal_code}<br>"
                + _("born {date}").format(date=formatting.date(p.birth_date))
                + f" · {html.escape(p.birthplace)}<br><i>"
                + html.escape("; ".join(candidate.reasons)) + "</i>")
            text.setWordWrap(True)
            button = QPushButton(_("Open existing"))
            button.setAutoDefault(False)
            button.clicked.connect(lambda _c=False, pid=str(p.id): self.open_requested.emit(pid))
            lay.addWidget(text)
            lay.addWidget(button)
            if can_merge:
                merge = QPushButton(_("Merge into the open record…"))
                merge.setAutoDefault(False)
                merge.setAccessibleDescription(
                    _("Moves everything of this record into the open one, then deletes it."))
                merge.clicked.connect(
                    lambda _c=False, pid=str(p.id): self.merge_requested.emit(pid))
                lay.addWidget(merge)
                self.merge_buttons.append(merge)
            self.layout_.insertWidget(self.layout_.count() - 1, box)
            self.items.append(box)
