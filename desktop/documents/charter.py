"""Carta dei servizi: three editions (cittadini, imprese, persone con disabilità) in
Italian and English.

The texts and the standards come from ``desktop.documents.charter_texts``; they are
combined here with the live data of the site (address, opening hours, counters), the
edition the centre adopted (number and effective date: the print date is only the print
date) and, when given, each standard's value measured over a period, printed beside
the promise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from babel.numbers import format_percent
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
from desktop.documents.charter_texts import (
    EDITIONS,
    LANGUAGES,
    CharterTexts,
    charter_dir,
    load_charter_texts,
)
from desktop.values.charter import UNITS, CharterMeasures, EditionInfo, StandardSpec
from desktop.values.site import SiteInfo

__all__ = ["EDITIONS", "LANGUAGES", "CharterTexts", "charter_dir", "charter_meta",
           "load_charter_texts", "measured_text", "render_charter"]


def charter_meta(site: SiteInfo, texts: CharterTexts, edition: str, lang: str,
                 issued: dt.date, adopted: EditionInfo | None = None) -> DocumentMeta:
    """The same adopted edition always has the same number; a draft says it is one."""
    labels = texts.common["labels"]
    stem = f"CS-{site.centre_code}-{edition[:3].upper()}"
    number = (f"{stem}-E{adopted.number:02d}-{lang.upper()}" if adopted
              else f"{stem}-{labels['draft_code']}-{lang.upper()}")
    edition_line = (f"{labels['number']} {adopted.number}" if adopted else labels["draft"])
    return DocumentMeta(
        title=str(texts.edition["title"]),
        number=number,
        issued=issued,
        centre_name=site.centre_name,
        site_name=f"{site.site_name} · {site.full_address}",
        header_lines=(f"{labels['document_title']} · {labels['edition']} "
                      f"{texts.edition['audience']} · {edition_line}",),
        subject=str(texts.edition.get("subtitle", "")),
        language="en-GB" if lang == "en" else "it-IT",
        version=adopted.number if adopted else 0,
    )


def render_charter(site: SiteInfo, edition: str, lang: str, issued: dt.date,
                   measures: CharterMeasures | None = None,
                   texts: CharterTexts | None = None,
                   adopted: EditionInfo | None = None) -> bytes:
    """The whole charter as PDF bytes (10+ A4 pages)."""
    texts = texts or load_charter_texts(edition, lang, site.centre_code)
    ensure_printable(site, texts.common, texts.edition, measures)
    meta = charter_meta(site, texts, edition, lang, issued, adopted)
    return build_pdf(meta, _story(site, texts, issued, measures, lang, adopted))


def measured_text(spec: StandardSpec, measures: CharterMeasures, labels: dict[str, str],
                  lang: str) -> str:
    """What the Carta prints in the "measured" column of ``spec``."""
    if not spec.measured:
        return labels["checked_by_centre"]
    found = measures.get(spec.id)
    if found is None or found.value is None:
        return found.reason if found else labels["no_data"]
    unit = UNITS[spec.indicator]
    if unit == "share":
        shown = _percent(found.value, lang)
    else:
        shown = f"{_figure(found.value, lang)} {labels[unit]}"
    if found.met is not None:
        shown += f" — {labels['met'] if found.met else labels['not_met']}"
    return shown


def _percent(share: float, lang: str) -> str:
    return format_percent(share, "#,##0.0%", locale=lang)


def _figure(value: float, lang: str) -> str:
    """As the Osservatorio's figures: whole numbers as integers, others with one decimal."""
    if value % 1:
        return formatting.decimal(value, 1, language=lang)
    return formatting.decimal(value, 0, language=lang)


def _story(site: SiteInfo, texts: CharterTexts, issued: dt.date,
           measures: CharterMeasures | None, lang: str,
           adopted: EditionInfo | None) -> list[Flowable]:
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
              Spacer(1, 8 * mm)]
    if adopted is not None:
        story += [Paragraph(text(f"{lab['edition_number']} {adopted.number} · "
                                 f"{lab['valid_from']}: {_date(adopted.effective_from, lang)}"),
                            s["Body"]),
                  Paragraph(text(f"{lab['adopted_on']}: {_date(adopted.adopted_on, lang)}"),
                            s["Small"])]
    else:
        story.append(_notice(lab["draft_note"]))
    story.append(Paragraph(text(f"{lab['printed_on']}: {_date(issued, lang)}"), s["Small"]))
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
    only = set(edition.get("counter_services") or ())
    counter_rows += [[c.name or str(c.number),
                      "; ".join(f"{p} – {names.get(p, p)}" for p in c.service_prefixes
                                if not only or p in only)]
                     for c in site.counters
                     if c.active and (not only or only & set(c.service_prefixes))]
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

    # Standards, each with its measured value.
    story += chapter(lab["standards"])
    story.append(Paragraph(text(lab["standards_intro"]), s["Body"]))
    if measures is None:
        std_rows = [[lab["factor"], lab["indicator"], lab["standard"]]]
        std_rows += [[x.factor, x.indicator_text, x.promise_text] for x in texts.standards]
        story.append(_grid(std_rows, [30 * mm, 62 * mm, None]))
        story.append(Spacer(1, 3 * mm))
        story.append(_notice(lab["not_measured"]))
    else:
        period = (f"{_date(measures.period_start, lang)} – "
                  f"{_date(measures.period_end, lang)}")
        story.append(_pairs([(lab["period"], period)]))
        std_rows = [[lab["factor"], lab["indicator"], lab["standard"],
                     f"{lab['measured']} ({period})"]]
        std_rows += [[x.factor, x.indicator_text, x.promise_text,
                      measured_text(x, measures, lab, lang)] for x in texts.standards]
        story.append(_grid(std_rows, [35 * mm, 41 * mm, 41 * mm, None]))  # "Partecipazione" whole
        story.append(Paragraph(text(edition.get("measured_note") or lab["measured_note"]),
                               s["Small"]))

    # Rights and duties.
    story += chapter(lab["rights_duties"])
    story.append(Paragraph(text(lab["rights"]), s["Heading2"]))
    story.append(_bullets(edition["rights"]))
    story.append(Paragraph(text(lab["duties"]), s["Heading2"]))
    story.append(_bullets(edition["duties"]))

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
