"""The counter's ticket follows the current person; the A4 ticket prints from the console.

The person's name is shown to the operator in the console only: never on the
waiting-room display or the kiosk, and never on the printed ticket.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.models.queue import Ticket, TicketEvent
from desktop.views.current_person import PersonRef
from desktop.views.documents.preview import RasterDocument
from desktop.views.main_window import MainWindow
from desktop.views.pages.coda import QueuePage
from desktop.views.queue.display import Announcer
from tests.gui.conftest import wait_idle

# Qt Multimedia says which optional system libraries it did not find (the machine's).
pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")


def a_person(db: Database) -> PersonRef:
    with db.read() as session:
        p = session.scalars(select(Person).order_by(Person.surname)).first()
        assert p is not None
        return PersonRef(p.id, p.fiscal_code, f"{p.name} {p.surname}")


def open_coda(qtbot: QtBot, window: MainWindow) -> QueuePage:
    window.show_area("coda")
    page = window.pages["coda"]
    assert isinstance(page, QueuePage)
    wait_idle(qtbot, window.ctx.ops)
    return page


def test_ticket_served_shows_the_person_to_the_operator_only_and_links_on_finish(
        qtbot: QtBot, window: MainWindow) -> None:
    page = open_coda(qtbot, window)
    console = page.console
    # The demo day: counter 1 is serving a ticket.
    assert console.state is not None and console.state.current is not None
    ticket = console.state.current
    assert console.person_label.text().startswith("Nessuna persona aperta")
    display = page.build_display(Announcer(page, audio=False, engine=""))
    kiosk = page.build_kiosk()
    for widget in (display, kiosk):
        qtbot.addWidget(widget)
    wait_idle(qtbot, window.ctx.ops)

    person = a_person(window.ctx.database)
    window.ctx.current.set(person)
    assert console.person_label.text() == f"Persona servita: {person.full_name}"
    assert person.full_name in console.person_label.accessibleName()
    display.refresh()
    wait_idle(qtbot, window.ctx.ops)
    shown = display.shown_text()
    assert ticket.code in shown and "Sportello 1" in shown
    assert person.full_name not in shown and person.fiscal_code not in shown
    for widget in (display, kiosk):
        texts = " ".join(label.text() for label in widget.findChildren(type(console.message)))
        assert person.full_name not in texts and person.fiscal_code not in texts

    console.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    console.finish()
    wait_idle(qtbot, window.ctx.ops)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    assert console.person_label.text() == ""
    with window.ctx.database.read() as session:
        row = session.get(Ticket, ticket.id)
        assert row is not None and row.status == "finished"
        assert row.person_id == person.id
        finished = session.scalars(select(TicketEvent).where(
            TicketEvent.ticket_id == ticket.id, TicketEvent.kind == "finished")).one()
        assert finished.ref == str(person.id)
        audit = session.scalars(select(AuditEntry).where(
            AuditEntry.action == "queue.ticket_person")).one()
        # On the person, so "who handled this person" lists it; the ticket in the detail.
        assert (audit.target_type, audit.target_id) == ("person", str(person.id))
        assert str(ticket.id) in audit.detail
    # The display still shows numbers and counters only.
    display.refresh()
    wait_idle(qtbot, window.ctx.ops)
    assert person.full_name not in display.shown_text()


def test_the_previous_visitor_is_never_linked_to_the_next_ticket(
        qtbot: QtBot, window: MainWindow) -> None:
    """Whoever was current before a ticket was called is the previous visitor: finishing
    the new ticket links nobody until a person is opened for it."""
    page = open_coda(qtbot, window)
    console = page.console
    console.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    assert console.state is not None and console.state.current is not None
    first = console.state.current
    person = a_person(window.ctx.database)
    window.ctx.current.set(person)  # opened for the ticket at the counter
    console.finish()
    wait_idle(qtbot, window.ctx.ops)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    console.call_next()
    wait_idle(qtbot, window.ctx.ops)
    qtbot.waitUntil(lambda: console.ticket_label.text() not in ("—", first.code))
    assert console.state is not None and console.state.current is not None
    second = console.state.current
    current = window.ctx.current.person
    assert current is not None and current.id == person.id  # open, not for this ticket
    assert console.person_label.text().startswith("Nessuna persona aperta")
    console.finish()
    wait_idle(qtbot, window.ctx.ops)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    with window.ctx.database.read() as session:
        first_row, second_row = session.get(Ticket, first.id), session.get(Ticket, second.id)
        assert first_row is not None and first_row.person_id == person.id
        assert second_row is not None and second_row.person_id is None


def test_ctrl_p_prints_the_a4_ticket_of_the_ticket_served(
        qtbot: QtBot, window: MainWindow) -> None:
    page = open_coda(qtbot, window)
    console = page.console
    window.ctx.current.set(a_person(window.ctx.database))
    assert console.state is not None and console.state.current is not None
    ticket = console.state.current
    documents: list[RasterDocument] = []
    console.a4.make_preview = lambda printer, document, parent: (  # type: ignore[method-assign]
        documents.append(document) or QDialog(parent))
    console.a4.exec_dialog = lambda dialog: 0  # type: ignore[method-assign]
    ctrl_p = next(s for s in console.findChildren(QShortcut) if s.key() == QKeySequence("Ctrl+P"))
    ctrl_p.activated.emit()
    wait_idle(qtbot, window.ctx.ops)
    assert len(documents) == 1
    document = documents[0]
    assert document.pages and document.title == f"Biglietto {ticket.code}"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(document.pdf)).pages)
    assert ticket.code in text and "Il suo numero" in text
    assert ticket.service_name in text
    person = window.ctx.current.person
    assert person is not None and person.full_name not in text


def test_ctrl_p_without_a_ticket_says_so_and_prints_the_one_just_issued(
        qtbot: QtBot, window: MainWindow) -> None:
    page = open_coda(qtbot, window)
    console = page.console
    console.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    console.finish()
    wait_idle(qtbot, window.ctx.ops)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    documents: list[RasterDocument] = []
    console.a4.make_preview = lambda printer, document, parent: (  # type: ignore[method-assign]
        documents.append(document) or QDialog(parent))
    console.a4.exec_dialog = lambda dialog: 0  # type: ignore[method-assign]
    console.print_ticket()
    assert console.message.text() == ("Nessun biglietto da stampare: ne chiami uno o ne "
                                      "emetta uno al totem.")
    assert documents == []

    kiosk = page.build_kiosk()
    qtbot.addWidget(kiosk)
    wait_idle(qtbot, window.ctx.ops)
    kiosk.service_buttons["E"].click()
    wait_idle(qtbot, window.ctx.ops)
    assert console.last_issued is not None
    code = console.last_issued.code
    console.print_ticket()
    wait_idle(qtbot, window.ctx.ops)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(documents[0].pdf)).pages)
    assert code in text
