"""The PDF of a data-subject access request: every field held, section by section."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.documents.base import DocumentMeta, build_pdf, styles
from desktop.i18n import _

Section = tuple[str, Sequence[tuple[str, str]]]


def render_subject_export(centre_name: str, site_name: str, request_number: str,
                          issued: dt.date, sections: Sequence[Section]) -> bytes:
    meta = DocumentMeta(title=_("Personal data held by the centre"),
                        number=f"DSR-{request_number}", issued=issued,
                        centre_name=centre_name, site_name=site_name,
                        subject=_("Data-subject access request (GDPR art. 15)"))
    s = styles()
    story: list[Flowable] = [
        Paragraph(escape(_("Personal data held by the centre")), s["Title"]),
        Paragraph(escape(_("This document lists every piece of information the centre "
                           "holds about you in Sportello, and who accessed your record.")),
                  s["Body"]),
    ]
    for title, rows in sections:
        story.append(Paragraph(escape(title), s["Heading"]))
        if not rows:
            story.append(Paragraph(escape(_("Nothing recorded.")), s["Small"]))
            continue
        table = Table([[Paragraph(escape(k), s["CellBold"]), Paragraph(escape(v), s["Cell"])]
                       for k, v in rows], colWidths=[55 * mm, 125 * mm])
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#D1D5DB")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story.append(table)
        story.append(Spacer(1, 3 * mm))
    return build_pdf(meta, story)
