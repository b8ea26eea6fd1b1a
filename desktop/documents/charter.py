"""Carta dei servizi: three editions (cittadini, imprese, disabili) in Italian and English.

The words live in YAML files a centre can edit (resources/charter/<centre code>/<lang>/,
falling back to resources/charter/default/<lang>/): ``common.yaml`` holds what every
edition shares (principles, standards, rights and duties, complaints, privacy, glossary),
``<edition>.yaml`` the edition's services. They are combined here with the live data of
the site (address, opening hours, counters) and, when given, the indicators measured by
the queue statistics for a period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
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
from desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    LIGHT,
    MUTED,
    RULE,
    DocumentMeta,
    build_pdf,
    ensure_printable,
    styles,
    text,
)
from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.paths import resource_path
from desktop.values.site import SiteInfo

EDITIONS = ("cittadini", "imprese", "disabili")
LANGUAGES = ("it", "en")


@dataclass(frozen=True)
class CharterIndicators:
    """Measured figures for a period (from the queue statistics), printed next to the standards."""

    period_start: dt.date
    period_end: dt.date
    average_wait_minutes: float
    #: Share of people served within the waiting-time standard, 0..1.
    share_within_standard: float
    people_served: int = 0


@dataclass(frozen=True)
class CharterTexts:
    common: dict[str, Any]
    edition: dict[str, Any]
    source: str


def charter_dir(centre_code: str, lang: str, root: Path | None = None) -> Path:
    """The folder of the texts for ``centre_code``, or the default one."""
    base = root or resource_path("charter")
    own = base / centre_code / lang
    return own if centre_code and (own / "common.yaml").exists() else base / "default" / lang


def load_charter_texts(edition: str, lang: str, centre_code: str = "",
                       root: Path | None = None) -> CharterTexts:
    if edition not in EDITIONS:
        raise NotFoundError(_("Unknown charter edition {edition}: choose one of {choices}.")
                            .format(edition=edition, choices=", ".join(EDITIONS)))
    if lang not in LANGUAGES:
        raise NotFoundError(_("Unknown charter language {lang}: choose one of {choices}.")
                            .format(lang=lang, choices=", ".join(LANGUAGES)))
    folder = charter_dir(centre_code, lang, root)
    return CharterTexts(_read_yaml(folder / "common.yaml"),
                        _read_yaml(folder / f"{edition}.yaml"), str(folder))


@lru_cache(maxsize=32)
def _read_yaml_cached(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise NotFoundError(_("The charter text file {path} is not valid.").format(path=path))
    return data


def _read_yaml(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise NotFoundError(_("The charter text file {path} is missing.").format(path=path))
    return _read_yaml_cached(str(path), path.stat().st_mtime)


def charter_meta(site: SiteInfo, texts: CharterTexts, edition: str, lang: str,
                 issued: dt.date) -> DocumentMeta:
    labels = texts.common["labels"]
    return DocumentMeta(
        title=str(texts.edition["title"]),
        number=f"CS-{site.centre_code}-{edition[:3].upper()}-{lang.upper()}-{issued:%Y%m%d}",
        issued=issued,
        centre_name=site.centre_name,
        site_name=f"{site.site_name} · {site.full_address}",
        header_lines=(f"{labels['document_title']} · {labels['edition']}: "
                      f"{texts.edition['audience']}",),
        subject=str(texts.edition.get("subtitle", "")),
        language="en-GB" if lang == "en" else "it-IT",
        version=int(texts.edition.get("version", 1)),
    )


def render_charter(site: SiteInfo, edition: str, lang: str, issued: dt.date,
                   indicators: CharterIndicators | None = None,
                   texts: CharterTexts | None = None) -> bytes:
    """The whole charter as PDF bytes (10+ A4 pages)."""
    texts = texts or load_charter_texts(edition, lang, site.centre_code)
    ensure_printable(site, texts.common, texts.edition, indicators)
    meta = charter_meta(site, texts, edition, lang, issued)
    return build_pdf(meta, _story(site, texts, issued, indicators, lang))


def _story(site: SiteInfo, texts: CharterTexts, issued: dt.date,
           indicators: CharterIndicators | None, lang: str) -> list[Flowable]:
    s = styles()
    common, edition = texts.common, texts.edition
    lab: dict[str, str] = common["labels"]
    story: list[Flowable] = []
    chapters = [common["principles"]["heading"], lab["who_we_are"], lab["services"],
                *[x["heading"] for x in edition.get("sections", [])], lab["standards"],
                lab["rights_duties"], lab["complaints"], lab["privacy"], lab["glossary"],
                lab["complaint_form"]]

    # Cover.
    story += [Spacer(1, 30 * mm), Paragraph(text(lab["document_title"].upper()), s["Small"]),
              Paragraph(text(edition["title"]), s["Cover"]),
              Paragraph(text(edition.get("subtitle", "")), s["CoverSub"]),
              Spacer(1, 10 * mm), Paragraph(text(site.centre_name), s["Heading"]),
              Paragraph(text(f"{site.site_name} — {site.full_address}"), s["Body"]),
              Spacer(1, 8 * mm), Paragraph(text(lab["cover_note"]), s["Body"]),
              Spacer(1, 8 * mm),
              Paragraph(text(f"{lab['valid_from']}: {_date(issued, lang)}"), s["Body"])]
    story.append(PageBreak())

    # Contents and principles.
    story.append(Paragraph(text(lab["contents"]), s["Title"]))
    story += [Paragraph(text(f"{n}.  {title}"), s["Toc"]) for n, title in enumerate(chapters, 1)]
    story.append(Spacer(1, 6 * mm))
    story += [Paragraph(text(p), s["Body"]) for p in edition.get("intro", [])]
    chapter = _Chapters(s)
    story += chapter(common["principles"]["heading"], new_page=False)
    story += [Paragraph(text(p), s["Body"]) for p in common["principles"]["paragraphs"]]
    story.append(_bullets(common["principles"]["bullets"]))

    # Who we are: live data of the site.
    story += chapter(lab["who_we_are"], new_page=False)
    rows = [(lab["address"], f"{site.site_name}, {site.full_address}"),
            (lab["phone"], site.phone or site.centre_phone),
            (lab["email"], site.centre_email), (lab["pec"], site.centre_pec),
            (lab["website"], site.centre_website)]
    story.append(_pairs([(k, v) for k, v in rows if v]))
    story.append(Paragraph(text(lab["opening_hours"]), s["Heading2"]))
    story += [Paragraph(text(line), s["Body"]) for line in site.opening_hours] or [
        Paragraph("—", s["Body"])]
    story.append(Paragraph(text(lab["counters"]), s["Heading2"]))
    names = {x.prefix: x.name for x in site.services}
    counter_rows = [[lab["counter"], lab["services_served"]]]
    counter_rows += [[c.name or str(c.number),
                      "; ".join(f"{p} – {names.get(p, p)}" for p in c.service_prefixes)]
                     for c in site.counters if c.active]
    story.append(_grid(counter_rows, [40 * mm, None]))

    # Services of this edition.
    story += chapter(lab["services"])
    for number, service in enumerate(edition["services"], 1):
        block: list[Flowable] = [Paragraph(text(f"{number}. {service['name']}"), s["Heading2"])]
        pairs: list[tuple[str, Any]] = [
            (lab["for_whom"], service["for_whom"]), (lab["includes"], service["includes"]),
            (lab["how"], service["how"]), (lab["documents"], service.get("documents", [])),
            (lab["timing"], service.get("timing", ""))]
        block.append(_pairs([(k, v) for k, v in pairs if v]))
        story.append(KeepTogether(block))
    for section in edition.get("sections", []):
        story += chapter(section["heading"], new_page=False)
        story += [Paragraph(text(p), s["Body"]) for p in section.get("paragraphs", [])]
        if section.get("bullets"):
            story.append(_bullets(section["bullets"]))

    # Standards and measured figures.
    story += chapter(lab["standards"])
    std_rows = [[lab["factor"], lab["indicator"], lab["standard"]]]
    std_rows += [[x["factor"], x["indicator"], x["standard"]] for x in common["standards"]]
    story.append(_grid(std_rows, [32 * mm, 70 * mm, None]))
    story.append(Paragraph(text(lab["measured"]), s["Heading2"]))
    if indicators is None:
        story.append(_notice(lab["not_measured"]))
    else:
        target = int(common.get("wait_standard_minutes", 30))
        measured = [
            [lab["period"], f"{_date(indicators.period_start, lang)} – "
                            f"{_date(indicators.period_end, lang)}"],
            [lab["average_wait"], f"{_number(indicators.average_wait_minutes, lang)} "
                                  f"{lab['minutes']}"],
            [f"{lab['within_standard']} ({target} {lab['minutes']})",
             f"{_number(indicators.share_within_standard * 100, lang)}%"],
        ]
        if indicators.people_served:
            measured.append([lab["people_served"], f"{indicators.people_served}"])
        story.append(_pairs([(k, v) for k, v in measured]))
        story.append(Paragraph(text(lab["measured_note"]), s["Small"]))

    # Rights and duties.
    story += chapter(lab["rights_duties"])
    story.append(Paragraph(text(lab["rights"]), s["Heading2"]))
    story.append(_bullets(common["rights"]))
    story.append(Paragraph(text(lab["duties"]), s["Heading2"]))
    story.append(_bullets(common["duties"]))

    # Complaints.
    story += chapter(lab["complaints"])
    story += [Paragraph(text(p), s["Body"]) for p in common["complaints"]["paragraphs"]]
    story.append(_bullets(common["complaints"]["steps"], numbered=True))

    # Privacy and glossary.
    story += chapter(lab["privacy"])
    story += [Paragraph(text(p), s["Body"]) for p in common["privacy"]["paragraphs"]]
    story += chapter(lab["glossary"], new_page=False)
    story.append(_grid([[lab["term"], lab["meaning"]], *common["glossary"]], [45 * mm, None]))

    # Complaint form: a page to tear out.
    form = common["complaint_form"]
    story += chapter(lab["complaint_form"])
    story += [Paragraph(text(form["intro"]), s["Small"]), Spacer(1, 3 * mm),
              Paragraph(text(form["kind"]), s["Body"]), Spacer(1, 2 * mm)]
    story.append(_form_lines(form["fields"]))
    for label in (form["description"], form["request"]):
        story += [Paragraph(text(label), s["CellBold"]), _blank_box(38 * mm)]
    story.append(_form_lines([lab["date"], lab["signature"]]))
    return story


class _Chapters:
    """Numbered chapter headings; major chapters start on a new page."""

    def __init__(self, s: Any) -> None:
        self.styles = s
        self.number = 0

    def __call__(self, title: str, new_page: bool = True) -> list[Flowable]:
        self.number += 1
        head = Paragraph(text(f"{self.number}. {title}"), self.styles["Title"])
        return [PageBreak() if new_page else CondPageBreak(40 * mm), head]


def _date(day: dt.date, lang: str) -> str:
    return formatting.date(day)


def _number(value: float, lang: str) -> str:
    return formatting.decimal(value, 1, grouping=False, language=lang)


def _bullets(items: list[str], numbered: bool = False) -> ListFlowable:
    s = styles()
    return ListFlowable(
        [ListItem(Paragraph(text(x), s["Body"]), leftIndent=14) for x in items],
        bulletType="1" if numbered else "bullet", start=None if numbered else "•",
        bulletFontName=FONT, bulletFontSize=9, leftIndent=14, bulletColor=ACCENT)


def _cell(value: Any, bold: bool = False) -> Flowable:
    s = styles()
    if isinstance(value, list):
        return _bullets([str(x) for x in value])
    return Paragraph(text(str(value)), s["CellBold" if bold else "Cell"])


def _widths(widths: list[float | None]) -> list[float]:
    """Fill the one ``None`` column with what is left of the frame, so text wraps."""
    rest = CONTENT_WIDTH - sum(w for w in widths if w is not None)
    return [rest if w is None else w for w in widths]


def _pairs(rows: list[tuple[str, Any]]) -> Table:
    table = Table([[_cell(k, bold=True), _cell(v)] for k, v in rows],
                  colWidths=_widths([45 * mm, None]), hAlign="LEFT", splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (0, -1), LIGHT),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _grid(rows: list[list[Any]], widths: list[float | None]) -> Table:
    data = [[_cell(v, bold=(i == 0)) for v in row] for i, row in enumerate(rows)]
    table = Table(data, colWidths=_widths(widths), repeatRows=1, hAlign="LEFT",
                  splitInRow=1)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _notice(message: str) -> Table:
    table = Table([[_cell(message)]], colWidths=[CONTENT_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("BOX", (0, 0), (-1, -1), 0.8, ACCENT), ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
        ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ("LEFTPADDING", (0, 0), (-1, -1), 8)]))
    return table


def _form_lines(labels: list[str]) -> Table:
    table = Table([[_cell(label, bold=True), ""] for label in labels],
                  colWidths=_widths([55 * mm, None]), rowHeights=[9 * mm] * len(labels), hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),

        ("LINEBELOW", (1, 0), (1, -1), 0.5, MUTED), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return table


def _blank_box(height: float) -> Table:
    table = Table([[""]], colWidths=[CONTENT_WIDTH], rowHeights=[height], hAlign="LEFT")
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BOX", (0, 0), (-1, -1), 0.5, MUTED)]))
    return table
