"""This workstation's audit checkpoints as the regional server keeps them.

``sportello audit verify --region`` compares the local chain with them: they were pushed
through the outbox (:mod:`desktop.services.security.audit_anchor`), so deleting rows or
files on this PC cannot reach them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import SportelloError
from desktop.infra.database import Database
from desktop.services.security import audit
from desktop.services.security.audit_anchor import Checkpoint
from desktop.sync import service
from desktop.sync.agent import Progress
from desktop.sync.lease import DbRunner, direct
from desktop.sync.report import SyncReport
from desktop.sync.transport import AuthError, ProtocolError, TransportError

#: The call of the protocol that lists them (POST /v1/audit/checkpoints).
CALL = "audit/checkpoints"


class RegionUnavailable(SportelloError):
    """The server could not be asked; ``user_message`` says why in one sentence."""


@dataclass(frozen=True)
class RegionCheckpoints:
    checkpoints: tuple[Checkpoint, ...]
    #: Checkpoints the server refused because they went backwards.
    flagged: int


def fetch(db: Database, server_url: str, config_dir: Path) -> RegionCheckpoints:
    """The checkpoints the server accepted from this workstation (network: off the GUI)."""
    agent = service.make_agent(db, server_url, config_dir)
    try:
        answer = agent.transport.call(CALL, {"after_seq": 0})
    except AuthError as exc:
        raise RegionUnavailable(service.failure_sentence(auth=True), str(exc)) from exc
    except ProtocolError as exc:
        raise RegionUnavailable(service.failure_sentence(protocol=True), str(exc)) from exc
    except TransportError as exc:
        raise RegionUnavailable(service.failure_sentence(), str(exc)) from exc
    finally:
        agent.transport.close()
    return parse(answer)


def parse(answer: dict[str, Any]) -> RegionCheckpoints:
    items = answer.get("checkpoints") or []
    kept = tuple(Checkpoint(str(c["workstation"]), int(c["seq"]), str(c["hash"]),
                            int(c["count"]), str(c["at"]))
                 for c in items if not c.get("flagged"))
    return RegionCheckpoints(kept, int(answer.get("flagged") or 0))


def sync_now(db: Database, server_url: str, config_dir: Path,
             progress: Callable[[Progress], None] | None = None,
             run_db: DbRunner = direct) -> SyncReport:
    """:func:`desktop.sync.service.sync_now`, the audit chain's head anchored first, so
    that each round carries the newest checkpoint to the region."""
    run_db(audit.checkpoint, db)
    return service.sync_now(db, server_url, config_dir, progress, run_db)
