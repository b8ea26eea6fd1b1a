"""What the counter console asks the operator: a text, a choice, yes or no, an outcome.

The console holds these as replaceable attributes, so tests answer for the operator.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from desktop.i18n import N_, _

#: How a ticket ended (queue service code -> label shown to the operator).
OUTCOME_LABELS = {
    "servito": N_("Served"),
    "rinviato": N_("Postponed to another appointment"),
    "documenti_mancanti": N_("Documents missing"),
    "non_di_competenza": N_("Not for this office"),
}


def outcome_choices() -> dict[str, str]:
    """The outcomes as the operator reads them, label -> service code, in order."""
    return {_(label): code for code, label in OUTCOME_LABELS.items()}


def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_item(parent: QWidget, title: str, label: str, items: list[str]) -> str | None:
    item, ok = QInputDialog.getItem(parent, title, label, items, 0, False)
    return item if ok else None


def ask_yes(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes
