"""Incrocio domanda/offerta: explainable scores, the candidate index, both search directions,
shortlists and their outcomes, and the occupation reference data matching reads.

Mirrors ``desktop.views.matching`` and the Incrocio page. Other areas use the names exported here.
"""

from __future__ import annotations

from desktop.services.matching.candidates import candidates_for_vacancy
from desktop.services.matching.eligibility import EXCLUSIONS, LIFTABLE, Exclusion
from desktop.services.matching.person_vacancies import (
    person_id_for,
    vacancies_for_person,
    vacancy_id_for,
)
from desktop.services.matching.profiles import (
    candidate_index,
    comune_label,
    home_code,
    language_pairs,
    people_profiles,
    split_list,
    vacancy_profile,
)
from desktop.services.matching.reports import MatchFilters, MatchReport, MatchRow
from desktop.services.matching.shortlists import (
    outcome_counts,
    propose,
    record_outcome,
    shortlist,
)

__all__ = [
    "EXCLUSIONS",
    "LIFTABLE",
    "Exclusion",
    "MatchFilters",
    "MatchReport",
    "MatchRow",
    "candidate_index",
    "candidates_for_vacancy",
    "comune_label",
    "home_code",
    "language_pairs",
    "outcome_counts",
    "people_profiles",
    "person_id_for",
    "propose",
    "record_outcome",
    "shortlist",
    "split_list",
    "vacancies_for_person",
    "vacancy_id_for",
    "vacancy_profile",
]
