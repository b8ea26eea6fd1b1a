"""The firms' records through the real regional server.

A service delivered to a firm is the centre's own record: it reaches the region once.
A firm is region-owned (wire/protocol.py): the centre's registration is a command the
region may refuse, and today's server refuses every client command on region-owned kinds,
so it is set aside in Problems. This test pins that state down: when the region starts
accepting firms from the centres, it fails and must be updated.
"""

from __future__ import annotations

import datetime as dt

from desktop.services.firms import firm_actions, registry
from desktop.services.firms.firm_actions import FirmActionForm
from desktop.services.firms.firm_values import FirmForm
from tests.firms.conftest import FakeActor, partita_iva
from tests.sync.conftest import Client, ServerThread, make_client, server, server_url

__all__ = ["make_client", "server", "server_url"]  # the sync tests' fixtures

OFFICER = FakeActor("imprese1", "operatore")


def test_firm_action_reaches_the_region_and_the_firm_is_a_refused_command(
        make_client, server: ServerThread) -> None:  # type: ignore[no-untyped-def]
    a: Client = make_client("a")
    firm = registry.register_firm(a.db, OFFICER, FirmForm(
        fiscal_code=partita_iva(3322110), name="Forno Santo Spirito", ateco="10.71.10",
        employees=4))
    action = firm_actions.record_firm_action(a.db, OFFICER, firm, FirmActionForm(
        "CONS", dt.date.today(), notes="non inviate"))
    report = a.sync()
    assert a.pending() == 0
    stored = server.store.snapshot_entities("firm_action")
    assert stored[str(action)]["service_code"] == "CONS"
    assert "notes" not in stored[str(action)]  # free text stays at the centre
    assert report.rejected == 1
    assert [(p.kind, p.entity_id) for p in a.problems()] == [("employer", firm)]
