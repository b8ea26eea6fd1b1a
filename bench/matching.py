"""Incrocio at regional scale: 250,000 people and 27,500 vacancies, in memory.

Figures (targets from the matching issues):

- candidates for one vacancy p95 < 300 ms: the candidate index ranks the eligible people
  (a DID in force and the other exclusions, as a mask), explains the first 50 with
  occupation titles and computes, for each, what would change their rank;
- the ratio of that to the floor < 3x. The floor is the same scoring written as plain
  vectorised numpy over the same columns (dense matrices, no inverted lists, no
  explanation), then the best 50 by ``argpartition``, on the same vacancies in the same
  run; both give the same hundredths for every person (checked, on every timed
  vacancy). :func:`paired_times` times both on the same vacancies, once each, so the
  p95 of each side is taken over the same number of samples;
- vacancies for one person p95 < 50 ms (``VacancyIndex``);
- memory of the candidate index < 200 MB: everything the built index keeps (numpy
  columns, postings, the compact profiles it rescores from), traced by tracemalloc.

The people and vacancies are synthetic (``tests.helpers.synthetic``, shared with the
matching tests): comuni scattered around Tuscany, occupation codes from a few CP2021
groups, skills, languages and licences drawn at random; 80% hold a DID in force.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import tracemalloc
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from bench.harness import Figure, percentile, timed
from desktop.services.matching.explain import explain
from desktop.services.matching.index import CandidateIndex
from desktop.services.matching.score import (
    CEFR_ORDER,
    PART_NAMES,
    PersonProfile,
    VacancyProfile,
    Weights,
    asked_parts,
    education_credit,
    hours_credit,
    most_cents,
)
from desktop.services.matching.vacancy_index import VacancyIndex
from desktop.services.matching.whatif import best_change
from desktop.services.people.profiling import EDUCATION_LEVELS
from tests.helpers.synthetic import synthetic_people, synthetic_vacancies


class PlainColumns:
    """The people as dense numpy matrices: the straightforward vectorised layout."""

    def __init__(self, people: Sequence[PersonProfile]) -> None:
        codes = sorted({c for p in people for c in (*p.desired, *p.experience)})
        self.code_id = {c: i for i, c in enumerate(codes)}
        skills = sorted({s for p in people for s in p.skills})
        self.skill_id = {s: i for i, s in enumerate(skills)}
        langs = sorted({lang for p in people for lang, _lvl in p.languages})
        self.lang_id = {lang: i for i, lang in enumerate(langs)}
        n = len(people)
        self.desired = np.full((n, 3), -1, dtype=np.int32)
        self.past = np.full((n, 2), -1, dtype=np.int32)
        self.skills = np.zeros((n, max(1, len(skills))), dtype=bool)
        self.levels = np.full((n, max(1, len(langs))), -1, dtype=np.int32)
        for i, p in enumerate(people):
            for j, c in enumerate(p.desired[:3]):
                self.desired[i, j] = self.code_id[c]
            for j, c in enumerate(p.experience[:2]):
                self.past[i, j] = self.code_id[c]
            for s in p.skills:
                self.skills[i, self.skill_id[s]] = True
            for lang, level in p.languages:
                self.levels[i, self.lang_id[lang]] = CEFR_ORDER.index(level)
        groups = sorted({".".join(c.split(".")[:3]) for c in codes})
        gid = {g: i for i, g in enumerate(groups)}
        self.code_group = np.array([gid[".".join(c.split(".")[:3])] for c in codes] + [-1],
                                   dtype=np.int32)
        self.gid = gid
        self.education = np.array([EDUCATION_LEVELS.index(p.education)
                                   if p.education in EDUCATION_LEVELS else -1
                                   for p in people], dtype=np.int32)
        self.part_time = np.array([p.part_time for p in people], dtype=bool)
        self.has_cv = np.array([p.has_curriculum for p in people], dtype=bool)
        self.l68 = np.array([p.l68_enrolled for p in people], dtype=bool)
        self.radius = np.array([p.mobility_radius_km for p in people])
        self.lat = np.radians([p.coords[0] if p.coords else np.nan for p in people])
        self.lon = np.radians([p.coords[1] if p.coords else np.nan for p in people])
        self.licences = [p.licences for p in people]
        self.licence_sets = {lic: np.array([lic in s for s in self.licences], dtype=bool)
                             for lic in {x for s in self.licences for x in s}}

    def cents(self, v: VacancyProfile, w: Weights) -> npt.NDArray[np.int64]:
        n = self.education.size
        most = dict(zip(PART_NAMES, most_cents(asked_parts(v), w), strict=True))
        total = np.zeros(n, dtype=np.int64)

        def add(name: str, credit: npt.NDArray[np.float64]) -> None:
            nonlocal total
            total += np.floor(most[name] * credit + 1e-6).astype(np.int64)

        if v.occupation_code:
            cid = self.code_id.get(v.occupation_code, -2)
            gid = self.gid.get(".".join(v.occupation_code.split(".")[:3]), -2)
            d_group = self.code_group[self.desired]
            p_group = self.code_group[self.past]
            half, exp = w.occupation_same_group, w.occupation_experience
            best = np.maximum.reduce([
                np.where((self.desired == cid).any(1), 1.0, 0.0),
                np.where((self.past == cid).any(1), exp, 0.0),
                np.where(((d_group == gid) & (self.desired >= 0)).any(1), 1.0 * half, 0.0),
                np.where(((p_group == gid) & (self.past >= 0)).any(1), exp * half, 0.0)])
            add("occupation", best)
        if v.skills:
            cols = [self.skill_id[s] for s in v.skills if s in self.skill_id]
            add("skills", self.skills[:, cols].sum(1) / len(v.skills))
        if v.education in EDUCATION_LEVELS:
            need = EDUCATION_LEVELS.index(v.education)
            table = np.array([0.0] + [education_credit(need, h)
                                      for h in range(len(EDUCATION_LEVELS))])
            add("education", table[self.education + 1])
        if v.languages:
            acc = np.zeros(n)
            for lang, level in v.languages:
                if lang not in self.lang_id:
                    continue
                have = self.levels[:, self.lang_id[lang]]
                gap = CEFR_ORDER.index(level) - have
                acc += np.where(have < 0, 0.0,
                                np.where(gap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * gap)))
            add("languages", acc / len(v.languages))
        km = None
        if v.coords is not None:
            la, lo = np.radians(v.coords[0]), np.radians(v.coords[1])
            cos_dlat = np.cos(self.lat) * np.cos(la) + np.sin(self.lat) * np.sin(la)
            cos_dlon = np.cos(self.lon) * np.cos(lo) + np.sin(self.lon) * np.sin(lo)
            h = (1.0 - cos_dlat + np.cos(self.lat) * np.cos(la) * (1.0 - cos_dlon)) * 0.5
            km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
            add("distance", np.nan_to_num(w.distance_half_km / (w.distance_half_km + km)))
        fit = np.where(self.part_time, hours_credit(True, v.part_time),
                       hours_credit(False, v.part_time))
        add("contract", np.where(self.has_cv, fit, 0.0))
        return total

    def top(self, v: VacancyProfile, w: Weights, eligible: npt.NDArray[np.bool_],
            k: int = 50) -> npt.NDArray[np.intp]:
        values = self.cents(v, w).astype(np.float64)
        keep = eligible.copy()
        if v.l68_only:
            keep &= self.l68
        for lic in v.licences:
            keep &= self.licence_sets.get(lic, np.zeros_like(keep))
        if v.coords is not None:
            la, lo = np.radians(v.coords[0]), np.radians(v.coords[1])
            h = (np.sin((self.lat - la) / 2) ** 2
                 + np.cos(la) * np.cos(self.lat) * np.sin((self.lon - lo) / 2) ** 2)
            keep &= ~(2 * 6371.0 * np.arcsin(np.sqrt(h)) > self.radius)
        values = np.where(keep, values, -1.0)
        picked: npt.NDArray[np.intp] = np.argpartition(-values, k)[:k]
        return picked


def paired_times(app: Callable[[VacancyProfile], object],
                 floor: Callable[[VacancyProfile], object],
                 sample: Sequence[VacancyProfile]) -> tuple[list[float], list[float]]:
    """Milliseconds of the application and of the floor on each vacancy of ``sample``:
    the same inputs, the same number of samples on both sides."""
    it_app, it_floor = iter(sample), iter(sample)
    app_ms = timed(lambda: app(next(it_app)), len(sample))
    floor_ms = timed(lambda: floor(next(it_floor)), len(sample))
    if len(app_ms) != len(floor_ms):
        raise RuntimeError("the application and its floor were timed unequally")
    return app_ms, floor_ms


def same_cents(candidates: CandidateIndex, plain: PlainColumns, weights: Weights,
               sample: Sequence[VacancyProfile]) -> None:
    """Raise unless both ways score (almost) every person alike on every vacancy."""
    for vacancy in sample:
        same = candidates.cents(vacancy, weights) == plain.cents(vacancy, weights)
        if same.mean() <= 0.999:
            raise RuntimeError(f"floor and index disagree: {same.mean():.4f} alike")


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
    plain = PlainColumns(people)
    eligible = np.random.default_rng(5).random(len(people)) < 0.8  # a DID in force
    titles = {c: f"Professione {c}" for c in {v.occupation_code for v in vacancies}}
    rows = candidates.row_of()
    gc.collect()
    gc.freeze()
    repeat = 20 if quick else 60
    open_ones = [v for v in vacancies if v.status == "aperta" and v.closes_on
                 and v.closes_on >= today]
    sample = rng.sample(open_ones, repeat)

    def app(vacancy: VacancyProfile) -> None:
        values = candidates.scores(vacancy, today, weights, eligible=eligible)
        ranked = candidates.candidates(vacancy, today, 50, weights=weights, values=values)
        ordered = -np.sort(-values[~np.isnan(values)])
        for position, result in enumerate(ranked, start=1):
            explain(result.parts, titles)
            best_change(candidates.profiles.profile(rows[result.person_id]), vacancy, today,
                        position, ordered, weights)

    same_cents(candidates, plain, weights, sample)  # the same hundredths, both ways
    app_ms, floor_ms = paired_times(app, lambda v: plain.top(v, weights, eligible), sample)
    figures = [
        Figure("matching", "candidates_for_vacancy_p95_ms", percentile(app_ms, 95), "ms",
               percentile(floor_ms, 95), 300.0),
        Figure("matching", "candidates_over_numpy_floor_x", sum(app_ms) / sum(floor_ms),
               "x", None, 3.0),
        Figure("matching", "candidate_index_mb", index_bytes / 2**20, "MB", None, 200.0),
    ]
    sample_p = iter(rng.sample(people, repeat) * 2)
    app_p = timed(lambda: by_person.vacancies_for(next(sample_p), today, 50, weights=weights),
                  repeat)
    figures.append(Figure("matching", "vacancies_for_person_p95_ms", percentile(app_p, 95),
                          "ms", None, 50.0))
    gc.unfreeze()
    return figures
