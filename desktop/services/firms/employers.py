"""Employers, entered locally until the region's sync delivers them (their vacancies:
``desktop.services.firms.vacancies``).

The employer's fiscal code is a partita IVA (11 digits) or a codice fiscale
(16 characters, sole traders), checked with python-stdnum before anything is
written: an invalid one gives an Italian sentence and changes nothing.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from stdnum.it import codicefiscale as stdnum_cf
from stdnum.it import iva as stdnum_iva

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.matching import Employer
from desktop.services.reference.occupations import comune_name
from desktop.services.reference.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require

_ATECO = re.compile(r"^[0-9]{2}(\.[0-9]{1,2}(\.[0-9]{1,2})?)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


@dataclass(frozen=True)
class EmployerForm:
    fiscal_code: str = ""
    name: str = ""
    ateco: str = ""
    comune_code: str = ""
    address: str = ""
    contact_name: str = ""
    phone: str = ""
    email: str = ""
    site_code: str = ""


@dataclass(frozen=True)
class EmployerInfo:
    id: uuid.UUID
    fiscal_code: str
    name: str
    ateco: str
    comune_code: str
    comune: str
    contact_name: str
    phone: str
    email: str


def normalise_fiscal_code(code: str) -> str:
    return "".join(code.split()).upper().removeprefix("IT")


def check_employer_code(code: str) -> str | None:
    """The Italian sentence for an invalid partita IVA / codice fiscale, or None."""
    value = normalise_fiscal_code(code)
    if not value:
        return _("Write the employer's partita IVA or codice fiscale.")
    if value.isdigit():
        if len(value) != 11 or not stdnum_iva.is_valid(value):
            return _("{code} is not a valid partita IVA: check the 11 digits.").format(
                code=value)
        return None
    if len(value) != 16 or not stdnum_cf.is_valid(value):
        return _("{code} is not a valid codice fiscale: a firm has an 11-digit partita "
                 "IVA, a sole trader a 16-character codice fiscale.").format(code=value[:20])
    return None


def validate_employer(form: EmployerForm) -> dict[str, str]:
    errors: dict[str, str] = {}
    problem = check_employer_code(form.fiscal_code)
    if problem:
        errors["fiscal_code"] = problem
    if not form.name.strip() or len(form.name) > 200:
        errors["name"] = _("Write the ragione sociale (at most 200 characters).")
    if form.ateco and not _ATECO.match(form.ateco.strip()):
        errors["ateco"] = _("{code} is not an ATECO code (like 47.11.10).").format(
            code=form.ateco[:12])
    if form.comune_code and place_at(form.comune_code, None) is None:
        errors["comune_code"] = _("Unknown comune code.")
    if form.email and not _EMAIL.match(form.email.strip()):
        errors["email"] = _("The e-mail address is not valid.")
    return errors


def _employer_info(row: Employer) -> EmployerInfo:
    place = place_at(row.comune_code, None) if row.comune_code else None
    return EmployerInfo(row.id, row.fiscal_code, row.name, row.ateco, row.comune_code,
                        comune_name(row.comune_code) or (place.name if place else ""), row.contact_name, row.phone, row.email)


def create_employer(db: Database, actor: AuditActor, form: EmployerForm) -> EmployerInfo:
    require(actor, Permission.MATCHING, db)
    errors = validate_employer(form)
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)
    code = normalise_fiscal_code(form.fiscal_code)
    with db.transaction() as session:
        if session.scalars(select(Employer).where(Employer.fiscal_code == code)).first():
            raise ValidationError(_("An employer with this fiscal code is already recorded."),
                                  {"fiscal_code": _("Already recorded.")})
        row = Employer(fiscal_code=code, name=" ".join(form.name.split()),
                       ateco=form.ateco.strip(), comune_code=form.comune_code.upper(),
                       address=form.address.strip(), contact_name=form.contact_name.strip(),
                       phone=form.phone.strip(), email=form.email.strip().lower(),
                       site_code=form.site_code)
        session.add(row)
        session.flush()
        audit.record(session, actor, "employer.create", "employer", row.id)
        return _employer_info(row)


def list_employers(db: Database, actor: Actor) -> list[EmployerInfo]:
    require(actor, Permission.MATCHING, db)
    with db.read() as session:
        return [_employer_info(r) for r in session.scalars(
            select(Employer).order_by(Employer.name))]
