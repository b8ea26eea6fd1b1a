"""One current person across areas, main-window side: status bar, Ctrl+Shift+N, Incrocio."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models import Person
from desktop.services.matching import vacancies_for_person
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow
from desktop.views.pages.incrocio import MatchingPage
from tests.gui.conftest import wait_idle


def people(db: Database, count: int = 2) -> list[PersonRef]:
    with db.read() as session:
        rows = session.scalars(select(Person).order_by(Person.surname, Person.name)
                               .limit(count)).all()
        return [PersonRef(p.id, p.fiscal_code, f"{p.name} {p.surname}") for p in rows]


def test_status_bar_shows_the_current_person_and_nothing_without(
        qtbot: QtBot, window: MainWindow) -> None:
    label = window.status.person_label
    assert label.text() == "" and not label.isVisible()
    person = people(window.ctx.database, 1)[0]
    window.ctx.current.set(PersonRef(person.id, person.fiscal_code, person.full_name))
    assert person.full_name in label.text() and person.fiscal_code in label.text()
    assert label.isVisible()
    assert person.full_name in label.accessibleName()
    window.ctx.current.clear()
    assert label.text() == "" and not label.isVisible() and label.accessibleName() == ""


def test_ctrl_shift_n_releases_the_person_but_asks_the_guards(
        qtbot: QtBot, window: MainWindow) -> None:
    action = window.release_action
    assert action.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert any(action in menu.actions() for menu in
               (a.menu() for a in window.menuBar().actions()) if menu is not None)
    person = people(window.ctx.database, 1)[0]
    window.ctx.current.set(person)
    asked: list[PersonRef | None] = []
    answer = {"keep": True}

    def guard(new: PersonRef | None) -> bool:
        asked.append(new)
        return not answer["keep"]

    window.ctx.current.add_guard(guard)
    action.trigger()  # the operator has unsaved work and keeps it
    assert asked == [None]
    assert window.ctx.current.person == person
    assert person.full_name in window.status.person_label.text()
    answer["keep"] = False
    action.trigger()
    assert window.ctx.current.person is None
    assert window.status.person_label.text() == ""
    assert "Pronto per la prossima persona" in window.status.currentMessage()


def test_incrocio_follows_the_current_person(qtbot: QtBot, window: MainWindow) -> None:
    window.show_area("incrocio")
    page = window.pages["incrocio"]
    assert isinstance(page, MatchingPage)
    wait_idle(qtbot, window.ctx.ops)
    reports = {p: vacancies_for_person(window.ctx.database, window.ctx.operator, p.id)
               for p in people(window.ctx.database, 30)}
    first, second = [p for p, report in reports.items() if report.rows][:2]
    window.ctx.current.set(first)
    wait_idle(qtbot, window.ctx.ops)
    assert page.fiscal_code.text() == first.fiscal_code
    assert first.fiscal_code in page.vacancies.notes.text()
    assert page.vacancies.model.rowCount() == len(reports[first].rows) > 0

    # While another area is shown the page only remembers; it loads when shown again.
    window.show_area("coda")
    wait_idle(qtbot, window.ctx.ops)
    window.ctx.current.set(second)
    assert page.fiscal_code.text() == second.fiscal_code
    window.show_area("incrocio")
    wait_idle(qtbot, window.ctx.ops)
    assert second.fiscal_code in page.vacancies.notes.text()
    assert page.vacancies.model.rowCount() == len(reports[second].rows)

    window.ctx.current.clear()
    assert page.fiscal_code.text() == "" and page.vacancies.model.rowCount() == 0
    assert "OF-" not in page.vacancies.explanation.text()  # no score of the previous person
