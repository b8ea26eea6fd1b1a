"""Registration receipt, A4 ticket and shortlist."""

from __future__ import annotations

import datetime as dt

from desktop.documents.receipts import (
    CentreHeader,
    RegistrationReceipt,
    Shortlist,
    ShortlistCandidate,
    TicketPrint,
    render_registration_receipt,
    render_shortlist,
    render_ticket,
)
from desktop.services.people.profiling import patto_deadline
from tests.documents.conftest import page_count, pdf_text

CENTRE = CentreHeader("CPI Firenze", "Sede centrale · Via dei Servizi 1, 50129 Firenze (FI)",
                      ("Tel. 055 000 1000",), "Firenze")


def receipt(naspi: bool) -> RegistrationReceipt:
    """The deadline is the DID's own (15 or 30 days, from the configuration)."""
    did_date = dt.date(2026, 11, 20)
    return RegistrationReceipt(
        "RR-FI01-20261125-0001", CENTRE, "RSSMRA80A01D612Y", "Rossi", "Mario",
        dt.date(1980, 1, 1), "Firenze (FI)", did_date, dt.date(2026, 11, 25),
        naspi, "Giulia Bellini", patto_deadline=patto_deadline(did_date, naspi))


def test_receipt_gives_the_did_date_and_the_agreement_deadline() -> None:
    text = pdf_text(render_registration_receipt(receipt(naspi=False))).replace("\n", " ")
    assert "Rossi Mario" in text and "RSSMRA80A01D612Y" in text
    assert "Data della DID 20/11/2026" in text
    assert "Entro il 20/12/2026 (30 giorni dalla DID)" in text
    with_naspi = pdf_text(render_registration_receipt(receipt(naspi=True))).replace("\n", " ")
    assert "Entro il 05/12/2026 (15 giorni dalla DID)" in with_naspi
    assert "RR-FI01-20261125-0001" in text and "pagina 1 di 1" in text


def test_ticket_is_one_page_with_the_number() -> None:
    pdf = render_ticket(TicketPrint("TK-FI01-20261125-A023", "A023", CENTRE,
                                    "Accoglienza e DID", dt.datetime(2026, 11, 25, 9, 41), 4, 12))
    text = pdf_text(pdf)
    assert page_count(pdf) == 1
    assert "A023" in text and "Accoglienza e DID" in text and "circa 12 minuti" in text


def test_shortlist_lists_candidates_with_reasons_across_pages() -> None:
    candidates = tuple(ShortlistCandidate(
        n, f"Candidata {n}", "RSSMRA80A01D612Y", "333 1234567", 0.9 - n / 100,
        ("Stessa qualifica", "Distanza 8 km")) for n in range(1, 31))
    pdf = render_shortlist(Shortlist("RC-FI01-V1", CENTRE, "Logistica Toscana S.p.A.",
                                     "Magazziniere", "V-1", dt.date(2026, 11, 25), "Marco Conti",
                                     candidates))
    text = pdf_text(pdf)
    assert page_count(pdf) >= 2
    assert "Candidata 30" in text and "Stessa qualifica" in text and "89%" in text
