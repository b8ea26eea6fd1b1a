"""Accessible PDFs (EN 301 549 clause 10, issue 22 item 2): every printout the Documenti
page offers, in each language, carries a title, its language in the catalog (/Lang) and
real text that pypdf reads back. The kinds come from the page's own list, so a kind added
there is checked too; the queue's ticket and the matching printouts are added by hand."""

from __future__ import annotations

import datetime as dt
import io

from pypdf import PdfReader
from sqlalchemy import select

from desktop.documents.receipts import CentreHeader, TicketPrint, render_ticket
from desktop.infra.database import Database
from desktop.models.agreement import Agreement
from desktop.models.registration import WorkExperience
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import get_operator
from desktop.views.main_window import MainWindow
from desktop.views.pages.documenti import PrintRequest, produce


def check_pdf(pdf: bytes, language: str) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    problems = []
    title = reader.metadata.title if reader.metadata else None
    if not title:
        problems.append("no /Title")
    lang = reader.trailer["/Root"].get("/Lang")
    if lang is None or not str(lang).lower().startswith(language):
        problems.append(f"/Lang is {lang!r}, not {language}")
    text = "".join(page.extract_text() for page in reader.pages).strip()
    if len(text) < 20:
        problems.append(f"no real text ({text!r})")
    return problems


def test_every_printout_of_the_documents_page_is_titled_in_its_language_with_text(
        window: MainWindow, demo_db: Database) -> None:
    page = window.pages["documenti"]
    kinds = [page.kind_combo.itemData(i) for i in range(page.kind_combo.count())]  # type: ignore[attr-defined]
    assert {"centre_sheet", "charter", "agreement", "privacy"} <= set(kinds)
    with demo_db.read() as session:
        # A Patto holder with a curriculum to print (the CV is among the kinds); the
        # demo's people are random, so which one comes first must not decide it.
        person_id = session.scalars(
            select(Agreement.person_id)
            .where(Agreement.person_id.in_(select(WorkExperience.person_id)))
            .order_by(Agreement.person_id)).first()
        assert person_id is not None
    actor = get_operator(demo_db, "m.conti")
    site = site_info(demo_db)
    problems: dict[str, list[str]] = {}
    for kind in kinds:
        for lang in ("it", "en") if kind in ("charter", "privacy") else ("it",):
            request = PrintRequest(kind=kind, lang=lang, person_id=person_id)
            document = produce(demo_db, actor, site, request)
            found = check_pdf(document.pdf, lang)
            if found:
                problems[f"{kind}/{lang}"] = found
    assert problems == {}


def test_the_queue_ticket_is_titled_in_italian_with_text() -> None:
    ticket = TicketPrint(number="T-1", code="A007",
                         centre=CentreHeader("CPI Firenze", "Sede centrale"),
                         service_name="Accoglienza e DID",
                         issued_at=dt.datetime(2026, 11, 25, 9, 0), people_ahead=3)
    assert check_pdf(render_ticket(ticket), "it") == []

