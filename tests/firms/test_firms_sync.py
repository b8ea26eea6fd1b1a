"""The firms' records through the real regional server.

The region owns ``employer`` and refuses a centre's command on it, so a firm registered or
changed at the counter travels as an ``employer_event`` (append-only): the firm's fields and
its sedi operative, never its contacts, and a ``site_code`` that must be one of the sending
workstation's sites. A service delivered to a firm (``firm_action``) reaches the region once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.infra.database import open_database
from desktop.services.firms import firm_actions, registry, sites
from desktop.services.firms.firm_actions import FirmActionForm
from desktop.services.firms.firm_values import FirmForm
from desktop.services.firms.sites import ContactForm, SiteForm
from tests.firms.conftest import FakeActor, partita_iva
from tests.helpers.storage import TEST_KEY
from tests.sync.conftest import Client, ServerThread, server, server_url

__all__ = ["server", "server_url"]  # the sync tests' fixtures

OFFICER = FakeActor("imprese1", "operatore")
FORNO = FirmForm(fiscal_code=partita_iva(3322110), name="Forno Santo Spirito",
                 ateco="10.71.10", comune_code="D612", employees=4)


@pytest.fixture
def centre(server: ServerThread, tmp_path: Path) -> Iterator[Client]:
    """A centre whose workstation token speaks for the site FI01."""
    db = open_database(f"sqlite+pysqlite:///{tmp_path / 'fi01.sqlite'}", key=TEST_KEY)
    yield Client("fi01", db, server.store.create_workstation("fi01", site="FI01"), server.url)
    db.dispose()


def test_a_firm_its_sites_and_its_service_reach_the_region(
        centre: Client, server: ServerThread) -> None:
    firm = registry.register_firm(centre.db, OFFICER, FORNO, site_code="FI01")
    sites.save_site(centre.db, OFFICER, firm, SiteForm("Laboratorio", "Via Pisana 3", "G999"),
                    site_code="FI01")
    sites.save_contact(centre.db, OFFICER, firm, ContactForm(
        "Anna Bellini", "titolare", "055 1234567", "anna.bellini@example.it"))
    action = firm_actions.record_firm_action(centre.db, OFFICER, firm, FirmActionForm(
        "CONS", dt.date.today(), notes="non inviate"), site_code="FI01")
    registry.update_firm(centre.db, OFFICER, firm, FirmForm(
        **{**FORNO.__dict__, "employees": 16}), site_code="FI01")
    report = centre.sync()
    assert (report.applied, report.rejected, report.conflicts) == (4, 0, 0)
    assert centre.pending() == 0 and centre.problems() == []
    assert set(centre.mutations().values()) == {"applied"}
    assert server.store.snapshot_entities("employer") == {}  # no command on the region's
    events = sorted(server.store.snapshot_entities("employer_event").values(),
                    key=lambda e: (e["event"] != "create", e["employees"],
                                   len(e["operating_sites"])))
    assert [(e["event"], e["employees"], e["site_code"], e["employer_id"]) for e in events] == [
        ("create", 4, "FI01", str(firm)), ("update", 4, "FI01", str(firm)),
        ("update", 16, "FI01", str(firm))]
    assert events[-1]["fiscal_code"] == FORNO.fiscal_code
    assert events[-1]["size_band"] == "15-35"
    assert [(s["label"], s["comune_code"]) for s in events[-1]["operating_sites"]] == [
        ("Laboratorio", "G999")]
    assert "Anna" not in json.dumps(events)  # the contacts stay at the centre
    stored = server.store.snapshot_entities("firm_action")
    assert stored[str(action)]["service_code"] == "CONS"
    assert "notes" not in stored[str(action)]  # free text stays at the centre


def test_a_firm_naming_another_centres_site_is_refused(
        centre: Client, server: ServerThread) -> None:
    firm = registry.register_firm(centre.db, OFFICER, FORNO, site_code="PO01")
    report = centre.sync()
    assert (report.applied, report.rejected) == (0, 1)
    assert centre.pending() == 0
    assert [(p.kind, p.status, p.mine["employer_id"]) for p in centre.problems()] == [
        ("employer_event", "forbidden", str(firm))]
    assert server.store.snapshot_entities("employer_event") == {}
