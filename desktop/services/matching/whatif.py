"""What would change the rank: the one missing requirement that moves a candidate most.

Computed, not guessed: for each requirement of the vacancy the person does not meet (a
skill, the education level, a language at the level asked), the person's profile is
given that one requirement and scored again by the reference scorer; the new score is
placed among the others' scores of the same ranking. The requirement that gives the best
new position is the answer ("Con la competenza «excel» salirebbe al 3° posto").
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from desktop import formatting
from desktop.i18n import _
from desktop.services.matching.explain import education_name
from desktop.services.matching.score import (
    CEFR_ORDER,
    PersonProfile,
    VacancyProfile,
    Weights,
    score,
)
from desktop.services.people.profiling import EDUCATION_LEVELS


@dataclass(frozen=True)
class RankChange:
    requirement: str
    score: float
    rank: int

    def sentence(self) -> str:
        return _("With {requirement} they would move up to position {rank} "
                 "(score {score}).").format(requirement=self.requirement, rank=self.rank,
                                            score=formatting.decimal(self.score, 2))


def variants(person: PersonProfile, vacancy: VacancyProfile
              ) -> list[tuple[str, PersonProfile]]:
    out: list[tuple[str, PersonProfile]] = []
    for skill in sorted(vacancy.skills - person.skills):
        out.append((_("the skill “{skill}”").format(skill=skill),
                    dataclasses.replace(person, skills=person.skills | {skill})))
    if vacancy.education in EDUCATION_LEVELS and (
            person.education not in EDUCATION_LEVELS
            or EDUCATION_LEVELS.index(person.education)
            < EDUCATION_LEVELS.index(vacancy.education)):
        out.append((_("the education asked ({level})").format(
            level=education_name(vacancy.education)),
            dataclasses.replace(person, education=vacancy.education)))
    known = dict(person.languages)
    for language, level in vacancy.languages:
        have = known.get(language)
        if level in CEFR_ORDER and (have not in CEFR_ORDER or CEFR_ORDER.index(str(have))
                                    < CEFR_ORDER.index(level)):
            languages = tuple((lang, lvl) for lang, lvl in person.languages
                              if lang != language) + ((language, level),)
            out.append((_("{language} at level {level}").format(language=language,
                                                                 level=level),
                        dataclasses.replace(person, languages=languages)))
    return out


def best_change(person: PersonProfile, vacancy: VacancyProfile, today: dt.date,
                rank_now: int, others_desc: npt.NDArray[np.float64],
                weights: Weights | None = None,
                lifted: frozenset[str] = frozenset()) -> RankChange | None:
    """The single missing requirement that would move the person highest, or None when
    none would move them up. ``others_desc``: every ranked score, best first (the
    person's own included once)."""
    current = score(person, vacancy, today, weights, lifted)
    if current is None:
        return None
    best: RankChange | None = None
    for requirement, variant in variants(person, vacancy):
        result = score(variant, vacancy, today, weights, lifted)
        if result is None or result.score <= current.score:
            continue
        # People strictly above the new score; the person's own old score is below it.
        above = int(np.searchsorted(-others_desc, -result.score, side="left"))
        new_rank = above + 1
        if new_rank < rank_now and (best is None or new_rank < best.rank
                                    or (new_rank == best.rank and result.score > best.score)):
            best = RankChange(requirement, result.score, new_rank)
    return best
