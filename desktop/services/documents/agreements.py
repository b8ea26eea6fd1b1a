"""Patto di servizio: save versions (append-only), find them, print and archive them.

The operator's form becomes an :class:`AgreementDraft`; :func:`save_version` checks
it, takes the DID date, NASpI, profiling class, GOL path and patto deadline from the
person's active DID (never from the form), copies the person's identity, addresses and
contacts, the responsible operator, the centre's header and the fixed texts into a
frozen snapshot, and adds a version that replaces the previous one. Printing
re-renders a version from its snapshot only. Each version is queued for the regional
server in the same transaction (append-only kind ``agreement``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.documents.agreement import (
    AgreementData,
    AgreementPerson,
    Appointment,
    Measure,
    SearchAct,
    current_texts,
    from_json,
    missing_data,
    missing_measures,
    render_agreement,
    search_terms_problems,
    to_json,
)
from desktop.errors import BrokenInvariant, NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.models.organisation import Operator
from desktop.models.person_lookup import person_by_code
from desktop.services.documents.agreement_people import (
    DidSummary,
    PersonChoice,
    addresses,
    did_summary,
    search_people,
    signer_roles,
)
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.people.did import active_did
from desktop.services.security import audit
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require
from desktop.sync import outbox
from desktop.values.site import SiteInfo

__all__ = ["AgreementContext", "AgreementDraft", "AgreementVersionInfo", "DidSummary", "Letterhead",
           "PersonChoice", "check_draft", "search_people",
           "save_version", "versions_for_person"]


@dataclass(frozen=True)
class AgreementDraft:
    """What the operator enters in the form. The DID data are not here: the service
    takes them from the person's active DID."""

    person_id: uuid.UUID
    measures: tuple[Measure, ...]
    appointments: tuple[Appointment, ...] = ()
    place: str = ""
    signed_on: dt.date | None = None
    #: Why this version replaces the previous one (empty for the first).
    reason: str = ""
    #: The operator responsible for the Patto (must be allowed to sign).
    responsible: str = ""
    #: Art. 20 c. 2: job-search acts and timetable, reporting, proof of the search.
    search_acts: tuple[SearchAct, ...] = ()
    reporting: str = ""
    search_proof: str = ""


@dataclass(frozen=True)
class Letterhead:
    """The centre's lines a version copies (from the workstation's site)."""

    centre_code: str
    centre_name: str
    town: str
    site_line: str
    header_lines: tuple[str, ...]

    @classmethod
    def of(cls, site: SiteInfo) -> Letterhead:
        return cls(site.centre_code, site.centre_name, site.town,
                   f"{site.site_name} · {site.full_address}",
                   tuple(x for x in (
                       f"Tel. {site.phone}" if site.phone else "",
                       " · ".join(x for x in (site.centre_email,
                                              site.centre_pec and f"PEC {site.centre_pec}")
                                  if x),
                   ) if x))


@dataclass(frozen=True)
class AgreementVersionInfo:
    id: uuid.UUID
    agreement_id: uuid.UUID
    number: str
    version: int
    replaces_id: uuid.UUID | None
    person_id: uuid.UUID
    operator_username: str
    created_at: dt.datetime
    snapshot_sha256: str
    data: AgreementData


def _probe(draft: AgreementDraft, did: DidSummary | None) -> AgreementData:
    return AgreementData(
        number="", version=1, person=AgreementPerson("", "", "", "", dt.date.min, "", ""),
        did_date=did.did_date if did else None, naspi=bool(did and did.naspi),
        profiling_class=did.profiling_class if did else "",
        gol_path=did.gol_path if did else "", measures=draft.measures,
        appointments=draft.appointments, operator_name="", place="", signed_on=dt.date.min,
        centre_name="", site_line="", header_lines=(), texts=current_texts(),
        search_acts=draft.search_acts, reporting=draft.reporting,
        search_proof=draft.search_proof)


def draft_problems(draft: AgreementDraft,
                   did: DidSummary | None = None) -> dict[str, list[str]]:
    """What is missing, by field ("did", "measures", "search_acts", "reporting",
    "search_proof", "responsible"), as Italian fragments. The DID items are checked
    only when ``did`` is given (the service always gives it)."""
    probe = _probe(draft, did)
    problems: dict[str, list[str]] = {}
    if did is not None:
        measures = missing_measures(probe)
        did_items = [p for p in missing_data(probe) if p not in measures]
        if did_items:
            problems["did"] = did_items
    if missing_measures(probe):
        problems["measures"] = missing_measures(probe)
    problems.update(search_terms_problems(probe))
    if not draft.responsible.strip():
        problems["responsible"] = [_("the responsible operator")]
    return problems


def check_draft(draft: AgreementDraft, did: DidSummary | None = None) -> list[str]:
    """The pure check the form runs before saving: what is missing (Italian sentences)."""
    return [item for items in draft_problems(draft, did).values() for item in items]


def _cannot_save(problems: dict[str, list[str]]) -> ValidationError:
    return ValidationError(
        _("The service agreement cannot be saved: missing {items}.").format(
            items="; ".join(item for items in problems.values() for item in items)),
        {key: _("Missing: {items}.").format(items="; ".join(items))
         for key, items in problems.items()})


def _responsible(session: Session, username: str) -> Operator:
    operator = session.scalars(select(Operator).where(
        Operator.username == username.strip())).first()
    if operator is None or not operator.active or operator.role not in signer_roles():
        raise ValidationError(
            _("{who} may not sign a service agreement: choose a responsible operator from "
              "the list.").format(who=username.strip() or "?"),
            {"responsible": _("Not allowed to sign")})
    return operator


def build_version(session: Session, letterhead: Letterhead, draft: AgreementDraft,
                  saved_by: str, today: dt.date | None = None) -> tuple[
                      AgreementVersion, Agreement]:
    """Add a version in ``session`` (no permission check, no commit): the one path
    that turns a draft and the person's active DID into a snapshot; the demo uses it
    too, so a demo Patto agrees with the demo DID."""
    person = session.get(Person, draft.person_id)
    if person is None:
        raise NotFoundError(_("This person no longer exists in the database."))
    did_row = active_did(session, person.id)
    if did_row is None:
        raise ValidationError(
            _("{person} has no declaration of immediate availability (DID) in force: "
              "register the DID in Accoglienza before the service agreement.").format(
                person=f"{person.surname} {person.name}"), {"did": _("No DID in force")})
    did = did_summary(did_row)
    problems = draft_problems(draft, did)
    if problems:
        raise _cannot_save(problems)
    responsible = _responsible(session, draft.responsible)
    agreement = session.scalars(select(Agreement).where(
        Agreement.person_id == person.id).order_by(Agreement.created_at.desc())).first()
    previous: AgreementVersion | None = None
    signed = draft.signed_on or today or dt.date.today()
    if agreement is None:
        agreement = Agreement(
            id=uuid.uuid4(), person_id=person.id, centre_code=letterhead.centre_code,
            signed_on=signed,
            number=f"PS-{letterhead.centre_code}-{signed:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}")
        session.add(agreement)
    else:
        previous = _latest(session, agreement.id)
    prev_data = from_json(previous.snapshot) if previous else None
    where = addresses(person)
    data = AgreementData(
        number=agreement.number,
        version=(previous.version + 1) if previous else 1,
        person=AgreementPerson(
            fiscal_code=person.fiscal_code, surname=person.surname, name=person.name,
            sex=person.sex, birth_date=person.birth_date,
            birthplace=birthplace_name(person.fiscal_code, person.birthplace_code),
            citizenship=person.citizenship, mobile=person.mobile, email=person.email,
            residence=where.residence, domicile=where.domicile),
        did_date=did.did_date, naspi=did.naspi, profiling_class=did.profiling_class,
        gol_path=did.gol_path, patto_deadline=did.patto_deadline,
        measures=draft.measures, appointments=draft.appointments,
        operator_name=responsible.full_name, operator_username=responsible.username,
        place=draft.place or letterhead.town, signed_on=signed,
        centre_name=letterhead.centre_name, site_line=letterhead.site_line,
        header_lines=letterhead.header_lines, texts=current_texts(),
        replaces_version=previous.version if previous else None,
        replaces_date=prev_data.signed_on if prev_data else None,
        reason=draft.reason.strip() if previous else "",
        search_acts=tuple(SearchAct(a.act.strip(), a.timing.strip())
                          for a in draft.search_acts),
        reporting=draft.reporting.strip(), search_proof=draft.search_proof.strip(),
    )
    snapshot = to_json(data)
    row = AgreementVersion(
        id=uuid.uuid4(), agreement_id=agreement.id, version=data.version,
        replaces_id=previous.id if previous else None, snapshot=snapshot,
        snapshot_sha256=hashlib.sha256(snapshot.encode()).hexdigest(),
        operator_username=saved_by, responsible_username=responsible.username,
        reason=data.reason)
    session.add(row)
    session.flush()
    return row, agreement


@lru_cache(maxsize=512)
def birthplace_name(fiscal_code: str, code: str) -> str:
    """"Firenze (FI)" from the codice fiscale; the Belfiore code when it cannot be decoded."""
    from codicefiscale import codicefiscale

    try:
        place = codicefiscale.decode(fiscal_code)["birthplace"]
    except (ValueError, KeyError, TypeError):
        return code
    if not place:
        return code
    province = place.get("province") or ""
    name = str(place.get("name") or code)
    return f"{name} ({province})" if province and province != "EE" else name


def save_version(db: Database, actor: OperatorInfo, site: SiteInfo,
                 draft: AgreementDraft) -> AgreementVersionInfo:
    """Add a version of the person's agreement (the first, or one replacing the latest).
    Refused, with nothing saved, without an active DID or an operator allowed to sign."""
    require(actor, Permission.AGREEMENT_WRITE, db)
    problems = draft_problems(draft)
    if problems:
        raise _cannot_save(problems)
    with db.transaction() as session:
        row, agreement = build_version(session, Letterhead.of(site), draft, actor.username)
        outbox.record(session, "agreement", row.id, "create", version_fields(row, agreement))
        # On the person, so "who handled this person" lists it; the version in the detail.
        audit.record(session, actor, "agreement.version", "person", agreement.person_id,
                     f"{agreement.number} v{row.version} {row.id} "
                     f"responsabile {row.responsible_username}")
        return _info(row, agreement)


def version_fields(row: AgreementVersion, agreement: Agreement) -> dict[str, object]:
    """What the region receives of a patto version (append-only kind ``agreement``): the
    signed snapshot itself, its hash, and the ids that actions refer to."""
    return {"agreement_id": str(agreement.id), "person_id": str(agreement.person_id),
            "number": agreement.number, "centre_code": agreement.centre_code,
            "version": row.version, "replaces_id": str(row.replaces_id or ""),
            "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
            "operator": row.operator_username, "responsible": row.responsible_username,
            "reason": row.reason,
            "snapshot": row.snapshot, "snapshot_sha256": row.snapshot_sha256}


def _latest(session: Session, agreement_id: uuid.UUID) -> AgreementVersion | None:
    return session.scalars(select(AgreementVersion).where(
        AgreementVersion.agreement_id == agreement_id).order_by(
        AgreementVersion.version.desc())).first()


def _info(row: AgreementVersion, agreement: Agreement) -> AgreementVersionInfo:
    return AgreementVersionInfo(
        id=row.id, agreement_id=agreement.id, number=agreement.number, version=row.version,
        replaces_id=row.replaces_id, person_id=agreement.person_id,
        operator_username=row.operator_username, created_at=row.created_at,
        snapshot_sha256=row.snapshot_sha256, data=from_json(row.snapshot))


def versions_for_person(db: Database, actor: OperatorInfo,
                        person_id: uuid.UUID) -> list[AgreementVersionInfo]:
    """Every version of the person's agreements, newest first."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        rows = session.execute(
            select(AgreementVersion, Agreement).join(
                Agreement, AgreementVersion.agreement_id == Agreement.id).where(
                Agreement.person_id == person_id).order_by(
                Agreement.created_at.desc(), AgreementVersion.version.desc())).all()
        return [_info(v, a) for v, a in rows]


@dataclass(frozen=True)
class AgreementContext:
    """What the form shows for a person: the DID in force (read-only), where they live,
    and their versions (newest first)."""

    person: PersonChoice
    did: DidSummary | None
    residence: str
    domicile: str
    versions: tuple[AgreementVersionInfo, ...]


def load_context(db: Database, actor: OperatorInfo, person_id: uuid.UUID) -> AgreementContext:
    """The person, their active DID and their agreement versions, for the form."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person no longer exists in the database."))
        did = active_did(session, person.id)
        where = addresses(person)
        choice = PersonChoice(person.id, person.fiscal_code, person.surname, person.name,
                              person.birth_date, True)
        summary = did_summary(did) if did is not None else None
    return AgreementContext(choice, summary, where.residence, where.domicile,
                            tuple(versions_for_person(db, actor, person_id)))


def latest_for_fiscal_code(db: Database, actor: OperatorInfo,
                           fiscal_code: str) -> AgreementVersionInfo:
    require(actor, Permission.PERSON_READ, db)
    code = fiscal_code.strip().upper()
    with db.read() as session:
        person = person_by_code(session, code)
        if person is None:
            raise NotFoundError(_("No person with fiscal code {code} in this database.")
                                .format(code=code))
        person_id, full_name = person.id, f"{person.surname} {person.name}"
    versions = versions_for_person(db, actor, person_id)
    if not versions:
        raise ValidationError(_(
            "{person} has no service agreement yet: it cannot be printed. Missing the date of "
            "the declaration of immediate availability (DID) and the agreed measures; enter "
            "them in the Documents area.").format(person=full_name))
    return versions[0]


def print_version(db: Database, actor: OperatorInfo, version_id: uuid.UUID,
                  copies: int = 1) -> RenderedDocument:
    """Render a version from its snapshot, without archiving it: the caller archives
    the result with :func:`desktop.services.documents.archive.record_printed` once the operator
    has printed or saved it (a cancelled preview leaves no trace)."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    with db.read() as session:
        row = session.get(AgreementVersion, version_id)
        if row is None:
            raise NotFoundError(_("This version of the service agreement does not exist."))
        agreement = session.get(Agreement, row.agreement_id)
        if agreement is None:
            raise BrokenInvariant("agreement is missing")
        info = _info(row, agreement)
    return RenderedDocument(
        render_agreement(info.data, copies=copies), kind="agreement", number=info.number,
        version=info.version, title=info.data.texts.title, person_id=info.person_id,
        agreement_version_id=info.id, params={"copies": copies},
        filename=f"patto-di-servizio-{info.number}-v{info.version}.pdf")
