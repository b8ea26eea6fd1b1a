"""What the demo's seed modules share: the fixed seed, the demo login and SeedContext.

Kept apart from the package's ``__init__`` (which discovers and runs the seed modules)
so the seed modules do not import the package that imports them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

DEMO_SEED = 20261125
DEMO_PASSWORD = "demo"  # noqa: S105 - the demo's published password, on demo data only
DEMO_USERNAME = "demo"


@dataclass
class SeedContext:
    """What every seed module gets: the session, seeded randomness, shared objects."""

    session: Session
    rng: random.Random
    faker: Any  # faker.Faker: imported only when a demo is really created
    #: Objects one seed module hands to the next ("site", "operators", ...).
    shared: dict[str, Any] = field(default_factory=dict)
    #: How many people to create (tests use fewer).
    people: int = 300
