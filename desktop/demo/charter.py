"""Demo Carta dei servizi: the three editions adopted on 1 January, a few complaints (one
answered on time, one late, one still open and one overdue) and the faces given at the
counters over the last weeks, so the Carta and the Osservatorio have figures to show.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.demo.context import SeedContext
from desktop.infra import clock
from desktop.models import Counter
from desktop.models.charter import CharterEdition
from desktop.models.feedback import Complaint, SatisfactionRating

ORDER = 80

#: (days ago received, channel, service, subject, answered after days or None, named)
COMPLAINTS = (
    (70, "counter", "A", "Attesa lunga allo sportello di accoglienza", 12, True),
    (55, "email", "B", "Appuntamento per il Patto rinviato due volte", 41, True),
    (45, "letter", "C", "Nessuna risposta alla candidatura inviata", None, False),
    (6, "pec", "E", "Offerta di lavoro pubblicata con ritardo", None, True),
)


def seed(ctx: SeedContext) -> None:
    session, site, centre = ctx.session, ctx.shared["site"], ctx.shared["centre"]
    services = ctx.shared["services"]
    today = clock.today()
    for edition in ("cittadini", "imprese", "disabili"):
        session.add(CharterEdition(centre_code=centre.code, edition=edition, number=1,
                                   effective_from=dt.date(today.year, 1, 1),
                                   adopted_on=dt.date(today.year - 1, 12, 15)))
    for n, (ago, channel, prefix, subject, answered, named) in enumerate(COMPLAINTS, 1):
        received = today - dt.timedelta(days=ago)
        session.add(Complaint(
            site_id=site.id, number=f"R{received.year}-{n:04d}", channel=channel,
            received_on=received, subject=subject, service_prefix=prefix,
            complainant=ctx.faker.name() if named else "",
            contact=ctx.faker.email() if named else "",
            deadline=received + dt.timedelta(days=30),
            answer=("Ci scusiamo per il disservizio: abbiamo rivisto l'organizzazione "
                    "degli appuntamenti." if answered is not None else ""),
            answered_on=received + dt.timedelta(days=answered) if answered is not None
            else None))
    counters = session.scalars(select(Counter).where(Counter.site_id == site.id)).all()
    now = clock.now()
    for ago in range(1, 29):
        day = now - dt.timedelta(days=ago)
        if day.weekday() >= 5:
            continue
        for i in range(ctx.rng.randint(1, 4)):
            counter = ctx.rng.choice(counters)
            prefix = ctx.rng.choice(sorted(p.prefix for p in counter.services))
            face = ctx.rng.choices((3, 2, 1), weights=(7, 2, 1))[0]
            at = day.replace(hour=9, minute=10 * i, second=0, microsecond=0)
            session.add(SatisfactionRating(site_id=site.id, day=at.astimezone().date(),
                                           service_id=services[prefix].id,
                                           counter_id=counter.id, face=face, at=at))
