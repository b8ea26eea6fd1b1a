"""Who was left out of the candidates, by reason, with a check box to lift each reason.

The matching service ranks only eligible people by default (a DID in force, not hired
in the period, within their mobility radius, the collocamento mirato reserve). This strip
says how many each reason left out, and lets the operator include them again for the
next search: one check box per reason that can be lifted, Alt+letter each.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _, ngettext
from desktop.services.matching import LIFTABLE, MatchReport


def _box_text(code: str) -> str:
    texts = {
        "no_did": _("Include people &without a DID"),
        "placed": _("Include people &hired recently"),
        "radius": _("Include people &beyond their radius"),
        "licence": _("Include people &lacking the licence"),
    }
    return texts[code]


class ExclusionsStrip(QWidget):
    """The count of each exclusion and the check boxes that lift them."""

    def __init__(self, on_change: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(_("People left out by default: none yet (search first)."))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(_("People left out of the ranking"))
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        self.boxes: dict[str, QCheckBox] = {}
        for code in LIFTABLE:
            box = QCheckBox(_box_text(code))
            box.setAccessibleName(_box_text(code).replace("&", ""))
            box.toggled.connect(lambda _checked: on_change())
            self.boxes[code] = box
            row.addWidget(box)
        row.addStretch(1)
        layout.addLayout(row)

    def lifted(self) -> frozenset[str]:
        return frozenset(code for code, box in self.boxes.items() if box.isChecked())

    def show_report(self, report: MatchReport) -> None:
        if not report.exclusions:
            self.summary.setText(ngettext(
                "{eligible} person eligible; nobody left out.",
                "{eligible} people eligible; nobody left out.", report.eligible).format(
                eligible=report.eligible))
            return
        parts = []
        for item in report.exclusions:
            text = f"{item.count} {item.reason}"
            parts.append(_("{text} (included)").format(text=text) if item.lifted else text)
        self.summary.setText(ngettext(
            "{eligible} person ranked. Left out: {reasons}.",
            "{eligible} people ranked. Left out: {reasons}.", report.eligible).format(
            eligible=report.eligible, reasons="; ".join(parts))
            + " " + _("A person may be left out for more than one reason."))
        counts = {item.code: item.count for item in report.exclusions}
        for code, box in self.boxes.items():
            box.setToolTip(str(counts.get(code, 0)))
