"""Demo database: a fictional centre, "CPI Firenze — sede centrale", with synthetic data.

Each module of this package that defines ``ORDER`` and ``seed(ctx)`` adds its part;
they run in ``ORDER`` inside one transaction, so a demo database is either complete
or not created. Everything is generated from fixed seeds: two demo databases are
alike, which screenshots and tests rely on.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import random
from collections.abc import Callable
from types import ModuleType

from desktop.demo.context import DEMO_PASSWORD as DEMO_PASSWORD
from desktop.demo.context import DEMO_SEED as DEMO_SEED
from desktop.demo.context import DEMO_USERNAME as DEMO_USERNAME
from desktop.demo.context import SeedContext as SeedContext
from desktop.infra.database import Database, is_empty

log = logging.getLogger(__name__)

def seed_modules() -> list[ModuleType]:
    modules = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "ORDER") and hasattr(module, "seed"):
            modules.append(module)
    return sorted(modules, key=lambda m: (m.ORDER, m.__name__))


def create_demo(
    db: Database, *, people: int = 300, progress: Callable[[str], None] | None = None
) -> bool:
    """Fill an empty database with the demo centre; returns False if it already has data."""
    if not is_empty(db):
        return False
    from faker import Faker  # ~0.1 s to import: paid only when the demo is created

    faker = Faker("it_IT")
    faker.seed_instance(DEMO_SEED)
    with db.transaction() as session:
        ctx = SeedContext(session, random.Random(DEMO_SEED), faker, people=people)  # noqa: S311 - seeded on purpose: the same demo every time, nothing secret
        for module in seed_modules():
            if progress:
                progress(module.__name__.rsplit(".", 1)[-1])
            module.seed(ctx)
            session.flush()
    log.info("demo database created")
    return True


def refresh_demo(db: Database) -> bool:
    """Bring an existing demo database to today: a demo opened days after it was created
    is a working day again (see ``queue.roll_forward``). Returns True if it changed."""
    from desktop.demo.queue import roll_forward

    changed = roll_forward(db)
    if changed:
        log.info("demo database moved to today")
    return changed
