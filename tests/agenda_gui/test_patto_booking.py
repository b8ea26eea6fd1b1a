"""Booking from the Patto: the agreement form's "Prossimi appuntamenti" rows become real
appointments in the agenda when the version is saved; a row the agenda refuses (the site
is closed then) stops the save with the reason next to the table, and nothing is saved."""

from __future__ import annotations

import datetime as dt

from pytestqt.qtbot import QtBot

from desktop.infra import clock
from desktop.services import agenda
from desktop.services.documents.agreement_people import active_did_summary
from desktop.services.documents.agreements import search_people, versions_for_person
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.documents.agreement_form import AgreementForm


def idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=10_000)


def _fresh_person(ctx: ViewContext) -> PersonRef:
    for p in search_people(ctx.database, ctx.operator):
        if active_did_summary(ctx.database, ctx.operator, p.id) is not None and \
                not versions_for_person(ctx.database, ctx.operator, p.id):
            return PersonRef(p.id, p.fiscal_code, f"{p.surname} {p.name}")
    raise AssertionError("the demo leaves someone with a DID and no Patto")


def test_the_patto_appointments_are_booked_in_the_agenda(
        qtbot: QtBot, ctx: ViewContext) -> None:
    today = clock.today()
    monday = today + dt.timedelta(days=7 - today.weekday())  # next Monday
    when = monday.strftime("%d/%m/%Y")
    tuesday = (monday + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    form = AgreementForm(ctx)
    qtbot.addWidget(form)
    form.show()
    person = _fresh_person(ctx)
    ctx.current.set(person)
    idle(qtbot, ctx)
    # The demo may have booked this person already: only what the Patto adds counts.
    before = agenda.person_appointments(ctx.database, ctx.operator, person.id)

    def added() -> list[agenda.AppointmentInfo]:
        return [a for a in agenda.person_appointments(ctx.database, ctx.operator, person.id)
                if a not in before]

    form.measures.set_rows([["Orientamento specialistico", "Colloquio di orientamento",
                             "CPI Firenze", "", ""]])
    form.search_acts.add_row(["Inviare candidature", "ogni settimana"])
    form.reporting_edit.setText("una volta al mese")
    form.proof_edit.setText("elenco delle candidature")
    form.responsible_combo.setCurrentIndex([s.username for s in form.signers].index("m.conti"))
    # 15:00 on a Monday: the demo site is closed (Mon-Fri 9:00-12:30, Tue/Thu 14:30-16:30).
    form.appointments.set_rows([[f"{when} 15:00", "Sportello 3", "Verifica del Patto"]])
    form.save()
    idle(qtbot, ctx)
    assert "Appuntamento 1: A quell'ora la sede è chiusa" in form.errors["appointments"].text()
    assert versions_for_person(ctx.database, ctx.operator, person.id) == []
    assert added() == []

    form.appointments.set_rows([
        # 11:45: after the demo's last slot at counter 3 (11:15-11:45).
        [f"{when} 11:45", "Sportello 3", "Colloquio di orientamento: primo incontro"],
        [f"{tuesday} 14:30", "Sala riunioni", "Verifica del Patto"]])
    form.save()
    idle(qtbot, ctx)
    saved = versions_for_person(ctx.database, ctx.operator, person.id)
    assert len(saved) == 1 and form.errors["appointments"].isHidden()
    booked = added()
    assert [(a.start.astimezone().strftime("%d/%m/%Y %H:%M"), a.counter_name, a.measure)
            for a in booked] == [
        (f"{when} 11:45", "Sportello 3", "Colloquio di orientamento"),
        (f"{tuesday} 14:30", "", "")]
    assert all(a.status == "booked" and a.operator_name == ctx.operator.full_name
               and a.booking_code.startswith("PR-") for a in booked)
    # Saving a new version with the same rows books nothing twice.
    form.reason_edit.setText("aggiornamento")
    form.save()
    idle(qtbot, ctx)
    assert len(versions_for_person(ctx.database, ctx.operator, person.id)) == 2
    assert len(added()) == 2
