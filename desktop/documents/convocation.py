"""The convocation letter (art. 20-21 D.Lgs. 150/2015) and its PEC/e-mail text.

Values in, PDF bytes (or plain text) out. The fixed wording is in
resources/agenda/convocation.yaml; the consequences of not coming are the Patto's table
(resources/agreement/it.yaml), so the two printouts never say different things.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop import formatting
from desktop.documents.agreement import current_texts
from desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    LIGHT,
    build_pdf,
    ensure_printable,
    styles,
    text,
)
from desktop.documents.receipts import CentreHeader, document_meta, pairs_table, signature_line
from desktop.paths import resource_path


@dataclass(frozen=True)
class Convocation:
    number: str
    centre: CentreHeader
    issued: dt.date
    person_name: str
    fiscal_code: str
    #: The person's address for the letter (domicile, else residence); may be empty.
    address: str
    #: Local, aware.
    when: dt.datetime
    minutes: int
    place: str
    counter: str
    purpose: str
    measure: str
    operator_name: str
    booking_code: str


@lru_cache(maxsize=1)
def _texts() -> dict[str, Any]:
    with open(resource_path("agenda", "convocation.yaml"), encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.safe_load(handle)
    return raw


def consequences() -> tuple[tuple[str, str], ...]:
    """The art. 21 c.7 rows for an absence at a convocation (the Patto's first row)."""
    return current_texts().conditionality[:1]


def _where(c: Convocation) -> str:
    return f"{c.place}{' – ' + c.counter if c.counter else ''}"


def subject(c: Convocation) -> str:
    return str(_texts()["subject"]).format(day=formatting.date(c.when.date()),
                                           time=formatting.time(c.when), code=c.booking_code)


def mail_body(c: Convocation) -> str:
    """The PEC/e-mail text: plain text, the letter's content without layout."""
    t = _texts()
    lines = [f"Gentile {c.person_name} (codice fiscale {c.fiscal_code}),", "",
             t["opening"], "",
             f"Data: {formatting.date(c.when.date())}",
             f"Ora: {formatting.time(c.when)} (durata prevista {c.minutes} minuti)",
             f"Luogo: {_where(c)}",
             f"Motivo: {c.purpose}"]
    if c.measure:
        lines.append(f"Misura del Patto di servizio: {c.measure}")
    lines += [f"Codice di prenotazione: {c.booking_code}", "", "Porti con sé:"]
    lines += [f"- {item}" for item in t["bring"]]
    lines += ["", t["check_in"], "", t["consequences_intro"]]
    lines += [f"- {case}: {effect}" for case, effect in consequences()]
    lines += ["", t["justification"], "", c.centre.centre_name, c.centre.site_line]
    return "\n".join(lines) + "\n"


def _box(paragraphs: list[Flowable]) -> Table:
    box = Table([[p] for p in paragraphs], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
                             ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                             ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                             ("LEFTPADDING", (0, 0), (-1, -1), 8),
                             ("TOPPADDING", (0, 0), (-1, -1), 4),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    return box


def render_convocation(c: Convocation) -> bytes:
    ensure_printable(c)
    t, s = _texts(), styles()
    story: list[Flowable] = [
        Paragraph(text(t["title"]), s["Title"]),
        Paragraph(text(t["legal_basis"]), s["Small"]),
        Spacer(1, 3 * mm),
        Paragraph(text(f"Alla c.a. di {c.person_name} – codice fiscale {c.fiscal_code}"
                       + (f"\n{c.address}" if c.address else "")), s["Body"]),
        Spacer(1, 3 * mm),
        Paragraph(text(t["opening"]), s["Body"]),
        Spacer(1, 3 * mm),
        pairs_table([
            ("Data", formatting.date(c.when.date())),
            ("Ora", f"{formatting.time(c.when)} (durata prevista {c.minutes} minuti)"),
            ("Luogo", _where(c)),
            ("Motivo", c.purpose),
            *([("Misura del Patto di servizio", c.measure)] if c.measure else []),
            *([("Operatore", c.operator_name)] if c.operator_name else []),
            ("Codice di prenotazione", c.booking_code),
        ]),
        Spacer(1, 3 * mm),
        Paragraph(text("Porti con sé"), s["Heading2"]),
        Paragraph(text("\n".join(f"• {item}" for item in t["bring"])), s["Body"]),
        Spacer(1, 2 * mm),
        Paragraph(text(t["check_in"]), s["Body"]),
        Spacer(1, 3 * mm),
        Paragraph(text("Se non si presenta"), s["Heading2"]),
    ]
    rows: list[Flowable] = [Paragraph(text(t["consequences_intro"]), s["Body"])]
    rows += [Paragraph(text(f"{case}: {effect}"), s["Body"]) for case, effect in consequences()]
    rows.append(Paragraph(text(t["justification"]), s["Body"]))
    story += [_box(rows), Spacer(1, 5 * mm),
              KeepTogether([signature_line(c.centre.town, c.issued)])]
    meta = document_meta(str(t["title"]), c.number, c.issued, c.centre,
                         subject=subject(c))
    return build_pdf(meta, story)
