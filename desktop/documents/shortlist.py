"""Rosa di candidati: the shortlist a centre sends to a firm for one vacancy.

Pure: a :class:`~desktop.values.shortlist.Shortlist` in, PDF bytes out. The named
edition never prints a codice fiscale, and carries a candidate's phone and e-mail only
with their consent for this vacancy (it says so when the consent was withdrawn). The
anonymised edition replaces names and codici fiscali with "Candidato 1, 2 …" and
leaves the comune's name out (it would narrow a person down in a small comune),
so a firm can judge the fit before the centre shares any identity.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop import formatting
from desktop.documents.base import (
    ACCENT,
    FONT,
    LIGHT,
    RULE,
    DocumentMeta,
    build_pdf,
    ensure_printable,
    styles,
    text,
)
from desktop.i18n import _
from desktop.values.shortlist import Shortlist, ShortlistRow, outcome_label
from desktop.values.site import SiteInfo


def shortlist_meta(site: SiteInfo, shortlist: Shortlist, issued: dt.date,
                   anonymised: bool) -> DocumentMeta:
    suffix = "-A" if anonymised else ""
    # "OF-FI01-2026-000123" -> "RS-FI01-000123-20261203": short enough for the footer.
    parts = shortlist.number.split("-")
    tail = f"{parts[1]}-{parts[-1]}" if len(parts) >= 3 else shortlist.number
    return DocumentMeta(
        title=_("Shortlist of candidates"),
        number=f"RS-{tail}-{issued:%Y%m%d}{suffix}",
        issued=issued, centre_name=site.centre_name,
        site_name=f"{site.site_name} · {site.address}, {site.town}".strip(" ,·"),
        header_lines=tuple(x for x in (f"Tel. {site.phone}" if site.phone else "",
                                       site.centre_email) if x),
        subject=shortlist.number)


def render_shortlist(site: SiteInfo, shortlist: Shortlist, issued: dt.date,
                     anonymised: bool = False) -> bytes:
    ensure_printable(shortlist)
    s = styles()
    story: list[Flowable] = [
        Paragraph(text(_("Shortlist of candidates")), s["Title"]),
        Paragraph(text(_("For {employer} ({code})").format(
            employer=shortlist.employer, code=shortlist.employer_fiscal_code)), s["Body"]),
    ]
    facts = [
        (_("Vacancy"), f"{shortlist.number} · {shortlist.title}"),
        (_("Occupation"), shortlist.occupation_code or "—"),
        (_("Workplace"), shortlist.workplace or "—"),
        (_("Contract"), shortlist.contract_type or "—"),
        (_("Positions"), str(shortlist.positions)),
    ]
    if shortlist.employer_contact:
        facts.append((_("Contact"), shortlist.employer_contact))
    if shortlist.expired_on is not None:
        story.append(Paragraph(text(_("Warning: this vacancy expired on {date}.").format(
            date=shortlist.expired_on.strftime("%d/%m/%Y"))), s["Body"]))
    story.append(_table([[Paragraph(text(k), s["CellBold"]), Paragraph(text(v), s["Cell"])]
                         for k, v in facts], [35 * mm, None], header=False))
    story.append(Paragraph(text(_("Candidates")), s["Heading"]))
    if not shortlist.rows:
        story.append(Paragraph(text(_("No candidate has been proposed yet.")), s["Body"]))
    rows: list[list[Flowable]] = [[Paragraph(text(h), s["CellBold"]) for h in (
        "#", _("Candidate"), _("Score"), _("Why"), _("Outcome"))]]
    for number, row in enumerate(shortlist.rows, start=1):
        if anonymised:
            who = _("Candidate {number}").format(number=number)
        else:
            # Never the codice fiscale: the firm needs a name and, with consent, contacts.
            who = row.name + (f"\n{row.comune}" if row.comune else "")
        if row.education:
            level = _("none") if row.education == "none" else row.education.replace("_", " ")
            who += "\n" + _("education: {level}").format(level=level)
        if not anonymised:
            who += "\n" + _contacts(row)
        outcome = outcome_label(row.outcome)
        if row.contract_type:  # on its own line: "somministrazione" fills the column
            outcome += "\n" + row.contract_type
        value = formatting.decimal(row.score, 2)
        if row.rank:
            value += "\n" + _("ranked {rank}").format(rank=row.rank)
        if row.today_score is not None:
            value += "\n" + _("today {score}").format(score=formatting.decimal(row.today_score, 2))
        rows.append([Paragraph(str(number), s["Cell"]), Paragraph(text(who), s["Cell"]),
                     Paragraph(text(value), s["Cell"]),
                     Paragraph(text("\n".join(_why(row))), s["Cell"]),
                     Paragraph(text(outcome), s["Cell"])])
    if shortlist.rows:
        story.append(_table(rows, [7 * mm, 50 * mm, 25 * mm, None, 30 * mm]))
    story += [Spacer(1, 6 * mm), Paragraph(text(
        _("Each score is exactly the sum of the points of its parts (occupation, skills, "
          "education, languages, distance, hours), as explained when the candidate was "
          "proposed; a part the vacancy does not ask for gives its weight to the others. "
          "When the candidate's data have changed since, today's score is shown beneath. ")
        + (_("Anonymised edition: the centre shares the identity of a candidate once the "
             "firm asks to meet them.") if anonymised else
           _("Personal data shared for the recruitment only (Reg. UE 2016/679); do not "
             "pass them on."))), s["Small"])]
    return build_pdf(shortlist_meta(site, shortlist, issued, anonymised), story)


def _contacts(row: ShortlistRow) -> str:
    """Phone and e-mail only with the candidate's consent for this vacancy."""
    if row.consent == "given":
        found = [x for x in (row.phone and f"Tel. {row.phone}", row.email) if x]
        return "\n".join(found) if found else _("no contact recorded")
    if row.consent == "withdrawn":
        return _("consent withdrawn: contacts left out")
    return _("contacts not shared (no consent for this vacancy)")


def _why(row: ShortlistRow) -> list[str]:
    """The explanation of a row; for an older proposal without a stored one, today's,
    said so (its points add up to today's score, printed beneath the stored one)."""
    if row.stored or not row.explanation:
        return list(row.explanation)
    return [_("Today's reasons (not stored with this older proposal):"),
            *row.explanation]


def _table(rows: list[list[Flowable]], widths: list[float | None],
           header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    commands = [
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        commands += [("BACKGROUND", (0, 0), (-1, 0), LIGHT),
                     ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
    table.setStyle(TableStyle(commands))
    return table
