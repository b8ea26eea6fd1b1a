"""The matching service on a real demo database: both directions, rosa, outcomes."""

from __future__ import annotations

import datetime as dt
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.errors import NotFoundError, PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.matching import Employer, Occupation, Vacancy
from desktop.services import matching
from desktop.services.documents.printing import print_shortlist
from desktop.services.firms import employers, vacancies
from desktop.services.firms.employers import EmployerForm
from desktop.services.firms.vacancies import VacancyForm
from desktop.services.matching import MatchFilters
from desktop.services.reference import occupations


@dataclass(frozen=True)
class Actor:
    username: str
    role: str
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    cli: bool = True  # no account row to re-read (permissions.is_cli)


COUNSELLOR = Actor("op1", "operatore")
MANAGER = Actor("capo", "responsabile")


def _vacancies(db: Database) -> list[Vacancy]:
    with db.read() as session:
        return list(session.scalars(select(Vacancy).order_by(Vacancy.number)))


def _open_vacancy(db: Database) -> Vacancy:
    return next(v for v in _vacancies(db) if v.status == "aperta" and not v.l68_only
                and v.occupation_code)


def test_candidates_for_a_demo_vacancy_are_ranked_and_explained(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                             MatchFilters(top=10))
    assert report.rows, "the demo has candidates for its vacancies"
    scores = [r.score for r in report.rows]
    assert scores == sorted(scores, reverse=True)
    first = report.rows[0]
    assert any(line.startswith(("+", "\u2212")) for line in first.explanation)
    assert any("occupazione" in line for line in first.explanation)
    assert first.title and len(first.detail) == 16  # name and codice fiscale


def test_filters_radius_minimum_score_and_availability(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    wide = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    near = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                           MatchFilters(radius_km=5))
    assert all(r.distance_km is None or r.distance_km <= 5 for r in near.rows)
    assert len(near.rows) <= len(wide.rows)
    high = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                           MatchFilters(min_score=0.5))
    assert all(r.score >= 0.5 for r in high.rows)
    available = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id,
                                                MatchFilters(available_only=True))
    assert {r.person_id for r in available.rows} <= {r.person_id for r in wide.rows}


def test_vacancies_for_a_person_by_codice_fiscale(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    best = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows[0]
    person_id = matching.person_id_for(demo_db, COUNSELLOR, best.detail)
    report = matching.vacancies_for_person(demo_db, COUNSELLOR, person_id)
    assert vacancy.id in {r.vacancy_id for r in report.rows}
    assert all(r.detail for r in report.rows)  # the employer's name
    with pytest.raises(NotFoundError):
        matching.person_id_for(demo_db, COUNSELLOR, "ZZZZZZ00A01H501X")


def test_missing_data_is_reported_not_fatal(demo_db: Database) -> None:
    bare = next(v for v in _vacancies(demo_db) if not v.occupation_code)
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, bare.id)
    assert any("codice di professione" in n for n in report.notes)
    # The vacancy does not ask for an occupation: not required, not "data missing".
    assert report.rows and all("occupazione" not in r.missing for r in report.rows)
    assert all(any("occupazione: non richiesto" in line for line in r.explanation)
               for r in report.rows)


def test_matching_needs_its_permission_and_is_audited(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    with pytest.raises(PermissionDenied):
        matching.candidates_for_vacancy(demo_db, Actor("s1", "sportello"), vacancy.id)
    matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    with demo_db.read() as session:
        actions = set(session.scalars(select(AuditEntry.action)))
    assert "matching.candidates" in actions


def test_reserved_vacancy_is_matched_only_by_collocamento_mirato(demo_db: Database) -> None:
    reserved = next(v for v in _vacancies(demo_db) if v.l68_only and v.status == "aperta")
    plain = matching.candidates_for_vacancy(demo_db, COUNSELLOR, reserved.id)
    assert plain.rows == () and any("68" in n for n in plain.notes)
    officer = matching.candidates_for_vacancy(demo_db, Actor("cm", "collocamento_mirato"),
                                              reserved.id)
    assert officer.notes == plain.notes[:-1] or "68" not in " ".join(officer.notes)


def test_shortlist_print_and_outcome(demo_db: Database) -> None:
    vacancy = _open_vacancy(demo_db)
    # The demo's year of activity already proposed some people for this vacancy.
    before = {r.person_id for r in matching.shortlist(demo_db, COUNSELLOR, vacancy.id).rows}
    ranked = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows
    assert all((r.person_id in before) == bool(r.proposal) for r in ranked)
    rows = [r for r in ranked if not r.proposal][:3]
    assert len(rows) == 3
    rosa = matching.propose(demo_db, COUNSELLOR, vacancy.id,
                            [(r.person_id, r.score) for r in rows])
    assert {r.person_id for r in rosa.rows} == before | {r.person_id for r in rows}
    again = matching.propose(demo_db, COUNSELLOR, vacancy.id, [(rows[0].person_id, 0.1)])
    assert len(again.rows) == len(rosa.rows)  # proposing twice changes nothing
    new = next(r for r in rosa.rows if r.person_id == rows[0].person_id)
    with pytest.raises(ValidationError):
        matching.record_outcome(demo_db, COUNSELLOR, new.proposal_id, "assunto")
    after = matching.record_outcome(demo_db, COUNSELLOR, new.proposal_id,
                                    "assunto", "indeterminato")
    hired = next(r for r in after.rows if r.proposal_id == new.proposal_id)
    assert (hired.outcome, hired.contract_type) == ("assunto", "indeterminato")
    assert matching.outcome_counts(demo_db, COUNSELLOR)["assunto"] >= 1

    printed = print_shortlist(demo_db, MANAGER, "", vacancy.id, False, dt.date(2026, 5, 4))
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.pdf)).pages)
    # the name, never the codice fiscale (issue 21)
    assert rows[0].title in content and rows[0].detail not in content and "Rosa" in content
    anonymous = print_shortlist(demo_db, MANAGER, "", vacancy.id, True,
                                dt.date(2026, 5, 4))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(anonymous.pdf)).pages)
    assert rows[0].detail not in text and rows[0].title not in text
    assert "Candidato 1" in text
    reprint = print_shortlist(demo_db, MANAGER, "", vacancy.id, True, dt.date(2026, 5, 4))
    assert reprint.pdf == anonymous.pdf  # invariant output


def test_invalid_employer_code_changes_nothing(demo_db: Database) -> None:
    with demo_db.read() as session:
        before = session.scalar(select(func.count()).select_from(Employer))
    with pytest.raises(ValidationError) as caught:
        employers.create_employer(demo_db, COUNSELLOR, EmployerForm(
            fiscal_code="01234567890", name="Ditta Sbagliata"))
    assert "partita IVA" in str(caught.value)
    with pytest.raises(ValidationError):
        employers.create_employer(demo_db, COUNSELLOR, EmployerForm(
            fiscal_code="RSSMRA80A01D612X", name="Ditta Individuale"))
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Employer)) == before
    made = employers.create_employer(demo_db, COUNSELLOR, EmployerForm(
        fiscal_code="IT 00743110157", name="Ditta  Giusta", comune_code="D612"))
    assert (made.fiscal_code, made.name, made.comune) == ("00743110157", "Ditta Giusta",
                                                          "Firenze")
    vacancy = vacancies.create_vacancy(demo_db, COUNSELLOR, VacancyForm(
        employer_id=made.id, title="Magazziniere", occupation_code="4.3.1.2.0",
        skills=("Muletto",), workplace_code="D612", licences=("B",)))
    assert vacancy.number.startswith("OF-") and vacancy.workplace == "Firenze"
    with pytest.raises(ValidationError):
        vacancies.create_vacancy(demo_db, COUNSELLOR, VacancyForm(
            employer_id=made.id, title="X", occupation_code="5.1.2.2.0.9.9"))


def test_import_occupations_all_or_nothing(db: Database, tmp_path: Path) -> None:
    good = tmp_path / "cp2021.csv"
    good.write_text("Codice;Nome;ISCO08\n5.1.2.2.0;Commessi delle vendite al minuto;5223\n"
                    "5.1.2;Addetti alle vendite;\n", encoding="utf-8")
    report = occupations.import_occupations(db, MANAGER, good)
    assert report.ok and report.imported == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("code,title\n5.1.2.4.0,Cassieri\nabc,Nulla\n", encoding="utf-8")
    report = occupations.import_occupations(db, MANAGER, bad)
    assert not report.ok and report.rejected[0][0] == 3
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Occupation)) == 2
    with pytest.raises(PermissionDenied):
        occupations.import_occupations(db, COUNSELLOR, good)


def test_curated_subset_and_coordinates() -> None:
    rows = occupations.curated_subset()
    assert any(r.code == "5.1.2.2.0" and r.isco_code == "5223" for r in rows)
    firenze = occupations.coordinates_of("D612")
    assert firenze is not None and 43.7 < firenze[0] < 43.9 and 11.1 < firenze[1] < 11.3
    assert occupations.coordinates_of("Z999") is None


def test_skills_recorded_in_the_curriculum_count_in_the_score(demo_db: Database) -> None:
    from desktop.services.people.curriculum import CurriculumForm, load_curriculum, save_curriculum

    vacancy = next(v for v in _vacancies(demo_db) if v.status == "aperta" and v.skills
                   and not v.l68_only)
    best = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id).rows[0]
    person_id = best.person_id
    before = load_curriculum(demo_db, COUNSELLOR, person_id)
    wanted = tuple(vacancy.skills.split(","))
    saved = save_curriculum(demo_db, COUNSELLOR, person_id, CurriculumForm(
        education=before.education, licences=before.licences,
        mobility_radius_km=before.mobility_radius_km, part_time=before.part_time,
        languages=before.languages, experiences=before.experiences, desired=before.desired,
        skills=tuple(s.upper() for s in wanted)))
    assert saved.skills == wanted  # lower case, as compared
    report = matching.vacancies_for_person(demo_db, COUNSELLOR, person_id)
    row = next(r for r in report.rows if r.vacancy_id == vacancy.id)
    assert any(f"competenze: {len(wanted)} di {len(wanted)} richieste" in line
               for line in row.explanation)
