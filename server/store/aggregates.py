"""The sites' daily aggregates: checked and kept as they are pushed, summed on request."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import DailyAggregate, utcnow
from server.store.errors import Rejected
from wire.messages import AggregatesAnswer

#: Figures that are not counts: never summed.
NOT_SUMMED = frozenset({"standard_minutes"})


#: The largest figure a day may carry (counts, minutes): a sum of them stays finite.
MAX_FIGURE = 1e12


def check_aggregate(fields: dict[str, Any]) -> None:
    """Refuse an aggregate that is not one site's day of numbers (before any change)."""
    try:
        date.fromisoformat(str(fields["day"]))
        site, schema = fields["site_code"], fields.get("schema", 1)
        ok = (isinstance(site, str) and 0 < len(site) <= 20
              and isinstance(fields["figures"], dict)
              and isinstance(schema, int) and not isinstance(schema, bool)
              and 0 < schema < 1000)
    except (KeyError, ValueError):
        ok = False
    if not ok or not all(_numeric(v) for v in fields["figures"].values()):
        raise Rejected("a daily aggregate needs site_code, day, a schema number and numeric "
                       f"figures (at most {MAX_FIGURE:.0e} each)")


def _numeric(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_numeric(v) for v in value.values())
    return isinstance(value, int | float) and not isinstance(value, bool) \
        and abs(value) <= MAX_FIGURE


def keep_aggregate(session: Session, fields: dict[str, Any], hlc: str) -> None:
    """Store the aggregate, replacing an older one of the same site and day."""
    day = date.fromisoformat(str(fields["day"]))
    site = str(fields["site_code"])
    row = session.scalar(select(DailyAggregate).where(DailyAggregate.site_code == site,
                                                      DailyAggregate.day == day))
    if row is None:
        session.add(DailyAggregate(site_code=site, day=day, schema=int(fields.get("schema", 1)),
                                   figures=dict(fields["figures"]), hlc=hlc))
    elif hlc >= row.hlc:
        row.figures, row.hlc = dict(fields["figures"]), hlc
        row.schema = int(fields.get("schema", 1))
        row.received_at = utcnow()


def summarize(session: Session, date_from: date, date_to: date,
              site_code: str | None = None) -> AggregatesAnswer:
    """The daily aggregates of a period, summed over days and over sites."""
    query = select(DailyAggregate).where(DailyAggregate.day >= date_from,
                                         DailyAggregate.day <= date_to)
    if site_code:
        query = query.where(DailyAggregate.site_code == site_code)
    rows = session.scalars(query.order_by(DailyAggregate.site_code,
                                          DailyAggregate.day)).all()
    by_site: dict[str, dict[str, Any]] = {}
    total: dict[str, Any] = {}
    for row in rows:
        add_figures(by_site.setdefault(row.site_code, {}), row.figures)
        add_figures(total, row.figures)
    return {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(),
            "sites": len(by_site), "days": len(rows), "totals": with_averages(total),
            "by_site": {k: with_averages(v) for k, v in by_site.items()}}


def add_figures(into: dict[str, Any], figures: dict[str, Any]) -> None:
    for key, value in figures.items():
        if key in NOT_SUMMED:
            into.setdefault(key, value)
        elif isinstance(value, dict):
            add_figures(into.setdefault(key, {}), value)
        else:
            into[key] = round(into.get(key, 0) + value, 2)


def with_averages(figures: dict[str, Any]) -> dict[str, Any]:
    called = figures.get("tickets_called") or 0
    out = dict(figures)
    out["mean_wait_minutes"] = round(figures.get("wait_minutes_sum", 0) / called, 2) \
        if called else None
    out["share_within_standard"] = round(figures.get("within_standard", 0) / called, 4) \
        if called else None
    return out
