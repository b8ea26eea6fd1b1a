"""The score is exactly the sum of the parts shown, and missing requirements are neutral."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.matching.explain import explain
from desktop.services.matching.score import (
    CEFR_ORDER,
    NOT_REQUIRED,
    PersonProfile,
    VacancyProfile,
    Weights,
    score,
)
from desktop.services.people.profiling import EDUCATION_LEVELS
from tests.helpers.synthetic import CODES, LANGS, SKILLS

TODAY = dt.date(2026, 12, 3)
W = Weights()
coords = st.one_of(st.none(), st.tuples(st.floats(42.4, 44.4), st.floats(9.7, 12.3)))
languages = st.lists(st.tuples(st.sampled_from(LANGS), st.sampled_from(CEFR_ORDER)),
                     max_size=3, unique_by=lambda x: x[0]).map(tuple)
education = st.sampled_from(("", *EDUCATION_LEVELS))
skills = st.frozensets(st.sampled_from(SKILLS), max_size=5)

people = st.builds(
    PersonProfile, person_id=st.just("p"), education=education,
    mobility_radius_km=st.just(10_000.0), part_time=st.booleans(), languages=languages,
    desired=st.lists(st.sampled_from(CODES), max_size=3).map(tuple),
    experience=st.lists(st.sampled_from(CODES), max_size=2).map(tuple), skills=skills,
    coords=coords, has_curriculum=st.booleans())
vacancies = st.builds(
    VacancyProfile, vacancy_id=st.just("v"),
    occupation_code=st.one_of(st.just(""), st.sampled_from(CODES)), skills=skills,
    education=education, languages=languages, part_time=st.booleans(), coords=coords)


def _points(line: str) -> float:
    return float(line.split()[0].replace(",", "."))  # "+0,35": the Italian comma


@settings(max_examples=400, deadline=None)
@given(person=people, vacancy=vacancies)
def test_the_score_is_exactly_the_sum_of_the_parts_shown(person: PersonProfile,
                                                         vacancy: VacancyProfile) -> None:
    result = score(person, vacancy, TODAY, W)
    assert result is not None
    lines = explain(result.parts)
    assert len(lines) == 6
    # Every line starts with the points it adds, with a plus sign: one convention.
    assert all(line.startswith("+") for line in lines)
    assert round(sum(_points(line) for line in lines), 2) == result.score
    assert result.cents == round(result.score * 100)
    assert 0.0 <= result.score <= 1.0
    for part in result.parts:
        if part.status == NOT_REQUIRED:
            assert part.cents == 0 and "non richiesto" in explain((part,))[0] or (
                part.name == "distance")


@settings(max_examples=200, deadline=None)
@given(person=people, vacancy=vacancies)
def test_a_person_meeting_every_requirement_scores_the_same_however_many_are_listed(
        person: PersonProfile, vacancy: VacancyProfile) -> None:
    # Make the person meet the vacancy exactly (same place, hours, skills, level...).
    perfect = replace(person, desired=(vacancy.occupation_code,) if vacancy.occupation_code
                      else ("5.1.2.1.0",), skills=vacancy.skills | {"extra"},
                      education=vacancy.education or "dottorato",
                      languages=vacancy.languages or (("inglese", "C2"),),
                      coords=vacancy.coords, part_time=vacancy.part_time,
                      has_curriculum=True)
    result = score(perfect, vacancy, TODAY, W)
    assert result is not None
    # Whatever the vacancy lists, meeting all of it is (up to the hundredths rounding)
    # the full score: unlisted requirements neither reward nor punish.
    assert result.score == 1.0


def test_fewer_requirements_do_not_favour_a_vacancy() -> None:
    person = PersonProfile(person_id="p", education="diploma", skills=frozenset({"haccp"}),
                           desired=("5.1.2.2.0",), coords=(43.77, 11.25))
    many = VacancyProfile(vacancy_id="many", occupation_code="5.1.2.2.0",
                          skills=frozenset({"haccp"}), education="diploma",
                          coords=(43.77, 11.25))
    few = VacancyProfile(vacancy_id="few", occupation_code="5.1.2.2.0", coords=(43.77, 11.25))
    a, b = score(person, many, TODAY, W), score(person, few, TODAY, W)
    assert a is not None and b is not None
    # Before: "few" lost the skills and education weights (0.35 less) for not asking.
    assert a.score == b.score == 1.0
