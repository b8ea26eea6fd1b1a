"""What would change the rank is computed: applying it gives exactly the rank it says."""

from __future__ import annotations

import datetime as dt
import random

import numpy as np

from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import PersonProfile, VacancyProfile, Weights, rank, score
from desktop.services.matching.whatif import best_change, variants
from tests.helpers.synthetic import synthetic_people, synthetic_vacancies

TODAY = dt.date(2026, 12, 3)
W = Weights()


def test_the_suggested_requirement_gives_the_rank_it_promises() -> None:
    rng = random.Random(21)
    people = synthetic_people(1500, rng)
    index = CandidateIndex(people)
    checked = 0
    for vacancy in synthetic_vacancies(30, rng, TODAY):
        values = index.scores(vacancy, TODAY, W)
        ranked = index.candidates(vacancy, TODAY, top=40, weights=W)
        ordered = -np.sort(-values[~np.isnan(values)])
        for position, result in enumerate(ranked, start=1):
            profile = next(p for p in people if p.person_id == result.person_id)
            change = best_change(profile, vacancy, TODAY, position, ordered, W)
            options = dict(variants(profile, vacancy))
            if change is None:
                # Nothing single moves them up: every variant stays at or below.
                for variant in options.values():
                    new = score(variant, vacancy, TODAY, W)
                    assert new is not None
                    assert 1 + sum(1 for p in people if p.person_id != profile.person_id
                                   and (r := score(p, vacancy, TODAY, W))
                                   and r.score > new.score) >= position
                continue
            # Apply the suggestion to the person and rank everyone again for real.
            changed = options[change.requirement]
            others = [r for p in people if p.person_id != profile.person_id
                      and (r := score(p, vacancy, TODAY, W))]
            new = score(changed, vacancy, TODAY, W)
            assert new is not None and new.score == change.score
            assert 1 + sum(1 for r in others if r.score > new.score) == change.rank
            assert change.rank < position
            checked += 1
            if checked >= 25:
                return
    assert checked >= 10


def test_the_sentence_names_the_requirement_and_the_position() -> None:
    vacancy = VacancyProfile(vacancy_id="v", occupation_code="5.1.2.2.0",
                             skills=frozenset({"haccp", "cassa"}), coords=(43.77, 11.25))
    strong = [PersonProfile(person_id=f"s{i}", desired=("5.1.2.2.0",),
                            skills=frozenset({"haccp", "cassa"}), coords=(43.77, 11.25))
              for i in range(2)]
    middle = [PersonProfile(person_id=f"m{i}", desired=("5.1.2.2.0",),
                            skills=frozenset({"haccp"}), coords=(43.9, 11.25))
              for i in range(3)]
    me = PersonProfile(person_id="z", desired=("5.1.2.2.0",), skills=frozenset({"haccp"}),
                       coords=(43.77, 11.25))
    results = rank([r for p in [*strong, *middle, me] if (r := score(p, vacancy, TODAY, W))])
    position = 1 + [r.person_id for r in results].index("z")
    values = np.array([r.score for r in results])
    change = best_change(me, vacancy, TODAY, position, values, W)
    assert change is not None
    assert change.rank == 1 and position == 3
    assert change.sentence() == ("Con la competenza «cassa» salirebbe al 1° posto "
                                 f"(punteggio {change.score:.2f}).".replace(".", ",", 1))
