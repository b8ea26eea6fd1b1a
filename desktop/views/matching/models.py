"""Read-only table models of the Incrocio area, over the matching service's dataclasses."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from desktop import formatting
from desktop.i18n import N_, _
from desktop.services.matching import MatchRow
from desktop.values.shortlist import ShortlistRow, outcome_label
from desktop.views.table_model import ALIGN_RIGHT, FISCAL_CODE_SAMPLE, Column, RowTableModel


def _km(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def _score(row: MatchRow | ShortlistRow) -> str:
    return formatting.decimal(row.score, 2)  # "0,20", as the spin boxes show it


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
        Column(N_("#"), lambda r: str(r.rank), align=ALIGN_RIGHT),
        Column(N_("Score"), _score, align=ALIGN_RIGHT),
        Column(N_("Person"), lambda r: r.title),
        Column(N_("Codice fiscale"), lambda r: r.detail, sample=FISCAL_CODE_SAMPLE),
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


def _consent(code: str) -> str:
    """The candidate's consent for the vacancy, as the operator reads it."""
    return {"given": _("given"), "withdrawn": _("withdrawn")}.get(code, "—")


class ShortlistModel(RowTableModel[ShortlistRow]):
    """The rosa of a vacancy: who was proposed and what came of it."""

    columns = (
        Column(N_("Score"), _score, align=ALIGN_RIGHT),
        Column(N_("Person"), lambda r: r.name),
        Column(N_("Codice fiscale"), lambda r: r.fiscal_code,
               sample=FISCAL_CODE_SAMPLE),
        Column(N_("Outcome"), _outcome),
        Column(N_("Consent"), lambda r: _consent(r.consent)),
    )


COLOURS = {"gain": "#166534", "short": "#B91C1C", "neutral": "#6B7280"}


def explanation_html(title: str, lines: Sequence[str], kinds: Sequence[str],
                     missing: Sequence[str], change: str,
                     escape: Callable[[str], str]) -> str:
    """The explanation panel: one line per part (the score is their sum), half or more
    earned in green, less in red, not required in grey; then what is not known about
    the person and what would change the rank."""
    items = []
    for i, line in enumerate(lines):
        colour = COLOURS.get(kinds[i] if i < len(kinds) else "", "#6B7280")
        items.append(f"<li style='color:{colour}'>{escape(line)}</li>")
    text = f"<b>{escape(title)}</b><ul style='margin-left:-18px'>{''.join(items)}</ul>"
    text += "<p style='color:#374151'>" + escape(
        _("The score is the sum of the points above.")) + "</p>"
    if missing:
        text += "<p style='color:#92400E'>" + escape(
            _("Not known about this person: {parts}. Record them in the curriculum to "
              "score them.").format(parts=", ".join(missing))) + "</p>"
    if change:
        text += f"<p style='color:#1E3A8A'><b>{escape(change)}</b></p>"
    return text
