"""Patto di servizio personalizzato: the frozen data of one version, and its PDF.

``AgreementData`` is everything the printout shows, captured when the version is
saved; it round-trips through canonical JSON (:func:`to_json` / :func:`from_json`),
which is what the database keeps. Rendering depends on nothing else, so a version
printed today and reprinted next year gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import yaml
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
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.paths import resource_path

#: Profiling classes (indice di distanza dal mercato del lavoro) and GOL paths.
PROFILING_CLASSES = ("bassa", "media", "alta", "molto alta")
GOL_PATHS = (
    "Percorso 1 – Reinserimento lavorativo",
    "Percorso 2 – Aggiornamento (upskilling)",
    "Percorso 3 – Riqualificazione (reskilling)",
    "Percorso 4 – Lavoro e inclusione",
    "Percorso 5 – Ricollocazione collettiva",
)
MEASURE_TYPES = (
    "Orientamento di base", "Orientamento specialistico", "Accompagnamento al lavoro",
    "Formazione", "Tirocinio extracurriculare", "Laboratorio di ricerca attiva",
    "Bilancio di competenze", "Incontro domanda-offerta", "Autoimpiego",
)
#: Labels of the two copies of a two-copy printout, in printing order.
COPY_LABELS = ("Copia per la persona", "Copia per il Centro per l'Impiego")


def gol_path_label(path: int) -> str:
    """The printed name of GOL path ``path`` (1-5, as the DID's profiling stores it)."""
    return GOL_PATHS[max(1, min(path, len(GOL_PATHS))) - 1]


@dataclass(frozen=True)
class Measure:
    kind: str
    description: str
    provider: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Appointment:
    when: dt.datetime
    place: str
    purpose: str


@dataclass(frozen=True)
class SearchAct:
    """A job-search act the person commits to (art. 20 c. 2 D.Lgs. 150/2015) and its
    timetable: what, and by when or how often."""

    act: str
    timing: str


@dataclass(frozen=True)
class AgreementPerson:
    fiscal_code: str
    surname: str
    name: str
    sex: str
    birth_date: dt.date
    birthplace: str
    citizenship: str
    mobile: str = ""
    email: str = ""
    #: Legacy single line (versions made before residence and domicile were printed).
    address: str = ""
    residence: str = ""
    #: Empty when the domicile is the residence.
    domicile: str = ""


@dataclass(frozen=True)
class AgreementTexts:
    """The fixed texts as they were when the version was made (resources/agreement/)."""

    obligations_version: str
    privacy_reference: str
    title: str
    legal_basis: str
    person_commitments: tuple[str, ...]
    centre_commitments: tuple[str, ...]
    conditionality_intro: str
    conditionality: tuple[tuple[str, str], ...]
    justified_reasons: str
    declaration: str


@dataclass(frozen=True)
class AgreementData:
    number: str
    version: int
    person: AgreementPerson
    did_date: dt.date | None
    naspi: bool
    profiling_class: str
    gol_path: str
    measures: tuple[Measure, ...]
    appointments: tuple[Appointment, ...]
    operator_name: str
    place: str
    signed_on: dt.date
    centre_name: str
    site_line: str
    header_lines: tuple[str, ...]
    texts: AgreementTexts
    replaces_version: int | None = None
    replaces_date: dt.date | None = None
    reason: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: The last day to sign the patto, as the DID computed it (one source: the
    #: configured 15/30 days of desktop.services.profiling.patto_deadline).
    patto_deadline: dt.date | None = None
    #: Who the responsible operator is (the printed name is ``operator_name``).
    operator_username: str = ""
    #: Art. 20 c. 2: job-search acts and their timetable, how often the person reports
    #: to the centre, and how the search is proven.
    search_acts: tuple[SearchAct, ...] = ()
    reporting: str = ""
    search_proof: str = ""

    @property
    def deadline_days(self) -> int | None:
        if self.patto_deadline is None or self.did_date is None:
            return None
        return (self.patto_deadline - self.did_date).days


@cache
def _texts_cached() -> AgreementTexts:
    with open(resource_path("agreement", "it.yaml"), encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return AgreementTexts(
        obligations_version=str(raw["obligations_version"]),
        privacy_reference=raw["privacy_reference"], title=raw["title"],
        legal_basis=raw["legal_basis"],
        person_commitments=tuple(raw["person_commitments"]),
        centre_commitments=tuple(raw["centre_commitments"]),
        conditionality_intro=raw["conditionality_intro"],
        conditionality=tuple((a, b) for a, b in raw["conditionality"]),
        justified_reasons=raw["justified_reasons"], declaration=raw["declaration"],
    )


def current_texts() -> AgreementTexts:
    """The texts a new version copies (the file may be edited by the centre)."""
    return _texts_cached()


def missing_data(data: AgreementData) -> list[str]:
    """What stops the agreement from being printed, as Italian sentences (empty: fine)."""
    problems: list[str] = []
    if data.did_date is None:
        problems.append(_("the date of the declaration of immediate availability (DID)"))
    if not data.profiling_class.strip():
        problems.append(_("the profiling class"))
    if not data.gol_path.strip():
        problems.append(_("the GOL path"))
    return problems + missing_measures(data)


def missing_measures(data: AgreementData) -> list[str]:
    """What the measures lack (the part of :func:`missing_data` the operator types)."""
    problems: list[str] = []
    if not data.measures:
        problems.append(_("at least one agreed measure"))
    for n, m in enumerate(data.measures, 1):
        if not (m.kind.strip() and m.description.strip() and m.provider.strip()):
            problems.append(_("type, description and provider of measure {n}").format(n=n))
        if m.start and m.end and m.end < m.start:
            problems.append(_("an end date after the start date for measure {n}").format(n=n))
    return problems


def search_terms_problems(data: AgreementData) -> dict[str, list[str]]:
    """What art. 20 c. 2 asks and the data lack, by item ("search_acts", "reporting",
    "search_proof"); checked when a version is saved, so versions made before these
    items existed can still be reprinted."""
    problems: dict[str, list[str]] = {}
    acts = problems.setdefault("search_acts", [])
    if not data.search_acts:
        acts.append(_("at least one job-search act with its timetable"))
    for n, act in enumerate(data.search_acts, 1):
        if not (act.act.strip() and act.timing.strip()):
            acts.append(_("what and by when (or how often) for job-search act {n}")
                        .format(n=n))
    if not data.reporting.strip():
        problems["reporting"] = [_("how often the person reports to the centre")]
    if not data.search_proof.strip():
        problems["search_proof"] = [_("how the job search is proven")]
    return {key: items for key, items in problems.items() if items}


def missing_search_terms(data: AgreementData) -> list[str]:
    return [item for items in search_terms_problems(data).values() for item in items]


def require_complete(data: AgreementData) -> None:
    problems = missing_data(data)
    if problems:
        raise ValidationError(
            _("The service agreement cannot be printed: missing {items}.").format(
                items="; ".join(problems)))


# -- snapshot ------------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def to_json(data: AgreementData) -> str:
    """Canonical JSON: sorted keys, no spaces, so equal data gives equal text."""
    return json.dumps(_encode(asdict(data)), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(raw: str) -> AgreementData:
    d = json.loads(raw)
    p = d["person"]
    t = d["texts"]
    return AgreementData(
        number=d["number"], version=d["version"],
        person=AgreementPerson(**{**p, "birth_date": dt.date.fromisoformat(p["birth_date"])}),
        did_date=_date(d["did_date"]), naspi=d["naspi"], profiling_class=d["profiling_class"],
        gol_path=d["gol_path"],
        measures=tuple(Measure(m["kind"], m["description"], m["provider"], _date(m["start"]),
                               _date(m["end"])) for m in d["measures"]),
        appointments=tuple(Appointment(dt.datetime.fromisoformat(a["when"]), a["place"],
                                       a["purpose"]) for a in d["appointments"]),
        operator_name=d["operator_name"], place=d["place"],
        signed_on=dt.date.fromisoformat(d["signed_on"]), centre_name=d["centre_name"],
        site_line=d["site_line"], header_lines=tuple(d["header_lines"]),
        texts=AgreementTexts(
            obligations_version=t["obligations_version"],
            privacy_reference=t["privacy_reference"], title=t["title"],
            legal_basis=t["legal_basis"], person_commitments=tuple(t["person_commitments"]),
            centre_commitments=tuple(t["centre_commitments"]),
            conditionality_intro=t["conditionality_intro"],
            conditionality=tuple((a, b) for a, b in t["conditionality"]),
            justified_reasons=t["justified_reasons"], declaration=t["declaration"]),
        replaces_version=d.get("replaces_version"), replaces_date=_date(d.get("replaces_date")),
        reason=d.get("reason", ""), extra=dict(d.get("extra", {})),
        patto_deadline=_date(d.get("patto_deadline")),
        operator_username=d.get("operator_username", ""),
        search_acts=tuple(SearchAct(a["act"], a["timing"]) for a in d.get("search_acts", ())),
        reporting=d.get("reporting", ""), search_proof=d.get("search_proof", ""),
    )


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
    return day.strftime("%d/%m/%Y") if day else "—"


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
        rows += [[a.when.strftime("%d/%m/%Y %H:%M"), a.place, a.purpose]
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
