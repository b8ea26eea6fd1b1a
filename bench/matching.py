"""Incrocio at regional scale: 250,000 people and 27,500 vacancies, in memory.

Figures (targets from the matching issue), each with the baseline of the same
question answered by the straightforward per-row Python scorer
(``matching_score.score`` over every row) on the same data in the same run:

- candidates for one vacancy p95 < 300 ms (``CandidateIndex``);
- vacancies for one person p95 < 50 ms (``VacancyIndex``);
- speed-up of the candidate index over the baseline >= 20x;
- memory of the candidate index < 200 MB: everything the built index keeps (numpy
  columns, postings, the compact profiles it rescores from), traced by tracemalloc.

The people and vacancies are synthetic (``tests.helpers.synthetic``, shared with the
matching tests): comuni scattered around Tuscany, occupation codes from a few CP2021
groups, skills, languages and licences drawn at random.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import tracemalloc

from bench.harness import Figure, percentile, timed
from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import Weights, rank, score
from desktop.services.matching.vacancy_index import VacancyIndex
from tests.helpers.synthetic import synthetic_people, synthetic_vacancies


def run(quick: bool = False) -> list[Figure]:
    today = dt.date(2026, 12, 3)
    rng = random.Random(5)
    people = synthetic_people(40_000 if quick else 250_000, rng)
    vacancies = synthetic_vacancies(5_000 if quick else 27_500, rng, today)
    weights = Weights()
    # Everything allocated while building the index and still alive afterwards is what
    # the index keeps: the profiles it was built from existed before tracing started.
    gc.collect()
    tracemalloc.start()
    candidates = CandidateIndex(people)
    gc.collect()
    index_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    by_person = VacancyIndex(vacancies)
    gc.collect()
    gc.freeze()
    repeat = 20 if quick else 60
    open_ones = [v for v in vacancies if v.status == "aperta" and v.closes_on
                 and v.closes_on >= today]
    sample_v = iter(rng.sample(open_ones, repeat) * 2)
    app = timed(lambda: candidates.candidates(next(sample_v), today, 50, weights=weights),
                repeat)
    base_repeat = 3 if quick else 5
    same = rng.sample(open_ones, base_repeat)
    sample_b = iter(same)

    def baseline_candidates() -> None:
        vacancy = next(sample_b)
        rank([r for p in people if (r := score(p, vacancy, today, weights))])[:50]

    base = timed(baseline_candidates, base_repeat)
    # The speed-up compares both scorers on the very same vacancies.
    sample_s = iter(same)
    same_app = timed(lambda: candidates.candidates(next(sample_s), today, 50,
                                                   weights=weights), base_repeat)
    figures = [
        Figure("matching", "candidates_for_vacancy_p95_ms", percentile(app, 95), "ms",
               percentile(base, 95), 300.0),
        Figure("matching", "candidates_speedup_x", sum(base) / sum(same_app),
               "x", None, 20.0, direction="min"),
        Figure("matching", "candidate_index_mb", index_bytes / 2**20, "MB", None, 200.0),
    ]
    sample_p = iter(rng.sample(people, repeat) * 2)
    app_p = timed(lambda: by_person.vacancies_for(next(sample_p), today, 50, weights=weights),
                  repeat)
    sample_pb = iter(rng.sample(people, repeat))

    def baseline_person() -> None:
        person = next(sample_pb)
        rank([r for v in vacancies if (r := score(person, v, today, weights))])[:50]

    base_p = timed(baseline_person, repeat)
    figures.append(Figure("matching", "vacancies_for_person_p95_ms", percentile(app_p, 95),
                          "ms", percentile(base_p, 95), 50.0))
    gc.unfreeze()
    return figures
