"""The indicators as a flat table, written as CSV or as an XLSX workbook (no Qt).

Both files hold the same rows: section, item, value, and the unit. The CSV is
semicolon separated with decimal commas, as Italian spreadsheets expect; the
workbook has a summary sheet and one sheet per breakdown, with real numbers.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from desktop import formatting
from desktop.errors import BrokenInvariant
from desktop.i18n import _
from desktop.values.indicators import Count, Indicators


@dataclass(frozen=True)
class Row:
    section: str
    item: str
    value: float | int | None
    unit: str = ""


def _share(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def summary_rows(ind: Indicators) -> list[Row]:
    """The headline figures, in the order the dashboard shows them."""
    p, a, pl, f, q, pt = (ind.people, ind.actions, ind.placements, ind.firms, ind.queue,
                          ind.patti)
    people, actions, placed = _("People taken in charge"), _("Actions delivered"), \
        _("People placed")
    firms, queue, patti = _("Firms and vacancies"), _("Queue"), _("Patti di servizio")
    pct, minutes, n = "%", _("minutes"), ""
    return [
        Row(people, _("people taken in charge"), p.total, n),
        Row(people, _("of whom women"), p.women, n),
        Row(people, _("share of women"), _share(p.share_women), pct),
        Row(actions, _("actions delivered"), a.total, n),
        Row(actions, _("hours delivered"), a.hours, _("hours")),
        Row(actions, _("actions without a patto"), a.without_patto, n),
        Row(placed, _("people placed"), pl.people, n),
        Row(placed, _("placements"), pl.placements, n),
        Row(placed, _("people on a permanent contract"), pl.people_permanent, n),
        Row(placed, _("share on permanent contracts"), _share(pl.share_permanent), pct),
        Row(firms, _("firms served"), f.firms, n),
        Row(firms, _("vacancies intermediated"), f.vacancies, n),
        Row(firms, _("positions intermediated"), f.positions, n),
        Row(firms, _("vacancies with candidates"), f.vacancies_with_candidates, n),
        Row(firms, _("candidates proposed"), f.candidates_proposed, n),
        Row(queue, _("tickets"), q.tickets, n),
        Row(queue, _("people served"), q.served, n),
        Row(queue, _("average wait"), q.mean_wait, minutes),
        Row(queue, _("average service time"), q.mean_service, minutes),
        Row(queue, _("served within the standard ({minutes} min)").format(
            minutes=q.standard_minutes), _share(q.within_standard), pct),
        Row(patti, _("DIDs of the period"), pt.dids, n),
        Row(patti, _("patti signed on time"), pt.on_time, n),
        Row(patti, _("patti signed late"), pt.late, n),
        Row(patti, _("patti missing after the deadline"), pt.missing, n),
        Row(patti, _("deadline not yet reached"), pt.pending, n),
        Row(patti, _("share signed within the legal deadline"), _share(pt.share_on_time), pct),
    ]


def breakdowns(ind: Indicators) -> dict[str, list[tuple[str, float | int]]]:
    """Sheet title -> (item, value) rows of each breakdown."""
    def pairs(items: tuple[Count, ...]) -> list[tuple[str, float | int]]:
        return [(c.label, c.value) for c in items]

    return {
        _("By sex"): pairs(ind.people.by_sex),
        _("By age"): pairs(ind.people.by_age),
        _("By citizenship"): pairs(ind.people.by_citizenship),
        _("Actions by measure"): [(m.label, m.actions) for m in ind.actions.by_measure],
        _("Actions by month"): pairs(ind.actions.by_month),
        _("Placements by contract"): pairs(ind.placements.by_contract),
        _("Placements by month"): pairs(ind.placements.by_month),
    }


def all_rows(ind: Indicators) -> list[Row]:
    rows = summary_rows(ind)
    for title, pairs in breakdowns(ind).items():
        rows += [Row(title, item, value) for item, value in pairs]
    return rows


def _period_line(ind: Indicators) -> list[str]:
    p = ind.period
    return [_("Period"), f"{p.date_from:%d/%m/%Y} – {p.date_to:%d/%m/%Y}",
            _("Site"), p.site_code or _("all sites")]


def _number(value: float | int | None) -> str:
    if value is None:
        return ""
    return formatting.plain(value)


def write_csv(ind: Indicators, target: Path) -> Path:
    with target.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(_period_line(ind))
        writer.writerow([_("section"), _("indicator"), _("value"), _("unit")])
        for row in all_rows(ind):
            writer.writerow([row.section, row.item, _number(row.value), row.unit])
    return target


def write_xlsx(ind: Indicators, target: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    if sheet is None:
        raise BrokenInvariant("sheet is missing")
    sheet.title = _("Summary")[:31]
    sheet.append(_period_line(ind))
    sheet.append([_("section"), _("indicator"), _("value"), _("unit")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in summary_rows(ind):
        sheet.append([row.section, row.item, row.value, row.unit])
    sheet.column_dimensions["A"].width = 26
    sheet.column_dimensions["B"].width = 44
    sheet.column_dimensions["C"].width = 12
    for title, pairs in breakdowns(ind).items():
        extra = book.create_sheet(title[:31])
        extra.append([_("item"), _("value")])
        extra["A1"].font = extra["B1"].font = Font(bold=True)
        for item, value in pairs:
            extra.append([item, value])
        extra.column_dimensions["A"].width = 40
    book.properties.creator = "Sportello"
    book.save(target)
    return target
