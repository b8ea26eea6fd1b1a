"""The Carta dei servizi printed: texts of the adopted edition, the site's live data,
each standard measured over the period, after the consistency check.

``charter_document`` renders without archiving (the view archives what was printed or
saved); ``print_charter`` is for the command line: render, then archive as saved.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desktop.documents.charter import charter_meta, render_charter
from desktop.documents.charter_texts import CharterTexts, load_charter_texts
from desktop.infra.database import Database
from desktop.services.charter import consistency, measuring
from desktop.services.charter.editions import adopted_edition, centre_of
from desktop.services.documents.archive import record_printed
from desktop.services.documents.printing import Printed
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require
from desktop.values.charter import CharterMeasures
from desktop.values.indicators import Period
from desktop.values.site import SiteInfo

#: How the period is chosen: "auto" (the previous calendar year when it has data, else
#: the year to date), "previous_year", "year_to_date", or "none" (no measured values).
PERIODS = ("auto", "previous_year", "year_to_date", "none")


def charter_texts(db: Database, site_code: str, edition: str, lang: str) -> CharterTexts:
    """The texts of the site's centre, with its region's identity."""
    with db.read() as session:
        centre = centre_of(session, site_code)
        code, region = centre.code, centre.region
    return load_charter_texts(edition, lang, code, region=region)


def check_charter(db: Database, actor: OperatorInfo, site_code: str, edition: str,
                  lang: str) -> tuple[consistency.Problem, ...]:
    """The problems the operator must solve before this Carta can be printed."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    site = site_info(db, site_code)
    return consistency.check(site, charter_texts(db, site.site_code, edition, lang))


def charter_document(db: Database, actor: OperatorInfo, site_code: str, edition: str,
                     lang: str, issued: dt.date, period: str | Period = "auto",
                     as_of: dt.date | None = None) -> RenderedDocument:
    """The site's Carta; raises CharterInconsistent (listing each problem), or one
    sentence for a period without data, an unknown indicator or missing texts."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    site = site_info(db, site_code)
    texts = charter_texts(db, site.site_code, edition, lang)
    problems = consistency.check(site, texts)
    if problems:
        raise consistency.CharterInconsistent(problems)
    as_of = as_of or issued
    with db.read() as session:
        adopted = adopted_edition(session, site.centre_code, edition)
        measures = _measures(session, site, texts, period, as_of)
    pdf = render_charter(site, edition, lang, issued, measures, texts, adopted)
    meta = charter_meta(site, texts, edition, lang, issued, adopted)
    return RenderedDocument(
        pdf, kind="charter", number=meta.number, version=meta.version, title=meta.title,
        params={"edition": edition, "lang": lang, "issued": issued.isoformat(),
                "edition_number": adopted.number if adopted else 0,
                "period": ([measures.period_start.isoformat(), measures.period_end.isoformat()]
                           if measures else None)},
        filename=f"carta-servizi-{edition}-{lang}.pdf")


def print_charter(db: Database, actor: OperatorInfo, site_code: str, edition: str, lang: str,
                  issued: dt.date, period: str | Period = "auto") -> Printed:
    """The Carta, archived as saved (the caller writes the file)."""
    rendered = charter_document(db, actor, site_code, edition, lang, issued, period)
    return Printed(rendered.pdf, record_printed(db, actor, rendered, how="pdf"))


def _measures(session: Session, site: SiteInfo, texts: CharterTexts, period: str | Period,
              as_of: dt.date) -> CharterMeasures | None:
    if period == "none":
        return None
    if isinstance(period, Period):
        chosen = Period(period.date_from, period.date_to, site.site_code)
    elif period == "year_to_date":
        chosen = measuring.year_to_date(as_of, site.site_code)
    else:
        chosen = measuring.previous_year(as_of, site.site_code)
        if period == "auto" and not measuring.has_data(session, site, texts.standards,
                                                       chosen, as_of):
            chosen = measuring.year_to_date(as_of, site.site_code)
            if not measuring.has_data(session, site, texts.standards, chosen, as_of):
                return None  # a centre with no data yet: the Carta says so in one notice
    return measuring.measure(session, site, texts.standards, chosen, as_of)
