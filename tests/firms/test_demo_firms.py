"""The demo gives every firm its size, sites, contacts and services delivered."""

from __future__ import annotations

import datetime as dt

from desktop.infra.database import Database
from desktop.services.firms import firm_actions, registry
from desktop.services.firms.firm_page import read_firm
from tests.firms.conftest import FakeActor


def test_demo_firms_are_complete(demo_db: Database, officer: FakeActor,
                                 manager: FakeActor) -> None:
    firms = registry.search_firms(demo_db, officer, "", limit=1000)
    assert len(firms) >= 10
    with_vacancies = 0
    for row in firms:
        detail = read_firm(demo_db, officer, row.id)
        assert detail.sites and detail.contacts and detail.actions, row.name
        assert detail.form.size_band and detail.quota is not None
        with_vacancies += bool(detail.vacancies)
    assert with_vacancies >= 5  # the firm page lists the firm's vacancies
    today = dt.date.today()
    counts = firm_actions.count_by_service(demo_db, manager, today - dt.timedelta(days=365),
                                           today)
    assert sum(c.count for c in counts) >= len(firms)
