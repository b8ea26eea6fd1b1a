"""The arithmetic of the fairness report: shares, selection rates, the four-fifths rule.

Pure numpy on one row per person of the pool: a group code per dimension and a flag per
stage. The four-fifths rule compares each group's selection rate with the most selected
group's; a ratio under 0.8 is flagged only when the gap is more than chance (a
two-proportion z-test at the 5% level, one-sided) and the group has at least
``MIN_GROUP`` people in the pool, so that three people in a small centre do not raise an
alarm by luck.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

from desktop import formatting
from desktop.i18n import _
from desktop.values.fairness import DIMENSIONS, FOUR_FIFTHS, STAGES, GroupRow

MIN_GROUP = 5
Z_5_PERCENT = 1.645


def significant_gap(selected_a: int, pool_a: int, selected_b: int, pool_b: int) -> bool:
    """True when group a's rate is below group b's by more than chance (one-sided 5%)."""
    if pool_a == 0 or pool_b == 0:
        return False
    pooled = (selected_a + selected_b) / (pool_a + pool_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / pool_a + 1 / pool_b))
    if spread == 0:
        return False
    return (selected_b / pool_b - selected_a / pool_a) / spread >= Z_5_PERCENT


#: People counted by stage, then dimension, then group.
Counts = Mapping[str, Mapping[str, Mapping[str, int]]]


def counts_of(groups: Mapping[str, npt.NDArray[np.str_]],
              stages: Mapping[str, npt.NDArray[np.bool_]]) -> dict[str, dict[str, dict[str, int]]]:
    """Count one row per person (a group code per dimension, a flag per stage)."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for stage in STAGES:
        out[stage] = {}
        for dimension in DIMENSIONS:
            codes, counts = np.unique(groups[dimension][stages[stage]], return_counts=True)
            out[stage][dimension] = {str(c): int(n) for c, n in zip(codes, counts, strict=True)}
    return out


def group_rows(counted: Counts, order: Mapping[str, tuple[str, ...]],
               label: Callable[[str, str], str]) -> tuple[GroupRow, ...]:
    """One row per group of each dimension; ``order``: the groups of each dimension."""
    out: list[GroupRow] = []
    totals = [sum(counted[s][DIMENSIONS[0]].values()) for s in STAGES]
    for dimension in DIMENSIONS:
        counts = {g: [int(counted[s][dimension].get(g, 0)) for s in STAGES]
                  for g in order[dimension]}
        rates: dict[str, list[float | None]] = {}
        for g, c in counts.items():
            rates[g] = [c[i] / c[0] if c[0] and totals[i] else None
                        for i in range(1, len(STAGES))]
        best: list[str | None] = []
        for i in range(len(STAGES) - 1):
            known = [(r[i], g) for g, r in rates.items()
                     if r[i] is not None and counts[g][0] >= MIN_GROUP]
            best.append(max(known)[1] if known else None)
        for g, c in counts.items():
            ratios: list[float | None] = []
            alerts: list[bool] = []
            for i in range(len(STAGES) - 1):
                top = best[i]
                rate = rates[g][i]
                top_rate = rates[top][i] if top is not None else None
                if top is None or rate is None or not top_rate:
                    ratios.append(None)
                    alerts.append(False)
                    continue
                ratio = rate / top_rate
                ratios.append(ratio)
                alerts.append(ratio < FOUR_FIFTHS and c[0] >= MIN_GROUP and significant_gap(
                    c[i + 1], c[0], counts[top][i + 1], counts[top][0]))
            out.append(GroupRow(
                dimension, g, label(dimension, g), tuple(c),
                tuple(c[i] / totals[i] if totals[i] else 0.0 for i in range(len(STAGES))),
                tuple(rates[g]), tuple(ratios), tuple(alerts)))
    return tuple(out)


def alert_sentences(rows: tuple[GroupRow, ...], stage_name: Callable[[str], str]
                    ) -> tuple[str, ...]:
    out = []
    for row in rows:
        for i, flagged in enumerate(row.alerts):
            ratio = row.ratios[i]
            if flagged and ratio is not None:
                out.append(_("{group}: selected at {ratio} of the rate of the most selected "
                             "group at the stage “{stage}” (under the four-fifths rule).")
                           .format(group=row.label, ratio=formatting.decimal(ratio, 2),
                                   stage=stage_name(STAGES[i + 1])))
    return tuple(out)
