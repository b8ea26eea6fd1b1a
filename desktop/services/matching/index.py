"""A vectorised index of people, to rank the candidates for one vacancy quickly.

The per-pair scorer of ``score`` is the reference: it is what the tests
pin and what the explanation is built from. Scoring the region's 250,000 people
one Python call at a time is too slow for an operator with a firm on the phone, so
this index holds the same facts as numpy columns and computes the same filters and
parts for every person at once. Only the best ``top`` rows are then rescored by the
reference scorer, which gives their parts for the explanation; a test checks that
both agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop.services.matching.rows import ProfileStore
from desktop.services.matching.score import (
    CEFR_ORDER,
    PART_NAMES,
    MatchResult,
    PersonProfile,
    VacancyProfile,
    Weights,
    asked_parts,
    configured_weights,
    education_credit,
    most_cents,
    rank,
    score,
)
from desktop.services.people.profiling import EDUCATION_LEVELS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]
IntArray64 = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def group_of(code: str) -> str:
    return ".".join(code.split(".")[:3])


class Interner:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids))

    def get(self, value: str) -> int:
        return self.ids.get(value, -1)


@dataclass(frozen=True)
class Postings:
    """Inverted lists: for each key, the rows that have it (and a value per row)."""

    rows: dict[int, IntArray]
    values: dict[int, IntArray]


def postings(entries: list[list[tuple[int, int]]]) -> Postings:
    rows: dict[int, list[int]] = {}
    values: dict[int, list[int]] = {}
    for row, items in enumerate(entries):
        for key, value in items:
            rows.setdefault(key, []).append(row)
            values.setdefault(key, []).append(value)
    return Postings({k: np.asarray(v, dtype=np.int32) for k, v in rows.items()},
                     {k: np.asarray(v, dtype=np.int32) for k, v in values.items()})


class CandidateIndex:
    """People as columns; ``candidates(vacancy)`` ranks them all for one vacancy."""

    def __init__(self, people: Sequence[PersonProfile]) -> None:
        people = list(people)
        n = len(people)
        # The profiles themselves are not kept: only their compact columns, to rebuild
        # the few that are rescored (see matching_rows).
        self.profiles = ProfileStore(people)
        self._rows: dict[str, int] | None = None
        self._codes = Interner()
        self._groups = Interner()
        self._skills = Interner()
        self._langs = Interner()
        self._licences = Interner()
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        self.radius = np.zeros(n)
        self.education = np.full(n, -1, dtype=np.int32)
        self.part_time = np.zeros(n, dtype=bool)
        self.l68 = np.zeros(n, dtype=bool)
        self.has_cv = np.zeros(n, dtype=bool)
        self.licence_bits = np.zeros(n, dtype=np.int64)
        # Occupation codes and their groups as inverted lists: a vacancy's code touches
        # only the rows that hold it, not a (people x codes) matrix.
        desired: list[list[tuple[int, int]]] = []
        desired_g: list[list[tuple[int, int]]] = []
        past: list[list[tuple[int, int]]] = []
        past_g: list[list[tuple[int, int]]] = []
        skills: list[list[tuple[int, int]]] = []
        langs: list[list[tuple[int, int]]] = []
        for i, p in enumerate(people):
            if p.coords is not None:
                lat[i], lon[i] = p.coords
            self.radius[i] = p.mobility_radius_km
            if p.education in EDUCATION_LEVELS:
                self.education[i] = EDUCATION_LEVELS.index(p.education)
            self.part_time[i] = p.part_time
            self.l68[i] = p.l68_enrolled
            self.has_cv[i] = p.has_curriculum
            bits = 0
            for licence in p.licences:
                bits |= 1 << self._licences(licence)
            self.licence_bits[i] = bits
            desired.append([(self._codes(c), 0) for c in set(p.desired)])
            desired_g.append([(self._groups(g), 0) for g in {group_of(c) for c in p.desired}])
            past.append([(self._codes(c), 0) for c in set(p.experience)])
            past_g.append([(self._groups(g), 0) for g in {group_of(c) for c in p.experience}])
            skills.append([(self._skills(s), 0) for s in p.skills])
            langs.append([(self._langs(lang), CEFR_ORDER.index(level))
                          for lang, level in p.languages if level in CEFR_ORDER])
        self.lat, self.lon = np.radians(lat), np.radians(lon)
        # Haversine as sums of products of precomputed sines and cosines: one query
        # then costs a few multiply-adds per person and a single arcsin.
        self.cos_lat, self.sin_lat = np.cos(self.lat), np.sin(self.lat)
        self.cos_lon, self.sin_lon = np.cos(self.lon), np.sin(self.lon)
        # The hours part for a full-time and for a part-time vacancy (``hours_credit``).
        self.hours_full = np.where(self.has_cv & ~self.part_time, 1.0, 0.0)
        self.hours_part = np.where(self.has_cv, np.where(self.part_time, 1.0, 0.5), 0.0)
        self.desired = postings(desired).rows
        self.desired_g = postings(desired_g).rows
        self.past = postings(past).rows
        self.past_g = postings(past_g).rows
        self.skill_postings = postings(skills)
        self.lang_postings = postings(langs)

    @property
    def nbytes(self) -> int:
        arrays = [self.lat, self.lon, self.cos_lat, self.sin_lat, self.cos_lon, self.sin_lon,
                  self.hours_full, self.hours_part, self.radius, self.education,
                  self.part_time, self.l68, self.has_cv, self.licence_bits]
        total = sum(a.nbytes for a in arrays)
        for lists in (self.desired, self.desired_g, self.past, self.past_g):
            total += sum(a.nbytes for a in lists.values())
        for post in (self.skill_postings, self.lang_postings):
            total += sum(a.nbytes for a in post.rows.values())
            total += sum(a.nbytes for a in post.values.values())
        return int(total) + self.profiles.nbytes

    def __len__(self) -> int:
        return len(self.profiles)

    def row_of(self) -> dict[str, int]:
        """Person id -> row, built on first use and kept with the index."""
        if self._rows is None:
            self._rows = {self.profiles.person_id(i): i for i in range(len(self.profiles))}
        return self._rows

    def _distances(self, coords: tuple[float, float]) -> FloatArray:
        lat2, lon2 = np.radians(coords[0]), np.radians(coords[1])
        c2, s2 = np.cos(lat2), np.sin(lat2)
        # sin²(Δφ/2) = (1 − cos Δφ)/2 and sin²(Δλ/2) = (1 − cos Δλ)/2, expanded.
        cos_dlat = self.cos_lat * c2 + self.sin_lat * s2
        cos_dlon = self.cos_lon * np.cos(lon2) + self.sin_lon * np.sin(lon2)
        h = (1.0 - cos_dlat + self.cos_lat * c2 * (1.0 - cos_dlon)) * 0.5
        km: FloatArray = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        return km

    def excluded(self, vacancy: VacancyProfile, lifted: frozenset[str] = frozenset()
                 ) -> dict[str, BoolArray]:
        """For each person-level hard filter the vacancy applies, who fails it."""
        n = len(self.profiles)
        out: dict[str, BoolArray] = {}
        if vacancy.l68_only:
            out["l68"] = ~self.l68
        if vacancy.coords is not None and "radius" not in lifted:
            km = self._distances(vacancy.coords)
            out["radius"] = km > self.radius  # NaN (no coordinates) passes
        need = 0
        for licence in vacancy.licences:
            lid = self._licences.get(licence)
            if lid < 0:
                need = -1
                break
            need |= 1 << lid
        if need and "licence" not in lifted:
            out["licence"] = (np.ones(n, dtype=bool) if need < 0
                              else (self.licence_bits & need) != need)
        return out

    def cents(self, vacancy: VacancyProfile, weights: Weights | None = None) -> IntArray64:
        """Every person's score in hundredths, hard filters aside (as ``score.parts_of``)."""
        w = weights or configured_weights()
        n = len(self.profiles)
        most = dict(zip(PART_NAMES, most_cents(asked_parts(vacancy), w), strict=True))
        total = np.zeros(n, dtype=np.int64)

        def add(name: str, credit: FloatArray) -> None:
            nonlocal total
            total += np.floor(most[name] * credit + 1e-6).astype(np.int64)

        code = vacancy.occupation_code
        if code:
            cid, gid = self._codes.get(code), self._groups.get(group_of(code))
            exp = w.occupation_experience
            half = w.occupation_same_group
            # Lowest credit first: a later, higher credit overwrites a lower one.
            steps = sorted(((exp * half, self.past_g.get(gid)), (1.0 * half, self.desired_g.get(gid)),
                            (exp, self.past.get(cid)), (1.0, self.desired.get(cid))),
                           key=lambda step: step[0])
            best = np.zeros(n)
            for credit, rows in steps:
                if rows is not None:
                    best[rows] = credit
            add("occupation", best)
        if vacancy.skills:
            count = np.zeros(n)
            for skill in vacancy.skills:
                rows = self.skill_postings.rows.get(self._skills.get(skill))
                if rows is not None:
                    count[rows] += 1
            add("skills", count / len(vacancy.skills))
        if vacancy.education in EDUCATION_LEVELS:
            need_level = EDUCATION_LEVELS.index(vacancy.education)
            # Credit by the person's level (index 0: no level recorded, no credit).
            table = np.array([0.0] + [education_credit(need_level, have)
                                      for have in range(len(EDUCATION_LEVELS))])
            add("education", table[self.education + 1])
        if vacancy.languages:
            lang_sum = np.zeros(n)
            for language, level in vacancy.languages:
                lid = self._langs.get(language)
                rows = self.lang_postings.rows.get(lid)
                if rows is None or level not in CEFR_ORDER:
                    continue
                lgap = CEFR_ORDER.index(level) - self.lang_postings.values[lid]
                lang_sum[rows] += np.where(lgap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * lgap))
            add("languages", lang_sum / len(vacancy.languages))
        if vacancy.coords is not None:
            km = self._distances(vacancy.coords)
            decay = w.distance_half_km / (w.distance_half_km + km)
            add("distance", np.nan_to_num(decay, nan=0.0))
        add("contract", self.hours_part if vacancy.part_time else self.hours_full)
        return total

    def scores(self, vacancy: VacancyProfile, today: dt.date,
               weights: Weights | None = None, lifted: frozenset[str] = frozenset(),
               eligible: BoolArray | None = None) -> FloatArray:
        """Every person's score for ``vacancy``; NaN where a hard filter excludes (and
        where ``eligible`` is False)."""
        n = len(self.profiles)
        if vacancy.status != "aperta" or (vacancy.closes_on is not None
                                          and vacancy.closes_on < today):
            return np.full(n, np.nan)
        keep = np.ones(n, dtype=bool) if eligible is None else eligible.copy()
        for failing in self.excluded(vacancy, lifted).values():
            keep &= ~failing
        result: FloatArray = np.where(keep, self.cents(vacancy, weights) / 100, np.nan)
        return result

    def candidates(self, vacancy: VacancyProfile, today: dt.date, top: int = 50,
                   min_score: float = 0.0, weights: Weights | None = None,
                   lifted: frozenset[str] = frozenset(),
                   eligible: BoolArray | None = None,
                   values: FloatArray | None = None) -> list[MatchResult]:
        """The best ``top`` people, with their parts from the reference scorer."""
        if values is None:
            values = self.scores(vacancy, today, weights, lifted, eligible)
        values = np.where(values >= min_score - 1e-9, values, np.nan)
        valid = np.flatnonzero(~np.isnan(values))
        if valid.size == 0:
            return []
        # Take a margin over ``top`` so ties cut at the boundary are ordered by id.
        k = min(valid.size, top * 2 + 10)
        picked = valid[np.argpartition(-values[valid], k - 1)[:k]]
        results = [r for i in picked
                   if (r := score(self.profiles.profile(int(i)), vacancy, today, weights,
                                  lifted)) is not None]
        return rank(results)[:top]
