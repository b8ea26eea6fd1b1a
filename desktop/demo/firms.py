"""Demo Imprese data: every demo firm gets its size, L. 68 figures, sedi operative,
contacts and the services the centre delivered to it over the last months.

Runs after the matching and activity modules (which create the firms); a firm that
already has sites is left as it is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.demo.context import SeedContext
from desktop.models.firms import EmployerContact, EmployerSite, FirmAction
from desktop.models.matching import Employer
from desktop.services.firms.firm_actions import firm_services
from desktop.services.firms.quota import band_of

ORDER = 65

#: Towns of the demo firms' sites (Belfiore codes of Tuscan comuni).
SITE_TOWNS = (("D612", "Firenze"), ("G999", "Prato"), ("D403", "Empoli"),
              ("I684", "Sesto Fiorentino"), ("B962", "Scandicci"), ("G702", "Pisa"))
ROLES = ("Responsabile del personale", "Titolare", "Ufficio selezione", "Amministrazione")
EMPLOYEES = (6, 12, 18, 28, 40, 48, 75, 130, 260)


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    today = dt.date.today()
    operators = ctx.shared.get("operators") or []
    services = [s.code for s in firm_services()]
    firms = list(ctx.session.scalars(select(Employer).order_by(Employer.fiscal_code)))
    had_sites = set(ctx.session.scalars(select(EmployerSite.employer_id)))
    for index, firm in enumerate(firms):
        if firm.id in had_sites:
            continue
        if firm.employees is None:
            # A società per azioni is a large firm here: its L. 68 quota is a percentage.
            big = "S.p.A." in firm.name
            firm.employees = 180 + 40 * index if big else EMPLOYEES[index % len(EMPLOYEES)]
            firm.size_band = band_of(firm.employees)
            firm.l68_hires = (rng.randrange(5, 12) if big else
                              rng.randrange(0, 3) if firm.employees >= 15 else 0)
        sites: list[EmployerSite] = []
        for number in range(1 + index % 2):
            code, town = SITE_TOWNS[(index + number) % len(SITE_TOWNS)]
            site = EmployerSite(employer_id=firm.id, label=f"Sede operativa di {town}",
                                address=f"Via {ctx.faker.last_name()} {rng.randrange(1, 120)}",
                                comune_code=code, phone=f"055 {rng.randrange(100_000, 999_999)}")
            ctx.session.add(site)
            sites.append(site)
        for number in range(1 + index % 2):
            name = f"{ctx.faker.first_name()} {ctx.faker.last_name()}"
            ctx.session.add(EmployerContact(
                employer_id=firm.id, name=name, role=ROLES[(index + number) % len(ROLES)],
                phone=f"3{rng.randrange(10**8, 10**9)}",
                email=f"referente{index + 1}.{number + 1}@esempio.invalid"))
        ctx.session.flush()
        for _ in range(rng.randrange(1, 5)):
            operator = rng.choice(operators) if operators else None
            where = rng.choice(sites) if sites and rng.random() < 0.5 else None
            ctx.session.add(FirmAction(
                employer_id=firm.id, action_date=today - dt.timedelta(days=rng.randrange(1, 240)),
                service_code=rng.choice(services),
                operator_id=operator.id if operator else None,
                operator_username=operator.username if operator else "",
                employer_site_id=where.id if where else None,
                site_code=firm.site_code, notes=""))
