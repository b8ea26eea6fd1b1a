"""The work limitations an L. 68/1999 enrolment may record, and what each rules out.

Read from ``resources/l68/limitations.yaml``: a code, its label in Italian and in
English, and the vacancy demand it is incompatible with (night shifts, heavy lifting,
standing long, driving). The matching leaves out a person whose limitation meets a
vacancy that makes that demand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import yaml

from desktop.i18n import current_language
from desktop.paths import resource_path

#: What a vacancy may ask of the body (the boolean columns of the vacancy).
DEMANDS = ("night_shifts", "heavy_lifting", "long_standing", "driving")
#: Licences that make the job a driving job even without the flag.
DRIVING_LICENCES = frozenset({"C1", "C1E", "C", "CE", "D1", "D1E", "D", "DE", "CQC"})


@dataclass(frozen=True)
class Limitation:
    code: str
    label_it: str
    label_en: str
    #: The vacancy demand this limitation rules out.
    demand: str

    def label(self, language: str | None = None) -> str:
        return self.label_it if (language or current_language()) == "it" else self.label_en


@functools.cache
def limitations() -> tuple[Limitation, ...]:
    with resource_path("l68", "limitations.yaml").open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)
    found = tuple(Limitation(str(r["code"]), str(r["it"]), str(r["en"]), str(r["vacancy"]))
                  for r in rows)
    codes = [x.code for x in found]
    if len(set(codes)) != len(codes) or any(x.demand not in DEMANDS for x in found):
        raise ValueError("resources/l68/limitations.yaml: duplicate code or unknown demand")
    return found


def limitation_codes() -> frozenset[str]:
    return frozenset(x.code for x in limitations())


def ruled_out(codes: frozenset[str] | set[str]) -> frozenset[str]:
    """The vacancy demands the limitations ``codes`` rule out."""
    return frozenset(x.demand for x in limitations() if x.code in codes)


def vacancy_demands(night_shifts: bool, heavy_lifting: bool, long_standing: bool,
                    driving: bool, licences: str) -> frozenset[str]:
    """What a vacancy asks of the body, from its flags and its licences."""
    asked = {name for name, flag in zip(DEMANDS, (night_shifts, heavy_lifting,
                                                  long_standing, driving), strict=True)
             if flag}
    if {c.strip().upper() for c in licences.split(",")} & DRIVING_LICENCES:
        asked.add("driving")
    return frozenset(asked)
