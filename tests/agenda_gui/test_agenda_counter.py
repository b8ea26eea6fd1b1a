"""The agenda on screen: book for the current person (a refusal next to the field, then
a booking), print the convocation (archived), check in at the kiosk with the health card,
and the counter calls the appointment before an earlier walk-in, saying why."""

from __future__ import annotations

import io
import uuid

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra import clock
from desktop.models.document_archive import PrintedDocument
from desktop.models.queue import Appointment
from desktop.services import agenda
from desktop.services import queue as q
from desktop.views.context import ViewContext
from desktop.views.current_person import PersonRef
from desktop.views.documents.print_flow import flow_for
from desktop.views.pages.agenda import AgendaPage
from desktop.views.queue.console import CounterConsole
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.kiosk import KioskWindow
from tests.agenda.conftest import MONDAY, NOW, local
from tests.queue.conftest import Site

CTRL = Qt.KeyboardModifier.ControlModifier


def idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=10_000)


class _Preview:
    def __init__(self) -> None:
        self.shown: list[bytes] = []

    def make(self, printer: object, document: object, parent: QWidget) -> QDialog:
        self.shown.append(document.pdf)  # type: ignore[attr-defined]
        return QDialog(parent)

    def exec(self, dialog: QDialog) -> int:
        return int(QDialog.DialogCode.Accepted.value)


def test_book_from_the_page_then_print_the_convocation(
        qtbot: QtBot, qctx: ViewContext, site: Site,
        people: list[tuple[uuid.UUID, str]]) -> None:
    person_id, code = people[0]
    with clock.use(clock.fixed(NOW)):
        page = AgendaPage(qctx)
        qtbot.addWidget(page)
        page.show()
        page.new_appointment()  # nobody open: says so
        assert "Apri prima la persona" in page.status.text() and page.dialog is None
        qctx.current.set(PersonRef(person_id, code, "Rossi0 Mario"), ask=False)
        page.day_edit.set_date(MONDAY)
        page.activateWindow()
        page.table.setFocus()
        qtbot.waitUntil(page.table.hasFocus)
        qtbot.keyClick(page.table, "n", modifier=CTRL)  # Ctrl+N
        qtbot.waitUntil(lambda: page.dialog is not None and page.dialog.isVisible())
        dialog = page.dialog
        assert dialog is not None
        dialog.time_edit.setText("15:00")  # Monday afternoon: closed
        dialog.purpose_edit.setText("Verifica del Patto")
        dialog.counter_combo.setCurrentIndex(dialog.counter_combo.findText("Sportello 3"))
        dialog.book()
        idle(qtbot, qctx)
        assert "la sede è chiusa" in dialog.errors["start"].text()
        assert dialog.isVisible() and not dialog.errors["start"].isHidden()
        with site.db.read() as session:
            assert session.scalars(select(Appointment)).first() is None
        dialog.time_edit.setText("10:30")
        dialog.book()
        idle(qtbot, qctx)
        assert not dialog.isVisible() and "Prenotato: codice PR-" in page.status.text()
        assert page.model.rowCount() == 1
        row = page.model.row_at(0)
        assert (row.person_name, row.counter_name, row.purpose) == (
            "Rossi0 Mario", "Sportello 3", "Verifica del Patto")
        page.table.selectRow(0)
        preview = _Preview()
        flow = flow_for(page, qctx, page.status.setText)
        flow.make_preview = preview.make  # type: ignore[method-assign,assignment]
        flow.exec_dialog = preview.exec  # type: ignore[method-assign,assignment]
        page.activateWindow()
        page.table.setFocus()
        qtbot.waitUntil(page.table.hasFocus)
        qtbot.keyClick(page.table, "p", modifier=CTRL)  # Ctrl+P
        idle(qtbot, qctx)
        idle(qtbot, qctx)
    assert len(preview.shown) == 1
    text = " ".join("".join(p.extract_text() for p in PdfReader(
        io.BytesIO(preview.shown[0])).pages).split())
    assert "Convocazione" in text and "23/11/2026" in text and "10:30" in text
    assert "Via dei Servizi 1" in text and row.booking_code in text
    with site.db.read() as session:
        printed = session.scalars(select(PrintedDocument)).one()
    assert printed.kind == "convocation" and printed.person_id == person_id
    assert "archiviato" in page.status.text().lower() or "Stampato" in page.status.text()


def test_kiosk_check_in_by_health_card_and_the_counter_calls_it_first(
        qtbot: QtBot, qctx: ViewContext, site: Site,
        people: list[tuple[uuid.UUID, str]]) -> None:
    person_id, code = people[1]
    booked = agenda.book(site.db, site.actor, agenda.BookingRequest(
        site.info.site_id, site.service("B").id, person_id, local(MONDAY, 10, 30),
        purpose="Colloquio"), now=NOW)
    events = QueueEvents(qctx.database)
    kiosk = KioskWindow(qctx)
    console = CounterConsole(qctx, events, counter_number=1)  # serves A, B
    for widget in (kiosk, console):
        qtbot.addWidget(widget)
        widget.show()
    issued: list[q.IssuedTicket] = []
    kiosk.issued.connect(issued.append)
    with clock.use(clock.fixed(local(MONDAY, 10, 5))):
        kiosk.load()
        console.start()
        idle(qtbot, qctx)
        kiosk.service_buttons["B"].click()  # a walk-in, 10:05
        idle(qtbot, qctx)
    with clock.use(clock.fixed(local(MONDAY, 10, 20))):
        kiosk.check_in.code_edit.setText("PR-NOPE99")  # a wrong code: a sentence, no ticket
        qtbot.keyClick(kiosk.check_in.code_edit, "\r")
        idle(qtbot, qctx)
        assert "Nessun appuntamento ha questo codice" in kiosk.check_in.message.text()
        assert len(issued) == 1
        qtbot.keyClicks(kiosk.check_in.code_edit, code)  # the health card reader types
        qtbot.keyClick(kiosk.check_in.code_edit, "\r")
        idle(qtbot, qctx)
    assert [i.ticket.code for i in issued] == ["B001", "B002"]
    assert "B002" in kiosk.check_in.message.text()
    assert issued[1].ticket.appointment_at == booked.start
    with clock.use(clock.fixed(local(MONDAY, 10, 34))):
        console.buttons["next"].click()
        idle(qtbot, qctx)
    assert console.ticket_label.text() == "B002"  # before B001, who came earlier
    assert "appuntamento delle 10:30" in console.reason_label.text()
