"""The physical demands of a vacancy, ticked by keyboard on its form, meet the work
limitations of an L. 68/1999 enrolment: the person is left out of the matching, and an
operator without the collocamento mirato permission learns only that they are not
compatible."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.app import AppConfig, build_view_context
from desktop.infra.database import Database
from desktop.models.sync import OutboxEntry
from desktop.services import matching
from desktop.services.firms import targeted_placement as l68
from desktop.services.firms import vacancies, vacancy_lifecycle
from desktop.services.firms.employers import list_employers
from desktop.services.firms.targeted_placement import EnrolmentForm
from desktop.views.firms.vacancy_form import VacancyDialog
from desktop.views.ops import Operations
from desktop.views.pages.incrocio import MatchingPage
from tests.consent.conftest import operator
from tests.gui.conftest import wait_idle


def _focus(qtbot: QtBot, widget: QWidget) -> None:
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def _type(qtbot: QtBot, widget: QWidget, text: str) -> None:
    _focus(qtbot, widget)
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)


def test_night_work_ticked_by_keyboard_excludes_a_limited_enrolment_confidentially(
        qtbot: QtBot, ops: Operations, config: AppConfig, demo_db: Database) -> None:
    plain = build_view_context(config, demo_db, ops, "m.conti", demo=True)  # no L. 68
    officer = operator(demo_db, "s.ferri")  # collocamento mirato
    employer = list_employers(demo_db, plain.operator)[0]
    form = VacancyDialog(plain, employer.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    wait_idle(qtbot, ops)
    # Every demand has a label with its own Alt+letter and an accessible name.
    texts = [box.text() for box in form.demands.values()]
    assert texts == ["La&voro notturno", "Sollevamento di caric&hi pesanti",
                     "Stazione &eretta prolungata", "&Guida di veicoli"]
    assert all(box.accessibleName() and "&" not in box.accessibleName()
               for box in form.demands.values())
    keys = [QKeySequence.mnemonic(w.text()).toString()
            for w in form.findChildren(QLabel) + form.findChildren(QAbstractButton)]
    for box in form.demands.values():
        assert keys.count(QKeySequence.mnemonic(box.text()).toString()) == 1, box.text()

    _type(qtbot, form.title, "Portiere di notte")
    picker = form.occupation
    _focus(qtbot, picker.edit)
    qtbot.keyClicks(picker.edit, "cameriere")
    qtbot.waitUntil(picker.list.isVisible)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert picker.code() == "5.2.2.3.2"
    _type(qtbot, form.workplace, "Firenze")
    expiry = dt.date.today() + dt.timedelta(days=40)
    _type(qtbot, form.expiry, expiry.strftime("%d/%m/%Y"))
    # Alt+V ticks "Lavoro notturno" (the Italian mnemonic), nothing else.
    qtbot.keyClick(form.expiry, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(form.demands["night_shifts"].isChecked)  # Qt animates the click
    assert not any(form.demands[k].isChecked()
                   for k in ("heavy_lifting", "long_standing", "driving"))
    with qtbot.waitSignal(form.saved) as saved:
        qtbot.keyClick(form.expiry, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, ops)
    info = saved.args[0]
    stored = vacancies.vacancy_form(demo_db, plain.operator, info.id)
    assert (stored.night_shifts, stored.heavy_lifting, stored.long_standing,
            stored.driving) == (True, False, False, False)
    with demo_db.read() as session:  # the region receives the demands too
        sent = [e.payload["fields"] for e in session.scalars(
            select(OutboxEntry).where(OutboxEntry.kind == "vacancy_event"))
            if e.payload["fields"]["vacancy_id"] == str(info.id)]
    assert [(f["night_shifts"], f["heavy_lifting"], f["long_standing"], f["driving"])
            for f in sent] == [(True, False, False, False)]
    vacancy_lifecycle.publish(demo_db, plain.operator, info.id)

    # Someone ranked for it, not enrolled yet, is enrolled with "no night shifts".
    enrolled = {p for p in (r.person_id for r in matching.candidates_for_vacancy(
        demo_db, officer, info.id).rows) if l68.read_enrolment(demo_db, officer, p)}
    person = next(r.person_id for r in matching.candidates_for_vacancy(
        demo_db, officer, info.id).rows if r.person_id not in enrolled)
    l68.save_enrolment(demo_db, officer, person, EnrolmentForm(
        dt.date(2025, 6, 2), "disabile", 70, "invalido_civile",
        limitations=("no_night_shifts",)))

    # The Incrocio page of the operator without the permission.
    page = MatchingPage(plain)
    qtbot.addWidget(page)
    page.resize(1300, 900)
    page.show()
    qtbot.waitExposed(page)
    page.activated()
    wait_idle(qtbot, ops)
    combo = page.vacancy_combo
    combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemData(i) == info.id))
    _focus(qtbot, combo)
    qtbot.keyClick(combo, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, ops)
    model = page.candidates.model
    ranked = {model.row_at(i).person_id for i in range(model.rowCount())}
    assert ranked and person not in ranked
    summary = page.exclusions.summary.text()
    assert "non compatibile (riservato)" in summary
    assert "limitazioni" not in summary and "notturn" not in summary
