"""Short printouts: registration receipt, A4 ticket (fallback of the queue's ticket
printer) and the shortlist of candidates sent to a firm.

Inputs are plain dataclasses so the registration, queue and matching areas can fill
them without this module knowing their models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desktop import formatting
from desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    LIGHT,
    MUTED,
    RULE,
    DocumentMeta,
    build_pdf,
    ensure_printable,
    styles,
    text,
)


@dataclass(frozen=True)
class CentreHeader:
    """The centre as printed in the header of a short printout."""

    centre_name: str
    site_line: str
    header_lines: tuple[str, ...] = ()
    town: str = ""


@dataclass(frozen=True)
class RegistrationReceipt:
    number: str
    centre: CentreHeader
    fiscal_code: str
    surname: str
    name: str
    birth_date: dt.date
    birthplace: str
    did_date: dt.date
    registered_on: dt.date
    naspi: bool
    operator_name: str
    #: The deadline recorded with the DID (computed from the configured days when the
    #: DID was declared): the receipt never computes one of its own.
    patto_deadline: dt.date
    profiling_class: str = ""
    email: str = ""
    mobile: str = ""
    #: The GOL path assigned by the profiling, as printed ("Percorso 1 – ...").
    gol_path: str = ""

    @property
    def agreement_deadline(self) -> dt.date:
        """The day by which the Patto must be signed (the DID's own deadline)."""
        return self.patto_deadline


@dataclass(frozen=True)
class TicketPrint:
    number: str
    code: str
    centre: CentreHeader
    service_name: str
    issued_at: dt.datetime
    people_ahead: int = 0
    estimated_wait_minutes: int | None = None


@dataclass(frozen=True)
class ShortlistCandidate:
    rank: int
    full_name: str
    fiscal_code: str
    contact: str
    score: float
    #: Why the candidate fits (the matching's named parts), one short sentence each.
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shortlist:
    number: str
    centre: CentreHeader
    employer: str
    vacancy_title: str
    vacancy_code: str
    issued: dt.date
    operator_name: str
    candidates: tuple[ShortlistCandidate, ...]
    version: int = 1


def fmt_date(day: dt.date) -> str:
    return formatting.date(day)


def _fmt(day: dt.date) -> str:
    return formatting.date(day)


def _meta(title: str, number: str, issued: dt.date, centre: CentreHeader,
          version: int = 1, subject: str = "", language: str = "it-IT") -> DocumentMeta:
    return DocumentMeta(title=title, number=number, issued=issued,
                        centre_name=centre.centre_name, site_name=centre.site_line,
                        header_lines=centre.header_lines, version=version,
                        subject=subject or title, language=language)


document_meta = _meta


def pairs_table(rows: list[tuple[str, str]]) -> Table:
    """Label/value rows, the labels shaded: the identity block of every short printout."""
    return _pairs(rows)


def _pairs(rows: list[tuple[str, str]]) -> Table:
    s = styles()
    table = Table([[Paragraph(text(k), s["CellBold"]), Paragraph(text(v), s["Cell"])]
                   for k, v in rows], colWidths=[60 * mm, CONTENT_WIDTH - 60 * mm],
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (0, -1), LIGHT), ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    return table


def render_registration_receipt(receipt: RegistrationReceipt) -> bytes:
    ensure_printable(receipt)
    s = styles()
    story: list[Flowable] = [
        Paragraph("Ricevuta di registrazione e di Dichiarazione di Immediata Disponibilità",
                  s["Title"]),
        Paragraph("ai sensi dell'articolo 19 del decreto legislativo 14 settembre 2015, n. 150",
                  s["Small"]),
        Spacer(1, 3 * mm),
        _pairs([
            ("Cognome e nome", f"{receipt.surname} {receipt.name}"),
            ("Codice fiscale", receipt.fiscal_code),
            ("Data e luogo di nascita", f"{_fmt(receipt.birth_date)} — {receipt.birthplace}"),
            *([("Cellulare", receipt.mobile)] if receipt.mobile else []),
            *([("E-mail", receipt.email)] if receipt.email else []),
            ("Data della DID", _fmt(receipt.did_date)),
            ("Data di registrazione", _fmt(receipt.registered_on)),
            ("Percettore di NASpI / DIS-COLL", "sì" if receipt.naspi else "no"),
            *([("Classe di profilazione", receipt.profiling_class)]
              if receipt.profiling_class else []),
            *([("Percorso GOL", receipt.gol_path)] if receipt.gol_path else []),
            ("Patto di servizio da stipulare entro", _fmt(receipt.agreement_deadline)),
            ("Operatore", receipt.operator_name),
        ]),
        Spacer(1, 6 * mm),
    ]
    days = (receipt.agreement_deadline - receipt.did_date).days
    box = Table([[Paragraph(text(
        f"Entro il {_fmt(receipt.agreement_deadline)} ({days} giorni dalla DID) la persona "
        f"deve stipulare il Patto di servizio personalizzato presso il Centro per l'Impiego. "
        f"Se non viene convocata, si presenti o chiami il Centro prima di tale data."),
        s["Body"])]], colWidths=[CONTENT_WIDTH])
    box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                             ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                             ("TOPPADDING", (0, 0), (-1, -1), 8),
                             ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                             ("LEFTPADDING", (0, 0), (-1, -1), 10)]))
    story += [box, Spacer(1, 6 * mm), Paragraph(
        "La persona si impegna a comunicare entro 15 giorni ogni variazione dei recapiti e ogni "
        "rapporto di lavoro. La presente ricevuta attesta la registrazione e la data della "
        "DID; lo stato di disoccupazione decorre da tale data.", s["Body"]),
        Spacer(1, 14 * mm), _signature_line(receipt.centre.town, receipt.registered_on)]
    return build_pdf(_meta("Ricevuta di registrazione", receipt.number, receipt.registered_on,
                           receipt.centre), story)


def signature_line(town: str, day: dt.date, who: str = "L'operatore") -> Table:
    """Place and date on the left, a line to sign on the right."""
    return _signature_line(town, day, who)


def _signature_line(town: str, day: dt.date, who: str = "L'operatore") -> Table:
    s = styles()
    half = CONTENT_WIDTH / 2
    table = Table([[Paragraph(text(f"{town + ', ' if town else ''}{_fmt(day)}"), s["Body"]),
                    Paragraph(text(who), s["CellBold"])], ["", ""]],
                  colWidths=[half, half], rowHeights=[None, 14 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
        ("LINEBELOW", (1, 1), (1, 1), 0.6, MUTED)]))
    return table


def render_ticket(ticket: TicketPrint) -> bytes:
    """A4 ticket when the thermal printer is missing: the number, big, and the service."""
    ensure_printable(ticket)
    s = styles()
    big = ParagraphStyle("TicketNumber", parent=s["Title"], fontName=FONT_BOLD, fontSize=96,
                         leading=110, alignment=TA_CENTER, textColor=ACCENT)
    centred = ParagraphStyle("TicketLine", parent=s["Body"], alignment=TA_CENTER, fontSize=14,
                             leading=20)
    lines = [f"{ticket.service_name}",
             f"Emesso il {ticket.issued_at:%d/%m/%Y alle %H:%M}"]
    if ticket.people_ahead:
        lines.append(f"Persone prima di lei: {ticket.people_ahead}")
    if ticket.estimated_wait_minutes is not None:
        lines.append(f"Attesa stimata: circa {ticket.estimated_wait_minutes} minuti")
    story: list[Flowable] = [
        Spacer(1, 25 * mm), Paragraph("Il suo numero", centred), Paragraph(text(ticket.code), big),
        Spacer(1, 6 * mm), *[Paragraph(text(x), centred) for x in lines], Spacer(1, 12 * mm),
        Paragraph("Attenda la chiamata sul monitor della sala d'attesa. Conservi il biglietto "
                  "fino al termine del servizio.", centred)]
    return build_pdf(_meta("Biglietto", ticket.number, ticket.issued_at.date(), ticket.centre),
                     story)


def render_shortlist(shortlist: Shortlist) -> bytes:
    """The candidates proposed to a firm for a vacancy, with why each fits."""
    ensure_printable(shortlist)
    s = styles()
    story: list[Flowable] = [
        Paragraph("Rosa di candidati", s["Title"]),
        _pairs([("Datore di lavoro", shortlist.employer),
                ("Offerta", f"{shortlist.vacancy_title} ({shortlist.vacancy_code})"),
                ("Data", _fmt(shortlist.issued)), ("Operatore", shortlist.operator_name),
                ("Candidati proposti", str(len(shortlist.candidates)))]),
        Spacer(1, 4 * mm)]
    head = [Paragraph(text(x), s["CellBold"]) for x in
            ("N.", "Candidato", "Recapito", "Affinità", "Motivi")]
    rows: list[list[Flowable]] = [head]
    for c in shortlist.candidates:
        rows.append([Paragraph(str(c.rank), s["Cell"]),
                     Paragraph(text(f"{c.full_name}\n{c.fiscal_code}"), s["Cell"]),
                     Paragraph(text(c.contact), s["Cell"]),
                     Paragraph(f"{c.score * 100:.0f}%", s["Cell"]),
                     Paragraph("<br/>".join(text(f"• {r}") for r in c.reasons) or "—",
                               s["Cell"])])
    widths = [10 * mm, 45 * mm, 38 * mm, 20 * mm]
    table = Table(rows, colWidths=[*widths, CONTENT_WIDTH - sum(widths)], repeatRows=1,
                  hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (-1, 0), LIGHT), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [table, Spacer(1, 6 * mm), KeepTogether([Paragraph(
        "I dati dei candidati sono comunicati ai soli fini della selezione per l'offerta "
        "indicata e devono essere cancellati al termine della selezione (Regolamento UE "
        "2016/679). Si prega di comunicare al Centro l'esito dei colloqui.", s["Small"])])]
    return build_pdf(_meta("Rosa di candidati", shortlist.number, shortlist.issued,
                           shortlist.centre, shortlist.version,
                           f"Rosa di candidati — {shortlist.vacancy_title}"), story)
