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
from desktop.sync.lease import DbRunner, direct
from desktop.sync.transport import (
    AuthError,
    ProtocolError,
    TooLarge,
    Transport,
    TransportError,
)

log = logging.getLogger(__name__)


class SyncFailed(SportelloError):
    """A sync round did not complete; nothing is lost, it is tried again later."""

    def __init__(self, detail: str, *, auth: bool = False, busy: bool = False,
                 protocol: bool = False, too_large: bool = False) -> None:
        super().__init__(failure_sentence(auth=auth, busy=busy, protocol=protocol,
                                          too_large=too_large), detail)
        self.auth = auth
        self.busy = busy


def failure_sentence(*, auth: bool = False, busy: bool = False, protocol: bool = False,
                     too_large: bool = False) -> str:
    """The one sentence an operator reads about a failed round."""
    if auth:
        return _("The regional server refused this workstation's token: ask the "
                 "administrator for a new one. Changes stay queued.")
    if busy:
        return _("Another workstation is synchronising this database now; this one tries "
                 "again shortly.")
    if too_large:
        return _("One change is larger than the regional server accepts, and the changes "
                 "after it wait behind it: ask the centre's IT staff. Nothing is lost.")
    if protocol:
        return _("The regional server speaks another version of the protocol: Sportello "
                 "must be updated. Changes stay queued.")
    return _("The regional server could not be reached. Changes stay queued and are "
             "sent automatically later.")


def stored_error_sentence(stored: str) -> str:
    """The sentence for the technical error a failed round stored ("" when none)."""
    if not stored:
        return ""
    return failure_sentence(auth="token refused" in stored, too_large="HTTP 413" in stored,
                            protocol="HTTP 4" in stored or "protocol" in stored)


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    pending: int
    problems: int
    last_success_at: datetime | None
    last_error: str
    clock_skew_ms: int

    @property
    def error_sentence(self) -> str:
        """``last_error`` as one sentence for the operator."""
        return stored_error_sentence(self.last_error)


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


def _client_account(db: Database) -> str:
    with db.transaction() as session:
        return str(outbox.client_row(session).client_id)


def make_agent(db: Database, server_url: str, config_dir: Path,
               progress: Callable[[Progress], None] | None = None,
               run_db: DbRunner = direct) -> SyncAgent:
    account = run_db(_client_account, db)
    transport = Transport(server_url, lambda: credentials.load_token(config_dir, account))
    return SyncAgent(db, transport, progress=progress, run_db=run_db)


def save_token(db: Database, config_dir: Path, token: str) -> str:
    return credentials.store_token(config_dir, _client_account(db), token)


def sync_now(db: Database, server_url: str, config_dir: Path,
             progress: Callable[[Progress], None] | None = None,
             run_db: DbRunner = direct) -> SyncReport:
    """One complete round (push until empty, pull every stream). Off the GUI thread;
    ``run_db`` runs its database steps (the application passes its database worker)."""
    agent = make_agent(db, server_url, config_dir, progress, run_db)
    try:
        return agent.sync_once()
    except AuthError as exc:
        raise SyncFailed(str(exc), auth=True) from exc
    except TooLarge as exc:
        raise SyncFailed(str(exc), too_large=True) from exc
    except ProtocolError as exc:
        raise SyncFailed(str(exc), protocol=True) from exc
    except SyncBusy as exc:
        raise SyncFailed(str(exc), busy=True) from exc
    except TransportError as exc:
        raise SyncFailed(str(exc)) from exc
    finally:
        agent.transport.close()
