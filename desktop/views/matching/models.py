"""Read-only table models of the Incrocio area, over the matching service's dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop.i18n import N_, _
from desktop.services.matching import MatchRow
from desktop.values.shortlist import ShortlistRow, outcome_label
from desktop.views.table_model import ALIGN_RIGHT, Column, RowTableModel


def _km(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _score(row: MatchRow | ShortlistRow) -> str:
    return f"{row.score:.2f}"


def _proposal(row: MatchRow) -> str:
    return outcome_label(row.proposal) if row.proposal else ""


def _outcome(row: ShortlistRow) -> str:
    outcome = outcome_label(row.outcome)
    if row.contract_type:
        outcome += f" ({row.contract_type})"
    return outcome


class CandidatesModel(RowTableModel[MatchRow]):
    """People ranked for one vacancy."""

    columns = (
        Column(N_("Score"), _score, align=ALIGN_RIGHT),
        Column(N_("Person"), lambda r: r.title),
        Column(N_("Codice fiscale"), lambda r: r.detail),
        Column(N_("Comune"), lambda r: r.comune),
        Column(N_("km"), lambda r: _km(r.distance_km)),
        Column(N_("Proposal"), _proposal),
    )


class VacanciesModel(RowTableModel[MatchRow]):
    """Vacancies ranked for one person."""

    columns = (
        Column(N_("Score"), _score, align=ALIGN_RIGHT),
        Column(N_("Vacancy"), lambda r: r.title),
        Column(N_("Employer"), lambda r: r.detail),
        Column(N_("Workplace"), lambda r: r.comune),
        Column(N_("km"), lambda r: _km(r.distance_km)),
        Column(N_("Proposal"), _proposal),
    )


class ShortlistModel(RowTableModel[ShortlistRow]):
    """The rosa of a vacancy: who was proposed and what came of it."""

    columns = (
        Column(N_("Score"), _score, align=ALIGN_RIGHT),
        Column(N_("Person"), lambda r: r.name),
        Column(N_("Codice fiscale"), lambda r: r.fiscal_code),
        Column(N_("Outcome"), _outcome),
    )


def explanation_html(title: str, lines: Sequence[str], missing: Sequence[str],
                     escape: Callable[[str], str]) -> str:
    """The explanation panel: one line per part, gains in green and losses in red."""
    items = []
    for line in lines:
        colour = "#166534" if line.startswith("+") else "#B91C1C" if line.startswith(
            "\u2212") else "#6B7280"
        items.append(f"<li style='color:{colour}'>{escape(line)}</li>")
    text = f"<b>{escape(title)}</b><ul style='margin-left:-18px'>{''.join(items)}</ul>"
    if missing:
        text += "<p style='color:#6B7280'>" + escape(
            _("Not scored (data missing): {parts}.").format(parts=", ".join(missing))) + "</p>"
    return text
