"""Sincronizzazione's words and the resend dialog: field and record names, values and
moments as an operator reads them, and "Edit and resend"."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from desktop import formatting
from desktop.i18n import N_, _
from desktop.sync.service import ProblemInfo

FIELD_NAMES = {
    "fiscal_code": N_("Fiscal code"),
    "fiscal_code_base": N_("Fiscal code (base)"),
    "surname": N_("Surname"),
    "name": N_("Name"),
    "sex": N_("Sex"),
    "birth_date": N_("Date of birth"),
    "birthplace_code": N_("Place of birth (code)"),
    "citizenship": N_("Citizenship"),
    "mobile": N_("Mobile"),
    "email": N_("Email"),
}
KIND_NAMES = {"person": N_("Person"), "agreement": N_("Service agreement"),
              "action": N_("Action"), "vacancy": N_("Vacancy"),
              "audit_checkpoint": N_("Audit log checkpoint")}
STATUS_NAMES = {"conflict": N_("Conflict"), "rejected": N_("Refused"),
                "forbidden": N_("Not allowed")}


def problem_label(problem: ProblemInfo) -> str:
    """The Problems list's first column: the kind of record and whose it is."""
    theirs = problem.theirs.get("fields") or {}
    surname = problem.mine.get("surname") or theirs.get("surname") or ""
    name = problem.mine.get("name") or theirs.get("name") or ""
    return f"{_(KIND_NAMES.get(problem.kind, problem.kind))}: {surname} {name}".strip()


def compared_keys(problem: ProblemInfo) -> list[str]:
    """The fields to show side by side, in the form's order (a refusal: what was sent)."""
    theirs = problem.theirs.get("fields") or {}
    keys = list(problem.mine) if problem.status == "rejected" else sorted(
        set(problem.mine) | {k for k in theirs if k in FIELD_NAMES},
        key=lambda k: list(FIELD_NAMES).index(k) if k in FIELD_NAMES else 99)
    return [k for k in keys if k != "fiscal_code_base"]


def field_name(key: str) -> str:
    return _(FIELD_NAMES[key]) if key in FIELD_NAMES else key


def shown(value: Any) -> str:
    """A value as an operator reads it (dates the Italian way)."""
    text = "" if value is None else str(value)
    try:
        return formatting.date(date.fromisoformat(text)) if len(text) == 10 else text
    except ValueError:
        return text


def when(moment: datetime | None) -> str:
    if moment is None:
        return _("never")
    return formatting.date_time(moment.astimezone())


class EditDialog(QDialog):
    """Edit the values to send again (one line per field of mine)."""

    def __init__(self, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Edit and resend"))
        form = QFormLayout(self)
        self.edits: dict[str, QLineEdit] = {}
        for key, value in values.items():
            edit = QLineEdit("" if value is None else str(value))
            self.edits[key] = edit
            form.addRow(field_name(key), edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        return {key: edit.text().strip() for key, edit in self.edits.items()}


def ask_edits(parent: QWidget, values: dict[str, Any]) -> dict[str, Any] | None:
    dialog = EditDialog(values, parent)
    return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
