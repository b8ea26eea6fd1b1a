"""The person's curriculum vitae, in Europass-like sections, in Italian or in English.

Pure: a :class:`CurriculumVitae` in, PDF bytes out. The language is the one chosen at
print time (not the operator's), so the labels are kept here for both languages. The
CV never prints a codice fiscale. When it is meant for a firm, it says for which
vacancy and on which day the person consented.
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
    RULE,
    DocumentMeta,
    build_pdf,
    ensure_printable,
    styles,
    text,
)

LANGUAGES = ("it", "en")

_LABELS: dict[str, dict[str, str]] = {
    "title": {"it": "Curriculum vitae", "en": "Curriculum vitae"},
    "personal": {"it": "Informazioni personali", "en": "Personal information"},
    "name": {"it": "Nome e cognome", "en": "Name"},
    "born": {"it": "Data di nascita", "en": "Date of birth"},
    "citizenship": {"it": "Cittadinanza", "en": "Citizenship"},
    "address": {"it": "Indirizzo", "en": "Address"},
    "phone": {"it": "Telefono", "en": "Phone"},
    "email": {"it": "E-mail", "en": "E-mail"},
    "desired": {"it": "Occupazioni desiderate", "en": "Desired occupations"},
    "experience": {"it": "Esperienza lavorativa", "en": "Work experience"},
    "education": {"it": "Istruzione e formazione", "en": "Education and training"},
    "languages": {"it": "Competenze linguistiche", "en": "Language skills"},
    "digital": {"it": "Competenze digitali", "en": "Digital skills"},
    "other": {"it": "Altre competenze", "en": "Other skills"},
    "licences": {"it": "Patente di guida", "en": "Driving licence"},
    "vehicle": {"it": "automunito", "en": "own vehicle"},
    "mobility": {"it": "Disponibilità a spostarsi fino a {km} km; {hours}",
                 "en": "Willing to travel up to {km} km; {hours}"},
    "part_time": {"it": "anche part-time", "en": "part-time too"},
    "full_time": {"it": "tempo pieno", "en": "full time"},
    "now": {"it": "in corso", "en": "present"},
    "none": {"it": "nessuna indicata", "en": "none given"},
    "sector": {"it": "settore ATECO {code}", "en": "ATECO sector {code}"},
    "level": {"it": "livello {level} (QCER)", "en": "level {level} (CEFR)"},
    "for_firm": {"it": "Inviato a {firm} per l'offerta {vacancy} con il consenso del "
                       "candidato del {day}.",
                 "en": "Sent to {firm} for vacancy {vacancy} with the candidate's consent "
                       "of {day}."},
    "privacy": {"it": "Dati personali trattati ai sensi del Reg. UE 2016/679 e del d.lgs. "
                      "196/2003 per la sola selezione del personale; non vanno ceduti ad "
                      "altri.",
                "en": "Personal data processed under Regulation (EU) 2016/679 for the "
                      "recruitment only; do not pass them on."},
}

_EDUCATION: dict[str, tuple[str, str]] = {
    "none": ("Nessun titolo di studio", "No formal qualification"),
    "licenza_elementare": ("Licenza elementare", "Primary school certificate"),
    "licenza_media": ("Licenza media", "Lower secondary school certificate"),
    "qualifica": ("Qualifica professionale", "Vocational qualification"),
    "diploma": ("Diploma di scuola superiore", "Upper secondary school diploma"),
    "laurea_triennale": ("Laurea triennale", "Bachelor's degree"),
    "laurea": ("Laurea magistrale", "Master's degree"),
    "dottorato": ("Dottorato di ricerca", "Doctorate"),
}


#: The languages a curriculum usually records (in Italian), named in English.
_LANGUAGE_EN = {"inglese": "English", "francese": "French", "tedesco": "German",
                "spagnolo": "Spanish", "italiano": "Italian", "portoghese": "Portuguese",
                "arabo": "Arabic", "cinese": "Chinese", "russo": "Russian",
                "rumeno": "Romanian", "albanese": "Albanian", "ucraino": "Ukrainian",
                "polacco": "Polish", "olandese": "Dutch", "giapponese": "Japanese"}


def language_name(name: str, lang: str) -> str:
    if lang == "en":
        return _LANGUAGE_EN.get(name.lower(), name.capitalize())
    return name.capitalize()


def label(key: str, lang: str) -> str:
    return _LABELS[key][lang if lang in LANGUAGES else "it"]


def education_label(code: str, lang: str) -> str:
    names = _EDUCATION.get(code)
    if names is None:
        return code.replace("_", " ")
    return names[0] if lang == "it" else names[1]


@dataclass(frozen=True)
class CvExperience:
    occupation: str
    employer: str
    ateco: str
    start: dt.date | None
    end: dt.date | None
    contract: str


@dataclass(frozen=True)
class CurriculumVitae:
    number: str
    lang: str
    issued: dt.date
    centre_name: str
    site_line: str
    full_name: str
    birth_date: dt.date
    citizenship: str
    address: str
    phone: str
    email: str
    desired: tuple[str, ...]
    experiences: tuple[CvExperience, ...]
    education: str
    languages: tuple[tuple[str, str], ...]
    digital_skills: tuple[str, ...]
    other_skills: tuple[str, ...]
    licences: tuple[str, ...]
    own_vehicle: bool
    mobility_km: int
    part_time: bool
    #: For a firm: (firm, vacancy number, day of the consent); None for the person.
    sent_to: tuple[str, str, dt.date] | None = None


def cv_meta(cv: CurriculumVitae) -> DocumentMeta:
    return DocumentMeta(title=f"{label('title', cv.lang)} — {cv.full_name}", number=cv.number,
                        issued=cv.issued, centre_name=cv.centre_name, site_name=cv.site_line,
                        subject=label("title", cv.lang),
                        language="it-IT" if cv.lang == "it" else "en-GB")


def _month(day: dt.date | None, lang: str) -> str:
    return label("now", lang) if day is None else f"{day:%m/%Y}"


def _section(title: str, rows: list[tuple[str, str]]) -> list[Flowable]:
    """A Europass-like block: the heading, then the label column and the value column."""
    s = styles()
    out: list[Flowable] = [Paragraph(text(title), s["Heading"])]
    if not rows:
        return out
    table = Table([[Paragraph(text(k), s["Small"]), Paragraph(text(v), s["Cell"])]
                   for k, v in rows], colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm],
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
    out.append(table)
    return out


def render_cv(cv: CurriculumVitae) -> bytes:
    ensure_printable(cv)
    lang = cv.lang if cv.lang in LANGUAGES else "it"
    s = styles()
    none = label("none", lang)
    story: list[Flowable] = [Paragraph(text(label("title", lang)), s["Title"]),
                             Paragraph(text(cv.full_name), s["Heading2"])]
    story += _section(label("personal", lang), [
        (label("name", lang), cv.full_name),
        (label("born", lang), f"{cv.birth_date:%d/%m/%Y}"),
        *([(label("citizenship", lang), cv.citizenship)] if cv.citizenship else []),
        *([(label("address", lang), cv.address)] if cv.address else []),
        *([(label("phone", lang), cv.phone)] if cv.phone else []),
        *([(label("email", lang), cv.email)] if cv.email else []),
    ])
    story += _section(label("desired", lang), [
        (str(i), name) for i, name in enumerate(cv.desired, start=1)] or [("—", none)])
    story += _section(label("experience", lang), [
        (f"{_month(x.start, lang) if x.start else '…'} – {_month(x.end, lang)}",
         "\n".join(v for v in (x.occupation, x.employer,
                               label("sector", lang).format(code=x.ateco) if x.ateco else "",
                               x.contract) if v))
        for x in cv.experiences] or [("—", none)])
    story += _section(label("education", lang), [
        ("", education_label(cv.education, lang) if cv.education else none)])
    story += _section(label("languages", lang), [
        (language_name(name, lang), label("level", lang).format(level=level))
        for name, level in cv.languages] or [("—", none)])
    story += _section(label("digital", lang), [("", ", ".join(cv.digital_skills) or none)])
    if cv.other_skills:
        story += _section(label("other", lang), [("", ", ".join(cv.other_skills))])
    hours = label("part_time" if cv.part_time else "full_time", lang)
    licences = ", ".join(cv.licences) or none
    if cv.own_vehicle:
        licences += f" ({label('vehicle', lang)})"
    story += _section(label("licences", lang), [
        ("", licences), ("", label("mobility", lang).format(km=cv.mobility_km, hours=hours))])
    story.append(Spacer(1, 6 * mm))
    if cv.sent_to is not None:
        firm, vacancy, day = cv.sent_to
        story.append(Paragraph(text(label("for_firm", lang).format(
            firm=firm, vacancy=vacancy, day=f"{day:%d/%m/%Y}")), s["Body"]))
    story.append(Paragraph(text(label("privacy", lang)), s["Small"]))
    return build_pdf(cv_meta(cv), story)
