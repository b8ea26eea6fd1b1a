"""Who did not come: the adapter over the agenda's appointments."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models.organisation import Site
from desktop.services import queue as q
from desktop.services.conditionality import source
from tests.conditionality.conftest import MISSED, Claimant


def test_checked_in_appointments_and_open_windows_are_not_absences(
        demo_db: Database, claimant: Claimant) -> None:
    came = claimant.miss(MISSED)
    missed = claimant.miss(MISSED + dt.timedelta(hours=1))
    cancelled = claimant.miss(MISSED + dt.timedelta(hours=2))
    later = claimant.miss(MISSED + dt.timedelta(hours=3))
    with demo_db.transaction() as session:
        from desktop.models.queue import Appointment

        row = session.get(Appointment, cancelled)
        assert row is not None
        row.status, row.cancelled = "cancelled", True  # as the agenda cancels
        came_row = session.get(Appointment, came)
        assert came_row is not None
        site_id, service_id = came_row.site_id, came_row.service_id
        assert session.scalar(select(Site.id).where(Site.id == site_id)) is not None
    q.issue_ticket(demo_db, site_id, service_id, appointment_id=came,
                   now=MISSED - dt.timedelta(minutes=5))
    # 3h25: the 3h appointment is still within the agenda's 30-minute no-show time.
    now = MISSED + dt.timedelta(hours=3, minutes=25)
    with demo_db.read() as session:
        found = [a for a, _p, _at in source.no_shows(session, MISSED - dt.timedelta(days=1), now)]
    assert found == [missed]
    assert later not in found and came not in found
