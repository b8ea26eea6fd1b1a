"""One person's counter day, end to end, on a fresh demo database, from the keyboard.

The kiosk issues a ticket; a counter calls it; the health card of a new person is
scanned into Accoglienza and the record saved; the DID is declared and its receipt
printed; the Patto opens with the DID's data and is saved and printed in two copies;
an action is recorded; the ticket is finished. Then the indicators count one more
person taken in charge and one more action, the outbox holds every change, and the
printed PDFs carry the DID date and class of the record.

Printing replaces only the preview dialog (there is no printer here): the PDF bytes the
dialog would show are the ones checked, and they are archived as printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
from collections.abc import Iterator

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from desktop.app import build_view_context, create_qt_app, database_url, load_config
from desktop.commands.demo import demo as demo_command
from desktop.demo import DEMO_USERNAME
from desktop.infra import clock
from desktop.infra.database import open_database
from desktop.infra.encryption import load_key
from desktop.models.queue import Ticket
from desktop.models.sync import OutboxEntry
from desktop.services.actions.indicators import compute
from desktop.services.documents.archive import person_documents, reprint_document
from desktop.services.people.search import search_people
from desktop.values.indicators import Indicators, Period
from desktop.views.context import ViewContext
from desktop.views.documents.preview import RasterDocument
from desktop.views.documents.print_flow import PrintFlow, flow_for
from desktop.views.main_window import MainWindow
from desktop.views.ops import Operations
from desktop.views.pages.accoglienza import RegistrationPage
from desktop.views.pages.coda import QueuePage
from desktop.views.pages.documenti import DocumentsPage

pytestmark = pytest.mark.qt_log_ignore(r"Couldn't (load|resolve) .*(pipewire|va)")

#: A new person: nobody in the demo holds this code (checked below).
CODE = "RSSMRA85T10A562S"


class Printer:
    """Stands in for the print preview: keeps the PDF it was shown and prints it."""

    def __init__(self) -> None:
        self.printed: list[bytes] = []

    def make(self, printer: QPrinter, document: RasterDocument, parent: QWidget) -> QDialog:
        self.printed.append(document.pdf)
        return QDialog(parent)

    def exec(self, dialog: QDialog) -> int:
        return int(QDialog.DialogCode.Accepted.value)


def attach(flow: PrintFlow) -> Printer:
    printer = Printer()
    flow.make_preview = printer.make  # type: ignore[method-assign,assignment]
    flow.exec_dialog = printer.exec  # type: ignore[method-assign,assignment]
    return printer


def pdf_text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
                    .split())


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_then_tab(qtbot: QtBot, text: str = "") -> None:
    if text:
        qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def type_cell(qtbot: QtBot, text: str) -> None:
    """Type into the table cell being edited, key by key, then Tab to the next one."""
    for char in text:
        qtbot.keyClicks(focused(), char)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def press(qtbot: QtBot, shortcut: str) -> None:
    """A key combination, sent to whatever has the focus, as the operator presses it."""
    combo = QKeySequence(shortcut)[0]
    qtbot.keyClick(focused(), combo.key(), combo.keyboardModifiers())


def idle(qtbot: QtBot, ctx: ViewContext) -> None:
    qtbot.waitUntil(lambda: ctx.ops.pending == 0, timeout=30_000)


def figures(ctx: ViewContext) -> Indicators:
    today = clock.today()
    return compute(ctx.database, ctx.operator, Period(dt.date(today.year, 1, 1), today))


@pytest.fixture
def ops(qapp, isolated_home) -> Iterator[Operations]:  # type: ignore[no-untyped-def]
    create_qt_app(load_config(isolated_home).settings)
    operations = Operations()
    yield operations
    operations.shutdown()


@pytest.fixture
def window(qtbot: QtBot, ops: Operations) -> Iterator[MainWindow]:
    """``sportello demo`` on a fresh folder, then the counter's window, logged in."""
    assert demo_command(argparse.Namespace(reset=False)) == 0
    config = load_config()
    db = open_database(database_url(config, demo=True), config.paths.backups,
                       key=load_key(config.paths.demo_database, config.paths.config))
    ctx = build_view_context(config, db, ops, DEMO_USERNAME, demo=True)
    main = MainWindow(ctx)
    main.confirm_quit = lambda parent: True  # type: ignore[method-assign]
    qtbot.addWidget(main)
    main.resize(1400, 950)
    main.show()
    qtbot.waitExposed(main)
    idle(qtbot, ctx)
    yield main
    idle(qtbot, ctx)
    # pytest-qt closes and deletes the widgets it was given before fixtures are torn down;
    # the page refresh the closing window asks for can let that deletion happen first.
    if shiboken6.isValid(main):
        main.close()
        idle(qtbot, ctx)
    db.dispose()


def test_one_person_from_the_kiosk_ticket_to_the_indicators(
        qtbot: QtBot, window: MainWindow) -> None:
    ctx = window.ctx
    assert search_people(ctx.database, ctx.operator, CODE) == []
    before = figures(ctx)

    # 1. The kiosk: the walk-in presses A (accoglienza) and takes a ticket.
    press(qtbot, "Ctrl+2")
    coda = window.pages["coda"]
    assert isinstance(coda, QueuePage) and window.current_area() == "coda"
    idle(qtbot, ctx)
    kiosk = coda.build_kiosk()
    qtbot.addWidget(kiosk)
    kiosk.load()
    kiosk.show()
    qtbot.waitExposed(kiosk)
    kiosk.activateWindow()
    idle(qtbot, ctx)
    issued = []
    kiosk.issued.connect(issued.append)
    button = kiosk.service_buttons["A"]
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    idle(qtbot, ctx)
    assert len(issued) == 1, kiosk.ticket_label.text()
    ticket = issued[0].ticket
    kiosk.hide()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)

    # 2. The counter calls that ticket (selected in the waiting list, F7).
    console = coda.console
    console.ask_item = lambda parent, title, label, items: items[0]  # type: ignore[method-assign]
    console.ask_text = lambda parent, title, label: "accoglienza"  # type: ignore[method-assign]
    if console.state is not None and console.state.current is not None:
        console.finish()  # the counter ends the visit it had in hand
        idle(qtbot, ctx)
    model = console.waiting_model
    qtbot.waitUntil(lambda: ticket.id in [model.row_at(i).id for i in range(model.rowCount())])
    console.waiting_view.setFocus()
    console.waiting_view.selectRow(
        [model.row_at(i).id for i in range(model.rowCount())].index(ticket.id))
    press(qtbot, "F7")
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: console.ticket_label.text() == ticket.code)

    # 3. Accoglienza: the health card is scanned, the new record typed and saved.
    press(qtbot, "Ctrl+1")
    page = window.pages["accoglienza"]
    assert isinstance(page, RegistrationPage)
    idle(qtbot, ctx)
    page.form.fiscal_code.setFocus()
    qtbot.waitUntil(page.form.fiscal_code.hasFocus)
    qtbot.keyClicks(focused(), f"*{CODE}*")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    idle(qtbot, ctx)
    assert page.form.fiscal_code.text() == CODE
    assert page.form.birth_date.text() == "10/12/1985"
    assert page.form.surname.hasFocus()
    type_then_tab(qtbot, "Rossi")
    type_then_tab(qtbot, "Mario")
    for _prefilled in ("sex", "birth_date", "birthplace", "citizenship"):
        type_then_tab(qtbot)
    assert page.form.residence.hasFocus()
    type_then_tab(qtbot, "Firenze")
    type_then_tab(qtbot, "Via dei Servi")
    type_then_tab(qtbot, "12")
    type_then_tab(qtbot, "50122")
    type_then_tab(qtbot)  # domicile = residence
    type_then_tab(qtbot, "333 1234567")
    type_then_tab(qtbot, "mario.rossi@example.it")
    assert page.form.privacy.hasFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    press(qtbot, "Ctrl+S")
    idle(qtbot, ctx)
    assert page.current is not None, page.form.summary.text()
    person_id = page.current.id
    # The person is now the counter's current person: the status bar and the console say so.
    assert ctx.current.person is not None and ctx.current.person.id == person_id
    assert "Mario Rossi" in window.status.person_label.text() \
        or "Rossi Mario" in window.status.person_label.text()

    # 4. The DID, then its receipt (Ctrl+P).
    assert page.did.isEnabled() and page.did.education.hasFocus()
    qtbot.keyClicks(focused(), "Diploma")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "Disoccupato")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "14")
    press(qtbot, "Ctrl+D")
    idle(qtbot, ctx)
    did = page.last_did
    assert did is not None, page.did.errors.text()
    receipt_printer = attach(flow_for(page, ctx, page.status.setText))
    press(qtbot, "Ctrl+P")
    idle(qtbot, ctx)
    assert len(receipt_printer.printed) == 1

    # 5. Documenti: the Patto opens with the DID's data, read-only; saved, printed twice.
    press(qtbot, "Ctrl+3")
    documents = window.pages["documenti"]
    assert isinstance(documents, DocumentsPage)
    idle(qtbot, ctx)
    form = documents.form
    assert form.person is not None and form.person.id == person_id
    assert form.did_edit.text() == did.did_date.strftime("%d/%m/%Y")
    assert form.did_edit.isReadOnly() and form.profiling_edit.isReadOnly()
    assert form.profiling_edit.text() == did.profiling_class
    # The agreed measure and job-search act: Ins adds a row, Tab walks its cells.
    form.measures.table.setFocus()
    qtbot.waitUntil(form.measures.table.hasFocus)
    qtbot.keyClick(form.measures.table, Qt.Key.Key_Insert)
    for cell in ("Orientamento di base", "Colloquio di orientamento", "CPI Firenze",
                 did.did_date.strftime("%d/%m/%Y")):
        type_cell(qtbot, cell)
    form.search_acts.table.setFocus()
    qtbot.waitUntil(form.search_acts.table.hasFocus)
    qtbot.keyClick(form.search_acts.table, Qt.Key.Key_Insert)
    for cell in ("Inviare candidature ad aziende del settore", "ogni settimana"):
        type_cell(qtbot, cell)
    assert form.measures.rows()[0][:3] == ["Orientamento di base",
                                           "Colloquio di orientamento", "CPI Firenze"]
    form.reporting_edit.setFocus()
    qtbot.waitUntil(form.reporting_edit.hasFocus)
    type_then_tab(qtbot, "Una volta al mese allo sportello")
    assert form.proof_edit.hasFocus()
    qtbot.keyClicks(focused(), "Elenco delle candidature con data e azienda")
    form.responsible_combo.setFocus()
    qtbot.waitUntil(form.responsible_combo.hasFocus)
    names = [form.responsible_combo.itemText(i) for i in range(form.responsible_combo.count())]
    target = next(i for i, n in enumerate(names) if "Conti" in n)
    while form.responsible_combo.currentIndex() < target:
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    while form.responsible_combo.currentIndex() > target:
        qtbot.keyClick(focused(), Qt.Key.Key_Up)
    press(qtbot, "Ctrl+S")
    idle(qtbot, ctx)
    assert form.versions, [e.text() for e in form.errors.values() if e.text()]
    documents.kind_combo.setCurrentIndex(documents.kind_combo.findData("agreement"))
    documents.copies_check.setFocus()
    qtbot.waitUntil(documents.copies_check.hasFocus)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    assert documents.copies_check.isChecked()
    patto_printer = attach(documents.printing)
    press(qtbot, "Ctrl+P")  # the button's shortcut clicks it a moment later
    qtbot.waitUntil(lambda: len(patto_printer.printed) == 1, timeout=30_000)
    idle(qtbot, ctx)
    assert len(patto_printer.printed) == 1, documents.result_label.text()

    # 6. Back in Accoglienza: an action delivered today (Ctrl+Shift+A).
    press(qtbot, "Ctrl+1")
    idle(qtbot, ctx)
    page.search.setFocus()
    qtbot.waitUntil(page.search.hasFocus)
    press(qtbot, "Ctrl+Shift+A")
    qtbot.waitUntil(lambda: page.actions_panel.dialog is not None
                    and page.actions_panel.dialog.isVisible())
    dialog = page.actions_panel.dialog
    assert dialog is not None
    dialog.activateWindow()  # a window manager would; offscreen nobody does
    qtbot.waitUntil(dialog.measure.hasFocus)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # the Patto's measure comes first
    assert dialog.measure.currentText().startswith("Patto: ")
    type_then_tab(qtbot)  # date: today
    type_then_tab(qtbot)
    qtbot.keyClicks(focused(), "2")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: page.actions_panel.dialog is None)
    assert "Azione registrata" in page.actions_panel.status.text()

    # 7. The counter finishes the ticket (F10): it is linked to the person served.
    press(qtbot, "Ctrl+2")
    idle(qtbot, ctx)
    console.setFocus()
    press(qtbot, "F10")
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: console.ticket_label.text() == "—")
    with ctx.database.read() as session:
        row = session.get(Ticket, ticket.id)
        assert row is not None and row.status == "finished"
        assert row.person_id == person_id

    # The indicators count one more person taken in charge and one more action.
    after = figures(ctx)
    assert after.people.total == before.people.total + 1
    assert after.actions.total == before.actions.total + 1
    # The outbox holds every change the region shares, in the order they were made.
    with ctx.database.read() as session:
        kinds = [e.kind for e in session.scalars(select(OutboxEntry).order_by(OutboxEntry.seq))
                 if e.entity_id == person_id or str(person_id) in str(e.payload)]
    for kind in ("person", "did", "agreement", "action"):
        assert kind in kinds, kinds
    # The printed PDFs agree with the record: DID date and class.
    day = did.did_date.strftime("%d/%m/%Y")
    receipt = pdf_text(receipt_printer.printed[0])
    patto = pdf_text(patto_printer.printed[0])
    for text in (receipt, patto):
        assert day in text and did.profiling_class in text.lower()
    # Two copies, each numbering its own pages.
    assert "copia per la persona" in patto.lower() and "copia per il centro" in patto.lower()
    assert patto.count("pagina 1 di") == 2
    # Both printouts are archived with the very bytes that were printed.
    archived = {d.kind: d for d in person_documents(ctx.database, ctx.operator, person_id)}
    assert reprint_document(ctx.database, ctx.operator, archived["receipt"].id).pdf \
        == receipt_printer.printed[0]
    assert reprint_document(ctx.database, ctx.operator, archived["agreement"].id).pdf \
        == patto_printer.printed[0]
