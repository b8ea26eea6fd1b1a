"""Paper tickets: ESC/POS bytes within the code page, printer faults, the 80 mm fallback."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from escpos.printer import Dummy

from desktop.documents.ticket import PrinterError, limit_to_codepage, print_escpos, ticket_lines
from desktop.services.queue import IssuedTicket, TicketInfo


def issued(service: str = "Accoglienza e DID — ufficio €") -> IssuedTicket:
    at = dt.datetime(2026, 11, 25, 9, 30, tzinfo=dt.UTC)
    info = TicketInfo(uuid.uuid4(), "A012", 12, "waiting", uuid.uuid4(), "A", service, at, at)
    return IssuedTicket(info, 4, 10, 25, "Sede centrale")


def test_lines_hold_number_service_time_people_ahead_and_range() -> None:
    lines = ticket_lines(issued())
    assert lines[1] == "A012"
    assert "Persone prima di lei: 4" in lines
    assert "Attesa stimata: 10-25 min" in lines
    assert any(line.startswith("25/11/2026") for line in lines)


def test_text_is_limited_to_the_code_page() -> None:
    assert limit_to_codepage("più — €", "cp437") == "più ? ?"
    limited = limit_to_codepage("perché — Ω", "cp437")
    limited.encode("cp437")  # never raises: every character fits
    assert limited.startswith("perché")


def test_escpos_dummy_receives_the_ticket() -> None:
    printer = Dummy()
    print_escpos(printer, issued(), "cp437")
    data = printer.output
    assert b"A012" in data and b"Sede centrale" in data
    assert b"\x1dV" in data  # paper cut


class OutOfPaper(Dummy):
    def textln(self, txt: str = "") -> None:
        raise OSError("paper out")


def test_printer_fault_gives_a_clear_message() -> None:
    with pytest.raises(PrinterError) as info:
        print_escpos(OutOfPaper(), issued())
    assert "A012" in info.value.user_message and "carta" in info.value.user_message


def test_qt_fallback_prints_an_80mm_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    from desktop.views.queue.printing import qt_printer

    target = tmp_path / "ticket.pdf"
    qt_printer(output_pdf=str(target))(issued())
    page = PdfReader(str(target)).pages[0]
    width_mm = float(page.mediabox.width) / 72 * 25.4
    assert width_mm == pytest.approx(80, abs=1)
    assert "A012" in page.extract_text()
