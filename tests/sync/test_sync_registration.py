"""Registration data through the real server: omocode holders stay two people, and a
DID and its end reach the region."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from desktop.services.people.did import DidForm, declare_did, end_did
from desktop.services.people.person_form import PersonForm
from desktop.services.people.registration import register_person
from tests.registration.conftest import FakeActor
from tests.sync.conftest import Client, ServerThread, assert_converged

CLERK = FakeActor("sportello1", "sportello")
MARIO = PersonForm(
    fiscal_code="RSSMRA85T10A562S", surname="Rossi", name="Mario", sex="M",
    birth_date=dt.date(1985, 12, 10), birthplace_code="A562", citizenship="italiana",
    residence_code="D612", residence_address="Via dei Servi", residence_number="12",
    residence_postcode="50122", mobile="3331234567", privacy_acknowledged=True)


def test_omocode_holders_at_two_centres_stay_two_people(
        make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    b: Client = make_client("b")
    mario = register_person(a.db, CLERK, MARIO)
    a.sync()
    mauro = register_person(b.db, CLERK, replace(MARIO, fiscal_code="RSSMRA85T10A56NH",
                                                 name="Mauro", mobile="3470000000"))
    b.sync()
    a.sync()
    on_server = server.store.snapshot_entities("person")
    assert {on_server[str(mario.id)]["fiscal_code"], on_server[str(mauro.id)]["fiscal_code"]
            } == {"RSSMRA85T10A562S", "RSSMRA85T10A56NH"}
    assert set(a.people()) == set(b.people()) == {str(mario.id), str(mauro.id)}
    assert_converged(server, a, b)


def test_a_did_and_its_revocation_reach_the_region(make_client, server: ServerThread) -> None:
    a: Client = make_client("a")
    person = register_person(a.db, CLERK, MARIO)
    did = declare_did(a.db, CLERK, person.id, DidForm(
        did_date=dt.date.today(), education="diploma", employment_condition="disoccupato"))
    end_did(a.db, CLERK, did.id, "revoca", dt.date.today(), "Ha trovato lavoro")
    report = a.sync()
    assert report.applied == 3 and a.pending() == 0
    dids = server.store.snapshot_entities("did")
    assert dids[str(did.id)]["person_id"] == str(person.id)
    ends = list(server.store.snapshot_entities("did_end").values())
    assert [(e["did_id"], e["kind"]) for e in ends] == [(str(did.id), "revoca")]
    assert_converged(server, a)
