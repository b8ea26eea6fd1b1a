"""Certificato di stato occupazionale: who the person is, since when they are
unemployed (the date of the DID in force) and for how long, issued by the centre.

The input is a plain dataclass; the service fills it from the person and the active
DID, so this module knows nothing of the models.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

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
from desktop.documents.receipts import (
    CentreHeader,
    document_meta,
    fmt_date,
    pairs_table,
    signature_line,
)

TITLE = "Certificato di stato occupazionale"


@dataclass(frozen=True)
class EmploymentCertificate:
    number: str
    centre: CentreHeader
    fiscal_code: str
    surname: str
    name: str
    sex: str
    birth_date: dt.date
    birthplace: str
    residence: str
    did_date: dt.date
    issued: dt.date
    operator_name: str
    profiling_class: str = ""


def _months_and_days(start: dt.date, end: dt.date) -> tuple[int, int]:
    """Whole calendar months from ``start`` to ``end``, then the days left over."""
    months = (end.year - start.year) * 12 + end.month - start.month
    last_of_month = (end + dt.timedelta(days=1)).month != end.month
    if end.day < start.day and not last_of_month:  # 29/02 -> 28/02 is a whole year
        months -= 1
    months = max(months, 0)
    year, month = divmod(start.month - 1 + months, 12)
    anchor_month = month + 1
    anchor_year = start.year + year
    # The same day of the month, or the month's last day when it is shorter.
    day = start.day
    while True:
        try:
            anchor = dt.date(anchor_year, anchor_month, day)
            break
        except ValueError:
            day -= 1
    return months, max((end - anchor).days, 0)


def unemployment_length(start: dt.date, end: dt.date) -> str:
    """"1 anno, 2 mesi e 5 giorni", as a certificate says it (Italian)."""
    months, days = _months_and_days(start, end)
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append("1 anno" if years == 1 else f"{years} anni")
    if months:
        parts.append("1 mese" if months == 1 else f"{months} mesi")
    if days or not parts:
        parts.append("1 giorno" if days == 1 else f"{days} giorni")
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " e " + parts[-1]


def render_employment_certificate(cert: EmploymentCertificate) -> bytes:
    ensure_printable(cert)
    s = styles()
    born = "nata" if cert.sex == "F" else "nato"
    resident = "residente" if cert.residence else ""
    length = unemployment_length(cert.did_date, cert.issued)
    statement = Table([[Paragraph(text(
        f"{cert.surname} {cert.name}, {born} a {cert.birthplace} il "
        f"{fmt_date(cert.birth_date)}, codice fiscale {cert.fiscal_code}"
        f"{', ' + resident + ' in ' + cert.residence if cert.residence else ''}, ha "
        f"rilasciato la Dichiarazione di Immediata Disponibilità (DID) al lavoro il "
        f"{fmt_date(cert.did_date)} e alla data del {fmt_date(cert.issued)} risulta in stato "
        f"di disoccupazione dal {fmt_date(cert.did_date)}, da {length}."), s["Body"])]],
        colWidths=[CONTENT_WIDTH])
    statement.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("BOX", (0, 0), (-1, -1), 1, ACCENT),
        ("BACKGROUND", (0, 0), (-1, -1), LIGHT), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8), ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10)]))
    story: list[Flowable] = [
        Paragraph(TITLE, s["Title"]),
        Paragraph("ai sensi degli articoli 19 e 21 del decreto legislativo 14 settembre 2015, "
                  "n. 150", s["Small"]),
        Spacer(1, 3 * mm),
        Paragraph("Il Centro per l'Impiego, verificate le informazioni del sistema informativo "
                  "del lavoro, certifica che:", s["Body"]),
        Spacer(1, 2 * mm),
        statement,
        Spacer(1, 5 * mm),
        pairs_table([
            ("Cognome e nome", f"{cert.surname} {cert.name}"),
            ("Codice fiscale", cert.fiscal_code),
            ("Data e luogo di nascita", f"{fmt_date(cert.birth_date)} — {cert.birthplace}"),
            *([("Residenza", cert.residence)] if cert.residence else []),
            ("Data della DID", fmt_date(cert.did_date)),
            ("Stato di disoccupazione dal", fmt_date(cert.did_date)),
            ("Durata dello stato di disoccupazione", length),
            *([("Classe di profilazione", cert.profiling_class)]
              if cert.profiling_class else []),
        ]),
        Spacer(1, 5 * mm),
        Paragraph("Lo stato di disoccupazione si conserva finché la persona resta immediatamente "
                  "disponibile al lavoro, partecipa alle misure concordate nel Patto di servizio "
                  "e non supera i limiti di reddito previsti dalla legge; decade nei casi "
                  "dell'articolo 21 del d.lgs. 150/2015.", s["Body"]),
        Paragraph("Rilasciato su richiesta dell'interessato per gli usi consentiti dalla legge. "
                  "Il presente certificato non può essere prodotto agli organi della pubblica "
                  "amministrazione o ai privati gestori di pubblici servizi (articolo 40 del "
                  "D.P.R. 28 dicembre 2000, n. 445).", s["Small"]),
        Spacer(1, 12 * mm),
        signature_line(cert.centre.town, cert.issued,
                       f"L'operatore — {cert.operator_name}"),
    ]
    return build_pdf(document_meta(TITLE, cert.number, cert.issued, cert.centre), story)
