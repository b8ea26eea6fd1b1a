"""The letter that tells a person of the sanction proposed for an unjustified absence
(art. 21 c.7 D.Lgs. 150/2015), in the Patto's own words. Values in, PDF bytes out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from desktop import formatting
from desktop.documents.base import build_pdf, ensure_printable, styles, text
from desktop.documents.receipts import (
    CentreHeader,
    document_meta,
    fmt_date,
    pairs_table,
    signature_line,
)

TITLE = "Comunicazione di proposta di sanzione"

ORDINALS = {1: "prima", 2: "seconda"}


@dataclass(frozen=True)
class SanctionLetter:
    number: str
    centre: CentreHeader
    fiscal_code: str
    surname: str
    name: str
    address: str
    scheduled_at: dt.datetime
    window_until: dt.date
    ordinal: int
    benefit: bool
    rule: str
    wording: str
    issued: dt.date
    operator_name: str


def render_sanction_letter(letter: SanctionLetter) -> bytes:
    ensure_printable(letter)
    s = styles()
    local = letter.scheduled_at.astimezone()
    which = ORDINALS.get(letter.ordinal, "ulteriore")
    benefit = ("Poiché risulta percettore di NASpI, DIS-COLL o di un'altra prestazione di "
               "sostegno al reddito, la proposta è trasmessa alla Regione, che la comunica "
               "all'INPS per l'applicazione.") if letter.benefit else (
               "Non risultando percettore di prestazioni di sostegno al reddito, la proposta "
               "riguarda lo stato di disoccupazione ed è trasmessa alla Regione.")
    story: list[Flowable] = [
        Paragraph(TITLE, s["Title"]),
        Paragraph("ai sensi dell'articolo 21, comma 7, del decreto legislativo 14 settembre "
                  "2015, n. 150", s["Small"]),
        Spacer(1, 4 * mm),
        pairs_table([
            ("Destinatario", f"{letter.surname} {letter.name}"),
            ("Codice fiscale", letter.fiscal_code),
            *([("Indirizzo", letter.address)] if letter.address else []),
            ("Appuntamento non rispettato",
             f"{fmt_date(local.date())} alle {formatting.time(local)}"),
            ("Termine per giustificare", fmt_date(letter.window_until)),
        ]),
        Spacer(1, 4 * mm),
        Paragraph(text(
            f"Il Centro per l'Impiego comunica che Lei non si è presentato/a alla convocazione "
            f"del {fmt_date(local.date())} e che entro il {fmt_date(letter.window_until)} non "
            f"è pervenuta una giustificazione documentata. Si tratta della {which} mancata "
            f"presentazione senza giustificato motivo."), s["Body"]),
        Spacer(1, 2 * mm),
        Paragraph(text(f"Come indicato nel Patto di servizio da Lei sottoscritto, per la voce "
                       f"«{letter.rule}» è prevista la seguente conseguenza:"), s["Body"]),
        Paragraph(text(letter.wording), s["CellBold"]),
        Spacer(1, 2 * mm),
        Paragraph(text(benefit), s["Body"]),
        Paragraph("Può presentare osservazioni scritte e documenti al Centro per l'Impiego "
                  "entro dieci giorni dal ricevimento di questa comunicazione.", s["Body"]),
        Spacer(1, 12 * mm),
        signature_line(letter.centre.town, letter.issued,
                       f"L'operatore — {letter.operator_name}"),
    ]
    meta = document_meta(TITLE, letter.number, letter.issued, letter.centre,
                         subject=f"{TITLE} — {letter.fiscal_code}")
    return build_pdf(meta, story)
