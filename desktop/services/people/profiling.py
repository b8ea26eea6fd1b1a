"""Quantitative profiling of a DID: a documented, pure function over a resource file.

The index is the modelled probability (0-1) of still being unemployed a year after
the DID, from a logistic model::

    index = 1 / (1 + exp(-(intercept + Σ coefficient·feature)))

Features: age (years over 30 and under 25), months unemployed (capped), education,
employment condition, sex, years in Italy (bands), household size, dependent
children, driving licence. The coefficients, the class thresholds and the GOL path
rules are in ``resources/registration/profiling.json``; unemployment-status income
thresholds and the patto deadlines in ``resources/registration/unemployment.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from dataclasses import dataclass
from typing import Any

from desktop.paths import resource_path

EDUCATION_LEVELS = ("none", "licenza_elementare", "licenza_media", "qualifica", "diploma",
                    "laurea_triennale", "laurea", "dottorato")
EMPLOYMENT_CONDITIONS = ("disoccupato", "inoccupato", "occupato_sotto_soglia", "studente")


@functools.cache
def coefficients() -> dict[str, Any]:
    with resource_path("registration", "profiling.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@functools.cache
def unemployment_rules() -> dict[str, Any]:
    with resource_path("registration", "unemployment.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@dataclass(frozen=True)
class ProfilingInput:
    birth_date: dt.date
    sex: str
    did_date: dt.date
    education: str
    employment_condition: str
    months_unemployed: int
    years_in_italy: int
    household_size: int
    dependent_children: int
    driving_licence: bool


@dataclass(frozen=True)
class Profiling:
    index: float
    profiling_class: str
    gol_path: int
    version: str
    #: Named contributions to the linear predictor, for the operator to see why.
    contributions: tuple[tuple[str, float], ...]


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def profile(data: ProfilingInput, model: dict[str, Any] | None = None) -> Profiling:
    """Compute the profiling index, its class and the GOL path (pure; no I/O with a model)."""
    m = model if model is not None else coefficients()
    age = _age(data.birth_date, data.did_date)
    months = min(max(data.months_unemployed, 0), int(m["months_unemployed"]["max_months"]))
    if data.years_in_italy < 5:
        band = "under_5"
    elif data.years_in_italy <= 10:
        band = "5_to_10"
    else:
        band = "over_10"
    parts = (
        ("age", m["age"]["per_year_over_30"] * max(age - 30, 0)
         + m["age"]["per_year_under_25"] * max(25 - age, 0)),
        ("months_unemployed", m["months_unemployed"]["per_month"] * months),
        ("education", float(m["education"][data.education])),
        ("employment_condition", float(m["employment_condition"][data.employment_condition])),
        ("sex", float(m["sex"].get(data.sex, 0.0))),
        ("years_in_italy", float(m["years_in_italy"][band])),
        ("household", m["per_household_member_over_1"] * max(data.household_size - 1, 0)),
        ("dependent_children", m["per_dependent_child"] * max(data.dependent_children, 0)),
        ("driving_licence", float(m["driving_licence"]) if data.driving_licence else 0.0),
    )
    linear = float(m["intercept"]) + sum(value for _, value in parts)
    index = round(1.0 / (1.0 + math.exp(-linear)), 4)
    klass = next(c["name"] for c in m["classes"] if index < c["upper"])
    path = int(next(g["path"] for g in m["gol_paths"] if index < g["upper"]))
    return Profiling(index, str(klass), path, str(m["version"]),
                     tuple((name, round(value, 4)) for name, value in parts))


def patto_deadline(did_date: dt.date, naspi: bool, rules: dict[str, Any] | None = None) -> dt.date:
    """The last day to sign the patto di servizio: 30 days after the DID, 15 with NASpI."""
    r = rules if rules is not None else unemployment_rules()
    return did_date + dt.timedelta(days=int(r["patto_days_naspi" if naspi else "patto_days"]))


def income_allows_unemployment(annual_income: int, self_employed: bool = False,
                               rules: dict[str, Any] | None = None) -> bool:
    """Whether a yearly income keeps unemployment status (thresholds from configuration)."""
    r = rules if rules is not None else unemployment_rules()
    key = "income_threshold_self_employed" if self_employed else "income_threshold_employee"
    return annual_income <= int(r[key])
