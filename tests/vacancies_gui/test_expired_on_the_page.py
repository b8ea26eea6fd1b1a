"""An expired vacancy on the Incrocio page: marked in the list, nobody ranked, the rosa
warned and a new proposal refused."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models.matching import Proposal, Vacancy
from desktop.views.context import ViewContext
from tests.gui.conftest import wait_idle
from tests.vacancies_gui.test_vacancy_form import _page


def test_an_expired_vacancy_is_warned_on_the_matching_page(qtbot: QtBot,
                                                           ctx: ViewContext) -> None:
    expiry = dt.date.today() - dt.timedelta(days=3)
    with ctx.database.transaction() as session:
        proposed = set(session.scalars(select(Proposal.vacancy_id)))
        vacancy = next(v for v in session.scalars(select(Vacancy).order_by(Vacancy.number))
                       if v.status == "aperta" and not v.l68_only and v.occupation_code
                       and v.id not in proposed)
        vacancy.closes_on = expiry
        vacancy_id = vacancy.id
    page = _page(qtbot, ctx)
    combo = page.vacancy_combo
    index = next(i for i in range(combo.count()) if combo.itemData(i) == vacancy_id)
    when = expiry.strftime("%d/%m/%Y")
    assert f"SCADUTA il {when}" in combo.itemText(index)
    combo.setCurrentIndex(index)
    page.search_candidates()
    wait_idle(qtbot, ctx.ops)
    assert page.candidates.model.rowCount() == 0
    assert "scaduta" in page.candidates.notes.text()
    assert page.status.text() == (f"Questa offerta è scaduta il {when}: prorogarne la "
                                  "scadenza o chiuderla.")
