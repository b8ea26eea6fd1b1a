"""What the rest of the application asks of the sync: state, "sync now", the Problems list.
No Qt: views call these through ops. Rounds in the background: :mod:`desktop.sync.loop`."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desktop.errors import SportelloError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.sync import EntityClock, SyncClient, SyncProblem
from desktop.sync import credentials, outbox, registry
from desktop.sync.agent import Progress, SyncAgent, SyncBusy, SyncReport
from desktop.sync.transport import AuthError, Transport, TransportError

log = logging.getLogger(__name__)


class SyncFailed(SportelloError):
    """A sync round did not complete; nothing is lost, it is tried again later."""

    def __init__(self, detail: str, *, auth: bool = False) -> None:
        message = (_("The regional server refused this workstation's token: ask the "
                      "administrator for a new one. Changes stay queued.") if auth else
                   _("The regional server could not be reached. Changes stay queued and are "
                     "sent automatically later."))
        super().__init__(message, detail)
        self.auth = auth


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    pending: int
    problems: int
    last_success_at: datetime | None
    last_error: str
    clock_skew_ms: int


@dataclass(frozen=True)
class ProblemInfo:
    id: uuid.UUID
    kind: str
    entity_id: uuid.UUID
    status: str
    reason: str
    mine: dict[str, Any]
    theirs: dict[str, Any]
    created_at: datetime


def status(db: Database, server_url: str = "") -> SyncStatus:
    with db.read() as session:
        client = session.get(SyncClient, 1)
        problems = int(session.scalar(select(func.count()).select_from(SyncProblem).where(
            SyncProblem.resolved.is_(False))) or 0)
        return SyncStatus(bool(server_url), outbox.pending_count(session), problems,
                          client.last_success_at if client else None,
                          client.last_error if client else "",
                          client.clock_skew_ms if client else 0)


def problems(db: Database) -> list[ProblemInfo]:
    with db.read() as session:
        rows = session.scalars(select(SyncProblem).where(SyncProblem.resolved.is_(False))
                               .order_by(SyncProblem.created_at)).all()
        return [ProblemInfo(r.id, r.kind, r.entity_id, r.status, r.reason, dict(r.mine),
                            dict(r.theirs), r.created_at) for r in rows]


def resolve_problem(db: Database, problem_id: uuid.UUID, choice: str,
                    edited: dict[str, Any] | None = None) -> None:
    """``choice``: "mine" (send my values again, over the region's), "theirs" (keep the
    region's version) or "edit" (send ``edited`` values)."""
    with db.transaction() as session:
        problem = session.get(SyncProblem, problem_id)
        if problem is None or problem.resolved:
            return
        kind = registry.get(problem.kind)
        theirs = problem.theirs or {}
        if choice == "theirs":
            if kind is not None and kind.apply is not None and not theirs:
                kind.apply(session, problem.entity_id, None)  # the region never had it
        else:
            values = dict(problem.mine) if choice == "mine" else dict(edited or {})
            if kind is not None and kind.apply is not None:
                kind.apply(session, problem.entity_id, values)
            clock = session.get(EntityClock, (problem.kind, problem.entity_id))
            if not theirs and kind is not None and kind.serialize is not None:
                # a record the region refused to create: send it whole again
                values = {**(kind.serialize(session, problem.entity_id) or {}), **values}
                if clock is not None:
                    clock.known = {}
            elif clock is not None:
                clock.known = {k: v for k, v in clock.known.items() if k not in values}
            base = {k: str(v) for k, v in (theirs.get("clocks") or {}).items()}
            outbox.record(session, problem.kind, problem.entity_id, "upsert", values,
                          base=base)
        problem.resolved = True
        problem.resolution = choice


def make_agent(db: Database, server_url: str, config_dir: Path,
               progress: Callable[[Progress], None] | None = None) -> SyncAgent:
    with db.transaction() as session:
        account = str(outbox.client_row(session).client_id)
    transport = Transport(server_url, lambda: credentials.load_token(config_dir, account))
    return SyncAgent(db, transport, progress=progress)


def save_token(db: Database, config_dir: Path, token: str) -> str:
    with db.transaction() as session:
        account = str(outbox.client_row(session).client_id)
    return credentials.store_token(config_dir, account, token)


def sync_now(db: Database, server_url: str, config_dir: Path,
             progress: Callable[[Progress], None] | None = None) -> SyncReport:
    """One complete round (push until empty, pull every stream). Off the GUI thread."""
    agent = make_agent(db, server_url, config_dir, progress)
    try:
        return agent.sync_once()
    except AuthError as exc:
        raise SyncFailed(str(exc), auth=True) from exc
    except (TransportError, SyncBusy) as exc:
        raise SyncFailed(str(exc)) from exc
    finally:
        agent.transport.close()
