"""Everything the firm page shows, read in one go: identity, ATECO title, sites, contacts,
the firm's vacancies (read-only), the services delivered and the L. 68 obligation."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from desktop.errors import NotFoundError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.firms import EmployerContact, EmployerSite, FirmAction
from desktop.models.matching import Employer, Vacancy
from desktop.services.firms import ateco
from desktop.services.firms.firm_actions import service_label
from desktop.services.firms.firm_values import (
    ContactInfo,
    FirmActionInfo,
    FirmDetail,
    FirmForm,
    FirmVacancy,
    SiteInfo,
)
from desktop.services.firms.quota import quota
from desktop.services.reference.occupations import comune_name
from desktop.services.security.permissions import Actor, Permission, require

#: The newest services shown on the page.
ACTIONS_SHOWN = 50


def firm_form(row: Employer) -> FirmForm:
    return FirmForm(row.fiscal_code, row.name, row.ateco, row.comune_code, row.address,
                    row.phone, row.email, row.size_band, row.employees, row.l68_hires)


def read_firm(db: Database, actor: Actor, firm_id: uuid.UUID) -> FirmDetail:
    require(actor, Permission.FIRMS, db)
    with db.read() as session:
        row = session.get(Employer, firm_id)
        if row is None:
            raise NotFoundError(_("This firm is no longer in the database."))
        sites = tuple(
            SiteInfo(s.id, s.label, s.address, s.comune_code, comune_name(s.comune_code) or "",
                     s.phone)
            for s in session.scalars(select(EmployerSite).where(
                EmployerSite.employer_id == firm_id).order_by(EmployerSite.label)))
        labels = {s.id: s.label for s in sites}
        contacts = tuple(
            ContactInfo(c.id, c.name, c.role, c.phone, c.email)
            for c in session.scalars(select(EmployerContact).where(
                EmployerContact.employer_id == firm_id).order_by(EmployerContact.name)))
        vacancies = tuple(
            FirmVacancy(v.number, v.title, v.positions, v.status, v.closes_on)
            for v in session.scalars(select(Vacancy).where(Vacancy.employer_id == firm_id)
                                     .order_by(Vacancy.opened_on.desc(), Vacancy.number)))
        actions = tuple(
            FirmActionInfo(a.id, a.action_date, a.service_code, service_label(a.service_code),
                           labels.get(a.employer_site_id, "") if a.employer_site_id else "",
                           a.operator_username, a.notes)
            for a in session.scalars(select(FirmAction).where(
                FirmAction.employer_id == firm_id)
                .order_by(FirmAction.action_date.desc(), FirmAction.created_at.desc())
                .limit(ACTIONS_SHOWN)))
        owed = quota(row.employees, row.l68_hires) if row.employees is not None else None
        return FirmDetail(row.id, firm_form(row), ateco.ateco_title(row.ateco),
                          comune_name(row.comune_code) or "", sites, contacts, vacancies,
                          actions, owed)
