"""Patto di servizio personalizzato: the PDF of one version.

The data (``AgreementData`` and its canonical JSON) live in
:mod:`desktop.documents.agreement_data` and are re-exported here. Rendering depends
on nothing else, so a version printed today and reprinted next year gives the same
bytes. With two copies each copy is labelled and numbers its own pages.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from desktop import formatting
from desktop.documents.agreement_data import (
    COPY_LABELS,
    GOL_PATHS,
    MEASURE_TYPES,
    PROFILING_CLASSES,
    AgreementData,
    AgreementPerson,
    AgreementTexts,
    Appointment,
    Measure,
    SearchAct,
    current_texts,
    from_json,
    gol_path_label,
    missing_data,
    missing_measures,
    missing_search_terms,
    require_complete,
    search_terms_problems,
    to_json,
)
from desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    LIGHT,
    MUTED,
    RULE,
    DocumentMeta,
    RestartPageNumbers,
    build_pdf,
    ensure_printable,
    styles,
    text,
)

__all__ = [
    "PROFILING_CLASSES",
    "GOL_PATHS",
    "MEASURE_TYPES",
    "COPY_LABELS",
    "gol_path_label",
    "Measure",
    "Appointment",
    "SearchAct",
    "AgreementPerson",
    "AgreementTexts",
    "AgreementData",
    "current_texts",
    "missing_data",
    "missing_measures",
    "search_terms_problems",
    "missing_search_terms",
    "require_complete",
    "to_json",
    "from_json",
    "agreement_meta",
    "render_agreement",
]


# -- PDF -----------------------------------------------------------------------------------

def agreement_meta(data: AgreementData) -> DocumentMeta:
    return DocumentMeta(
        title=data.texts.title, number=data.number, issued=data.signed_on,
        centre_name=data.centre_name, site_name=data.site_line,
        header_lines=data.header_lines, version=data.version,
        subject=f"{data.texts.title} — {data.person.surname} {data.person.name}",
        author=data.operator_name or "Sportello",
    )


def render_agreement(data: AgreementData, copies: int = 1) -> bytes:
    """The agreement as PDF; ``copies=2`` adds the centre's copy after the person's.
    Each copy is labelled and numbers its own pages ("Pagina 1 di n" on both)."""
    require_complete(data)
    ensure_printable(data)
    story: list[Flowable] = []
    labels = list(COPY_LABELS) if copies > 1 else [""]
    for n, label in enumerate(labels):
        if n:
            story += [PageBreak(), RestartPageNumbers()]
        story += _copy(data, label)
    return build_pdf(agreement_meta(data), story)


@cache
def _flowing() -> ParagraphStyle:
    """A section heading that does not drag the whole next table to a new page."""
    return ParagraphStyle("HeadingFlowing", parent=styles()["Heading"], keepWithNext=0)


def _fmt(day: dt.date | None) -> str:
    return formatting.date(day, "—")


def _copy(data: AgreementData, copy_label: str) -> list[Flowable]:
    s = styles()
    t = data.texts
    p = data.person
    story: list[Flowable] = []
    numbers = iter(range(1, 20))

    def heading(title: str, room: float = 0) -> list[Flowable]:
        """A numbered section heading; with ``room`` it may stay at the foot of a page
        when that much space is left (a long table then splits under it)."""
        label = Paragraph(text(f"{next(numbers)}. {title}"),
                          _flowing() if room else s["Heading"])
        return [CondPageBreak(room), label] if room else [label]

    if copy_label:
        story.append(Paragraph(text(copy_label.upper()), s["Small"]))
    story += [Paragraph(text(t.title), s["Title"]), Paragraph(text(t.legal_basis), s["Small"])]
    version_line = f"Versione {data.version} del {_fmt(data.signed_on)}"
    if data.replaces_version:
        version_line += (f" — sostituisce la versione {data.replaces_version} del "
                         f"{_fmt(data.replaces_date)}")
        if data.reason:
            version_line += f" (motivo: {data.reason})"
    story.append(Paragraph(text(version_line), s["Body"]))

    story += heading("Dati della persona")
    story.append(_pairs([
        ("Cognome e nome", f"{p.surname} {p.name}"),
        ("Codice fiscale", p.fiscal_code),
        ("Sesso", {"M": "maschile", "F": "femminile"}.get(p.sex, p.sex)),
        ("Data e luogo di nascita", f"{_fmt(p.birth_date)} — {p.birthplace}"),
        ("Cittadinanza", p.citizenship),
        *([("Residenza", p.residence)] if p.residence else []),
        *([("Domicilio", p.domicile or "coincide con la residenza")] if p.residence else []),
        *([("Domicilio", p.address)] if p.address and not p.residence else []),
        ("Cellulare", p.mobile or "—"),
        ("E-mail", p.email or "—"),
    ]))
    story += heading("Stato occupazionale e profilazione")
    story.append(_pairs([
        ("Data della DID", _fmt(data.did_date)),
        ("Percettore di NASpI / DIS-COLL", "sì" if data.naspi else "no"),
        ("Termine per la stipula del Patto", _deadline_line(data)),
        ("Classe di profilazione", data.profiling_class),
        ("Percorso GOL", data.gol_path),
        ("Operatore di riferimento", data.operator_name),
    ]))

    story += heading("Misure concordate", 40 * mm)
    rows: list[list[Any]] = [["N.", "Tipo di misura", "Descrizione", "Soggetto erogatore",
                              "Periodo previsto"]]
    rows += [[str(n), m.kind, m.description, m.provider, f"{_fmt(m.start)} – {_fmt(m.end)}"]
             for n, m in enumerate(data.measures, 1)]
    story.append(_grid(rows, [9 * mm, 38 * mm, None, 36 * mm, 27 * mm]))

    if data.search_acts or data.reporting or data.search_proof:  # art. 20 c. 2
        story += heading("Ricerca attiva del lavoro (art. 20, comma 2, D.Lgs. 150/2015)",
                         40 * mm)
        story += _search_terms(data)
    story += heading("Prossimi appuntamenti")
    if data.appointments:
        rows = [["Data e ora", "Luogo", "Motivo"]]
        rows += [[formatting.date_time(a.when), a.place, a.purpose]
                 for a in data.appointments]
        story.append(_grid(rows, [32 * mm, 60 * mm, None]))
    else:
        story.append(Paragraph("Nessun appuntamento fissato: il Centro convocherà la persona "
                               "con almeno 5 giorni di preavviso.", s["Body"]))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph("La convocazione può avvenire per telefono, SMS, e-mail o PEC ai "
                           "recapiti indicati sopra.", s["Small"]))

    story.append(CondPageBreak(60 * mm))
    story += heading("Impegni della persona")
    story.append(_bullets(t.person_commitments))
    story += heading("Impegni del Centro per l'Impiego")
    story.append(_bullets(t.centre_commitments))

    story.append(CondPageBreak(60 * mm))
    story += heading("Condizionalità: conseguenze del mancato rispetto degli impegni")
    story.append(Paragraph(text(t.conditionality_intro), s["Body"]))
    story.append(_grid([["Inadempimento", "Conseguenza"], *[list(x) for x in t.conditionality]],
                       [70 * mm, None]))
    story.append(Spacer(1, 2 * mm))
    story.append(Paragraph(text(t.justified_reasons), s["Body"]))

    story += heading("Trattamento dei dati personali")
    story.append(Paragraph(text(t.privacy_reference), s["Body"]))
    story.append(Paragraph(text(f"Testo degli impegni: versione {t.obligations_version}."),
                           s["Small"]))

    signature = [
        *heading("Dichiarazione e firme"),
        Paragraph(text(t.declaration), s["Body"]),
        Spacer(1, 4 * mm),
        Paragraph(text(f"Luogo e data: {data.place}, {_fmt(data.signed_on)}"), s["Body"]),
        Spacer(1, 6 * mm),
        _signatures(f"{p.surname} {p.name}", data.operator_name),
    ]
    story.append(KeepTogether(signature))
    return story


def _deadline_line(data: AgreementData) -> str:
    if data.patto_deadline is not None and data.deadline_days is not None:
        return f"{data.deadline_days} giorni dalla DID ({_fmt(data.patto_deadline)})"
    return "—"  # a version made before the deadline was taken from the DID


def _search_terms(data: AgreementData) -> list[Flowable]:
    """Art. 20 c. 2: job-search acts and timetable, reporting, proof of the search."""
    rows: list[list[Any]] = [["N.", "Atto di ricerca attiva", "Tempi e frequenza"]]
    rows += [[str(n), a.act, a.timing] for n, a in enumerate(data.search_acts, 1)]
    return [_grid(rows, [9 * mm, None, 60 * mm]), Spacer(1, 2 * mm), _pairs([
        ("Presentazione al Centro per l'Impiego", data.reporting or "—"),
        ("Prova della ricerca attiva", data.search_proof or "—"),
    ])]


def _widths(widths: list[float | None]) -> list[float]:
    rest = CONTENT_WIDTH - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def _cell(value: str, bold: bool = False) -> Paragraph:
    return Paragraph(text(value), styles()["CellBold" if bold else "Cell"])


def _pairs(rows: list[tuple[str, str]]) -> Table:
    table = Table([[_cell(k, True), _cell(v)] for k, v in rows],
                  colWidths=_widths([55 * mm, None]), hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (0, -1), LIGHT), ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return table


def _grid(rows: list[list[Any]], widths: list[float | None]) -> Table:
    data = [[_cell(str(v), i == 0) for v in row] for i, row in enumerate(rows)]
    table = Table(data, colWidths=_widths(widths), repeatRows=1, hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (-1, 0), LIGHT), ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return table


def _bullets(items: tuple[str, ...]) -> ListFlowable:
    s = styles()
    return ListFlowable([ListItem(Paragraph(text(x), s["Body"]), leftIndent=14) for x in items],
                        bulletType="bullet", start="•", bulletFontName=FONT, bulletFontSize=9,
                        leftIndent=14, bulletColor=ACCENT)


def _signatures(person: str, operator: str) -> Table:
    s = styles()
    half = CONTENT_WIDTH / 2
    rows = [
        [Paragraph("Firma della persona", s["CellBold"]),
         Paragraph("Firma dell'operatore del Centro per l'Impiego", s["CellBold"])],
        ["", ""],
        [_cell(person), _cell(operator)],
    ]
    table = Table(rows, colWidths=[half, half], rowHeights=[None, 16 * mm, None])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("LINEBELOW", (0, 1), (0, 1), 0.6, MUTED), ("LINEBELOW", (1, 1), (1, 1), 0.6, MUTED),
        ("RIGHTPADDING", (0, 0), (0, -1), 12), ("LEFTPADDING", (1, 0), (1, -1), 12)]))
    return table
