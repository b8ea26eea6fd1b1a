"""Sintesi dell'Osservatorio: the centre's indicators of a period on one A4 page.

The headline figures in a grid, then the actions by measure with a bar chart and the
breakdowns of the people taken in charge. Pure: Indicators -> PDF bytes, invariant
(the same figures and issue date give the same bytes).
"""

from __future__ import annotations

import datetime as dt

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop import formatting
from desktop.documents.base import (
    ACCENT,
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    LIGHT,
    RULE,
    DocumentMeta,
    build_pdf,
    styles,
    text,
)
from desktop.i18n import _
from desktop.values.indicators import Indicators


def summary_meta(ind: Indicators, centre_code: str, centre_name: str, site_name: str,
                 issued: dt.date) -> DocumentMeta:
    p = ind.period
    scope = p.site_code or _("all sites")
    return DocumentMeta(
        title=_("Osservatorio: summary of the indicators"),
        number=f"OS-{p.site_code or centre_code or 'ALL'}-{p.date_from:%Y%m%d}-{p.date_to:%Y%m%d}",
        issued=issued, centre_name=centre_name,
        site_name=site_name if p.site_code else f"{centre_name} · {scope}",
        header_lines=(_("Period {start} – {end}").format(
            start=formatting.date(p.date_from), end=formatting.date(p.date_to)),),
        subject=_("Indicators of the centre"))


_pct = formatting.percent
_num = formatting.figure


def _grid(rows: list[list[str]], widths: list[float], header: bool = True) -> Table:
    s = styles()
    cells = [[Paragraph(text(c), s["CellBold" if header and r == 0 else "Cell"]) for c in row]
             for r, row in enumerate(rows)]
    table = Table(cells, colWidths=widths)
    commands = [("FONTNAME", (0, 0), (-1, -1), FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), LIGHT))
    table.setStyle(TableStyle(commands))
    return table


def _kpis(ind: Indicators) -> Table:
    """Two columns of label / figure pairs."""
    p, a, pl, f, q, pt = (ind.people, ind.actions, ind.placements, ind.firms, ind.queue,
                          ind.patti)
    left = [
        (_("People taken in charge"), _num(p.total)),
        (_("share of women"), _pct(p.share_women)),
        (_("Actions delivered"), _num(a.total)),
        (_("hours delivered"), _num(a.hours)),
        (_("actions without a patto"), _num(a.without_patto)),
        (_("People placed"), _num(pl.people)),
        (_("share on permanent contracts"), _pct(pl.share_permanent)),
    ]
    right = [
        (_("Firms served"), _num(f.firms)),
        (_("vacancies / positions intermediated"), f"{_num(f.vacancies)} / {_num(f.positions)}"),
        (_("Tickets / people served"), f"{_num(q.tickets)} / {_num(q.served)}"),
        (_("average wait"), _num(q.mean_wait, _("min"))),
        (_("served within {minutes} minutes").format(minutes=q.standard_minutes),
         _pct(q.within_standard)),
        (_("Patti within the legal deadline"), _pct(pt.share_on_time)),
        (_("on time / late / missing / pending"),
         f"{pt.on_time} / {pt.late} / {pt.missing} / {pt.pending}"),
    ]
    s = styles()
    rows = []
    for (l_label, l_value), (r_label, r_value) in zip(left, right, strict=True):
        rows.append([Paragraph(text(l_label), s["Cell"]), Paragraph(text(l_value), s["CellBold"]),
                     Paragraph(text(r_label), s["Cell"]), Paragraph(text(r_value), s["CellBold"])])
    half = CONTENT_WIDTH / 2
    table = Table(rows, colWidths=[half * 0.62, half * 0.38, half * 0.62, half * 0.38])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]))
    return table


def _measure_chart(ind: Indicators, width: float, height: float) -> Drawing:
    measures = list(reversed(ind.actions.by_measure))
    drawing = Drawing(width, height)
    drawing.initialFontName = FONT
    chart = HorizontalBarChart()
    chart.x, chart.y = 40 * mm, 4 * mm
    chart.width, chart.height = width - 44 * mm, height - 8 * mm
    chart.data = [[m.actions for m in measures] or [0]]
    chart.categoryAxis.categoryNames = [m.label for m in measures] or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.forceZero = 1
    top = max([m.actions for m in measures] + [1])
    chart.valueAxis.valueStep = max(1, -(-top // 4))
    chart.valueAxis.labelTextFormat = "%d"
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabels.fontName = FONT_BOLD
    drawing.add(chart)
    return drawing


def render_summary(ind: Indicators, meta: DocumentMeta) -> bytes:
    s = styles()
    story: list[Flowable] = [Paragraph(text(meta.title), s["Title"]), _kpis(ind),
                             Paragraph(text(_("Actions delivered by measure")), s["Heading2"])]
    measures = [[_("Measure"), _("actions"), _("hours")]]
    measures += [[m.label, _num(m.actions), _num(m.hours)] for m in ind.actions.by_measure]
    chart = _measure_chart(ind, CONTENT_WIDTH * 0.48, 46 * mm)
    table = _grid(measures, [CONTENT_WIDTH * 0.28, CONTENT_WIDTH * 0.1, CONTENT_WIDTH * 0.1])
    side = Table([[table, chart]], colWidths=[CONTENT_WIDTH * 0.5, CONTENT_WIDTH * 0.5])
    side.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                              ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(side)
    story.append(Paragraph(text(_("People taken in charge")), s["Heading2"]))
    people = ind.people
    width = CONTENT_WIDTH / 3 - 2 * mm
    columns = []
    for title, items in ((_("By sex"), people.by_sex), (_("By age"), people.by_age),
                         (_("By citizenship"), people.by_citizenship)):
        columns.append(_grid([[title, ""], *[[c.label, _num(c.value)] for c in items]],
                             [width * 0.65, width * 0.35]))
    breakdown = Table([columns], colWidths=[CONTENT_WIDTH / 3] * 3)
    breakdown.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story.append(breakdown)
    story.append(Paragraph(text(_("Placements by contract")), s["Heading2"]))
    contracts = [c for c in ind.placements.by_contract if c.value]
    story.append(_grid([[c.label for c in contracts] or [_("no placements")],
                        [_num(c.value) for c in contracts] or ["—"]],
                       [CONTENT_WIDTH / max(len(contracts), 1)] * max(len(contracts), 1)))
    story += [Spacer(1, 3 * mm), Paragraph(text(_(
        "People are counted once however many DIDs, actions or placements they have in the "
        "period. Ages are at the last day of the period. A patto is on time when signed "
        "between the DID and its legal deadline (30 days, 15 with NASpI); DIDs whose deadline "
        "has not passed are left out of the share.")), s["Small"])]
    return build_pdf(meta, story)
