"""Demo centre, site, services, counters and operators."""

from __future__ import annotations

from desktop.demo.context import DEMO_PASSWORD, DEMO_USERNAME, SeedContext
from desktop.models import Centre, Counter, Operator, Role, Service, Site
from desktop.services.security.passwords import hash_password

ORDER = 10

SERVICES = [
    ("A", "Accoglienza e DID", "Prima accoglienza, iscrizione, Dichiarazione di Immediata "
     "Disponibilità e profilazione."),
    ("B", "Patto di servizio e orientamento", "Colloquio di orientamento e stipula del Patto "
     "di servizio personalizzato."),
    ("C", "Offerte di lavoro", "Consultazione delle offerte, candidature e preselezione."),
    ("D", "Collocamento mirato", "Iscrizione e servizi per le persone con disabilità "
     "(L. 68/1999)."),
    ("E", "Servizi alle imprese", "Pubblicazione di offerte, preselezione, incentivi "
     "all'assunzione."),
]

#: counter number -> service prefixes it serves
COUNTERS = {1: "AB", 2: "AB", 3: "BC", 4: "CD", 5: "E"}

OPERATORS = [
    (DEMO_USERNAME, "Operatore Demo", Role.RESPONSABILE),
    ("g.bellini", "Giulia Bellini", Role.SPORTELLO),
    ("m.conti", "Marco Conti", Role.OPERATORE),
    ("s.ferri", "Sara Ferri", Role.COLLOCAMENTO_MIRATO),
    ("l.marchi", "Luca Marchi", Role.OPERATORE),
]


def seed(ctx: SeedContext) -> None:
    centre = Centre(
        code="FI01", name="CPI Firenze", region="Toscana",
        email="cpi.firenze@esempio.invalid", pec="cpi.firenze@pec.esempio.invalid",
        phone="055 000 1000", website="https://www.esempio.invalid/cpi-firenze",
    )
    site = Site(
        centre=centre, code="FI01-SC", name="Sede centrale", address="Via dei Servizi 1",
        postcode="50129", town="Firenze", province="FI", phone="055 000 1000", is_main=True,
        opening_hours="Lunedì–Venerdì 9:00–12:30\nMartedì e Giovedì 14:30–16:30",
    )
    ctx.session.add_all([centre, site])
    services = {
        prefix: Service(site=site, prefix=prefix, name=name, description=desc)
        for prefix, name, desc in SERVICES
    }
    ctx.session.add_all(services.values())
    for number, prefixes in COUNTERS.items():
        ctx.session.add(Counter(
            site=site, number=number, name=f"Sportello {number}",
            services=[services[p] for p in prefixes],
        ))
    password = hash_password(DEMO_PASSWORD)
    operators = [
        Operator(username=u, full_name=n, role=r.value, site=site, password_hash=password)
        for u, n, r in OPERATORS
    ]
    ctx.session.add_all(operators)
    ctx.shared.update(centre=centre, site=site, services=services, operators=operators)
