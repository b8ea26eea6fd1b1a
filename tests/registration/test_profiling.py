"""Profiling: the documented function, its resource file and the deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from desktop.services.people.profiling import (
    ProfilingInput,
    coefficients,
    income_allows_unemployment,
    patto_deadline,
    profile,
)

BASE = ProfilingInput(
    birth_date=dt.date(1996, 1, 1), sex="M", did_date=dt.date(2026, 1, 1),
    education="diploma", employment_condition="disoccupato", months_unemployed=0,
    years_in_italy=36, household_size=1, dependent_children=0, driving_licence=True)


def test_the_reference_case_gives_the_logistic_of_the_intercept_plus_licence() -> None:
    import math

    model = coefficients()
    result = profile(BASE)
    expected = 1 / (1 + math.exp(-(model["intercept"] + model["driving_licence"])))
    assert abs(result.index - expected) < 1e-4
    assert result.profiling_class == "bassa" and result.gol_path == 1
    assert dict(result.contributions)["driving_licence"] == model["driving_licence"]


def test_harder_situations_raise_the_index_and_change_class_and_path() -> None:
    hard = replace(BASE, birth_date=dt.date(1966, 1, 1), education="licenza_elementare",
                   months_unemployed=36, years_in_italy=2, driving_licence=False,
                   dependent_children=3, household_size=5, sex="F")
    result = profile(hard)
    assert result.index > 0.75 > profile(BASE).index
    assert result.profiling_class == "molto alta" and result.gol_path == 4


def test_a_different_model_file_changes_the_result() -> None:
    model = dict(coefficients(), intercept=3.0)
    assert profile(BASE, model).index > 0.85


def test_deadlines_and_income_threshold_come_from_configuration() -> None:
    day = dt.date(2026, 3, 1)
    assert patto_deadline(day, naspi=False) == dt.date(2026, 3, 31)
    assert patto_deadline(day, naspi=True) == dt.date(2026, 3, 16)
    rules = {"patto_days": 10, "patto_days_naspi": 5,
             "income_threshold_employee": 100, "income_threshold_self_employed": 50}
    assert patto_deadline(day, naspi=False, rules=rules) == dt.date(2026, 3, 11)
    assert income_allows_unemployment(8000) and not income_allows_unemployment(9000)
    assert not income_allows_unemployment(101, rules=rules)
    assert income_allows_unemployment(50, self_employed=True, rules=rules)
