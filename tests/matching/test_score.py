"""The scoring rules of the incrocio: each part, each filter, ties, missing data, text."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from desktop.services.matching.explain import explain
from desktop.services.matching.score import (
    PersonProfile,
    VacancyProfile,
    Weights,
    configured_weights,
    distance_km,
    exclusion,
    rank,
    score,
)

TODAY = dt.date(2026, 12, 3)
FIRENZE = (43.7696, 11.2558)
PRATO = (43.8777, 11.1022)
W = Weights()

PERSON = PersonProfile(
    person_id="p1", education="diploma", licences=frozenset({"B"}), mobility_radius_km=30,
    languages=(("inglese", "B2"),), desired=("5.1.2.2.0",), experience=("6.1.2.1.0",),
    skills=frozenset({"haccp", "cassa"}), coords=FIRENZE)
VACANCY = VacancyProfile(
    vacancy_id="v1", number="OF-1", occupation_code="5.1.2.2.0",
    skills=frozenset({"haccp", "cassa"}), education="diploma",
    languages=(("inglese", "B1"),), coords=FIRENZE)


def parts(person: PersonProfile, vacancy: VacancyProfile) -> dict[str, float | None]:
    result = score(person, vacancy, TODAY, W)
    assert result is not None
    return {part.name: part.credit for part in result.parts}


def test_configured_weights_sum_to_one() -> None:
    w = configured_weights()
    assert sum(w.of(name) for name in ("occupation", "skills", "education", "languages",
                                       "distance", "contract")) == pytest.approx(1.0)


def test_a_perfect_pair_scores_one() -> None:
    result = score(PERSON, VACANCY, TODAY, W)
    assert result is not None
    assert result.score == pytest.approx(1.0)
    assert result.missing == ()


@pytest.mark.parametrize(("code", "credit"), [
    ("5.1.2.2.0", 1.0),          # desired, exact
    ("5.1.2.4.0", 0.5),          # desired, same group
    ("6.1.2.1.0", 0.7),          # past experience, exact
    ("6.1.2.9.0", 0.35),         # past experience, same group
    ("2.1.1.1.0", 0.0),          # unrelated
])
def test_occupation_ranks_desired_over_experience(code: str, credit: float) -> None:
    assert parts(PERSON, replace(VACANCY, occupation_code=code))["occupation"] == \
        pytest.approx(credit)


def test_skills_overlap_is_the_share_of_required_skills() -> None:
    vacancy = replace(VACANCY, skills=frozenset({"haccp", "muletto", "cassa", "excel"}))
    assert parts(PERSON, vacancy)["skills"] == pytest.approx(0.5)


def test_education_below_the_requirement_loses_half_per_level() -> None:
    assert parts(replace(PERSON, education="laurea"), VACANCY)["education"] == 1.0
    assert parts(replace(PERSON, education="qualifica"), VACANCY)["education"] == 0.5
    assert parts(replace(PERSON, education="licenza_elementare"), VACANCY)["education"] == 0.0


def test_languages_level_gap() -> None:
    assert parts(replace(PERSON, languages=(("inglese", "A2"),)), VACANCY)["languages"] == 0.5
    # Nothing recorded about the person's languages: not known, and it earns nothing.
    result = score(replace(PERSON, languages=()), VACANCY, TODAY, W)
    assert result is not None and result.missing == ("languages",)
    assert next(p for p in result.parts if p.name == "languages").cents == 0


def test_distance_decays_to_half_at_the_configured_distance() -> None:
    km = distance_km(FIRENZE, PRATO)
    assert 15 < km < 20
    credit = parts(PERSON, replace(VACANCY, coords=PRATO))["distance"]
    assert credit == pytest.approx(15 / (15 + km))


def test_hours_fit() -> None:
    assert parts(PERSON, replace(VACANCY, part_time=True))["contract"] == 0.5
    assert parts(replace(PERSON, part_time=True), replace(VACANCY, part_time=True))[
        "contract"] == 1.0
    assert parts(PERSON, VACANCY)["contract"] == 1.0


def test_a_part_time_seeker_gets_no_hours_credit_for_a_full_time_job() -> None:
    # The old rule gave full credit here ("fits" when the vacancy is not part-time).
    assert parts(replace(PERSON, part_time=True), VACANCY)["contract"] == 0.0
    full = score(replace(PERSON, part_time=True), VACANCY, TODAY, W)
    part = score(replace(PERSON, part_time=True), replace(VACANCY, part_time=True), TODAY, W)
    assert full is not None and part is not None and full.score < part.score


@pytest.mark.parametrize(("person", "vacancy", "reason"), [
    (PERSON, replace(VACANCY, status="chiusa"), "non è aperta"),
    (PERSON, replace(VACANCY, closes_on=TODAY - dt.timedelta(days=1)), "scaduta"),
    (PERSON, replace(VACANCY, l68_only=True), "collocamento mirato"),
    (replace(PERSON, mobility_radius_km=10), replace(VACANCY, coords=PRATO), "raggio"),
    (PERSON, replace(VACANCY, licences=frozenset({"B", "C"})), "Patente richiesta: C."),
])
def test_hard_filters_exclude(person: PersonProfile, vacancy: VacancyProfile,
                              reason: str) -> None:
    message = exclusion(person, vacancy, TODAY)
    assert message is not None and reason in message
    assert score(person, vacancy, TODAY, W) is None


def test_filters_pass_on_the_closing_day_and_for_enrolled_people() -> None:
    vacancy = replace(VACANCY, closes_on=TODAY, l68_only=True)
    assert exclusion(replace(PERSON, l68_enrolled=True), vacancy, TODAY) is None


def test_missing_data_still_scores_what_it_can() -> None:
    person = PersonProfile(person_id="p2", coords=None, has_curriculum=False)
    vacancy = VacancyProfile(vacancy_id="v2", coords=PRATO)
    result = score(person, vacancy, TODAY, W)
    assert result is not None
    assert result.score == 0.0
    # The vacancy asks for nothing but hours and place: the rest is "not required",
    # and what it asks and nobody recorded is "not known".
    assert set(result.missing) == {"distance", "contract"}
    assert set(result.not_required) == {"occupation", "skills", "education", "languages"}
    lines = explain(result.parts)
    assert "+0,00 su 0,50 · distanza: non noto per questa persona" in lines
    assert any("competenze: non richiesto da questa offerta" in line for line in lines)


def test_explanation_text() -> None:
    vacancy = replace(VACANCY, coords=PRATO, skills=frozenset({"haccp", "muletto"}))
    result = score(PERSON, vacancy, TODAY, W)
    assert result is not None
    lines = explain(result.parts, {"5.1.2.2.0": "Cuochi in alberghi e ristoranti"})
    assert lines[0] == "+0,35 su 0,35 · occupazione: Cuochi in alberghi e ristoranti (desiderata)"
    assert lines[1] == "+0,10 su 0,20 · competenze: 1 di 2 richieste; mancano: muletto"
    assert lines[4] == "+0,04 su 0,10 · distanza: 17 km"
    # One sign convention: the score is the sum of the points shown.
    shown = sum(float(line.split()[0].replace(",", ".")) for line in lines)
    assert round(shown, 2) == result.score


def test_ties_are_broken_by_id() -> None:
    a = score(replace(PERSON, person_id="b"), VACANCY, TODAY, W)
    b = score(replace(PERSON, person_id="a"), VACANCY, TODAY, W)
    c = score(replace(PERSON, person_id="c", skills=frozenset()), VACANCY, TODAY, W)
    assert a and b and c
    assert [r.person_id for r in rank([c, a, b])] == ["a", "b", "c"]
