"""Patto di servizio: save versions (append-only), find them, print and archive them.

The operator's form becomes an :class:`AgreementDraft`; :func:`save_version` checks
it, copies the person's identity and contacts, the centre's header and the fixed
texts into a frozen snapshot, and adds a version that replaces the previous one.
Printing re-renders a version from its snapshot only. Each version is queued for the
regional server in the same transaction (append-only kind ``agreement``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from desktop.documents.agreement import (
    AgreementData,
    AgreementPerson,
    Appointment,
    Measure,
    current_texts,
    from_json,
    missing_data,
    render_agreement,
    to_json,
)
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.models import Person
from desktop.models.agreement import Agreement, AgreementVersion
from desktop.services.accounts import OperatorInfo
from desktop.services.archive import ArchivedDocument, RenderedDocument
from desktop.services.centre import SiteInfo
from desktop.services.database import Database
from desktop.services.permissions import Permission, require
from desktop.sync import outbox


@dataclass(frozen=True)
class PersonChoice:
    """A person as the agreement form lists them."""

    id: uuid.UUID
    fiscal_code: str
    surname: str
    name: str
    birth_date: dt.date

    @property
    def label(self) -> str:
        return f"{self.surname} {self.name} — {self.fiscal_code}"


@dataclass(frozen=True)
class AgreementDraft:
    """What the operator enters in the form."""

    person_id: uuid.UUID
    did_date: dt.date | None
    naspi: bool
    profiling_class: str
    gol_path: str
    measures: tuple[Measure, ...]
    appointments: tuple[Appointment, ...] = ()
    place: str = ""
    signed_on: dt.date | None = None
    #: Why this version replaces the previous one (empty for the first).
    reason: str = ""


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


@dataclass(frozen=True)
class PrintedAgreement:
    pdf: bytes
    version: AgreementVersionInfo
    archived: ArchivedDocument


def check_draft(draft: AgreementDraft) -> list[str]:
    """The pure check the form runs before saving: what is missing (Italian sentences)."""
    probe = AgreementData(
        number="", version=1, person=AgreementPerson("", "", "", "", dt.date.min, "", ""),
        did_date=draft.did_date, naspi=draft.naspi, profiling_class=draft.profiling_class,
        gol_path=draft.gol_path, measures=draft.measures, appointments=draft.appointments,
        operator_name="", place="", signed_on=dt.date.min, centre_name="", site_line="",
        header_lines=(), texts=current_texts())
    return missing_data(probe)


def search_people(db: Database, actor: OperatorInfo, query: str = "",
                  limit: int = 50) -> list[PersonChoice]:
    require(actor, Permission.PERSON_READ)
    with db.read() as session:
        stmt = select(Person).order_by(Person.surname, Person.name).limit(limit)
        if query.strip():
            like = f"%{query.strip().upper()}%"
            stmt = stmt.where(or_(func.upper(Person.surname).like(like),
                                  func.upper(Person.name).like(like),
                                  Person.fiscal_code.like(like)))
        return [PersonChoice(p.id, p.fiscal_code, p.surname, p.name, p.birth_date)
                for p in session.scalars(stmt)]


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
    """Add a version of the person's agreement (the first, or one replacing the latest)."""
    require(actor, Permission.AGREEMENT_WRITE)
    problems = check_draft(draft)
    if problems:
        raise ValidationError(
            _("The service agreement cannot be saved: missing {items}.").format(
                items="; ".join(problems)))
    with db.transaction() as session:
        person = session.get(Person, draft.person_id)
        if person is None:
            raise NotFoundError(_("This person no longer exists in the database."))
        agreement = session.scalars(select(Agreement).where(
            Agreement.person_id == person.id).order_by(Agreement.created_at.desc())).first()
        previous: AgreementVersion | None = None
        if agreement is None:
            today = draft.signed_on or dt.date.today()
            agreement = Agreement(
                id=uuid.uuid4(), person_id=person.id, centre_code=site.centre_code,
                signed_on=today,
                number=f"PS-{site.centre_code}-{today:%Y%m%d}-{uuid.uuid4().hex[:6].upper()}")
            session.add(agreement)
        else:
            previous = _latest(session, agreement.id)
        prev_data = from_json(previous.snapshot) if previous else None
        data = AgreementData(
            number=agreement.number,
            version=(previous.version + 1) if previous else 1,
            person=AgreementPerson(
                fiscal_code=person.fiscal_code, surname=person.surname, name=person.name,
                sex=person.sex, birth_date=person.birth_date,
                birthplace=birthplace_name(person.fiscal_code, person.birthplace_code),
                citizenship=person.citizenship, mobile=person.mobile, email=person.email),
            did_date=draft.did_date, naspi=draft.naspi,
            profiling_class=draft.profiling_class.strip(), gol_path=draft.gol_path.strip(),
            measures=draft.measures, appointments=draft.appointments,
            operator_name=actor.full_name, place=draft.place or site.town,
            signed_on=draft.signed_on or dt.date.today(),
            centre_name=site.centre_name,
            site_line=f"{site.site_name} · {site.full_address}",
            header_lines=tuple(x for x in (
                f"Tel. {site.phone}" if site.phone else "",
                " · ".join(x for x in (site.centre_email,
                                       site.centre_pec and f"PEC {site.centre_pec}") if x),
            ) if x),
            texts=current_texts(),
            replaces_version=previous.version if previous else None,
            replaces_date=prev_data.signed_on if prev_data else None,
            reason=draft.reason.strip() if previous else "",
        )
        snapshot = to_json(data)
        row = AgreementVersion(
            id=uuid.uuid4(), agreement_id=agreement.id, version=data.version,
            replaces_id=previous.id if previous else None, snapshot=snapshot,
            snapshot_sha256=hashlib.sha256(snapshot.encode()).hexdigest(),
            operator_username=actor.username, reason=data.reason)
        session.add(row)
        session.flush()
        outbox.record(session, "agreement", row.id, "create", version_fields(row, agreement))
        return _info(row, agreement)


def version_fields(row: AgreementVersion, agreement: Agreement) -> dict[str, object]:
    """What the region receives of a patto version (append-only kind ``agreement``): the
    signed snapshot itself, its hash, and the ids that actions refer to."""
    return {"agreement_id": str(agreement.id), "person_id": str(agreement.person_id),
            "number": agreement.number, "centre_code": agreement.centre_code,
            "version": row.version, "replaces_id": str(row.replaces_id or ""),
            "signed_on": agreement.signed_on.isoformat() if agreement.signed_on else "",
            "operator": row.operator_username, "reason": row.reason,
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
    require(actor, Permission.PERSON_READ)
    with db.read() as session:
        rows = session.execute(
            select(AgreementVersion, Agreement).join(
                Agreement, AgreementVersion.agreement_id == Agreement.id).where(
                Agreement.person_id == person_id).order_by(
                Agreement.created_at.desc(), AgreementVersion.version.desc())).all()
        return [_info(v, a) for v, a in rows]


def latest_for_fiscal_code(db: Database, actor: OperatorInfo,
                           fiscal_code: str) -> AgreementVersionInfo:
    require(actor, Permission.PERSON_READ)
    code = fiscal_code.strip().upper()
    with db.read() as session:
        person = session.scalars(select(Person).where(or_(
            Person.fiscal_code == code, Person.fiscal_code_base == code))).first()
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
    the result with :func:`desktop.services.archive.record_printed` once the operator
    has printed or saved it (a cancelled preview leaves no trace)."""
    require(actor, Permission.DOCUMENT_PRINT)
    with db.read() as session:
        row = session.get(AgreementVersion, version_id)
        if row is None:
            raise NotFoundError(_("This version of the service agreement does not exist."))
        agreement = session.get(Agreement, row.agreement_id)
        assert agreement is not None
        info = _info(row, agreement)
    return RenderedDocument(
        render_agreement(info.data, copies=copies), kind="agreement", number=info.number,
        version=info.version, title=info.data.texts.title, person_id=info.person_id,
        agreement_version_id=info.id, params={"copies": copies},
        filename=f"patto-di-servizio-{info.number}-v{info.version}.pdf")
