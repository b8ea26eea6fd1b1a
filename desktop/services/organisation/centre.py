"""The centre this workstation belongs to: its site, services and counters."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Centre, Counter, Person, Site
from desktop.values.site import CounterInfo, ServiceInfo, SiteInfo


def site_info(db: Database, site_code: str = "") -> SiteInfo:
    """The site with ``site_code``, or the centre's main site when the code is empty."""
    with db.read() as session:
        query = select(Site).options(
            selectinload(Site.centre),
            selectinload(Site.services),
            selectinload(Site.counters).selectinload(Counter.services),
        )
        if site_code:
            query = query.where(Site.code == site_code)
        else:
            query = query.order_by(Site.is_main.desc(), Site.code)
        site = session.scalars(query).first()
        if site is None:
            if site_code:
                raise NotFoundError(
                    _("The site {code} set in the settings does not exist in this database.")
                    .format(code=site_code))
            raise NotFoundError(_("This database holds no centre yet: create it or start the "
                                  "demo with 'sportello run --demo'."))
        centre: Centre = site.centre
        return SiteInfo(
            centre_code=centre.code, centre_name=centre.name, centre_email=centre.email,
            centre_pec=centre.pec, centre_phone=centre.phone, centre_website=centre.website,
            site_id=site.id, site_code=site.code, site_name=site.name, address=site.address,
            postcode=site.postcode, town=site.town, province=site.province, phone=site.phone,
            opening_hours=tuple(line for line in site.opening_hours.splitlines() if line),
            services=tuple(
                ServiceInfo(s.id, s.prefix, s.name, s.description, s.active)
                for s in site.services
            ),
            counters=tuple(
                CounterInfo(c.id, c.number, c.name, tuple(s.prefix for s in c.services), c.active)
                for c in site.counters
            ),
        )


@dataclass(frozen=True)
class DatabaseSummary:
    people: int
    operators: int
    sites: int


def database_summary(db: Database) -> DatabaseSummary:
    from desktop.models import Operator

    with db.read() as session:
        def count(model: type) -> int:
            return int(session.execute(select(func.count()).select_from(model)).scalar_one())

        return DatabaseSummary(count(Person), count(Operator), count(Site))
