"""What every benchmark shares: the figure it prints and a few measuring helpers."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure, printed as one JSON object on its own line."""

    bench: str
    metric: str
    value: float
    unit: str
    baseline: float | None
    target: float | None
    #: "max": value must stay at or below target; "min": at or above.
    direction: str = "max"

    @property
    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return round(self.value / self.baseline, 3)

    @property
    def ok(self) -> bool | None:
        if self.target is None:
            return None
        return self.value <= self.target if self.direction == "max" else self.value >= self.target

    def as_json(self) -> str:
        data = asdict(self)
        del data["direction"]
        data["value"] = round(self.value, 4)
        data["baseline"] = None if self.baseline is None else round(self.baseline, 4)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return json.dumps(data, ensure_ascii=False)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("no samples")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock milliseconds of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out
