"""From the person's page (Accoglienza), Ctrl+Shift+B opens the Agenda's booking for the
current person; booked, the appointment is in the person's list."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra import clock
from desktop.models import Person
from desktop.services import agenda
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow


def test_ctrl_shift_b_books_for_the_current_person(qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.ctx
    with ctx.database.read() as session:
        person = session.scalars(select(Person).order_by(Person.fiscal_code).limit(1)).one()
        ref = PersonRef(person.id, person.fiscal_code, f"{person.surname} {person.name}")
    ctx.current.set(ref, ask=False)
    before = agenda.person_appointments(ctx.database, ctx.operator, person.id)
    window.show_area("accoglienza")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    page = window.pages["agenda"]
    qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())  # type: ignore[attr-defined]
    assert window.current_area() == "agenda"
    dialog = page.dialog  # type: ignore[attr-defined]
    today = clock.today()
    dialog.date_edit.set_date(today + dt.timedelta(days=14 - today.weekday()))  # a Monday
    dialog.time_edit.setText("09:15")
    dialog.purpose_edit.setText("Primo colloquio")
    dialog.book()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10_000)
    booked = agenda.person_appointments(ctx.database, ctx.operator, person.id)
    assert [(a.purpose, a.start.astimezone().strftime("%H:%M"))
            for a in booked if a not in before] == [("Primo colloquio", "09:15")]
