"""The fairness report: a deliberately biased data set raises the four-fifths alert, the
unbiased demo does not, and the oversight log says who proposed whom."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desktop.documents.fairness import fairness_meta, render_fairness
from desktop.errors import PermissionDenied, ValidationError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Proposal, Vacancy
from desktop.models.person import Person
from desktop.models.registration import Did
from desktop.services import matching
from desktop.services.matching.fairness import period_fairness, vacancy_fairness
from desktop.services.matching.fairness_stats import significant_gap
from tests.matching.test_service import COUNSELLOR, MANAGER, _open_vacancy

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _add_people(db: Database, count: int, sex: str, rng: random.Random) -> list[uuid.UUID]:
    ids = []
    with db.transaction() as session:
        for i in range(count):
            pid = uuid.uuid4()
            code = f"SYN{sex}{i:05d}{rng.randrange(10**6):06d}"[:16]
            session.add(Person(id=pid, fiscal_code=code, fiscal_code_base=code,
                               surname=f"Prova{i}", name=sex, sex=sex,
                               birth_date=dt.date(1980 + rng.randrange(20), 5, 1),
                               birthplace_code="D612"))
            session.add(Did(person_id=pid, did_date=dt.date(2026, 2, 1),
                            education="diploma", employment_condition="disoccupato",
                            profiling_index=0.5, profiling_class="media",
                            coefficients_version="t", gol_path=1,
                            patto_deadline=dt.date(2026, 3, 1)))
            ids.append(pid)
    return ids


def _propose(db: Database, people: list[uuid.UUID], hired: int) -> None:
    with db.transaction() as session:
        vacancies = list(session.scalars(select(Vacancy.id)))
        for i, pid in enumerate(people):
            session.add(Proposal(vacancy_id=vacancies[i % len(vacancies)], person_id=pid,
                                 operator="op1", score=0.7, rank=1 + i % 30,
                                 proposed_at=dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC),
                                 outcome="assunto" if i < hired else "proposto"))


def test_a_biased_data_set_raises_the_four_fifths_alert(db: Database) -> None:
    from desktop.demo import create_demo

    create_demo(db, people=5)  # employers and vacancies to propose for
    rng = random.Random(3)
    women = _add_people(db, 120, "F", rng)
    men = _add_people(db, 120, "M", rng)
    # Proposed: 60 of the 120 men, 10 of the 120 women (rate ratio 0.17).
    _propose(db, men[:60] + women[:10], hired=20)
    report = period_fairness(db, MANAGER, *YEAR)
    women_row = next(r for r in report.rows if r.dimension == "sex" and r.group == "F")
    proposed = 2  # index of "proposed" among the rates (after the pool)
    assert women_row.ratios[proposed] is not None and women_row.ratios[proposed] < 0.8
    assert women_row.alerts[proposed]
    assert any("donne" in a and "quattro quinti" in a for a in report.alerts)
    # The ratios as Italians write them, on screen and in the printout (not "0.17").
    shown = f"{women_row.ratios[proposed]:.2f}".replace(".", ",")
    assert any(shown in a for a in report.alerts)
    assert not any(re.search(r"\d\.\d", a) for a in report.alerts)
    pdf = render_fairness(report, fairness_meta(report, "CPI Firenze", "Sede centrale",
                                                YEAR[1]))
    printed = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert shown in printed and "0,80" in printed
    assert re.findall(r"(?<![\w.,])\d+\.\d{1,2}(?![\w.])", printed) == []
    men_row = next(r for r in report.rows if r.dimension == "sex" and r.group == "M")
    assert not any(men_row.alerts) and men_row.ratios[proposed] == 1.0
    # Shares add up to one in each stage and dimension.
    for stage in range(5):
        if report.totals[stage]:
            assert sum(r.shares[stage] for r in report.rows if r.dimension == "sex") == \
                pytest.approx(1.0)


def test_the_same_people_proposed_evenly_raise_no_alert(db: Database) -> None:
    from desktop.demo import create_demo

    create_demo(db, people=5)
    rng = random.Random(4)
    women = _add_people(db, 120, "F", rng)
    men = _add_people(db, 120, "M", rng)
    _propose(db, men[:35] + women[:35], hired=20)
    report = period_fairness(db, MANAGER, *YEAR)
    assert not any(r.alerts[2] for r in report.rows if r.dimension == "sex")


def test_the_demo_raises_no_alert(demo_db: Database) -> None:
    today = clock.today()
    report = period_fairness(demo_db, MANAGER, today - dt.timedelta(days=365), today)
    assert report.totals[0] > 0 and report.oversight_total > 0
    assert report.alerts == ()
    vacancy = _open_vacancy(demo_db)
    assert vacancy_fairness(demo_db, COUNSELLOR, vacancy.id).alerts == ()


def test_the_oversight_log_says_who_proposed_whom_with_the_explanation(
        demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    ranked = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows
    pick = next(r for r in ranked if not r.proposal)
    matching.propose(demo_db, COUNSELLOR, vacancy.id, [(pick.person_id, pick.score, pick.rank)])
    report = vacancy_fairness(demo_db, COUNSELLOR, vacancy.id)
    entry = next(e for e in report.oversight if e.fiscal_code == pick.detail)
    assert (entry.operator, entry.rank, entry.score) == ("op1", pick.rank, pick.score)
    assert entry.explanation == pick.explanation
    assert report.totals[0] >= 1 and report.totals[3] >= 1


def test_bad_period_and_permission(demo_db: Database) -> None:
    with pytest.raises(ValidationError) as error:
        period_fairness(demo_db, MANAGER, dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    assert "inizia dopo" in str(error.value)
    with pytest.raises(PermissionDenied):
        period_fairness(demo_db, COUNSELLOR, *YEAR)


def test_chance_alone_is_not_a_gap() -> None:
    assert not significant_gap(1, 4, 3, 5)  # tiny groups: a ratio of 0.42 by luck
    assert significant_gap(10, 120, 60, 120)
