"""Every indicator on the dataset of conftest.py, whose answers are known by construction."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.person import Person
from desktop.services.actions import record_hired_proposals
from desktop.services.actions.indicators import charter_standard, compute
from desktop.services.queue import stats as queue_stats
from desktop.values.indicators import Period
from tests.indicators.conftest import AS_OF, FRONT_DESK, MANAGER, Known

YEAR = Period.year(2025)


def counts(items: tuple) -> dict[str, int]:  # type: ignore[type-arg]
    return {c.key: c.value for c in items}


def test_people_taken_in_charge_count_a_person_with_two_dids_once(db: Database,
                                                                  known: Known) -> None:
    people = compute(db, MANAGER, YEAR, as_of=AS_OF).people
    assert people.total == 6  # P5's DID is of 2024; P1 has two DIDs in 2025
    assert people.women == 3 and people.share_women == 0.5
    assert counts(people.by_sex) == {"F": 3, "M": 3}
    # ages on 31/12/2025: P6 born 31/12/2000 is 25 that day, P7 born 1/1/2001 is 24
    assert counts(people.by_age) == {"0-24": 2, "25-34": 1, "35-44": 1, "45-54": 1, "55+": 1}
    assert counts(people.by_citizenship) == {"italiana": 3, "ue": 1, "extra_ue": 2}


def test_citizenship_is_grouped_whatever_its_case(db: Database, known: Known) -> None:
    """The all-sites count compares citizenships without regard to case (in SQL, not by
    lower()); one site groups them the same way."""
    with db.transaction() as session:
        for key, written in (("P2", "Rumena"), ("P1", "ITALIANA"), ("P3", "Marocchina")):
            session.get(Person, known.people[key]).citizenship = written  # type: ignore[union-attr]
    everyone = compute(db, MANAGER, YEAR, as_of=AS_OF).people
    assert counts(everyone.by_citizenship) == {"italiana": 3, "ue": 1, "extra_ue": 2}
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).people
    assert counts(s1.by_citizenship) == {"italiana": 1, "ue": 1, "extra_ue": 1}


def test_people_per_site(db: Database, known: Known) -> None:
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).people
    s2 = compute(db, MANAGER, Period.year(2025, "S2"), as_of=AS_OF).people
    assert (s1.total, s1.women, s2.total, s2.women) == (3, 2, 3, 1)


def test_actions_by_measure_with_boundaries_and_without_patto(db: Database,
                                                              known: Known) -> None:
    actions = compute(db, MANAGER, YEAR, as_of=AS_OF).actions
    assert actions.total == 6  # 31/12/2024 and 1/1/2026 are outside, 1/1 and 31/12 inside
    assert actions.hours == 170.5
    assert actions.without_patto == 2
    by = {m.code: (m.actions, m.hours) for m in actions.by_measure}
    assert by["ORB"] == (2, 3.5)
    assert by["TIR"] == (1, 120.0)
    assert by["AUT"] == (0, 0.0)  # every measure of the catalogue is listed
    months = counts(actions.by_month)
    assert len(months) == 12 and months["2025-12"] == 1 and months["2025-04"] == 0
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).actions
    assert (s1.total, s1.hours, s1.without_patto) == (4, 49.0, 1)


def test_a_person_placed_twice_counts_once(db: Database, known: Known) -> None:
    placed = compute(db, MANAGER, YEAR, as_of=AS_OF).placements
    # P2 twice (from the proposal, then permanent), P6 from a proposal, P1 entered
    assert placed.placements == 4
    assert placed.people == 3
    assert placed.people_permanent == 2
    assert placed.share_permanent == pytest.approx(2 / 3)
    assert counts(placed.by_contract)["determinato"] == 2
    assert counts(placed.by_contract)["indeterminato"] == 2
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).placements
    assert (s1.people, s1.people_permanent, s1.placements) == (2, 1, 3)


def test_hired_proposals_become_placements_once(db: Database, known: Known) -> None:
    assert record_hired_proposals(db, MANAGER) == 0  # the fixture already ran it
    assert compute(db, MANAGER, YEAR, as_of=AS_OF).placements.placements == 4


def test_firms_vacancies_and_positions(db: Database, known: Known) -> None:
    firms = compute(db, MANAGER, YEAR, as_of=AS_OF).firms
    assert firms.firms == 3  # E1, E2 by vacancies; E3 by P6's placement
    assert (firms.vacancies, firms.positions) == (3, 9)
    assert (firms.vacancies_with_candidates, firms.candidates_proposed) == (2, 3)
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).firms
    assert (s1.firms, s1.vacancies, s1.positions, s1.candidates_proposed) == (2, 2, 4, 2)


def test_queue_times_follow_the_queue_statistics(db: Database, known: Known) -> None:
    q = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).queue
    assert q.standard_minutes == charter_standard() == 30
    assert (q.tickets, q.called, q.served) == (4, 3, 3)
    assert q.mean_wait == pytest.approx((10 + 40 + 45) / 3, abs=0.01)  # the undone call ignored
    assert q.mean_service == pytest.approx((10 + 5 + 10) / 3, abs=0.01)
    assert q.within_standard == pytest.approx(1 / 3, abs=1e-4)
    reference = queue_stats.queue_statistics(db, known.site_ids["S1"], known.queue_day,
                                             known.queue_day)
    assert q.within_standard == reference.within_standard
    overall = next(g for g in [*reference.groups] if g.dimension == "service")
    assert q.mean_wait == pytest.approx(overall.mean_wait, abs=0.01)
    assert compute(db, MANAGER, Period.year(2025, "S2"), as_of=AS_OF).queue.tickets == 0


def test_patti_within_the_legal_deadline(db: Database, known: Known) -> None:
    patti = compute(db, MANAGER, YEAR, as_of=AS_OF).patti
    # on time: P1 (first DID), P6 (same day), P7 (last day); late: P2 (NASpI, 15 days);
    # missing: P1's second DID, P3; pending: P4 (deadline after the as-of day)
    assert (patti.dids, patti.on_time, patti.late, patti.missing, patti.pending) == (
        7, 3, 1, 2, 1)
    assert patti.share_on_time == 0.5
    s1 = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF).patti
    assert (s1.dids, s1.on_time, s1.share_on_time) == (4, 1, 0.25)


def test_a_period_with_no_data(db: Database, known: Known) -> None:
    empty = compute(db, MANAGER, Period.year(2030), as_of=AS_OF)
    assert empty.people.total == 0 and empty.people.share_women is None
    assert empty.actions.total == 0 and sum(m.actions for m in empty.actions.by_measure) == 0
    assert empty.placements.people == 0 and empty.placements.share_permanent is None
    assert empty.firms.firms == 0 and empty.firms.positions == 0
    assert empty.queue.tickets == 0 and empty.queue.mean_wait is None
    assert empty.queue.within_standard is None
    assert empty.patti.dids == 0 and empty.patti.share_on_time is None


def test_an_empty_database(db: Database) -> None:
    assert compute(db, MANAGER, YEAR).people.total == 0


def test_only_the_manager_sees_the_indicators(db: Database, known: Known) -> None:
    with pytest.raises(PermissionDenied):
        compute(db, FRONT_DESK, YEAR)


def test_a_reversed_period_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError):
        compute(db, MANAGER, Period(dt.date(2025, 2, 1), dt.date(2025, 1, 1)))
