"""A vectorised index of vacancies, to rank the open ones for one person quickly.

The mirror of :mod:`desktop.services.matching.index`: the same parts, in the same order
and with the same arithmetic as the reference scorer, on numpy columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from desktop.services.matching.index import FloatArray, Interner, group_of, postings
from desktop.services.matching.score import (
    CEFR_ORDER,
    PART_NAMES,
    MatchResult,
    PersonProfile,
    VacancyProfile,
    Weights,
    asked_parts,
    configured_weights,
    most_cents,
    rank,
    score,
)
from desktop.services.people.profiling import EDUCATION_LEVELS


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
        self._most_cache: dict[Weights, FloatArray] = {}
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
        self._licences = Interner()
        self.licence_bits = np.array(
            [sum(1 << self._licences(lic) for lic in sorted(v.licences))
             for v in self.vacancies], dtype=np.int64)
        self._codes = Interner()
        self._groups = Interner()
        self.code = np.array([self._codes(v.occupation_code) if v.occupation_code else -1
                              for v in self.vacancies], dtype=np.int32)
        self.group = np.array([self._groups(group_of(v.occupation_code))
                               if v.occupation_code else -1 for v in self.vacancies],
                              dtype=np.int32)
        self.education = np.array([EDUCATION_LEVELS.index(v.education)
                                   if v.education in EDUCATION_LEVELS else -1
                                   for v in self.vacancies], dtype=np.int32)
        self._skills = Interner()
        self._langs = Interner()
        self.skill_count = np.array([len(v.skills) for v in self.vacancies], dtype=np.int32)
        self.lang_count = np.array([len(v.languages) for v in self.vacancies], dtype=np.int32)
        self.skill_postings = postings([[(self._skills(x), 0) for x in v.skills]
                                         for v in self.vacancies])
        self.lang_postings = postings([[(self._langs(lang), CEFR_ORDER.index(level)
                                          if level in CEFR_ORDER else -1)
                                         for lang, level in v.languages]
                                        for v in self.vacancies])

    @property
    def nbytes(self) -> int:
        arrays = [self.lat, self.lon, self.open, self.closes, self.l68, self.part_time,
                  self.licence_bits, self.code, self.group, self.education,
                  self.skill_count, self.lang_count]
        total = sum(a.nbytes for a in arrays)
        for lists in (self.skill_postings, self.lang_postings):
            total += sum(a.nbytes for a in lists.rows.values())
            total += sum(a.nbytes for a in lists.values.values())
        return int(total)

    def _most(self, w: Weights) -> FloatArray:
        """Per vacancy and part, the most it can add in hundredths (``score.most_cents``);
        kept per weights, since it depends on the vacancy only."""
        found = self._most_cache.get(w)
        if found is None:
            found = np.array([most_cents(asked_parts(v), w) for v in self.vacancies],
                             dtype=np.float64).reshape(len(self.vacancies), len(PART_NAMES))
            self._most_cache[w] = found
        return found

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
        most = self._most(w)
        cents = np.zeros(n, dtype=np.int64)

        def add(name: str, credit: FloatArray) -> None:
            nonlocal cents
            cents += np.floor(most[:, PART_NAMES.index(name)] * credit + 1e-6).astype(np.int64)

        # occupation: the best credit over desired and past codes
        if person.desired or person.experience:
            best = np.zeros(n)
            for codes, share in ((person.desired, 1.0),
                                 (person.experience, w.occupation_experience)):
                ids = [i for c in codes if (i := self._codes.get(c)) >= 0]
                gids = [i for c in codes if (i := self._groups.get(group_of(c))) >= 0]
                exact = np.isin(self.code, ids) if ids else np.zeros(n, dtype=bool)
                group = np.isin(self.group, gids) if gids else np.zeros(n, dtype=bool)
                credit = np.where(exact, share,
                                  np.where(group, share * w.occupation_same_group, 0.0))
                best = np.maximum(best, credit)
            add("occupation", np.where(self.code >= 0, best, 0.0))
        # skills: shared / required, where the vacancy lists any
        if person.skills:
            count = np.zeros(n)
            for skill in person.skills:
                rows = self.skill_postings.rows.get(self._skills.get(skill))
                if rows is not None:
                    count[rows] += 1
            add("skills", count / np.maximum(self.skill_count, 1))
        # education
        if person.education in EDUCATION_LEVELS:
            gap = self.education - EDUCATION_LEVELS.index(person.education)
            credit = np.where(gap <= 0, 1.0, np.maximum(0.0, 1.0 - 0.5 * gap))
            add("education", np.where(self.education >= 0, credit, 0.0))
        # languages: each required one the person knows, by the CEFR gap (the credits
        # are whole halves, so the order of the sum does not change it)
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
            add("languages", lang_sum / np.maximum(self.lang_count, 1))
        # distance
        if km is not None:
            decay = w.distance_half_km / (w.distance_half_km + km)
            add("distance", np.nan_to_num(decay, nan=0.0))
        # hours
        if person.has_curriculum:
            same = self.part_time == person.part_time
            add("contract", np.where(same, 1.0, np.where(self.part_time, 0.5, 0.0)))
        result: FloatArray = np.where(keep, cents / 100, np.nan)
        return result

    def vacancies_for(self, person: PersonProfile, today: dt.date, top: int = 50,
                      min_score: float = 0.0,
                      weights: Weights | None = None) -> list[MatchResult]:
        """The best ``top`` vacancies, with their parts from the reference scorer."""
        values = self.scores(person, today, weights)
        valid = np.flatnonzero(values >= min_score - 0.0101)  # NaN compares False
        if valid.size == 0:
            return []
        k = min(valid.size, top)
        cut = -np.partition(-values[valid], k - 1)[k - 1]
        # A hundredth of margin: distances computed two ways may round apart.
        picked = valid[values[valid] >= cut - 0.0101]
        results = [r for i in picked
                   if (r := score(person, self.vacancies[int(i)], today, weights)) is not None
                   and r.score >= min_score]
        return rank(results)[:top]
