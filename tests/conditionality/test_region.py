"""A sanction proposal reaches the regional server, which keeps it for INPS."""

from __future__ import annotations

import datetime as dt

from desktop.infra.database import Database
from desktop.services.conditionality import absences, proposals
from desktop.services.security.accounts import OperatorInfo
from tests.conditionality.conftest import CONFIG, MISSED, Claimant
from tests.sync.conftest import Client, ServerThread, server, server_url  # noqa: F401


def test_the_region_receives_the_proposal(demo_db: Database, counsellor: OperatorInfo,
                                          claimant: Claimant, server: ServerThread) -> None:  # noqa: F811
    claimant.miss()
    absences.record_absences(demo_db, counsellor, CONFIG, MISSED + dt.timedelta(hours=2))
    [done] = proposals.propose_due(demo_db, counsellor, MISSED.date() + dt.timedelta(days=3))
    client = Client("cpi", demo_db, server.store.create_workstation("cpi"), server.url)
    client.sync()
    on_server = server.store.snapshot_entities("sanction_proposal")
    record = on_server[str(done.proposal_id)]
    assert (record["person_id"], record["sanction"], record["ordinal"], record["notify"]) == (
        str(claimant.person_id), "quarter_month", 1, "inps")
    assert record["wording"] == "Prima volta: decurtazione di un quarto di una mensilità."
