"""Sites, contacts and services delivered to a firm; the Osservatorio's count per service."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from desktop.errors import NotFoundError, PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.firms import EmployerContact, EmployerSite, FirmAction
from desktop.models.sync import OutboxEntry
from desktop.services.firms import firm_actions, registry, sites
from desktop.services.firms.firm_actions import FirmActionForm
from desktop.services.firms.firm_page import read_firm
from desktop.services.firms.firm_values import FirmForm
from desktop.services.firms.sites import ContactForm, SiteForm
from tests.firms.conftest import FakeActor

TODAY = dt.date(2026, 12, 5)


@pytest.fixture
def firm(db: Database, officer: FakeActor, firm_form: FirmForm) -> uuid.UUID:
    return registry.register_firm(db, officer, firm_form, site_code="FI01")


def _count(db: Database, table: type) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_sites_and_contacts_are_listed_on_the_firm(db: Database, officer: FakeActor,
                                                    firm: uuid.UUID) -> None:
    site = sites.save_site(db, officer, firm, SiteForm("Laboratorio di Prato",
                                                       "Via Roma 3", "g999", "0574 11223"))
    sites.save_contact(db, officer, firm, ContactForm("Anna Neri", "Risorse umane",
                                                      "", "A.Neri@Buonarroti.example.it"))
    sites.save_site(db, officer, firm, SiteForm("Laboratorio centrale", "Via Roma 5", "G999"),
                    site_id=site)
    detail = read_firm(db, officer, firm)
    assert [(s.label, s.comune) for s in detail.sites] == [("Laboratorio centrale", "Prato")]
    assert [(c.name, c.email) for c in detail.contacts] == [
        ("Anna Neri", "a.neri@buonarroti.example.it")]


@pytest.mark.parametrize(("form", "field"), [
    (ContactForm("Anna Neri", email="anna.neri@"), "email"),
    (ContactForm("Anna Neri"), "phone"),  # no way to reach her
    (ContactForm("  ", phone="055 1234567"), "name"),
    (ContactForm("Anna Neri", phone="12"), "phone"),
])
def test_bad_contact_saves_nothing(db: Database, officer: FakeActor, firm: uuid.UUID,
                                   form: ContactForm, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        sites.save_contact(db, officer, firm, form)
    assert field in caught.value.fields
    assert _count(db, EmployerContact) == 0


def test_bad_site_saves_nothing(db: Database, officer: FakeActor, firm: uuid.UUID) -> None:
    with pytest.raises(ValidationError) as caught:
        sites.save_site(db, officer, firm, SiteForm("", comune_code="XXXX"))
    assert set(caught.value.fields) == {"label", "comune_code"}
    assert _count(db, EmployerSite) == 0


def test_a_site_of_another_firm_cannot_be_changed(db: Database, officer: FakeActor,
                                                  firm: uuid.UUID) -> None:
    with pytest.raises(NotFoundError):
        sites.save_site(db, officer, firm, SiteForm("Sede", comune_code="D612"),
                        site_id=uuid.uuid4())


def test_firm_action_is_recorded_audited_and_queued(db: Database, officer: FakeActor,
                                                   firm: uuid.UUID) -> None:
    site = sites.save_site(db, officer, firm, SiteForm("Laboratorio", comune_code="G999"))
    firm_actions.record_firm_action(db, officer, firm, FirmActionForm(
        "PRES", TODAY, site, "Tre pasticceri"), site_code="FI01", today=TODAY)
    detail = read_firm(db, officer, firm)
    assert [(a.service, a.site_label, a.operator) for a in detail.actions] == [
        ("Preselezione", "Laboratorio", "imprese1")]
    with db.read() as session:
        assert session.scalars(select(OutboxEntry.kind).order_by(OutboxEntry.seq)).all() == [
            "employer_event", "employer_event", "firm_action"]  # the site sends the firm


@pytest.mark.parametrize(("form", "field"), [
    (FirmActionForm("XXXX", TODAY), "service_code"),
    (FirmActionForm("CONS", None), "action_date"),
    (FirmActionForm("CONS", TODAY + dt.timedelta(days=1)), "action_date"),
    (FirmActionForm("CONS", TODAY, notes="x" * 2001), "notes"),
])
def test_bad_firm_action_saves_nothing(db: Database, officer: FakeActor, firm: uuid.UUID,
                                       form: FirmActionForm, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        firm_actions.record_firm_action(db, officer, firm, form, today=TODAY)
    assert set(caught.value.fields) == {field}
    assert _count(db, FirmAction) == 0


def test_count_by_service_in_a_period(db: Database, officer: FakeActor, manager: FakeActor,
                                      firm: uuid.UUID, firm_form: FirmForm) -> None:
    for day, code in ((1, "CONS"), (2, "CONS"), (3, "L68"), (40, "CONS")):
        firm_actions.record_firm_action(db, officer, firm, FirmActionForm(
            code, TODAY - dt.timedelta(days=day)), today=TODAY)
    counts = {c.code: (c.count, c.firms) for c in firm_actions.count_by_service(
        db, manager, TODAY - dt.timedelta(days=30), TODAY)}
    assert counts["CONS"] == (2, 1)
    assert counts["L68"] == (1, 1)
    assert counts["PRES"] == (0, 0)  # every service of the catalogue is listed
    with pytest.raises(PermissionDenied):
        firm_actions.count_by_service(db, officer, TODAY, TODAY)  # reports: the manager's


def test_every_write_is_audited(db: Database, officer: FakeActor, firm: uuid.UUID,
                                firm_form: FirmForm) -> None:
    from desktop.models.audit import AuditEntry

    site = sites.save_site(db, officer, firm, SiteForm("Sede", comune_code="D612"))
    contact = sites.save_contact(db, officer, firm, ContactForm("Anna", phone="055 1234567"))
    firm_actions.record_firm_action(db, officer, firm, FirmActionForm("CONS", TODAY),
                                    today=TODAY)
    registry.update_firm(db, officer, firm, firm_form)
    sites.remove_contact(db, officer, firm, contact)
    with db.read() as session:
        audit = [(a.action, a.target_id) for a in session.scalars(
            select(AuditEntry).order_by(AuditEntry.seq))]
    assert [a for a, _t in audit] == ["firm.create", "firm.site.save", "firm.contact.save",
                                      "firm.action.create", "firm.update",
                                      "firm.contact.remove"]
    assert audit[1][1] == str(site)
    assert read_firm(db, officer, firm).contacts == ()
