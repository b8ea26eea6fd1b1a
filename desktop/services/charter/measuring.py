"""Each standard of a Carta measured over a period, with the very functions the
Osservatorio calls (queue waits, patti within the legal deadline, complaints, ratings):
a figure is computed in one place and the Carta prints what the Osservatorio shows.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from desktop import formatting
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.actions import indicators, queue_indicator
from desktop.services.charter.hours import weekly_hours
from desktop.services.feedback.complaints import complaint_figures
from desktop.services.feedback.ratings import rating_figures
from desktop.values.charter import INDICATORS, CharterMeasures, MeasuredValue, StandardSpec
from desktop.values.indicators import Period
from desktop.values.site import SiteInfo


def previous_year(today: dt.date, site_code: str | None = None) -> Period:
    return Period.year(today.year - 1, site_code)


def year_to_date(today: dt.date, site_code: str | None = None) -> Period:
    return Period(dt.date(today.year, 1, 1), today, site_code)


def measure(session: Session, site: SiteInfo, standards: tuple[StandardSpec, ...],
            period: Period, as_of: dt.date) -> CharterMeasures:
    """Every measured standard over ``period``; raises one sentence when the period has
    no data at all (nothing would be measured but the configured hours)."""
    period.check()
    values = tuple(_one(session, site, spec, period, as_of)
                   for spec in standards if spec.measured)
    recorded = [v for spec, v in zip([s for s in standards if s.measured], values, strict=True)
                if spec.indicator != "opening.hours_per_week" and v.value is not None]
    if not recorded:
        raise ValidationError(_(
            "From {start} to {end} the centre recorded no waits, patti, complaints or "
            "ratings to measure: choose another period, or print the Carta without measured "
            "values.").format(start=formatting.date(period.date_from),
                              end=formatting.date(period.date_to)))
    return CharterMeasures(period.date_from, period.date_to, values)


def has_data(session: Session, site: SiteInfo, standards: tuple[StandardSpec, ...],
             period: Period, as_of: dt.date) -> bool:
    try:
        measure(session, site, standards, period, as_of)
    except ValidationError:
        return False
    return True


def _one(session: Session, site: SiteInfo, spec: StandardSpec, period: Period,
         as_of: dt.date) -> MeasuredValue:
    value: float | None
    if spec.indicator in ("queue.mean_wait", "queue.within_standard"):
        q = queue_indicator.queue(session, period, spec.minutes or 30)
        value = q.mean_wait if spec.indicator == "queue.mean_wait" else q.within_standard
        return _compare(spec, value, q.called,
                        _("No ticket was called at the counter in the period."))
    if spec.indicator == "patti.on_time":
        p = indicators.patto_deadline(session, period, as_of)
        return _compare(spec, p.share_on_time, p.due, _(
            "No DID of the period has reached its deadline for the Patto yet."))
    if spec.indicator == "complaints.on_time":
        c = complaint_figures(session, period, as_of)
        reason = (_("No complaint was received in the period.") if not c.received else
                  _("No complaint of the period has reached its deadline yet."))
        return _compare(spec, c.share_on_time, c.due, reason)
    if spec.indicator == "satisfaction.positive":
        r = rating_figures(session, period, spec.service)
        return _compare(spec, r.share_positive, r.ratings,
                        _("No rating was given in the period."))
    hours = weekly_hours(site.opening_hours)
    return _compare(spec, None if hours.unreadable else hours.hours, 0,
                    _("The site's opening hours cannot be read."))


def _compare(spec: StandardSpec, value: float | None, cases: int,
             reason: str) -> MeasuredValue:
    if value is None:
        return MeasuredValue(spec.id, None, cases, reason)
    met: bool | None = None
    if spec.target is not None:
        shown = round(value, 3) if INDICATORS[spec.indicator] else value
        met = shown >= spec.target - 1e-9 if INDICATORS[spec.indicator] == "at_least" \
            else shown <= spec.target + 1e-9
    return MeasuredValue(spec.id, value, cases, met=met)
