"""Demo: the people registered at this centre are queued for the regional server, as the
registration service does for every new record (they leave at the first sync)."""

from __future__ import annotations

from desktop.demo import SeedContext
from desktop.sync import outbox
from desktop.sync.registry import person_fields

ORDER = 60


def seed(ctx: SeedContext) -> None:
    ctx.session.flush()
    for person in ctx.shared.get("people", []):
        outbox.record(ctx.session, "person", person.id, "upsert", person_fields(person))
