"""A proposal keeps the explanation it was made with; the rosa prints it a week later."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

from pypdf import PdfReader

from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models.matching import Proposal, Vacancy
from desktop.services import matching
from desktop.services.documents.printing import print_shortlist
from desktop.services.people.curriculum import CurriculumForm, load_curriculum, save_curriculum
from tests.matching.test_service import COUNSELLOR, MANAGER, _vacancies


def _points(line: str) -> float:
    return float(line.split()[0].replace(",", "."))  # "+0,35"


def test_a_rosa_printed_a_week_later_shows_the_stored_explanation(demo_db: Database) -> None:
    monday = clock.now()
    with clock.use(clock.fixed(monday)):
        for vacancy in _vacancies(demo_db):
            if vacancy.status != "aperta" or vacancy.l68_only or not vacancy.skills:
                continue
            ranked = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows
            pick = next((r for r in ranked if not r.proposal and any(
                "competenze" in line and not line.startswith("+0,00")
                for line in r.explanation)), None)
            if pick is not None:
                break
        else:
            raise AssertionError("no demo candidate with some of the skills asked")
        rosa = matching.propose(demo_db, COUNSELLOR, vacancy.id,
                                [(pick.person_id, pick.score, pick.rank)])
    proposed = next(r for r in rosa.rows if r.person_id == pick.person_id)
    assert proposed.stored and proposed.rank == pick.rank
    assert proposed.score == pick.score
    assert proposed.explanation == pick.explanation  # what the operator saw
    assert round(sum(_points(x) for x in proposed.explanation), 2) == proposed.score
    with demo_db.read() as session:
        row = session.query(Proposal).filter_by(vacancy_id=vacancy.id,
                                                person_id=pick.person_id).one()
        stored = json.loads(row.explanation)
    assert row.scored_on == clock.today() and stored["rank"] == pick.rank
    assert stored["person"]["skills"]  # the data the parts came from
    # Meanwhile the person's curriculum loses its skills: today's score drops.
    before = load_curriculum(demo_db, COUNSELLOR, pick.person_id)
    save_curriculum(demo_db, COUNSELLOR, pick.person_id, CurriculumForm(
        education=before.education, licences=before.licences,
        mobility_radius_km=before.mobility_radius_km, part_time=before.part_time,
        languages=before.languages, experiences=before.experiences, desired=before.desired,
        skills=()))
    week_later = monday + dt.timedelta(days=7)
    with clock.use(clock.fixed(week_later)):
        later = matching.shortlist(demo_db, COUNSELLOR, vacancy.id)
        printed = print_shortlist(demo_db, MANAGER, "", vacancy.id, False,
                                  clock.today())
    again = next(r for r in later.rows if r.person_id == pick.person_id)
    assert again.explanation == proposed.explanation and again.score == proposed.score
    assert again.today_score is not None and again.today_score < again.score
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.pdf)).pages)
    flat = " ".join(text.split())
    assert f"{again.score:.2f}".replace(".", ",") in flat  # the Italian decimal comma
    assert f"oggi {again.today_score:.2f}".replace(".", ",") in flat
    assert re.findall(r"(?<![\w.,])\d+\.\d{1,2}(?![\w.])", flat) == []
    assert f"{pick.rank}° in graduatoria" in flat
    # The stored lines, not today's (which would say the skills are not known).
    skills_line = next(x for x in proposed.explanation if "competenze" in x)
    assert " ".join(skills_line.split()[:4]) in flat


def test_a_vacancy_closed_after_the_proposal_keeps_its_rosa(demo_db: Database) -> None:
    vacancy = next(v for v in _vacancies(demo_db) if v.status == "aperta"
                   and not v.l68_only and v.occupation_code)
    ranked = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows
    pick = next(r for r in ranked if not r.proposal)
    matching.propose(demo_db, COUNSELLOR, vacancy.id, [(pick.person_id, pick.score, 1)])
    with demo_db.transaction() as session:
        row = session.get(Vacancy, vacancy.id)
        assert row is not None
        row.status = "chiusa"
    rosa = matching.shortlist(demo_db, COUNSELLOR, vacancy.id)
    assert any(r.person_id == pick.person_id and r.stored for r in rosa.rows)


def test_an_older_proposal_shows_todays_reasons_beside_todays_score(
        demo_db: Database) -> None:
    # Proposals seeded by the demo predate stored explanations (rank 0, no JSON): their
    # rosa line must not put today's reasons next to the old score alone.
    with demo_db.read() as session:
        old = next(p for p in session.query(Proposal).all() if not p.explanation)
    rosa = matching.shortlist(demo_db, COUNSELLOR, old.vacancy_id)
    row = next(r for r in rosa.rows if r.proposal_id == old.id)
    assert not row.stored
    shown = round(sum(_points(x) for x in row.explanation), 2)
    assert shown == (row.today_score if row.today_score is not None else row.score)
    printed = print_shortlist(demo_db, MANAGER, "", old.vacancy_id, False, clock.today())
    text = " ".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(printed.pdf)).pages).split())
    if row.today_score is not None:
        assert f"oggi {row.today_score:.2f}".replace(".", ",") in text
    assert "Motivi di oggi" in text
