"""Demo service agreements (Patti di servizio): a few people, one corrected twice."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from desktop.demo import SeedContext
from desktop.documents.agreement import (
    GOL_PATHS,
    MEASURE_TYPES,
    PROFILING_CLASSES,
    AgreementData,
    AgreementPerson,
    Appointment,
    Measure,
    current_texts,
    to_json,
)
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.services.agreements import birthplace_name

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


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng
    site, centre = ctx.shared["site"], ctx.shared["centre"]
    operators = ctx.shared["operators"]
    people = ctx.shared.get("people", [])[:12]
    base_day = dt.date(2026, 11, 2)
    texts = current_texts()
    for n, person in enumerate(people):
        operator = operators[1 + n % (len(operators) - 1)]
        signed = base_day + dt.timedelta(days=n)
        number = f"PS-{centre.code}-{signed:%Y%m%d}-{n + 1:06d}"
        agreement = Agreement(id=uuid.uuid4(), person_id=person.id, number=number,
                              centre_code=centre.code)
        ctx.session.add(agreement)
        kinds = rng.sample(MEASURE_TYPES, rng.randint(2, 4))
        measures = tuple(
            Measure(k, DESCRIPTIONS[k], rng.choice(PROVIDERS),
                    signed + dt.timedelta(days=7 + 14 * i),
                    signed + dt.timedelta(days=60 + 30 * i)) for i, k in enumerate(kinds))
        appointments = (
            Appointment(dt.datetime.combine(signed + dt.timedelta(days=21), dt.time(9, 30)),
                        f"{site.name}, {site.address}", "Verifica dell'andamento del Patto"),)
        naspi = rng.random() < 0.4
        data = AgreementData(
            number=number, version=1,
            person=AgreementPerson(person.fiscal_code, person.surname, person.name, person.sex,
                                   person.birth_date,
                                   birthplace_name(person.fiscal_code, person.birthplace_code),
                                   person.citizenship, person.mobile, person.email),
            did_date=signed - dt.timedelta(days=rng.randint(3, 14 if naspi else 28)),
            naspi=naspi, profiling_class=rng.choice(PROFILING_CLASSES),
            gol_path=rng.choice(GOL_PATHS[:4]), measures=measures, appointments=appointments,
            operator_name=operator.full_name, place=site.town, signed_on=signed,
            centre_name=centre.name,
            site_line=f"{site.name} · {site.address}, {site.postcode} {site.town} "
                      f"({site.province})",
            header_lines=(f"Tel. {site.phone}", f"{centre.email} · PEC {centre.pec}"),
            texts=texts)
        versions = [data]
        if n == 0:  # a corrected agreement: a measure added, then a new appointment
            versions.append(AgreementData(**{
                **data.__dict__, "version": 2, "replaces_version": 1,
                "replaces_date": signed, "signed_on": signed + dt.timedelta(days=10),
                "reason": "aggiunta una misura di formazione",
                "measures": (*measures, Measure("Formazione", DESCRIPTIONS["Formazione"],
                                                PROVIDERS[2], signed + dt.timedelta(days=30),
                                                signed + dt.timedelta(days=90)))}))
        previous: AgreementVersion | None = None
        for version in versions:
            snapshot = to_json(version)
            row = AgreementVersion(
                id=uuid.uuid4(), agreement_id=agreement.id, version=version.version,
                replaces_id=previous.id if previous else None, snapshot=snapshot,
                snapshot_sha256=hashlib.sha256(snapshot.encode()).hexdigest(),
                operator_username=operator.username, reason=version.reason)
            ctx.session.add(row)
            previous = row
