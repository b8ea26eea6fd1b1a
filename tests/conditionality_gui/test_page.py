"""The Condizionalità page: the list after a missed convocation, a justification refused
then saved, a proposal's letter printed and archived, the unsent reminders dialog."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.infra import clock
from desktop.services.documents.archive import recent_documents
from desktop.services.messaging import consent, reminders
from desktop.services.messaging.config import MessagingConfig
from desktop.views.conditionality.justify_dialog import JustifyDialog
from desktop.views.main_window import MainWindow
from desktop.views.messaging.unsent_dialog import UnsentDialog
from desktop.views.pages.condizionalita import ConditionalityPage
from tests.conditionality.conftest import claimant_of
from tests.gui.conftest import wait_idle
from tests.gui.test_documents_page import use_preview
from tests.messaging.conftest import book, make_worker, people

SHOTS = Path(os.environ.get("SPORTELLO_SHOTS", "/tmp/shots-reminders"))


def without_demo_convocations(window: MainWindow) -> None:
    """These tests count exactly their own absences: the demo's missed convocations
    (desktop/demo/convocations.py) are taken out first."""
    from sqlalchemy import delete

    from desktop.demo.convocations import PURPOSE
    from desktop.models.queue import Appointment

    with window.ctx.database.transaction() as session:
        session.execute(delete(Appointment).where(Appointment.purpose == PURPOSE))


def open_page(qtbot: QtBot, window: MainWindow) -> ConditionalityPage:
    assert ConditionalityPage.shortcut == "Ctrl+9"  # Ctrl+8 is the Imprese page
    qtbot.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    # the page is built when first opened: the key built it
    page = window.findChild(ConditionalityPage)
    assert page is not None
    qtbot.waitUntil(page.isVisible)
    wait_idle(qtbot, window.ctx.ops)
    return page


def shot(window: MainWindow, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / name))


def test_absences_justification_and_letter(qtbot: QtBot, window: MainWindow) -> None:
    db = window.ctx.database
    without_demo_convocations(window)
    now = clock.now()
    first = claimant_of(db, naspi=True)
    # One convocation missed 5 days ago (window over: proposal), one 1 hour ago (open).
    first.miss(now - dt.timedelta(days=5))
    second = [p for p in people(db, 5) if p != first.person_id][0]
    book(db, second, now - dt.timedelta(hours=1))
    page = open_page(qtbot, window)
    states = sorted(a.status for a in page.model.rows)
    assert states == ["open", "sanctioned"]
    assert page.summary.text() == ("Assenze in attesa di giustificazione: 1. "
                                   "Proposte di sanzione: 1.")
    shot(window, "condizionalita-list.png")

    # Justify the open one: first without a document (refused, nothing saved), then right.
    open_row = next(i for i, a in enumerate(page.model.rows) if a.status == "open")
    page.table.selectRow(open_row)
    dialogs: list[JustifyDialog] = []

    def fill(dialog: JustifyDialog) -> int:
        dialogs.append(dialog)
        dialog.reason.setText("Malattia")
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        assert dialog.document_error.isVisibleTo(dialog)
        assert dialog.document_error.text().startswith("Scrivi il riferimento del documento")
        dialog.grab().save(str(SHOTS / "condizionalita-justify-error.png"))
        dialog.document.setText("Certificato medico n. 4411")
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        return int(dialog.result())

    page.exec_justify = fill  # type: ignore[method-assign,assignment]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert dialogs and dialogs[0].saved is not None
    assert sorted(a.status for a in page.model.rows) == ["sanctioned"]

    # Print the proposal's letter: previewed, printed, archived.
    stub = use_preview(page.flow, QDialog.DialogCode.Accepted)
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert len(stub.shown) == 1
    kinds = [d.kind for d in recent_documents(db, window.ctx.operator, 20)]
    assert "sanction_letter" in kinds
    assert "archiviato" in page.status.text().lower()


def test_unsent_messages_dialog_lists_a_refused_reminder(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    db = window.ctx.database
    person = people(db, 1)[0]
    consent.set_preference(db, window.ctx.operator, person, "sms", True)
    at = clock.now() + dt.timedelta(hours=1)
    book(db, person, at)
    # No SMS gateway reachable on this port: the reminder fails and is kept.
    config = MessagingConfig(sms_url="http://127.0.0.1:9/sms", reminder_offsets="2h",
                             timeout_seconds=1.0)
    with clock.use(clock.fixed(at - dt.timedelta(days=1))):
        reminders.reconcile(db, clock.now(), config)
    worker = make_worker(db, config, tmp_path / "sent.log")
    try:
        assert worker.drain().failed == 1
    finally:
        worker.journal.close()
    page = open_page(qtbot, window)
    shown: list[UnsentDialog] = []

    def look(dialog: UnsentDialog) -> int:
        shown.append(dialog)
        wait_idle(qtbot, window.ctx.ops)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        dialog.table.setFocus()
        qtbot.waitUntil(dialog.table.hasFocus)
        dialog.grab().save(str(SHOTS / "messaggi-non-inviati.png"))
        assert len(dialog.model.rows) == 1
        assert dialog.model.rows[0].last_error == "Il gateway SMS non è raggiungibile."
        qtbot.keyClick(dialog.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, window.ctx.ops)
        assert "inviato di nuovo" in dialog.status.text()
        dialog.close()
        return 0

    page.exec_unsent = look  # type: ignore[method-assign,assignment]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert shown


def test_the_osservatorio_counts_absences_and_proposals(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.services.conditionality import proposals
    from desktop.services.conditionality.config import ConditionalityConfig
    from desktop.views.pages.osservatorio import ObservatoryPage

    db = window.ctx.database
    without_demo_convocations(window)
    claimant = claimant_of(db, naspi=True)
    claimant.miss(clock.now() - dt.timedelta(days=5))
    proposals.review(db, window.ctx.operator, ConditionalityConfig())
    qtbot.keyClick(window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    page = window.findChild(ObservatoryPage)
    assert page is not None
    qtbot.waitUntil(page.isVisible)
    page.refresh()
    wait_idle(qtbot, window.ctx.ops)
    assert page.conditionality.text() == (
        "Condizionalità: assenze in attesa di giustificazione 0, giustificate 0, proposte di "
        "sanzione 1, di cui decadenze 0.")


def test_consent_and_channel_of_the_person(qtbot: QtBot, window: MainWindow) -> None:
    from desktop.services.messaging.consent import read_preference
    from desktop.views.current_person import PersonRef
    from desktop.views.messaging.preference_dialog import PreferenceDialog

    db = window.ctx.database
    person = people(db, 1)[0]
    window.ctx.current.set(PersonRef(person, "X", "Rossi Mario"), ask=False)
    page = open_page(qtbot, window)
    seen: list[PreferenceDialog] = []

    def answer(dialog: PreferenceDialog) -> int:
        seen.append(dialog)
        wait_idle(qtbot, window.ctx.ops)
        dialog.channel.setCurrentIndex(dialog.channel.findData("none"))
        dialog.consent.setChecked(True)
        dialog.save()  # consent without a channel: refused, nothing saved
        wait_idle(qtbot, window.ctx.ops)
        assert dialog.channel_error.text() == "Scegli come la persona vuole ricevere i promemoria."
        assert read_preference(db, window.ctx.operator, person).consent is False
        dialog.channel.setCurrentIndex(dialog.channel.findData("sms"))
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        return int(dialog.result())

    page.exec_preference = answer  # type: ignore[method-assign,assignment]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert seen and seen[0].saved is not None
    saved = read_preference(db, window.ctx.operator, person)
    assert (saved.channel, saved.consent) == ("sms", True)
