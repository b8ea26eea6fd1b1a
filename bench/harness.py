"""What every benchmark shares: the figure it prints and a few measuring helpers."""

from __future__ import annotations

import json
import math
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
    #: One line saying what the baseline is: the cheapest correct way to do the same work
    #: ("the same rows by plain executemany through the same driver, fsync on").
    floor: str = ""
    #: Why this figure cannot be trusted, e.g. "2 notifications of 60 never arrived"; a failed
    #: figure is never ok, whatever its value.
    failed: str | None = None

    def __post_init__(self) -> None:
        # Anything but "max" used to count as "min": a typo turned a time into a rate.
        if self.direction not in ("max", "min"):
            raise ValueError(f"direction of {self.metric} must be 'max' or 'min', "
                             f"not {self.direction!r}")

    @property
    def measured(self) -> bool:
        """False for a figure that carries no value (its benchmark raised before measuring)."""
        return not math.isnan(self.value)

    @property
    def ratio(self) -> float | None:
        """value / baseline, as printed (a time over its floor's time, a rate over its floor's)."""
        if not self.baseline or not self.measured:
            return None
        return round(self.value / self.baseline, 3)

    @property
    def cost_ratio(self) -> float | None:
        """How many times the floor's cost this figure is: the ratio for a time ("max"
        figures), its inverse for a rate ("min" figures); 1 is as cheap as the floor."""
        ratio = self.ratio
        if ratio is None or ratio <= 0:
            return None
        return ratio if self.direction == "max" else round(1 / ratio, 3)

    @property
    def ok(self) -> bool | None:
        if self.failed is not None or not self.measured:
            return False
        if self.target is None:
            return None
        return self.value <= self.target if self.direction == "max" else self.value >= self.target

    def as_json(self) -> str:
        data = asdict(self)
        del data["direction"]
        data["value"] = round(self.value, 4) if self.measured else None
        data["baseline"] = None if self.baseline is None else round(self.baseline, 4)
        data["ratio"] = self.ratio
        data["ok"] = self.ok
        return json.dumps(data, ensure_ascii=False)


def crashed(bench: str, exc: BaseException) -> Figure:
    """The figure a benchmark that raised leaves behind: no value, failed with the error's
    first line, so a report still shows it and ``python -m bench`` exits 1."""
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0]}" if lines else type(exc).__name__
    return Figure(bench, "run", math.nan, "", None, None,
                  floor="", failed=f"the benchmark raised {reason}")


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
