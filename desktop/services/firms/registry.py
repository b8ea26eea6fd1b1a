"""The firms' registry of the Imprese counter: register, edit, search, read a firm.

Each write checks ``Permission.FIRMS``, validates everything first (an Italian sentence per
wrong field, nothing saved), writes an audit line and queues the firm for the region as an
``employer_event`` (``firm_events``: the region owns ``employer`` and refuses commands on it).
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.matching import Employer
from desktop.models.search_key import search_key
from desktop.services.firms import ateco
from desktop.services.firms.employers import check_employer_code, normalise_fiscal_code
from desktop.services.firms.firm_events import CREATE, UPDATE, record_firm_event
from desktop.services.firms.firm_values import FirmForm, FirmRow
from desktop.services.firms.quota import SIZE_BANDS, band_of
from desktop.services.reference.occupations import comune_name
from desktop.services.reference.places import place_at
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Actor, Permission, require

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
PHONE = re.compile(r"^\+?[0-9]{6,15}$")
MAX_EMPLOYEES = 1_000_000


def check_email(value: str) -> str | None:
    if value.strip() and not EMAIL.match(value.strip()):
        return _("{email} is not a valid e-mail address (like nome@ditta.it).").format(
            email=value.strip()[:60])
    return None


def check_phone(value: str) -> str | None:
    if value.strip() and not PHONE.match("".join(value.split()).replace("/", "")):
        return _("Write the phone number with its digits only (6 to 15, + allowed).")
    return None


def check_comune(code: str) -> str | None:
    if code.strip() and place_at(code.strip().upper(), None) is None:
        return _("{code} is not a comune code (Belfiore, like D612).").format(
            code=code.strip()[:8])
    return None


def validate_firm(form: FirmForm) -> dict[str, str]:
    """Field name → Italian sentence, for every wrong field of ``form``."""
    errors: dict[str, str] = {}
    problem = check_employer_code(form.fiscal_code)
    if problem:
        errors["fiscal_code"] = problem
    if not form.name.strip():
        errors["name"] = _("Write the firm's name (ragione sociale).")
    elif len(form.name.strip()) > 200:
        errors["name"] = _("The name is at most 200 characters long.")
    if not form.ateco.strip():
        errors["ateco"] = _("Choose the ATECO activity: type words like \"ristorante\".")
    elif not ateco.is_known_ateco(form.ateco):
        errors["ateco"] = _("{code} is not an ATECO code: choose it from the list.").format(
            code=form.ateco.strip()[:12])
    for field, check in (("comune_code", check_comune(form.comune_code)),
                         ("phone", check_phone(form.phone)),
                         ("email", check_email(form.email))):
        if check:
            errors[field] = check
    bands = [name for name, _low, _high in SIZE_BANDS]
    if form.employees is not None and form.employees < 0:
        errors["employees"] = _("The employees cannot be a negative number.")
    elif form.employees is not None and form.employees > MAX_EMPLOYEES:
        errors["employees"] = _("The employees are at most {top}.").format(top=MAX_EMPLOYEES)
    elif form.size_band and form.size_band not in bands:
        errors["size_band"] = _("Choose the size band from the list.")
    elif (form.employees is not None and form.size_band
          and band_of(form.employees) != form.size_band):
        errors["size_band"] = _("{count} employees are in the band {band}, not {chosen}."
                                ).format(count=form.employees, band=band_of(form.employees),
                                         chosen=form.size_band)
    elif not form.size_band and form.employees is None:
        errors["size_band"] = _("Choose the size band or write the employees.")
    if form.l68_hires is not None and form.l68_hires < 0:
        errors["l68_hires"] = _("The L. 68 hires cannot be a negative number.")
    return errors


def _apply(row: Employer, form: FirmForm) -> None:
    row.fiscal_code = normalise_fiscal_code(form.fiscal_code)
    row.name = " ".join(form.name.split())
    row.search_name = search_key(row.name)
    row.ateco = ateco.normalise_ateco(form.ateco)
    row.comune_code = form.comune_code.strip().upper()
    row.address = " ".join(form.address.split())[:200]
    row.phone = " ".join(form.phone.split())
    row.email = form.email.strip().lower()
    row.employees = form.employees
    row.size_band = band_of(form.employees) if form.employees is not None else form.size_band
    row.l68_hires = form.l68_hires


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(next(iter(errors.values())), errors)


def _duplicate(session: Session, code: str, other_than: uuid.UUID | None) -> None:
    query = select(Employer.id, Employer.name).where(Employer.fiscal_code == code)
    found = session.execute(query).first()
    if found is not None and found.id != other_than:
        message = _("{code} is already registered for {name}: open that firm instead.").format(
            code=code, name=found.name)
        raise ValidationError(message, {"fiscal_code": message})


def register_firm(db: Database, actor: AuditActor, form: FirmForm,
                  site_code: str = "") -> uuid.UUID:
    """Save a new firm; returns its id. Bad input or a duplicate code saves nothing."""
    require(actor, Permission.FIRMS, db)
    _refuse(validate_firm(form))
    with db.transaction() as session:
        _duplicate(session, normalise_fiscal_code(form.fiscal_code), None)
        row = Employer(fiscal_code="", name="", site_code=site_code)
        _apply(row, form)
        session.add(row)
        session.flush()
        audit.record(session, actor, "firm.create", "employer", row.id)
        record_firm_event(session, row, CREATE, site_code)
        return row.id


def update_firm(db: Database, actor: AuditActor, firm_id: uuid.UUID, form: FirmForm,
                site_code: str = "") -> None:
    """Change a firm; ``site_code``: the centre's site making the change."""
    require(actor, Permission.FIRMS, db)
    _refuse(validate_firm(form))
    with db.transaction() as session:
        row = session.get(Employer, firm_id)
        if row is None:
            raise NotFoundError(_("This firm is no longer in the database."))
        _duplicate(session, normalise_fiscal_code(form.fiscal_code), firm_id)
        _apply(row, form)
        audit.record(session, actor, "firm.update", "employer", row.id)
        record_firm_event(session, row, UPDATE, site_code)


def firm_row(row: Employer) -> FirmRow:
    return FirmRow(row.id, row.fiscal_code, row.name, comune_name(row.comune_code) or "",
                   row.ateco, row.size_band)


def search_firms(db: Database, actor: Actor, text: str, limit: int = 50) -> list[FirmRow]:
    """Firms whose name starts with ``text`` (accents and case ignored) or whose partita
    IVA / codice fiscale starts with it; then, to fill ``limit``, names holding it.

    The first two are range scans of indexes (``search_name``, ``fiscal_code``).
    """
    require(actor, Permission.FIRMS, db)
    key = search_key(text)
    code = normalise_fiscal_code(text)
    with db.read() as session:
        if not key:
            rows = list(session.scalars(select(Employer).order_by(
                Employer.search_name, Employer.fiscal_code).limit(limit)))
            return [firm_row(r) for r in rows]
        ranges = [Employer.search_name.between(key, key + "\uffff")]
        if code.isalnum():
            ranges.append(Employer.fiscal_code.between(code, code + "\uffff"))
        rows = list(session.scalars(select(Employer).where(or_(*ranges))
                                    .order_by(Employer.search_name, Employer.fiscal_code)
                                    .limit(limit)))
        if len(rows) < limit and len(key) >= 3:
            seen = {r.id for r in rows}
            more = session.scalars(
                select(Employer).where(Employer.search_name.contains(key, autoescape=True))
                .order_by(Employer.search_name, Employer.fiscal_code).limit(limit))
            rows += [r for r in more if r.id not in seen][:limit - len(rows)]
        return [firm_row(r) for r in rows]
