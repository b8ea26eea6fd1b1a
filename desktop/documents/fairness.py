"""Fairness report of the matching: groups along the way from the pool to the hiring,
the four-fifths check and the oversight log. Pure: a FairnessReport in, PDF bytes out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop import formatting
from desktop.documents.base import ACCENT, FONT, LIGHT, RULE, DocumentMeta, build_pdf, styles, text
from desktop.i18n import _
from desktop.values.fairness import (
    DIMENSIONS,
    FOUR_FIFTHS,
    STAGES,
    FairnessReport,
    dimension_label,
    stage_label,
)
from desktop.values.shortlist import outcome_label

ALERT = "#B91C1C"


def fairness_meta(report: FairnessReport, centre_name: str, site_name: str,
                  issued: dt.date) -> DocumentMeta:
    key = "V" if report.scope == "vacancy" else "P"
    return DocumentMeta(
        title=_("Fairness of the matching"),
        number=f"EQ-{key}-{report.date_from:%Y%m%d}-{report.date_to:%Y%m%d}",
        issued=issued, centre_name=centre_name, site_name=site_name,
        header_lines=(report.subject,), subject=report.subject)


def _table(rows: Sequence[Sequence[Flowable | str]], widths: list[float | None],
           flagged: list[tuple[int, int]]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE), ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    for col, row in flagged:
        commands.append(("BACKGROUND", (col, row), (col, row), "#FEE2E2"))
    table.setStyle(TableStyle(commands))
    return table


def group_cells(report: FairnessReport, dimension: str) -> tuple[list[list[str]],
                                                                  list[tuple[int, int]]]:
    """The rows of one dimension's table as text: group, then per stage "count (share)"
    and, after the pool, "ratio" to the most selected group; flagged cells listed."""
    header = [dimension_label(dimension).capitalize()] + [
        stage_label(s, report.scope) for s in STAGES]
    rows = [header]
    flagged: list[tuple[int, int]] = []
    for row in (r for r in report.rows if r.dimension == dimension):
        cells = [row.label]
        for i in range(len(STAGES)):
            cell = f"{row.counts[i]} ({formatting.percent(row.shares[i], 0)})"
            ratio = row.ratios[i - 1] if i > 0 else None
            if ratio is not None:
                cell += "\n" + _("ratio {ratio}").format(ratio=formatting.decimal(ratio, 2))
                if row.alerts[i - 1]:
                    cell += " \u26a0"
                    flagged.append((i + 1, len(rows)))
            cells.append(cell)
        rows.append(cells)
    return rows, flagged


def render_fairness(report: FairnessReport, meta: DocumentMeta) -> bytes:
    s = styles()
    story: list[Flowable] = [
        Paragraph(text(_("Fairness of the matching")), s["Title"]),
        Paragraph(text(report.subject), s["Body"]),
        Paragraph(text(_("Share of each group at each stage, and its selection rate against "
                         "the most selected group of the same kind (ratio). Under {limit} "
                         "the four-fifths rule flags the group, when the gap is more than "
                         "chance.").format(limit=formatting.decimal(FOUR_FIFTHS, 2))), s["Small"]),
        Spacer(1, 3 * mm)]
    if report.alerts:
        story.append(Paragraph(text(_("Alerts")), s["Heading"]))
        story += [Paragraph(f"<font color='{ALERT}'>{text(a)}</font>", s["Body"])
                  for a in report.alerts]
    else:
        story.append(Paragraph(text(_("No group is selected at under four fifths of the "
                                      "rate of the most selected one.")), s["Body"]))
    totals = " · ".join(f"{stage_label(st, report.scope)}: {n}"
                        for st, n in zip(STAGES, report.totals, strict=True))
    story.append(Paragraph(text(totals), s["Small"]))
    for dimension in DIMENSIONS:
        rows, flagged = group_cells(report, dimension)
        cells = [[Paragraph(text(c), s["CellBold" if r == 0 else "Cell"]) for c in row]
                 for r, row in enumerate(rows)]
        story += [Spacer(1, 3 * mm), _table(cells, [30 * mm] + [None] * len(STAGES), flagged)]
    story.append(Paragraph(text(_("Oversight log")), s["Heading"]))
    if report.oversight_total > len(report.oversight):
        story.append(Paragraph(text(_("The latest {shown} of {total} proposals.").format(
            shown=len(report.oversight), total=report.oversight_total)), s["Small"]))
    # Each proposal on two lines: the facts, then its explanation across the page.
    log: list[list[Flowable | str]] = [[Paragraph(text(h), s["CellBold"]) for h in (
        _("When"), _("Operator"), _("Person"), _("Vacancy"), _("#"), _("Score"))]]
    spans: list[tuple[int, int]] = []
    for e in report.oversight:
        log.append([Paragraph(text(formatting.date(e.proposed_at.date())), s["Cell"]),
                    Paragraph(text(e.operator), s["Cell"]),
                    Paragraph(text(f"{e.person}\n{e.fiscal_code}"), s["Cell"]),
                    Paragraph(text(e.vacancy), s["Cell"]),
                    Paragraph(str(e.rank or "—"), s["Cell"]),
                    Paragraph(text(f"{formatting.decimal(e.score, 2)} · {outcome_label(e.outcome)}"), s["Cell"])])
        log.append([Paragraph(text(" · ".join(e.explanation) or "—"), s["Small"]),
                    "", "", "", "", ""])
        spans.append((len(log) - 1, len(log) - 1))
    if report.oversight:
        table = _table(log, [25 * mm, 25 * mm, 42 * mm, 44 * mm, 12 * mm, None], [])
        table.setStyle(TableStyle([("SPAN", (0, r), (-1, r)) for r, _r in spans]))
        story.append(table)
    else:
        story.append(Paragraph(text(_("No proposal in this scope.")), s["Body"]))
    return build_pdf(meta, story)
