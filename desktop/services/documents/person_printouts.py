"""The printouts handed to the person at the counter: the DID receipt, the
certificate of stato occupazionale, the privacy notice and the latest Patto.

Each returns a :class:`RenderedDocument` without archiving it; the view archives
it (and audits it on the person) with :func:`~desktop.services.documents.archive.record_printed`
once the operator has printed or saved it.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.documents.agreement import GOL_PATHS
from desktop.documents.certificate import EmploymentCertificate, render_employment_certificate
from desktop.documents.privacy import (
    CentreContacts,
    PrivacyNotice,
    notice_title,
    privacy_notice_version,
    render_privacy_notice,
)
from desktop.documents.receipts import RegistrationReceipt, render_registration_receipt
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Operator, Person
from desktop.models.registration import Did
from desktop.services.documents.printing import centre_header
from desktop.services.documents.rendered import RenderedDocument
from desktop.services.organisation.centre import site_info
from desktop.services.people.did import active_did
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import Permission, require
from desktop.values.site import SiteInfo


def _birthplace(person: Person) -> str:
    if person.birthplace_name:
        province = person.birthplace_province
        return f"{person.birthplace_name} ({province})" if province and province != "EE" \
            else person.birthplace_name
    from desktop.services.documents.agreements import birthplace_name

    return birthplace_name(person.fiscal_code, person.birthplace_code)


def _residence(person: Person) -> str:
    if not person.residence_town:
        return ""
    street = " ".join(x for x in (person.residence_address, person.residence_number) if x)
    town = " ".join(x for x in (person.residence_postcode, person.residence_town) if x)
    province = f" ({person.residence_province})" if person.residence_province else ""
    return ", ".join(x for x in (street, town + province) if x)


def _gol_label(path: int) -> str:
    return GOL_PATHS[path - 1] if 1 <= path <= len(GOL_PATHS) else str(path)


def _site(db: Database, site_code: str) -> SiteInfo:
    try:
        return site_info(db, site_code)
    except NotFoundError:
        if not site_code:
            raise
        return site_info(db)  # a DID taken at a site that no longer exists


def did_receipt(db: Database, actor: OperatorInfo, did_id: uuid.UUID,
                site_code: str | None = None) -> RenderedDocument:
    """The receipt of a DID: the person, the DID date, profiling class, GOL path and
    the deadline of the Patto. The header is the site where the DID was taken
    (``site_code`` overrides it)."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    with db.read() as session:
        did = session.get(Did, did_id)
        if did is None:
            raise NotFoundError(_("This declaration of immediate availability (DID) is no "
                                  "longer in the database."))
        person = session.get(Person, did.person_id)
        if person is None:
            raise NotFoundError(_("This person is no longer in the database."))
        operator = session.scalars(select(Operator.full_name).where(
            Operator.username == did.operator)).first() or did.operator or actor.full_name
        site = _site(db, did.site_code if site_code is None else site_code)
        # created_at is UTC: the local day is the one the person was at the counter.
        registered = did.created_at.replace(tzinfo=dt.UTC).astimezone().date() \
            if did.created_at else did.did_date
        receipt = RegistrationReceipt(
            number=f"RD-{site.centre_code}-{did.did_date:%Y%m%d}-{did.id.hex[:6].upper()}",
            centre=centre_header(site), fiscal_code=person.fiscal_code,
            surname=person.surname, name=person.name, birth_date=person.birth_date,
            birthplace=_birthplace(person), did_date=did.did_date, registered_on=registered,
            naspi=did.naspi, operator_name=operator, profiling_class=did.profiling_class,
            email=person.email, mobile=person.mobile, gol_path=_gol_label(did.gol_path),
            patto_deadline=did.patto_deadline)
        person_id = person.id
    return RenderedDocument(
        render_registration_receipt(receipt), kind="receipt", number=receipt.number,
        version=1, title="Ricevuta di registrazione e DID", person_id=person_id,
        params={"did": str(did_id)}, filename=f"ricevuta-did-{receipt.number}.pdf")


def _person_with_did(session: Session, person_id: uuid.UUID,
                     refusal: str) -> tuple[Person, Did]:
    """The person and their DID in force; ``refusal`` (with ``{person}``) when none."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFoundError(_("This person is no longer in the database."))
    did = active_did(session, person_id)
    if did is None:
        raise ValidationError(refusal.format(person=f"{person.surname} {person.name}"))
    return person, did


def employment_certificate(db: Database, actor: OperatorInfo, person_id: uuid.UUID,
                           site_code: str = "",
                           issued: dt.date | None = None) -> RenderedDocument:
    """The certificate of stato occupazionale; refused when no DID is in force."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    issued = issued or dt.date.today()
    site = site_info(db, site_code)
    with db.read() as session:
        person, did = _person_with_did(session, person_id, _(
            "{person} has no declaration of immediate availability (DID) in force: the "
            "certificate of employment status cannot be issued. Record the DID in "
            "Registration first."))
        certificate = EmploymentCertificate(
            number=f"CSO-{site.centre_code}-{issued:%Y%m%d}-{person.id.hex[:6].upper()}",
            centre=centre_header(site), fiscal_code=person.fiscal_code,
            surname=person.surname, name=person.name, sex=person.sex,
            birth_date=person.birth_date, birthplace=_birthplace(person),
            residence=_residence(person), did_date=did.did_date, issued=issued,
            operator_name=actor.full_name, profiling_class=did.profiling_class)
        did_id = did.id
    return RenderedDocument(
        render_employment_certificate(certificate), kind="certificate",
        number=certificate.number, version=1, title="Certificato di stato occupazionale",
        person_id=person_id, params={"did": str(did_id), "issued": issued.isoformat()},
        filename=f"certificato-stato-occupazionale-{certificate.number}.pdf")


def privacy_notice(db: Database, actor: OperatorInfo, person_id: uuid.UUID | None,
                   site_code: str = "", lang: str = "it",
                   issued: dt.date | None = None) -> RenderedDocument:
    """The informativa privacy, with the person's name when there is one."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    issued = issued or dt.date.today()
    site = site_info(db, site_code)
    full_name = fiscal_code = ""
    if person_id is not None:
        with db.read() as session:
            person = session.get(Person, person_id)
            if person is None:
                raise NotFoundError(_("This person is no longer in the database."))
            full_name, fiscal_code = f"{person.surname} {person.name}", person.fiscal_code
    version = privacy_notice_version()
    suffix = person_id.hex[:6].upper() if person_id else "MOD"
    notice = PrivacyNotice(
        number=f"IP-{site.centre_code}-{issued:%Y%m%d}-{lang.upper()}-{suffix}",
        centre=centre_header(site),
        contacts=CentreContacts(site.centre_name, site.full_address, site.centre_email,
                                site.centre_pec, site.centre_phone or site.phone),
        issued=issued, lang=lang, full_name=full_name, fiscal_code=fiscal_code)
    return RenderedDocument(
        render_privacy_notice(notice), kind="privacy", number=notice.number, version=1,
        title=notice_title(lang), person_id=person_id,
        params={"notice_version": version, "lang": lang, "issued": issued.isoformat()},
        filename=f"informativa-privacy-{lang}.pdf")


def latest_agreement(db: Database, actor: OperatorInfo, person_id: uuid.UUID,
                     copies: int = 1) -> RenderedDocument:
    """The latest version of the person's Patto di servizio."""
    from desktop.services.documents.agreements import print_version, versions_for_person

    versions = versions_for_person(db, actor, person_id)
    if not versions:
        raise ValidationError(_(
            "This person has no service agreement yet: fill in and save the form on the "
            "right first."))
    return print_version(db, actor, versions[0].id, copies=copies)


def did_receipt_for_person(db: Database, actor: OperatorInfo,
                           person_id: uuid.UUID) -> RenderedDocument:
    """The receipt of the person's DID in force; refused when there is none."""
    require(actor, Permission.DOCUMENT_PRINT, db)
    with db.read() as session:
        _person, did = _person_with_did(session, person_id, _(
            "{person} has no declaration of immediate availability (DID) in force: "
            "there is no receipt to print. Record the DID in Registration first."))
        did_id = did.id
    return did_receipt(db, actor, did_id)
