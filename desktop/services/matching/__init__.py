"""Incrocio domanda/offerta: explainable scores, the candidate index, both search directions,
shortlists and their outcomes, and the occupation reference data matching reads.

Mirrors ``desktop.views.matching`` and the Incrocio page. Other areas use the names exported here.
"""

from __future__ import annotations

from desktop.services.matching.candidates import (
    OUTCOMES,
    MatchFilters,
    MatchReport,
    MatchRow,
    Shortlist,
    ShortlistRow,
    candidate_index,
    candidates_for_vacancy,
    outcome_counts,
    outcome_label,
    person_id_for,
    propose,
    record_outcome,
    shortlist,
    vacancies_for_person,
    vacancy_id_for,
    vacancy_profile,
)

__all__ = [
    "MatchFilters",
    "MatchReport",
    "MatchRow",
    "OUTCOMES",
    "Shortlist",
    "ShortlistRow",
    "candidate_index",
    "candidates_for_vacancy",
    "outcome_counts",
    "outcome_label",
    "person_id_for",
    "propose",
    "record_outcome",
    "shortlist",
    "vacancies_for_person",
    "vacancy_id_for",
    "vacancy_profile",
]
