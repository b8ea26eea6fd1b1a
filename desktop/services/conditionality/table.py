"""The art. 21 c.7 table as the Patto prints it (resources/agreement/it.yaml).

The sanction's wording is taken from the Patto's own consequence table, so the letter
says exactly what the person signed: first absence, a quarter of a monthly payment;
second, one monthly payment; further, decadenza. Who receives no benefit (NASpI,
DIS-COLL) is told what the Patto says for them: the loss of the unemployment status.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import yaml

from desktop.paths import resource_path


@dataclass(frozen=True)
class Sanction:
    code: str  # quarter_month | one_month | decadenza | status_loss
    wording: str


@functools.cache
def _agreement_texts() -> dict[str, Any]:
    with resource_path("agreement", "it.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def _absence_steps() -> list[str]:
    """The three steps of the Patto's row for a missed convocation."""
    row = next(r for r in _agreement_texts()["conditionality"]
               if r[0].startswith("Mancata presentazione a una convocazione"))
    steps = [s.strip() for s in row[1].split(". ") if s.strip()]
    return [s if s.endswith(".") else s + "." for s in steps]


def non_beneficiary_wording() -> str:
    text: str = _agreement_texts()["justified_reasons"]
    return next(s.strip() for s in text.split(". ") if s.startswith("Chi non percepisce"))


def rule_heading() -> str:
    row = _agreement_texts()["conditionality"][0]
    return str(row[0])


def sanction_for(ordinal: int, benefit: bool) -> Sanction:
    """The sanction of the ``ordinal``-th unjustified absence (1, 2, 3 …)."""
    if not benefit:
        return Sanction("status_loss", non_beneficiary_wording())
    first, second, further = _absence_steps()
    if ordinal <= 1:
        return Sanction("quarter_month", first)
    if ordinal == 2:
        return Sanction("one_month", second)
    return Sanction("decadenza", further)
