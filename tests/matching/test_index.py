"""The vectorised candidate index agrees with the per-pair reference scorer."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import Weights, rank, score
from tests.helpers.synthetic import synthetic_people, synthetic_vacancies

TODAY = dt.date(2026, 12, 3)


def test_vectorised_scores_equal_the_reference_on_a_sample() -> None:
    rng = random.Random(7)
    people = synthetic_people(2000, rng)
    vacancies = synthetic_vacancies(40, rng, TODAY)
    index = CandidateIndex(people)
    w = Weights()
    compared = excluded = 0
    for vacancy in vacancies:
        values = index.scores(vacancy, TODAY, w)
        for i, person in enumerate(people):
            reference = score(person, vacancy, TODAY, w)
            if reference is None:
                assert values[i] != values[i]  # NaN: excluded by a filter
                excluded += 1
            else:
                assert values[i] == pytest.approx(reference.score, abs=1e-6)
                compared += 1
    assert compared > 1000 and excluded > 1000


def test_candidates_are_the_reference_top() -> None:
    rng = random.Random(11)
    people = synthetic_people(3000, rng)
    index = CandidateIndex(people)
    w = Weights()
    for vacancy in synthetic_vacancies(10, rng, TODAY):
        expected = rank([r for p in people if (r := score(p, vacancy, TODAY, w))])[:20]
        got = index.candidates(vacancy, TODAY, top=20, weights=w)
        assert [r.person_id for r in got] == [r.person_id for r in expected]


def test_vacancies_for_a_person_are_the_reference_top() -> None:
    from desktop.services.matching.vacancy_index import VacancyIndex

    rng = random.Random(13)
    vacancies = synthetic_vacancies(3000, rng, TODAY)
    index = VacancyIndex(vacancies)
    w = Weights()
    for person in synthetic_people(30, rng):
        expected = rank([r for v in vacancies if (r := score(person, v, TODAY, w))])[:20]
        got = index.vacancies_for(person, TODAY, top=20, weights=w)
        assert [r.vacancy_id for r in got] == [r.vacancy_id for r in expected]


def test_vectorised_vacancy_scores_equal_the_reference() -> None:
    from desktop.services.matching.vacancy_index import VacancyIndex

    rng = random.Random(17)
    vacancies = synthetic_vacancies(1500, rng, TODAY)
    index = VacancyIndex(vacancies)
    w = Weights()
    compared = excluded = 0
    for person in synthetic_people(40, rng):
        values = index.scores(person, TODAY, w)
        for i, vacancy in enumerate(vacancies):
            reference = score(person, vacancy, TODAY, w)
            if reference is None:
                assert values[i] != values[i]
                excluded += 1
            else:
                assert values[i] == pytest.approx(reference.score, abs=1e-6)
                compared += 1
    assert compared > 1000 and excluded > 1000


def test_ties_at_the_cut_follow_the_reference_order() -> None:
    from desktop.services.matching.score import PersonProfile, VacancyProfile
    from desktop.services.matching.vacancy_index import VacancyIndex

    # Twenty identical vacancies: every score ties, so the ids decide.
    vacancies = [VacancyProfile(vacancy_id=f"V{i:02d}", occupation_code="5.1.2.2.0")
                 for i in reversed(range(20))]
    person = PersonProfile(person_id="P", desired=("5.1.2.2.0",))
    got = VacancyIndex(vacancies).vacancies_for(person, TODAY, top=5)
    assert [r.vacancy_id for r in got] == ["V00", "V01", "V02", "V03", "V04"]
