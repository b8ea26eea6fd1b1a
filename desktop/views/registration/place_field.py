"""A comune or foreign state typed by name or Belfiore code, resolved at a date."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.reference.places import find_places, place_at


class PlaceField(QLineEdit):
    """A comune or foreign state typed by name or Belfiore code, resolved at a date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMaxLength(60)
        self.code = ""
        self.resolved = QLabel()
        self.resolved.setObjectName("Muted")
        self.textChanged.connect(lambda _t: self.resolve(None))

    def resolve(self, day: dt.date | None) -> None:
        text = self.text().strip()
        self.code = ""
        if not text:
            self.resolved.setText("")
            return
        place = place_at(text, day) if len(text) == 4 and text[1:].isdigit() else None
        if place is None:
            found = find_places(text, day, limit=1)
            place = found[0] if found else None
        if place is None:
            self.resolved.setText(_("not found"))
            return
        self.code = place.code
        self.resolved.setText(f"{place.name} ({place.province}) · {place.code}")
