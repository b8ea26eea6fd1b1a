"""bench/matching.py: the application and its numpy floor are timed on the same
vacancies, the same number of times, and score alike."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from bench.matching import PlainColumns, paired_times, same_cents
from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import VacancyProfile, Weights
from tests.helpers.synthetic import synthetic_people, synthetic_vacancies


def test_both_sides_timed_on_the_same_vacancies_the_same_number_of_times() -> None:
    today = dt.date(2026, 12, 3)
    rng = random.Random(5)
    people = synthetic_people(1_500, rng)
    vacancies = synthetic_vacancies(150, rng, today)
    weights = Weights()
    candidates, plain = CandidateIndex(people), PlainColumns(people)
    eligible = np.ones(len(people), dtype=bool)
    sample = vacancies[:7]
    same_cents(candidates, plain, weights, sample)  # raises if the floor scores otherwise
    seen_app: list[VacancyProfile] = []
    seen_floor: list[VacancyProfile] = []

    def app(v: VacancyProfile) -> object:
        seen_app.append(v)
        return candidates.candidates(v, today, 50, weights=weights)

    def floor(v: VacancyProfile) -> object:
        seen_floor.append(v)
        return plain.top(v, weights, eligible, k=20)

    app_ms, floor_ms = paired_times(app, floor, sample)
    assert len(app_ms) == len(floor_ms) == len(sample)
    assert seen_app == seen_floor == list(sample)
