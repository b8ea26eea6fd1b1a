"""An expired vacancy (past its expiry, still open) in the matching and on the rosa."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desktop.errors import ValidationError
from desktop.infra.database import Database
from desktop.models.matching import Proposal, Vacancy
from desktop.services import matching
from desktop.services.documents.printing import print_shortlist
from tests.vacancies.conftest import Actor

COUNSELLOR = Actor("op1", "operatore")
MANAGER = Actor("capo", "responsabile")


def test_a_rosa_for_an_expired_vacancy_is_refused_and_the_old_one_warned(
        demo_db: Database) -> None:
    with demo_db.read() as session:
        vacancy = next(v for v in session.scalars(select(Vacancy).order_by(Vacancy.number))
                       if v.status == "aperta" and not v.l68_only and v.occupation_code)
    report = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    first = report.rows[0]
    matching.propose(demo_db, COUNSELLOR, vacancy.id, [(first.person_id, first.score)])
    expiry = dt.date.today() - dt.timedelta(days=1)
    with demo_db.transaction() as session:
        row = session.get(Vacancy, vacancy.id)
        assert row is not None
        row.closes_on = expiry
        before = session.scalar(select(func.count()).select_from(Proposal))
    # The matching ranks nobody and says why.
    expired = matching.candidates_for_vacancy(demo_db, COUNSELLOR, vacancy.id)
    assert not expired.rows and any("scaduta" in note for note in expired.notes)
    # A rosa for it is refused with one Italian sentence, and nothing is added.
    with pytest.raises(ValidationError) as caught:
        matching.propose(demo_db, COUNSELLOR, vacancy.id, [(report.rows[1].person_id, 0.5)])
    when = expiry.strftime("%d/%m/%Y")
    assert str(caught.value) == (f"L'offerta è scaduta il {when}: non si può proporre una "
                                 "rosa; prorogarne la scadenza o chiuderla.")
    with demo_db.read() as session:
        assert session.scalar(select(func.count()).select_from(Proposal)) == before
    # The rosa already made still shows and prints, with the warning.
    assert matching.shortlist(demo_db, COUNSELLOR, vacancy.id).expired_on == expiry
    printed = print_shortlist(demo_db, MANAGER, "", vacancy.id, True, dt.date.today())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(printed.pdf)).pages)
    assert f"Attenzione: questa offerta è scaduta il {when}." in " ".join(text.split())
