"""Demo service agreements (Patti di servizio): a few people, one corrected.

Every demo Patto goes through :func:`desktop.services.documents.agreements.build_version`, the
path the form uses: DID date, NASpI, profiling class, GOL path and deadline come from
the person's own active DID, so the printout agrees with the record. The activity
demo (ORDER 60) makes its Patti with :func:`add_agreement` too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from typing import Any

from desktop.demo.context import SeedContext
from desktop.documents.agreement import MEASURE_TYPES, Appointment, Measure, SearchAct
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.models.registration import Did
from desktop.services.documents.agreement_people import signer_roles
from desktop.services.documents.agreements import AgreementDraft, Letterhead, build_version
from desktop.services.people.did import active_did

ORDER = 50

PROVIDERS = ["CPI Firenze", "Agenzia formativa Toscana Lavoro S.r.l.",
             "Centro di formazione professionale Leonardo", "Cooperativa sociale Il Ponte"]
DESCRIPTIONS = {
    "Orientamento di base": "Colloquio individuale, ricostruzione delle esperienze e "
                            "definizione dell'obiettivo professionale.",
    "Orientamento specialistico": "Tre incontri con l'orientatore e bilancio di competenze.",
    "Accompagnamento al lavoro": "Tutor dedicato, ricerca attiva e preparazione ai colloqui.",
    "Formazione": "Corso di 120 ore 'Addetto alla logistica di magazzino' con patentino "
                  "per carrelli elevatori.",
    "Tirocinio extracurriculare": "Tirocinio di 6 mesi con indennità di partecipazione.",
    "Laboratorio di ricerca attiva": "Laboratorio di gruppo su curriculum e colloquio.",
    "Bilancio di competenze": "Messa in trasparenza delle competenze acquisite sul lavoro.",
    "Incontro domanda-offerta": "Preselezione sulle offerte coerenti con il profilo.",
    "Autoimpiego": "Percorso di accompagnamento all'avvio di un'attività autonoma.",
}
SEARCH_ACTS = (
    SearchAct("Inviare candidature (curriculum) ad aziende del settore",
              "almeno 4 al mese"),
    SearchAct("Consultare le offerte pubblicate dal Centro e sul portale regionale",
              "ogni settimana"),
    SearchAct("Aggiornare il curriculum con l'orientatore", "entro 15 giorni dalla firma"),
    SearchAct("Partecipare ai colloqui di selezione proposti dal Centro",
              "a ogni convocazione"),
)
REPORTING = "Una volta al mese, su appuntamento, e a ogni convocazione del Centro"
PROOF = ("Elenco delle candidature inviate con data e azienda, copia delle e-mail o "
         "ricevute, attestati di partecipazione ai colloqui")


def letterhead(ctx: SeedContext) -> Letterhead:
    site, centre = ctx.shared["site"], ctx.shared["centre"]
    return Letterhead(
        centre.code, centre.name, site.town,
        f"{site.name} · {site.address}, {site.postcode} {site.town} ({site.province})",
        (f"Tel. {site.phone}", f"{centre.email} · PEC {centre.pec}"))


def signers(ctx: SeedContext) -> list[Any]:
    return [o for o in ctx.shared["operators"] if o.role in signer_roles()]


def add_agreement(ctx: SeedContext, did: Did, signed: dt.date, rng: random.Random, *,
                  kinds: tuple[str, ...] = ("Orientamento di base",),
                  appointments: tuple[Appointment, ...] = ()) -> AgreementVersion:
    """A first version signed on ``signed``, built from ``did`` through the service path."""
    operator = rng.choice(signers(ctx))
    measures = tuple(
        Measure(k, DESCRIPTIONS[k], PROVIDERS[0] if i == 0 else rng.choice(PROVIDERS),
                signed + dt.timedelta(days=7 + 14 * i), signed + dt.timedelta(days=60 + 30 * i))
        for i, k in enumerate(kinds))
    draft = AgreementDraft(
        person_id=did.person_id, measures=measures, appointments=appointments,
        signed_on=signed, responsible=operator.username,
        search_acts=tuple(rng.sample(SEARCH_ACTS, rng.randint(2, 3))),
        reporting=REPORTING, search_proof=PROOF)
    row, _agreement = build_version(ctx.session, letterhead(ctx), draft, operator.username)
    return row


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    site = ctx.shared["site"]
    today = dt.date.today()
    made = 0
    for person in ctx.shared.get("people", []):
        if made == 12:
            break
        ctx.session.flush()
        did = active_did(ctx.session, person.id)
        if did is None:
            continue
        allowed = max(1, (did.patto_deadline - did.did_date).days)
        signed = min(today, did.did_date + dt.timedelta(days=rng.randint(1, allowed)))
        appointments = (
            Appointment(dt.datetime.combine(signed + dt.timedelta(days=21), dt.time(9, 30)),
                        f"{site.name}, {site.address}", "Verifica dell'andamento del Patto"),)
        kinds = tuple(rng.sample(MEASURE_TYPES, rng.randint(2, 4)))
        first = add_agreement(ctx, did, signed, rng, kinds=kinds, appointments=appointments)
        if made == 0:  # a corrected agreement: a training measure added ten days later
            _correct(ctx, first, min(today, signed + dt.timedelta(days=10)))
        made += 1


def _correct(ctx: SeedContext, first: AgreementVersion, day: dt.date) -> None:
    from desktop.documents.agreement import from_json

    agreement = ctx.session.get(Agreement, first.agreement_id)
    if agreement is None:
        raise LookupError(f"demo agreement {first.agreement_id} missing while seeding")
    data = from_json(first.snapshot)
    draft = AgreementDraft(
        person_id=agreement.person_id,
        measures=(*data.measures, Measure("Formazione", DESCRIPTIONS["Formazione"],
                                          PROVIDERS[2], day + dt.timedelta(days=20),
                                          day + dt.timedelta(days=80))),
        appointments=data.appointments, signed_on=day,
        reason="aggiunta una misura di formazione", responsible=data.operator_username,
        search_acts=data.search_acts, reporting=data.reporting,
        search_proof=data.search_proof)
    build_version(ctx.session, letterhead(ctx), dataclasses.replace(draft),
                  first.operator_username)
