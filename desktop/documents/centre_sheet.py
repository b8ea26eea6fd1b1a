"""Scheda del centro: the site's address, opening hours, services and counters.

A one-page sheet for the notice board and for new staff; also the document
``sportello selftest`` renders to prove the print path works.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.documents.base import ACCENT, FONT, LIGHT, RULE, DocumentMeta, build_pdf, styles
from desktop.i18n import _
from desktop.values.site import SiteInfo


def centre_sheet_meta(site: SiteInfo, issued: dt.date) -> DocumentMeta:
    return DocumentMeta(
        title=_("Centre information sheet"),
        number=f"SC-{site.site_code}-{issued:%Y%m%d}",
        issued=issued,
        centre_name=site.centre_name,
        site_name=f"{site.site_name} · {site.full_address}",
        header_lines=tuple(x for x in (
            f"Tel. {site.phone}" if site.phone else "",
            site.centre_email, site.centre_pec and f"PEC {site.centre_pec}") if x),
    )


def render_centre_sheet(site: SiteInfo, issued: dt.date) -> bytes:
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(_("Centre information sheet")), s["Title"]),
        Paragraph(escape(_("Opening hours")), s["Heading"]),
    ]
    hours = site.opening_hours or (_("Not set"),)
    story += [Paragraph(escape(line), s["Body"]) for line in hours]
    story.append(Paragraph(escape(_("Services")), s["Heading"]))
    rows = [[Paragraph(escape(_("Code")), s["CellBold"]),
             Paragraph(escape(_("Service")), s["CellBold"]),
             Paragraph(escape(_("What it includes")), s["CellBold"])]]
    rows += [[Paragraph(escape(x.prefix), s["Cell"]), Paragraph(escape(x.name), s["Cell"]),
              Paragraph(escape(x.description), s["Cell"])]
             for x in site.services if x.active]
    story.append(_table(rows, [18 * mm, 55 * mm, None]))
    story.append(Paragraph(escape(_("Counters")), s["Heading"]))
    rows = [[Paragraph(escape(_("Counter")), s["CellBold"]),
             Paragraph(escape(_("Services served")), s["CellBold"])]]
    names = {x.prefix: x.name for x in site.services}
    rows += [[Paragraph(escape(c.name or str(c.number)), s["Cell"]),
              Paragraph(escape("; ".join(f"{p} – {names.get(p, p)}"
                                         for p in c.service_prefixes)), s["Cell"])]
             for c in site.counters if c.active]
    story.append(_table(rows, [35 * mm, None]))
    story += [Spacer(1, 6 * mm), Paragraph(escape(_(
        "Bring an identity document and your health card (tessera sanitaria) to every "
        "appointment.")), s["Small"])]
    return build_pdf(centre_sheet_meta(site, issued), story)


def _table(rows: list[list[Flowable]], widths: list[float | None]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
