"""The L. 68 enrolment screen: enrolled by a collocamento mirato officer by keyboard, a
percentage under the threshold refused next to the field, and invisible and refused to
an operator of another role."""

from __future__ import annotations

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.models import Person
from desktop.models.targeted_placement import TargetedPlacementEnrolment
from desktop.services.firms.targeted_placement import enrol
from desktop.views.current_person import PersonRef
from desktop.views.main_window import MainWindow
from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.registration.l68_panel import L68Dialog
from tests.consent.conftest import set_role
from tests.consent_gui.conftest import WindowAs, wait_idle

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _not_enrolled(window: MainWindow) -> PersonRef:
    with window.ctx.database.read() as session:
        enrolled = set(session.scalars(select(TargetedPlacementEnrolment.person_id)))
        person = next(p for p in session.scalars(select(Person).order_by(Person.surname))
                      if p.id not in enrolled)
        return PersonRef(person.id, person.fiscal_code, f"{person.name} {person.surname}")


def _accoglienza(window: MainWindow, qtbot: QtBot, person: PersonRef) -> RegistrationPage:
    window.ctx.current.set(person, ask=False)
    window.show_area("accoglienza")
    page = window.pages["accoglienza"]
    assert isinstance(page, RegistrationPage)
    wait_idle(qtbot, page.ctx.ops)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return page


def _dialog(qtbot: QtBot) -> L68Dialog:
    found: list[L68Dialog] = []

    def opened() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets()
                    if isinstance(w, L68Dialog) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(opened, timeout=10_000)
    return found[0]


def test_an_officer_enrols_a_person_by_keyboard(window_as: WindowAs, qtbot: QtBot) -> None:
    window = window_as("s.ferri")
    person = _not_enrolled(window)
    page = _accoglienza(window, qtbot, person)
    assert page.l68_button is not None and page.l68_button.isVisible()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_M, CTRL_SHIFT)
    dialog = _dialog(qtbot)
    qtbot.waitUntil(lambda: dialog.loaded, timeout=10_000)
    assert dialog.status.text() == "Non ancora iscritto: compilare l'iscrizione."
    dialog.basis.setCurrentIndex(dialog.basis.findData("invalido_civile"))
    dialog.percent.setValue(45)  # not above 45 %
    qtbot.keyClicks(dialog.enrolled_on, "02/06/2025")
    qtbot.keyClicks(dialog.report_number, "VM-2025/118")
    qtbot.keyClicks(dialog.report_date, "20/05/2025")
    qtbot.keyClicks(dialog.functional_report, "Relazione conclusiva 2025/44")
    dialog.limitations["no_night_shifts"].setChecked(True)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    error = dialog.errors["disability_percent"]
    assert error.isVisible() and error.text() == (
        "45 % non basta: l'art. 1 c. 1 L. 68/1999 richiede più del 45 % per questo titolo.")
    with window.ctx.database.read() as session:
        assert session.scalars(select(TargetedPlacementEnrolment).where(
            TargetedPlacementEnrolment.person_id == person.id)).first() is None
    dialog.percent.setValue(46)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert dialog.status.text() == "Iscrizione salvata." and not error.isVisible()
    assert dialog.saved is not None and dialog.saved.limitations == ("no_night_shifts",)
    assert dialog.saved.report_number == "VM-2025/118"
    dialog.close()


def test_an_operatore_cannot_see_or_read_the_enrolment(window_as: WindowAs,
                                                         qtbot: QtBot) -> None:
    officer = window_as("s.ferri")
    person = _not_enrolled(officer)
    enrol(officer.ctx.database, officer.ctx.operator, person.id, dt.date(2025, 3, 1),
          "disabile", 67)
    window = window_as("m.conti")
    page = _accoglienza(window, qtbot, person)
    assert page.l68_button is None  # hidden: no button, no shortcut
    qtbot.keyClick(page, Qt.Key.Key_M, CTRL_SHIFT)
    qtbot.wait(50)
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, L68Dialog) and w.isVisible()]
    # Even opened directly, the service refuses and the form stays empty and disabled.
    dialog = L68Dialog(window.ctx, person.id, person.full_name, page)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot, window.ctx.ops)
    assert dialog.status.text().startswith("Il tuo ruolo non consente")
    assert not dialog.body.isEnabled() and dialog.percent.value() == 0
    assert not dialog.loaded
    assert isinstance(person.id, uuid.UUID)


def test_a_role_changed_a_minute_ago_ends_the_session_at_the_next_read(
        window_as: WindowAs, qtbot: QtBot) -> None:
    window = window_as("s.ferri")
    person = _not_enrolled(window)
    page = _accoglienza(window, qtbot, person)
    set_role(window.ctx.database, window.ctx.operator.id, "operatore")  # by the manager
    with qtbot.waitSignal(window.ctx.ops.session_revoked, timeout=10_000) as revoked:
        page.setFocus()
        qtbot.keyClick(page, Qt.Key.Key_M, CTRL_SHIFT)
    assert revoked.args[0].user_message == ("Il tuo ruolo è cambiato dopo l'accesso: questa "
                                            "sessione è chiusa. Accedi di nuovo per "
                                            "continuare.")
    dialog = _dialog(qtbot)
    assert not dialog.loaded and not dialog.body.isEnabled()  # nothing was shown
