"""Patto di servizio personalizzato: the frozen data of one version.

``AgreementData`` is everything the printout shows, captured when the version is
saved; it round-trips through canonical JSON (:func:`to_json` / :func:`from_json`),
which is what the database keeps. :mod:`desktop.documents.agreement` renders it.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

import yaml

from desktop.documents.privacy_notice import privacy_notice_version
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.paths import resource_path

#: Profiling classes (indice di distanza dal mercato del lavoro) and GOL paths.
PROFILING_CLASSES = ("bassa", "media", "alta", "molto alta")
GOL_PATHS = (
    "Percorso 1 – Reinserimento lavorativo",
    "Percorso 2 – Aggiornamento (upskilling)",
    "Percorso 3 – Riqualificazione (reskilling)",
    "Percorso 4 – Lavoro e inclusione",
    "Percorso 5 – Ricollocazione collettiva",
)
MEASURE_TYPES = (
    "Orientamento di base", "Orientamento specialistico", "Accompagnamento al lavoro",
    "Formazione", "Tirocinio extracurriculare", "Laboratorio di ricerca attiva",
    "Bilancio di competenze", "Incontro domanda-offerta", "Autoimpiego",
)
#: Labels of the two copies of a two-copy printout, in printing order.
COPY_LABELS = ("Copia per la persona", "Copia per il Centro per l'Impiego")


def gol_path_label(path: int) -> str:
    """The printed name of GOL path ``path`` (1-5, as the DID's profiling stores it)."""
    return GOL_PATHS[max(1, min(path, len(GOL_PATHS))) - 1]


@dataclass(frozen=True)
class Measure:
    kind: str
    description: str
    provider: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Appointment:
    when: dt.datetime
    place: str
    purpose: str


@dataclass(frozen=True)
class SearchAct:
    """A job-search act the person commits to (art. 20 c. 2 D.Lgs. 150/2015) and its
    timetable: what, and by when or how often."""

    act: str
    timing: str


@dataclass(frozen=True)
class AgreementPerson:
    fiscal_code: str
    surname: str
    name: str
    sex: str
    birth_date: dt.date
    birthplace: str
    citizenship: str
    mobile: str = ""
    email: str = ""
    #: Legacy single line (versions made before residence and domicile were printed).
    address: str = ""
    residence: str = ""
    #: Empty when the domicile is the residence.
    domicile: str = ""


@dataclass(frozen=True)
class AgreementTexts:
    """The fixed texts as they were when the version was made (resources/agreement/)."""

    obligations_version: str
    privacy_reference: str
    title: str
    legal_basis: str
    person_commitments: tuple[str, ...]
    centre_commitments: tuple[str, ...]
    conditionality_intro: str
    conditionality: tuple[tuple[str, str], ...]
    justified_reasons: str
    declaration: str


@dataclass(frozen=True)
class AgreementData:
    number: str
    version: int
    person: AgreementPerson
    did_date: dt.date | None
    naspi: bool
    profiling_class: str
    gol_path: str
    measures: tuple[Measure, ...]
    appointments: tuple[Appointment, ...]
    operator_name: str
    place: str
    signed_on: dt.date
    centre_name: str
    site_line: str
    header_lines: tuple[str, ...]
    texts: AgreementTexts
    replaces_version: int | None = None
    replaces_date: dt.date | None = None
    reason: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    #: The last day to sign the patto, as the DID computed it (one source: the
    #: configured 15/30 days of desktop.services.people.profiling.patto_deadline).
    patto_deadline: dt.date | None = None
    #: Who the responsible operator is (the printed name is ``operator_name``).
    operator_username: str = ""
    #: Art. 20 c. 2: job-search acts and their timetable, how often the person reports
    #: to the centre, and how the search is proven.
    search_acts: tuple[SearchAct, ...] = ()
    reporting: str = ""
    search_proof: str = ""

    @property
    def deadline_days(self) -> int | None:
        if self.patto_deadline is None or self.did_date is None:
            return None
        return (self.patto_deadline - self.did_date).days


@cache
def _texts_cached() -> AgreementTexts:
    with open(resource_path("agreement", "it.yaml"), encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return AgreementTexts(
        obligations_version=str(raw["obligations_version"]),
        # The notice's version comes from its own resource: one identifier everywhere.
        privacy_reference=raw["privacy_reference"].format(version=privacy_notice_version()),
        title=raw["title"], legal_basis=raw["legal_basis"],
        person_commitments=tuple(raw["person_commitments"]),
        centre_commitments=tuple(raw["centre_commitments"]),
        conditionality_intro=raw["conditionality_intro"],
        conditionality=tuple((a, b) for a, b in raw["conditionality"]),
        justified_reasons=raw["justified_reasons"], declaration=raw["declaration"],
    )


def current_texts() -> AgreementTexts:
    """The texts a new version copies (the file may be edited by the centre)."""
    return _texts_cached()


def missing_data(data: AgreementData) -> list[str]:
    """What stops the agreement from being printed, as Italian sentences (empty: fine)."""
    problems: list[str] = []
    if data.did_date is None:
        problems.append(_("the date of the declaration of immediate availability (DID)"))
    if not data.profiling_class.strip():
        problems.append(_("the profiling class"))
    if not data.gol_path.strip():
        problems.append(_("the GOL path"))
    return problems + missing_measures(data)


def missing_measures(data: AgreementData) -> list[str]:
    """What the measures lack (the part of :func:`missing_data` the operator types)."""
    problems: list[str] = []
    if not data.measures:
        problems.append(_("at least one agreed measure"))
    for n, m in enumerate(data.measures, 1):
        if not (m.kind.strip() and m.description.strip() and m.provider.strip()):
            problems.append(_("type, description and provider of measure {n}").format(n=n))
        if m.start and m.end and m.end < m.start:
            problems.append(_("an end date after the start date for measure {n}").format(n=n))
    return problems


def search_terms_problems(data: AgreementData) -> dict[str, list[str]]:
    """What art. 20 c. 2 asks and the data lack, by item ("search_acts", "reporting",
    "search_proof"); checked when a version is saved, so versions made before these
    items existed can still be reprinted."""
    problems: dict[str, list[str]] = {}
    acts = problems.setdefault("search_acts", [])
    if not data.search_acts:
        acts.append(_("at least one job-search act with its timetable"))
    for n, act in enumerate(data.search_acts, 1):
        if not (act.act.strip() and act.timing.strip()):
            acts.append(_("what and by when (or how often) for job-search act {n}")
                        .format(n=n))
    if not data.reporting.strip():
        problems["reporting"] = [_("how often the person reports to the centre")]
    if not data.search_proof.strip():
        problems["search_proof"] = [_("how the job search is proven")]
    return {key: items for key, items in problems.items() if items}


def missing_search_terms(data: AgreementData) -> list[str]:
    return [item for items in search_terms_problems(data).values() for item in items]


def require_complete(data: AgreementData) -> None:
    problems = missing_data(data)
    if problems:
        raise ValidationError(
            _("The service agreement cannot be printed: missing {items}.").format(
                items="; ".join(problems)))


# -- snapshot ------------------------------------------------------------------------------

def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return value


def to_json(data: AgreementData) -> str:
    """Canonical JSON: sorted keys, no spaces, so equal data gives equal text."""
    return json.dumps(_encode(asdict(data)), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def from_json(raw: str) -> AgreementData:
    d = json.loads(raw)
    p = d["person"]
    t = d["texts"]
    return AgreementData(
        number=d["number"], version=d["version"],
        person=AgreementPerson(**{**p, "birth_date": dt.date.fromisoformat(p["birth_date"])}),
        did_date=_date(d["did_date"]), naspi=d["naspi"], profiling_class=d["profiling_class"],
        gol_path=d["gol_path"],
        measures=tuple(Measure(m["kind"], m["description"], m["provider"], _date(m["start"]),
                               _date(m["end"])) for m in d["measures"]),
        appointments=tuple(Appointment(dt.datetime.fromisoformat(a["when"]), a["place"],
                                       a["purpose"]) for a in d["appointments"]),
        operator_name=d["operator_name"], place=d["place"],
        signed_on=dt.date.fromisoformat(d["signed_on"]), centre_name=d["centre_name"],
        site_line=d["site_line"], header_lines=tuple(d["header_lines"]),
        texts=AgreementTexts(
            obligations_version=t["obligations_version"],
            privacy_reference=t["privacy_reference"], title=t["title"],
            legal_basis=t["legal_basis"], person_commitments=tuple(t["person_commitments"]),
            centre_commitments=tuple(t["centre_commitments"]),
            conditionality_intro=t["conditionality_intro"],
            conditionality=tuple((a, b) for a, b in t["conditionality"]),
            justified_reasons=t["justified_reasons"], declaration=t["declaration"]),
        replaces_version=d.get("replaces_version"), replaces_date=_date(d.get("replaces_date")),
        reason=d.get("reason", ""), extra=dict(d.get("extra", {})),
        patto_deadline=_date(d.get("patto_deadline")),
        operator_username=d.get("operator_username", ""),
        search_acts=tuple(SearchAct(a["act"], a["timing"]) for a in d.get("search_acts", ())),
        reporting=d.get("reporting", ""), search_proof=d.get("search_proof", ""),
    )
