"""The dialog listing what in the centre's configuration contradicts the Carta: shown
instead of printing, so that the operator corrects the configuration or the standard."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.i18n import _
from desktop.services.charter.consistency import CharterInconsistent


def problems_html(exc: CharterInconsistent) -> str:
    items = "".join(f"<li>{escape(p.message)}</li>" for p in exc.problems)
    return f"<p>{escape(exc.user_message)}</p><ul>{items}</ul>"


def show_problems(parent: QWidget, exc: BaseException) -> QMessageBox | None:
    """Open the list (window-modal, not blocking) when ``exc`` is a Carta's problems."""
    if not isinstance(exc, CharterInconsistent):
        return None
    box = QMessageBox(QMessageBox.Icon.Warning, _("The Carta contradicts the configuration"),
                      "", QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(problems_html(exc))
    box.setObjectName("CharterProblems")
    box.setAccessibleName(_("Problems found in the Carta"))
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def period_choices() -> dict[str, str]:
    """The periods the Carta's measured values can cover (``charter.printing.PERIODS``)."""
    return {"auto": _("Previous year (or year to date if it has no data)"),
            "previous_year": _("Previous calendar year"), "year_to_date": _("Year to date"),
            "none": _("No measured values")}
