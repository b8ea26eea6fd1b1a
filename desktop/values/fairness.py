"""A fairness report as values: groups of people along the way from the eligible pool to
the hiring, their shares, selection rates and the four-fifths check, and the oversight log.

Built by ``desktop.services.matching.fairness``, shown by the Osservatorio and printed by
``desktop.documents.fairness``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.i18n import _

#: The stages, in order: the pool every rate is measured against, then the selections.
STAGES = ("pool", "top10", "top50", "proposed", "hired")
DIMENSIONS = ("sex", "age", "citizenship")
#: The four-fifths rule: a group selected at under 80% of the rate of the most selected
#: group of the same dimension is flagged.
FOUR_FIFTHS = 0.8


def stage_label(code: str, scope: str = "vacancy") -> str:
    if scope == "period" and code in ("top10", "top50"):
        return {"top10": _("proposed from the first 10"),
                "top50": _("proposed from the first 50")}[code]
    return {"pool": _("eligible pool"), "top10": _("first 10"), "top50": _("first 50"),
            "proposed": _("proposals"), "hired": _("hires")}[code]


def dimension_label(code: str) -> str:
    return {"sex": _("sex"), "age": _("age band"), "citizenship": _("citizenship")}[code]


@dataclass(frozen=True)
class GroupRow:
    dimension: str
    group: str
    label: str
    #: People of the group at each stage (``STAGES`` order).
    counts: tuple[int, ...]
    #: The group's share of each stage (0 when the stage is empty).
    shares: tuple[float, ...]
    #: Selection rate (stage / pool) for each stage after the pool; None when unknown.
    rates: tuple[float | None, ...]
    #: Rate against the most selected group of the dimension; None when unknown.
    ratios: tuple[float | None, ...]
    #: True where the four-fifths rule flags the group (ratio under 0.8, and the gap is
    #: more than chance at the 5% level).
    alerts: tuple[bool, ...]


@dataclass(frozen=True)
class OversightEntry:
    """One proposal: who proposed whom, at what rank, with what explanation."""

    proposal_id: uuid.UUID
    proposed_at: dt.datetime
    operator: str
    person: str
    fiscal_code: str
    vacancy: str
    rank: int
    score: float
    outcome: str
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class FairnessReport:
    scope: str  # "vacancy" | "period"
    subject: str
    date_from: dt.date
    date_to: dt.date
    #: People at each stage.
    totals: tuple[int, ...]
    rows: tuple[GroupRow, ...]
    #: One sentence per flagged group and stage.
    alerts: tuple[str, ...]
    oversight: tuple[OversightEntry, ...]
    #: Every proposal of the scope (the log shows at most the latest 500).
    oversight_total: int
