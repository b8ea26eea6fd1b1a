"""The Documenti page: fill the agreement form, save a version, preview and print it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop.models import Person
from desktop.models.registration import Did
from desktop.services.documents.archive import ArchivedDocument, recent_documents
from desktop.services.people.did import DidRecord
from desktop.services.security import audit
from desktop.views.current_person import PersonRef
from desktop.views.documents.preview import RasterDocument
from desktop.views.documents.print_flow import PrintFlow, flow_for
from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import DocumentsPage
from tests.documents.test_person_printouts import with_did, without_did
from tests.gui.conftest import wait_idle


def open_page(qtbot: QtBot, window: MainWindow) -> DocumentsPage:
    window.show_area("documenti")
    page = window.pages["documenti"]
    assert isinstance(page, DocumentsPage)
    wait_idle(qtbot, window.ctx.ops)
    return page


def pdf_text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_charter_is_saved_in_the_chosen_edition_and_language(
        qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = open_page(qtbot, window)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("charter"))
    page.edition_combo.setCurrentIndex(page.edition_combo.findData("imprese"))
    page.lang_combo.setCurrentIndex(page.lang_combo.findData("en"))
    target = tmp_path / "charter.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested: str(target))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    text = pdf_text(target.read_bytes())
    assert "Service Charter for Employers" in text
    assert any("Service Charter for Employers" in page.archive_list.item(i).text()
               for i in range(page.archive_list.count()))


def test_printer_is_remembered_in_the_settings(qtbot: QtBot, window: MainWindow) -> None:
    page = open_page(qtbot, window)
    class ChosenPrinter:  # what the print dialog leaves in the QPrinter
        def printerName(self) -> str:
            return "Ufficio-A4"

        def outputFormat(self) -> QPrinter.OutputFormat:
            return QPrinter.OutputFormat.NativeFormat

    page.remember_printer(ChosenPrinter())  # type: ignore[arg-type]
    wait_idle(qtbot, window.ctx.ops)
    assert window.ctx.settings.printer_name == "Ufficio-A4"
    assert "Ufficio-A4" in window.ctx.paths.settings_file.read_text()



# -- printouts of the current person: print flow, archive, reprint ------------------------------


class Preview:
    """Stands in for the print preview dialog: records what it showed, answers ``code``."""

    def __init__(self, code: QDialog.DialogCode) -> None:
        self.code = code
        self.shown: list[bytes] = []

    def make(self, printer: QPrinter, document: RasterDocument, parent: QWidget) -> QDialog:
        self.shown.append(document.pdf)
        return QDialog(parent)

    def exec(self, dialog: QDialog) -> int:
        return int(self.code.value)


def use_preview(flow: PrintFlow, code: QDialog.DialogCode) -> Preview:
    stub = Preview(code)
    flow.make_preview = stub.make  # type: ignore[method-assign,assignment]
    flow.exec_dialog = stub.exec  # type: ignore[method-assign,assignment]
    return stub


def archived(window: MainWindow) -> list[ArchivedDocument]:
    return recent_documents(window.ctx.database, window.ctx.operator, 500)


def make_current(window: MainWindow) -> tuple[Person, Did]:
    person, did = with_did(window.ctx.database)
    window.ctx.current.set(PersonRef(person.id, person.fiscal_code,
                                     f"{person.surname} {person.name}"), ask=False)
    return person, did


def choose(page: DocumentsPage, kind: str) -> None:
    page.kind_combo.setCurrentIndex(page.kind_combo.findData(kind))


def test_without_a_current_person_the_page_says_so_and_prints_nothing(
        qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.current.clear(ask=False)
    page = open_page(qtbot, window)
    stub = use_preview(page.printing, QDialog.DialogCode.Accepted)
    before = len(archived(window))
    for kind in ("did_receipt", "certificate", "privacy"):
        choose(page, kind)
        qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.ctx.ops)
        assert page.result_label.text().startswith("Nessuna persona aperta")
    assert page.person_label.text().startswith("Nessuna persona aperta")
    assert stub.shown == [] and len(archived(window)) == before


def test_a_cancelled_preview_archives_nothing_a_printed_one_its_bytes(
        qtbot: QtBot, window: MainWindow) -> None:
    person, _did = make_current(window)
    page = open_page(qtbot, window)
    assert person.fiscal_code in page.person_label.text()
    choose(page, "did_receipt")
    before = archived(window)
    cancelled = use_preview(page.printing, QDialog.DialogCode.Rejected)
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, window.ctx.ops)
    assert len(cancelled.shown) == 1 and person.fiscal_code in pdf_text(cancelled.shown[0])
    assert archived(window) == before
    assert page.result_label.text() == "Anteprima chiusa: non è stato stampato né archiviato nulla."

    printed = use_preview(page.printing, QDialog.DialogCode.Accepted)
    page.preview()
    wait_idle(qtbot, window.ctx.ops)
    after = archived(window)
    assert len(after) == len(before) + 1
    newest = after[0]
    assert (newest.kind, newest.person_id) == ("receipt", person.id)
    assert page.result_label.text().startswith("Stampato e archiviato")
    # The reprint from the list shows exactly the bytes printed the first time.
    wait_idle(qtbot, window.ctx.ops)
    page.archive_list.setCurrentRow(0)
    page.reprint_selected()
    wait_idle(qtbot, window.ctx.ops)
    assert printed.shown[-1] == printed.shown[0]
    assert len(archived(window)) == len(after)  # a reprint is audited, not re-archived


def test_certificate_and_notice_are_saved_for_the_current_person(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    person, did = make_current(window)
    page = open_page(qtbot, window)
    for kind, expected in (("certificate", f"in stato di disoccupazione dal "
                                           f"{did.did_date:%d/%m/%Y}"),
                           ("privacy", "Informativa sul trattamento dei dati personali")):
        choose(page, kind)
        target = tmp_path / f"{kind}.pdf"
        monkeypatch.setattr(page, "ask_save_path", lambda parent, suggested, t=target: str(t))
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        wait_idle(qtbot, window.ctx.ops)
        text = " ".join(pdf_text(target.read_bytes()).split())
        assert expected in text and person.fiscal_code in text
        assert archived(window)[0].kind == kind


def test_certificate_without_did_is_refused_in_italian(qtbot: QtBot, window: MainWindow) -> None:
    person = without_did(window.ctx.database)
    window.ctx.current.set(PersonRef(person.id, person.fiscal_code,
                                     f"{person.surname} {person.name}"), ask=False)
    page = open_page(qtbot, window)
    stub = use_preview(page.printing, QDialog.DialogCode.Accepted)
    before = len(archived(window))
    choose(page, "certificate")
    page.preview()
    wait_idle(qtbot, window.ctx.ops)
    assert "non può essere rilasciato" in page.result_label.text()
    assert stub.shown == [] and len(archived(window)) == before


def test_ctrl_p_in_registration_prints_the_receipt_of_the_did_just_saved(
        qtbot: QtBot, window: MainWindow) -> None:
    from desktop.views.pages.accoglienza import RegistrationPage

    window.show_area("accoglienza")
    page = window.pages["accoglienza"]
    assert isinstance(page, RegistrationPage)
    wait_idle(qtbot, window.ctx.ops)
    flow = flow_for(page, window.ctx, page.status.setText)
    stub = use_preview(flow, QDialog.DialogCode.Accepted)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert page.status.text() == "Salvare prima la DID: poi Ctrl+P ne stampa la ricevuta."
    person, did = with_did(window.ctx.database)
    page.last_did = DidRecord(did.id, person.id, did.did_date, did.profiling_index,
                              did.profiling_class, did.gol_path, did.patto_deadline, ())
    before = len(archived(window))
    qtbot.keyClick(page.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert len(stub.shown) == 1
    assert f"Data della DID {did.did_date:%d/%m/%Y}" in " ".join(pdf_text(stub.shown[0]).split())
    documents = archived(window)
    assert len(documents) == before + 1 and documents[0].kind == "receipt"
    lines = audit.person_history(window.ctx.database, window.ctx.operator, person.fiscal_code)
    assert any(x.action == "document.print" and x.detail.startswith("receipt")
               for x in lines)
