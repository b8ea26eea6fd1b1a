"""A firm's sedi operative and contacts: add, edit, remove, each audited.

A site added or changed sends the firm, with all its sites, to the region again (an
``employer_event`` "update", see ``firm_events``). Contacts are personal data of the firm's
staff: they stay at the centre (no outbox row).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.firms import EmployerContact, EmployerSite
from desktop.models.matching import Employer
from desktop.services.firms.firm_events import UPDATE, record_firm_event
from desktop.services.firms.registry import check_comune, check_email, check_phone
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require


@dataclass(frozen=True)
class SiteForm:
    label: str = ""
    address: str = ""
    comune_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ContactForm:
    name: str = ""
    role: str = ""
    phone: str = ""
    email: str = ""


def validate_site(form: SiteForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not form.label.strip():
        errors["label"] = _("Write the name of the site (like \"Magazzino di Prato\").")
    elif len(form.label.strip()) > 120:
        errors["label"] = _("The site's name is at most 120 characters long.")
    if not form.comune_code.strip():
        errors["comune_code"] = _("Write the comune of the site (Belfiore code, like D612).")
    for field, problem in (("comune_code", check_comune(form.comune_code)),
                           ("phone", check_phone(form.phone))):
        if problem:
            errors[field] = problem
    return errors


def validate_contact(form: ContactForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not form.name.strip():
        errors["name"] = _("Write the contact's name.")
    elif len(form.name.strip()) > 200:
        errors["name"] = _("The name is at most 200 characters long.")
    if not form.phone.strip() and not form.email.strip():
        errors["phone"] = _("Write a phone number or an e-mail address for the contact.")
    for field, problem in (("phone", check_phone(form.phone)),
                           ("email", check_email(form.email))):
        if problem:
            errors[field] = problem
    return errors


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)


def _firm(session: Session, firm_id: uuid.UUID) -> Employer:
    row = session.get(Employer, firm_id)
    if row is None:
        raise NotFoundError(_("This firm is no longer in the database."))
    return row


def save_site(db: Database, actor: AuditActor, firm_id: uuid.UUID, form: SiteForm,
              site_id: uuid.UUID | None = None, site_code: str = "") -> uuid.UUID:
    """Add a site (``site_id`` None) or change one; returns its id. ``site_code``: the
    centre's site making the change."""
    require(actor, Permission.FIRMS, db)
    _refuse(validate_site(form))
    with db.transaction() as session:
        firm = _firm(session, firm_id)
        row = session.get(EmployerSite, site_id) if site_id else None
        if site_id and (row is None or row.employer_id != firm_id):
            raise NotFoundError(_("This site is no longer in the database."))
        if row is None:
            row = EmployerSite(employer_id=firm_id, label="")
            session.add(row)
        row.label = " ".join(form.label.split())
        row.address = " ".join(form.address.split())[:200]
        row.comune_code = form.comune_code.strip().upper()
        row.phone = " ".join(form.phone.split())
        session.flush()
        audit.record(session, actor, "firm.site.save", "employer_site", row.id)
        record_firm_event(session, firm, UPDATE, site_code)
        return row.id


def save_contact(db: Database, actor: AuditActor, firm_id: uuid.UUID, form: ContactForm,
                 contact_id: uuid.UUID | None = None) -> uuid.UUID:
    """Add a contact (``contact_id`` None) or change one; returns its id."""
    require(actor, Permission.FIRMS, db)
    _refuse(validate_contact(form))
    with db.transaction() as session:
        _firm(session, firm_id)
        row = session.get(EmployerContact, contact_id) if contact_id else None
        if contact_id and (row is None or row.employer_id != firm_id):
            raise NotFoundError(_("This contact is no longer in the database."))
        if row is None:
            row = EmployerContact(employer_id=firm_id, name="")
            session.add(row)
        row.name = " ".join(form.name.split())
        row.role = " ".join(form.role.split())[:120]
        row.phone = " ".join(form.phone.split())
        row.email = form.email.strip().lower()
        session.flush()
        audit.record(session, actor, "firm.contact.save", "employer_contact", row.id)
        return row.id


def remove_contact(db: Database, actor: AuditActor, firm_id: uuid.UUID,
                   contact_id: uuid.UUID) -> None:
    require(actor, Permission.FIRMS, db)
    with db.transaction() as session:
        row = session.get(EmployerContact, contact_id)
        if row is None or row.employer_id != firm_id:
            raise NotFoundError(_("This contact is no longer in the database."))
        session.delete(row)
        audit.record(session, actor, "firm.contact.remove", "employer_contact", contact_id)
