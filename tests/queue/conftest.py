"""Queue fixtures: the demo site's services and counters, and an acting operator."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.infra.database import Database
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo
from desktop.values.site import CounterInfo, ServiceInfo, SiteInfo
from desktop.views.context import ViewContext


@dataclass
class Site:
    db: Database
    info: SiteInfo
    actor: OperatorInfo

    def service(self, prefix: str) -> ServiceInfo:
        return next(s for s in self.info.services if s.prefix == prefix)

    def counter(self, number: int) -> CounterInfo:
        return next(c for c in self.info.counters if c.number == number)


@pytest.fixture
def site(db: Database) -> Site:
    """A small site without demo tickets: services A-E, counters 1-5."""
    import random

    from faker import Faker

    from desktop.demo import SeedContext, organisation
    from desktop.models import Operator

    with db.transaction() as session:
        ctx = SeedContext(session, random.Random(1), Faker("it_IT"))
        organisation.seed(ctx)
        # These tests follow each service's own sequence ("A001", "B001"); the neutral
        # letters every site has by default are tested in tests/consent.
        ctx.shared["site"].ticket_letters = "service"
        from desktop.demo import queue as demo_queue

        demo_queue.seed_priorities(ctx)
        session.flush()
        op = session.query(Operator).filter_by(username="g.bellini").one()
        actor = OperatorInfo(op.id, op.username, op.full_name, op.role, "FI01-SC")
    return Site(db, site_info(db), actor)


@pytest.fixture
def qctx(qapp, isolated_home: Path, site: Site) -> Iterator[ViewContext]:  # type: ignore[no-untyped-def]
    """A view context over ``site`` with its own operations worker (no main window)."""
    from desktop.app import build_view_context, create_qt_app, load_config
    from desktop.views.ops import Operations

    config = load_config(isolated_home)
    create_qt_app(config.settings)
    ops = Operations()
    yield build_view_context(config, site.db, ops, "g.bellini", demo=False)
    ops.shutdown()


#: A fixed morning (local time), so tests do not depend on the clock.
MORNING = dt.datetime(2026, 11, 25, 9, 0).astimezone(dt.UTC)


def at(minutes: float) -> dt.datetime:
    return MORNING + dt.timedelta(minutes=minutes)
