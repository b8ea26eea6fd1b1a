"""Printouts: build time of the Patto di servizio, the Carta dei servizi and the A4 ticket.

Each figure's baseline is a plain ReportLab document (SimpleDocTemplate, one
Paragraph per line, in the same embedded DejaVu Sans the issue requires) holding the
same text on the same number of pages, built in the same run: it is what any ReportLab printout costs, so the ratio
shows what our frame (embedded fonts, header, QR code, "pagina x di y") adds.
Targets: Patto (3–4 pages) < 150 ms, Carta (10+ pages) < 500 ms, ticket < 20 ms,
each at most 2x its baseline.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Callable
from xml.sax.saxutils import escape

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from bench.harness import Figure, median, timed
from desktop.documents.agreement import (
    GOL_PATHS,
    MEASURE_TYPES,
    AgreementData,
    AgreementPerson,
    Appointment,
    Measure,
    current_texts,
    render_agreement,
)
from desktop.documents.base import FONT, register_fonts
from desktop.documents.charter import render_charter
from desktop.documents.receipts import CentreHeader, TicketPrint, render_ticket
from desktop.values.charter import CharterMeasures, MeasuredValue
from desktop.values.site import CounterInfo, ServiceInfo, SiteInfo

DAY = dt.date(2026, 11, 25)


def sample_site() -> SiteInfo:
    services = tuple(ServiceInfo(uuid.UUID(int=n), p, name, "", True) for n, (p, name) in
                     enumerate([("A", "Accoglienza e DID"), ("B", "Patto di servizio"),
                                ("C", "Offerte di lavoro"), ("D", "Collocamento mirato"),
                                ("E", "Servizi alle imprese")]))
    counters = tuple(CounterInfo(uuid.UUID(int=10 + n), n, f"Sportello {n}", prefixes, True)
                     for n, prefixes in enumerate([("A", "B"), ("A", "B"), ("B", "C"),
                                                   ("C", "D"), ("E",)], 1))
    return SiteInfo("FI01", "CPI Firenze", "cpi.firenze@esempio.invalid",
                    "cpi.firenze@pec.esempio.invalid", "055 000 1000",
                    "https://www.esempio.invalid/cpi-firenze", uuid.UUID(int=99), "FI01-SC",
                    "Sede centrale", "Via dei Servizi 1", "50129", "Firenze", "FI",
                    "055 000 1000", ("Lunedì–Venerdì 9:00–12:30",
                                     "Martedì e Giovedì 14:30–16:30"), services, counters)


def sample_agreement() -> AgreementData:
    measures = tuple(Measure(kind, f"{kind}: colloqui individuali, analisi delle competenze e "
                             "definizione di un obiettivo professionale coerente con il "
                             "mercato del lavoro locale.", "Agenzia formativa Toscana Lavoro",
                             DAY + dt.timedelta(days=7 * n), DAY + dt.timedelta(days=60 + 7 * n))
                     for n, kind in enumerate(MEASURE_TYPES[:5]))
    return AgreementData(
        number="PS-FI01-20261125-000001", version=2,
        person=AgreementPerson("RSSMRA80A01D612Y", "Rossi", "Maria", "F", dt.date(1980, 1, 1),
                               "Firenze (FI)", "italiana", "333 1234567", "maria@esempio.it"),
        did_date=DAY - dt.timedelta(days=5), naspi=True, profiling_class="alta",
        gol_path=GOL_PATHS[1], measures=measures,
        appointments=(Appointment(dt.datetime(2026, 12, 10, 9, 30), "Sportello 3", "Verifica"),),
        operator_name="Marco Conti", place="Firenze", signed_on=DAY, centre_name="CPI Firenze",
        site_line="Sede centrale · Via dei Servizi 1, 50129 Firenze (FI)",
        header_lines=("Tel. 055 000 1000",), texts=current_texts(), replaces_version=1,
        replaces_date=DAY - dt.timedelta(days=3), reason="correzione recapiti")


def plain_twin(pdf: bytes) -> Callable[[], bytes]:
    """A builder of the plain-ReportLab document with the same text and page count."""
    texts = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    register_fonts()
    style = ParagraphStyle("Plain", fontName=FONT, fontSize=10, leading=13)

    def build() -> bytes:
        buffer = io.BytesIO()
        story = []
        for n, text in enumerate(texts):
            if n:
                story.append(PageBreak())
            story += [Paragraph(escape(line), style) for line in text.splitlines()]
        SimpleDocTemplate(buffer, pagesize=A4, invariant=True).build(story)
        return buffer.getvalue()

    return build


def _figures(name: str, build: Callable[[], bytes], target_ms: float,
             repeat: int) -> list[Figure]:
    pdf = build()  # warm caches (fonts, texts) as a running application has them
    baseline = plain_twin(pdf)
    baseline()
    value = median(timed(build, repeat))
    base = median(timed(baseline, repeat))
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        Figure("documents", f"{name}_build_ms ({pages} pages)", value, "ms", base, target_ms),
        Figure("documents", f"{name}_vs_plain_reportlab", value / base, "x", None, 2.0),
    ]


def run(quick: bool = False) -> list[Figure]:
    repeat = 5 if quick else 21
    site = sample_site()
    agreement = sample_agreement()
    indicators = CharterMeasures(dt.date(2026, 10, 1), dt.date(2026, 10, 31), (
        MeasuredValue("attesa_media", 17.4, 1234, met=True),
        MeasuredValue("attesa_entro_standard", 0.86, 1234, met=True)))
    ticket = TicketPrint("TK-FI01-20261125-A023", "A023",
                         CentreHeader("CPI Firenze", "Sede centrale · Via dei Servizi 1",
                                      ("Tel. 055 000 1000",), "Firenze"),
                         "Accoglienza e DID", dt.datetime(2026, 11, 25, 9, 41), 4, 12)
    return [
        *_figures("agreement", lambda: render_agreement(agreement), 150, repeat),
        *_figures("charter", lambda: render_charter(site, "cittadini", "it", DAY, indicators),
                  500, repeat),
        *_figures("ticket", lambda: render_ticket(ticket), 20, repeat),
    ]
