"""A vectorised index of people, to rank the candidates for one vacancy quickly.

The per-pair scorer of ``matching_score`` is the reference: it is what the tests
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
    MatchResult,
    PersonProfile,
    VacancyProfile,
    Weights,
    configured_weights,
    rank,
    score,
)
from desktop.services.people.profiling import EDUCATION_LEVELS

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


def _group(code: str) -> str:
    return ".".join(code.split(".")[:3])


class _Interner:
    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        return self.ids.setdefault(value, len(self.ids))

    def get(self, value: str) -> int:
        return self.ids.get(value, -1)


@dataclass(frozen=True)
class _Postings:
    """Inverted lists: for each key, the rows that have it (and a value per row)."""

    rows: dict[int, IntArray]
    values: dict[int, IntArray]


def _postings(entries: list[list[tuple[int, int]]]) -> _Postings:
    rows: dict[int, list[int]] = {}
    values: dict[int, list[int]] = {}
    for row, items in enumerate(entries):
        for key, value in items:
            rows.setdefault(key, []).append(row)
            values.setdefault(key, []).append(value)
    return _Postings({k: np.asarray(v, dtype=np.int32) for k, v in rows.items()},
                     {k: np.asarray(v, dtype=np.int32) for k, v in values.items()})


class CandidateIndex:
    """People as columns; ``candidates(vacancy)`` ranks them all for one vacancy."""

    def __init__(self, people: Sequence[PersonProfile]) -> None:
        people = list(people)
        n = len(people)
        # The profiles themselves are not kept: only their compact columns, to rebuild
        # the few that are rescored (see matching_rows).
        self.profiles = ProfileStore(people)
        self._codes = _Interner()
        self._groups = _Interner()
        self._skills = _Interner()
        self._langs = _Interner()
        self._licences = _Interner()
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
            desired_g.append([(self._groups(g), 0) for g in {_group(c) for c in p.desired}])
            past.append([(self._codes(c), 0) for c in set(p.experience)])
            past_g.append([(self._groups(g), 0) for g in {_group(c) for c in p.experience}])
            skills.append([(self._skills(s), 0) for s in p.skills])
            langs.append([(self._langs(lang), CEFR_ORDER.index(level))
                          for lang, level in p.languages if level in CEFR_ORDER])
        self.lat, self.lon = np.radians(lat), np.radians(lon)
        # Haversine as sums of products of precomputed sines and cosines: one query
        # then costs a few multiply-adds per person and a single arcsin.
        self.cos_lat, self.sin_lat = np.cos(self.lat), np.sin(self.lat)
        self.cos_lon, self.sin_lon = np.cos(self.lon), np.sin(self.lon)
        # The hours part for a full-time and for a part-time vacancy.
        self.hours_full = np.where(self.has_cv, 1.0, 0.0)
        self.hours_part = np.where(self.has_cv, np.where(self.part_time, 1.0, 0.5), 0.0)
        self.desired = _postings(desired).rows
        self.desired_g = _postings(desired_g).rows
        self.past = _postings(past).rows
        self.past_g = _postings(past_g).rows
        self.skill_postings = _postings(skills)
        self.lang_postings = _postings(langs)

    @property
    def nbytes(self) -> int:
        arrays = [self.lat, self.lon, self.cos_lat, self.sin_lat, self.cos_lon, self.sin_lon,
                  self.hours_full, self.hours_part, self.radius, self.education,
                  self.part_time, self.l68, self.has_cv, self.licence_bits]
        total = sum(a.nbytes for a in arrays)
        for lists in (self.desired, self.desired_g, self.past, self.past_g):
            total += sum(a.nbytes for a in lists.values())
        for postings in (self.skill_postings, self.lang_postings):
            total += sum(a.nbytes for a in postings.rows.values())
            total += sum(a.nbytes for a in postings.values.values())
        return int(total) + self.profiles.nbytes

    def __len__(self) -> int:
        return len(self.profiles)

    def _distances(self, coords: tuple[float, float]) -> FloatArray:
        lat2, lon2 = np.radians(coords[0]), np.radians(coords[1])
        c2, s2 = np.cos(lat2), np.sin(lat2)
        # sin²(Δφ/2) = (1 − cos Δφ)/2 and sin²(Δλ/2) = (1 − cos Δλ)/2, expanded.
        cos_dlat = self.cos_lat * c2 + self.sin_lat * s2
        cos_dlon = self.cos_lon * np.cos(lon2) + self.sin_lon * np.sin(lon2)
        h = (1.0 - cos_dlat + self.cos_lat * c2 * (1.0 - cos_dlon)) * 0.5
        km: FloatArray = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
        return km

    def scores(self, vacancy: VacancyProfile, today: dt.date,
               weights: Weights | None = None) -> FloatArray:
        """Every person's score for ``vacancy``; NaN where a hard filter excludes."""
        w = weights or configured_weights()
        n = len(self.profiles)
        if vacancy.status != "aperta" or (vacancy.closes_on is not None
                                          and vacancy.closes_on < today):
            return np.full(n, np.nan)
        keep = np.ones(n, dtype=bool)
        if vacancy.l68_only:
            keep &= self.l68
        km: FloatArray | None = None
        if vacancy.coords is not None:
            km = self._distances(vacancy.coords)
            keep &= ~(km > self.radius)  # NaN (no coordinates) passes
        need = 0
        for licence in vacancy.licences:
            lid = self._licences.get(licence)
            if lid < 0:
                return np.full(n, np.nan)
            need |= 1 << lid
        if need:
            keep &= (self.licence_bits & need) == need
        total = np.zeros(n)
        # occupation
        code = vacancy.occupation_code
        if code:
            cid, gid = self._codes.get(code), self._groups.get(_group(code))
            share = w.occupation_experience
            half = w.occupation_same_group
            # Lowest credit first: a later, higher credit overwrites a lower one.
            steps = sorted(((share * half, self.past_g.get(gid)), (half, self.desired_g.get(gid)),
                            (share, self.past.get(cid)), (1.0, self.desired.get(cid))),
                           key=lambda step: step[0])
            best = np.zeros(n)
            for credit, rows in steps:
                if rows is not None:
                    best[rows] = credit
            total += w.occupation * best
        # skills
        if vacancy.skills:
            count = np.zeros(n)
            for skill in vacancy.skills:
                rows = self.skill_postings.rows.get(self._skills.get(skill))
                if rows is not None:
                    count[rows] += 1
            total += w.skills * count / len(vacancy.skills)
        # education
        if vacancy.education in EDUCATION_LEVELS:
            need_level = EDUCATION_LEVELS.index(vacancy.education)
            # Credit by the person's level (index 0: no level recorded, no credit).
            table = np.array([0.0] + [1.0 if have >= need_level
                                      else max(0.0, 1.0 - 0.5 * (need_level - have))
                                      for have in range(len(EDUCATION_LEVELS))])
            total += w.education * table[self.education + 1]
        # languages
        if vacancy.languages:
            lang_sum = np.zeros(n)
            for language, level in vacancy.languages:
                lid = self._langs.get(language)
                rows = self.lang_postings.rows.get(lid)
                if rows is None or level not in CEFR_ORDER:
                    continue
                lgap = CEFR_ORDER.index(level) - self.lang_postings.values[lid]
                lang_sum[rows] += np.where(lgap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * lgap))
            total += w.languages * lang_sum / len(vacancy.languages)
        # distance
        if km is not None:
            decay = w.distance_half_km / (w.distance_half_km + km)
            total += w.distance * np.nan_to_num(decay, nan=0.0)
        # hours
        total += w.contract * (self.hours_part if vacancy.part_time else self.hours_full)
        result: FloatArray = np.where(keep, np.round(np.clip(total, 0.0, 1.0), 6), np.nan)
        return result

    def candidates(self, vacancy: VacancyProfile, today: dt.date, top: int = 50,
                   min_score: float = 0.0, weights: Weights | None = None) -> list[MatchResult]:
        """The best ``top`` people, with their parts from the reference scorer."""
        values = self.scores(vacancy, today, weights)
        values = np.where(values >= min_score, values, np.nan)
        valid = np.flatnonzero(~np.isnan(values))
        if valid.size == 0:
            return []
        # Take a margin over ``top`` so ties cut at the boundary are ordered by id.
        k = min(valid.size, top * 2 + 10)
        picked = valid[np.argpartition(-values[valid], k - 1)[:k]]
        results = [r for i in picked
                   if (r := score(self.profiles.profile(int(i)), vacancy, today, weights)) is not None]
        return rank(results)[:top]


class VacancyIndex:
    """Vacancies as columns; ``vacancies_for(person)`` ranks the open ones for one person.

    The same design as :class:`CandidateIndex` the other way round: the hard filters
    and every part are computed for all vacancies at once on numpy columns (a person
    without coordinates passes the radius filter for every vacancy, so scoring only
    the rows left by the filters is not enough), then the rows that can reach the
    top are rescored by the reference scorer, which gives their parts. Every row
    whose vectorised score ties with the last one kept is rescored too, so the
    result is exactly the reference ranking, ties included.
    """

    def __init__(self, vacancies: Sequence[VacancyProfile]) -> None:
        self.vacancies = list(vacancies)
        n = len(self.vacancies)
        lat = np.full(n, np.nan)
        lon = np.full(n, np.nan)
        for i, v in enumerate(self.vacancies):
            if v.coords is not None:
                lat[i], lon[i] = v.coords
        self.lat, self.lon = np.radians(lat), np.radians(lon)
        self.open = np.array([v.status == "aperta" for v in self.vacancies], dtype=bool)
        self.closes = np.array([v.closes_on.toordinal() if v.closes_on else 10**7
                                for v in self.vacancies], dtype=np.int64)
        self.l68 = np.array([v.l68_only for v in self.vacancies], dtype=bool)
        self.part_time = np.array([v.part_time for v in self.vacancies], dtype=bool)
        self._licences = _Interner()
        self.licence_bits = np.array(
            [sum(1 << self._licences(lic) for lic in sorted(v.licences))
             for v in self.vacancies], dtype=np.int64)
        self._codes = _Interner()
        self._groups = _Interner()
        self.code = np.array([self._codes(v.occupation_code) if v.occupation_code else -1
                              for v in self.vacancies], dtype=np.int32)
        self.group = np.array([self._groups(_group(v.occupation_code))
                               if v.occupation_code else -1 for v in self.vacancies],
                              dtype=np.int32)
        self.education = np.array([EDUCATION_LEVELS.index(v.education)
                                   if v.education in EDUCATION_LEVELS else -1
                                   for v in self.vacancies], dtype=np.int32)
        self._skills = _Interner()
        self._langs = _Interner()
        self.skill_count = np.array([len(v.skills) for v in self.vacancies], dtype=np.int32)
        self.lang_count = np.array([len(v.languages) for v in self.vacancies], dtype=np.int32)
        self.skill_postings = _postings([[(self._skills(x), 0) for x in v.skills]
                                         for v in self.vacancies])
        self.lang_postings = _postings([[(self._langs(lang), CEFR_ORDER.index(level)
                                          if level in CEFR_ORDER else -1)
                                         for lang, level in v.languages]
                                        for v in self.vacancies])

    @property
    def nbytes(self) -> int:
        arrays = [self.lat, self.lon, self.open, self.closes, self.l68, self.part_time,
                  self.licence_bits, self.code, self.group, self.education,
                  self.skill_count, self.lang_count]
        total = sum(a.nbytes for a in arrays)
        for postings in (self.skill_postings, self.lang_postings):
            total += sum(a.nbytes for a in postings.rows.values())
            total += sum(a.nbytes for a in postings.values.values())
        return int(total)

    def scores(self, person: PersonProfile, today: dt.date,
               weights: Weights | None = None) -> FloatArray:
        """Every vacancy's score for ``person``; NaN where a hard filter excludes."""
        w = weights or configured_weights()
        n = len(self.vacancies)
        keep = self.open & (self.closes >= today.toordinal())
        if not person.l68_enrolled:
            keep &= ~self.l68
        have = sum(1 << lid for lic in person.licences
                   if (lid := self._licences.get(lic)) >= 0)
        keep &= (self.licence_bits & ~np.int64(have)) == 0
        km: FloatArray | None = None
        if person.coords is not None:
            lat1, lon1 = np.radians(person.coords[0]), np.radians(person.coords[1])
            h = (np.sin((self.lat - lat1) / 2) ** 2
                 + np.cos(lat1) * np.cos(self.lat) * np.sin((self.lon - lon1) / 2) ** 2)
            km = 2 * 6371.0 * np.arcsin(np.minimum(1.0, np.sqrt(h)))
            keep &= ~(km > person.mobility_radius_km)  # NaN (no coordinates) passes
        total = np.zeros(n)
        # occupation: the best credit over desired and past codes
        if person.desired or person.experience:
            best = np.zeros(n)
            for codes, share in ((person.desired, 1.0),
                                 (person.experience, w.occupation_experience)):
                ids = [i for c in codes if (i := self._codes.get(c)) >= 0]
                gids = [i for c in codes if (i := self._groups.get(_group(c))) >= 0]
                exact = np.isin(self.code, ids) if ids else np.zeros(n, dtype=bool)
                group = np.isin(self.group, gids) if gids else np.zeros(n, dtype=bool)
                credit = np.where(exact, share,
                                  np.where(group, share * w.occupation_same_group, 0.0))
                best = np.maximum(best, credit)
            total += w.occupation * np.where(self.code >= 0, best, 0.0)
        # skills: shared / required, where the vacancy lists any
        if person.skills:
            count = np.zeros(n)
            for skill in person.skills:
                rows = self.skill_postings.rows.get(self._skills.get(skill))
                if rows is not None:
                    count[rows] += 1
            total += w.skills * count / np.maximum(self.skill_count, 1)
        # education
        if person.education in EDUCATION_LEVELS:
            gap = self.education - EDUCATION_LEVELS.index(person.education)
            credit = np.where(gap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * gap))
            total += w.education * np.where(self.education >= 0, credit, 0.0)
        # languages: each required one the person knows, by the CEFR gap
        if person.languages:
            lang_sum = np.zeros(n)
            for language, level in person.languages:
                lid = self._langs.get(language)
                rows = self.lang_postings.rows.get(lid)
                if rows is None or level not in CEFR_ORDER:
                    continue
                need = self.lang_postings.values[lid]
                lgap = need - CEFR_ORDER.index(level)
                credit = np.where(lgap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * lgap))
                lang_sum[rows] += np.where(need >= 0, credit, 0.0)
            total += w.languages * lang_sum / np.maximum(self.lang_count, 1)
        # distance
        if km is not None:
            decay = w.distance_half_km / (w.distance_half_km + km)
            total += w.distance * np.nan_to_num(decay, nan=0.0)
        # hours
        if person.has_curriculum:
            fits = (self.part_time == person.part_time) | ~self.part_time
            total += w.contract * np.where(fits, 1.0, 0.5)
        result: FloatArray = np.where(keep, np.round(np.clip(total, 0.0, 1.0), 6), np.nan)
        return result

    def vacancies_for(self, person: PersonProfile, today: dt.date, top: int = 50,
                      min_score: float = 0.0,
                      weights: Weights | None = None) -> list[MatchResult]:
        """The best ``top`` vacancies, with their parts from the reference scorer."""
        values = self.scores(person, today, weights)
        valid = np.flatnonzero(values >= min_score - 1e-6)  # NaN compares False
        if valid.size == 0:
            return []
        k = min(valid.size, top)
        cut = -np.partition(-values[valid], k - 1)[k - 1]
        picked = valid[values[valid] >= cut - 1e-6]
        results = [r for i in picked
                   if (r := score(person, self.vacancies[int(i)], today, weights)) is not None
                   and r.score >= min_score]
        return rank(results)[:top]
