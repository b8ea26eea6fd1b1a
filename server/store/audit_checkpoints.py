"""Workstations' audit checkpoints: kept per workstation, never going backwards.

A checkpoint says "this workstation's audit chain had entry ``seq`` with hash ``hash``
and ``count`` entries". The server accepts one only if it does not contradict an earlier
one of the same workstation: a lower sequence number or count is a chain cut short, the
same entry with another hash a chain rewritten. Such a checkpoint is refused *and kept*,
flagged, so the region sees the attempt. ``verify`` compares a workstation's current
chain (the hashes it sends) with every accepted checkpoint.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from server.models import AuditCheckpoint, Workstation
from server.store.errors import Rejected
from wire.audit import first_mismatch
from wire.messages import (
    AUDIT_VERIFY_MAX,
    COUNTER_MAX,
    AuditCheckpointsAnswer,
    AuditEntryHash,
    AuditVerifyAnswer,
)
from wire.messages import AuditCheckpoint as CheckpointMessage

_HASH = re.compile(r"[0-9a-f]{64}")


def check_fields(fields: dict[str, Any]) -> None:
    """Refuse a checkpoint that is not one (before anything is changed)."""
    seq, count = fields.get("seq"), fields.get("count")
    ok = (isinstance(seq, int) and not isinstance(seq, bool) and 0 < seq <= COUNTER_MAX
          and isinstance(count, int) and not isinstance(count, bool)
          and 0 < count <= COUNTER_MAX
          and isinstance(fields.get("hash"), str) and _HASH.fullmatch(fields["hash"])
          and isinstance(fields.get("workstation"), str) and len(fields["workstation"]) <= 100
          and isinstance(fields.get("at"), str) and len(fields["at"]) <= 40)
    if not ok:
        raise Rejected("an audit checkpoint needs workstation, seq, hash (64 hex digits), "
                       "count and at")


def _contradiction(session: Session, station: Workstation, seq: int, digest: str,
                   count: int) -> str:
    accepted = AuditCheckpoint.flagged.is_(False)
    mine = AuditCheckpoint.workstation_id == station.id
    top = session.execute(select(func.max(AuditCheckpoint.seq), func.max(AuditCheckpoint.count))
                          .where(mine, accepted)).one()
    if top[0] is not None and seq < top[0]:
        return f"goes backwards: entry {seq} after entry {top[0]} (entries deleted?)"
    if top[1] is not None and count < top[1]:
        return f"goes backwards: {count} entries after {top[1]} (entries deleted?)"
    other = session.scalar(select(AuditCheckpoint.hash).where(
        mine, accepted, AuditCheckpoint.seq == seq, AuditCheckpoint.hash != digest).limit(1))
    if other is not None:
        return f"entry {seq} had another hash before (the chain was rewritten?)"
    return ""


def keep_checkpoint(session: Session, station: Workstation, entity_id: uuid.UUID,
                    fields: dict[str, Any]) -> dict[str, Any]:
    """Store a pushed checkpoint; the answer of its mutation."""
    check_fields(fields)
    if session.get(AuditCheckpoint, entity_id) is not None:
        return {"status": "duplicate", "reason": "already recorded"}
    seq, digest, count = int(fields["seq"]), str(fields["hash"]), int(fields["count"])
    problem = _contradiction(session, station, seq, digest, count)
    session.add(AuditCheckpoint(id=entity_id, workstation_id=station.id,
                                workstation=str(fields["workstation"]), seq=seq, hash=digest,
                                count=count, at=str(fields["at"]), flagged=bool(problem),
                                reason=problem))
    if problem:
        return {"status": "rejected", "reason": f"audit checkpoint {problem}"}
    return {"status": "applied"}


def _message(row: AuditCheckpoint) -> CheckpointMessage:
    return {"workstation": row.workstation, "seq": row.seq, "hash": row.hash,
            "count": row.count, "at": row.at, "flagged": row.flagged, "reason": row.reason}


def list_checkpoints(session: Session, station: Workstation,
                     after_seq: int = 0) -> AuditCheckpointsAnswer:
    """The workstation's checkpoints (the newest :data:`AUDIT_VERIFY_MAX`), oldest first."""
    rows = session.scalars(select(AuditCheckpoint).where(
        AuditCheckpoint.workstation_id == station.id, AuditCheckpoint.seq > after_seq)
        .order_by(AuditCheckpoint.seq.desc(), AuditCheckpoint.received_at.desc())
        .limit(AUDIT_VERIFY_MAX)).all()
    flagged = session.scalar(select(func.count()).select_from(AuditCheckpoint).where(
        AuditCheckpoint.workstation_id == station.id, AuditCheckpoint.flagged.is_(True)))
    return {"workstation": station.name, "checkpoints": [_message(r) for r in reversed(rows)],
            "flagged": int(flagged or 0)}


def verify(session: Session, station: Workstation, last_seq: int,
           entries: list[AuditEntryHash]) -> AuditVerifyAnswer:
    """Compare the workstation's chain as it stands (its newest entry and the hashes of
    its entries) with every checkpoint accepted from it."""
    rows = session.execute(select(AuditCheckpoint.seq, AuditCheckpoint.hash).where(
        AuditCheckpoint.workstation_id == station.id,
        AuditCheckpoint.flagged.is_(False))).all()
    flagged = int(session.scalar(select(func.count()).select_from(AuditCheckpoint).where(
        AuditCheckpoint.workstation_id == station.id,
        AuditCheckpoint.flagged.is_(True))) or 0)
    checkpoints = [(int(seq), str(digest)) for seq, digest in rows]
    hash_at = {int(e["seq"]): str(e["hash"]) for e in entries}
    wanted = sorted({seq for seq, _d in checkpoints if seq <= last_seq})
    missing = [seq for seq in wanted if seq not in hash_at]
    if missing:
        return {"ok": False, "checkpoints": len(checkpoints), "flagged": flagged,
                "first_broken": None, "problem": "incomplete",
                "wanted": missing[:AUDIT_VERIFY_MAX]}
    found = first_mismatch(checkpoints, last_seq, hash_at)
    problem = found.problem if found is not None else ("flagged" if flagged else "")
    return {"ok": not problem, "checkpoints": len(checkpoints), "flagged": flagged,
            "first_broken": found.first_broken if found is not None else None,
            "problem": problem, "wanted": wanted[-AUDIT_VERIFY_MAX:]}


def overview(session: Session) -> list[dict[str, Any]]:
    """Every workstation: its newest accepted checkpoint and the flagged ones (for the
    region's staff: ``python -m server admin audit-checkpoints``)."""
    out: list[dict[str, Any]] = []
    for station in session.scalars(select(Workstation).order_by(Workstation.name)):
        rows = session.scalars(select(AuditCheckpoint).where(
            AuditCheckpoint.workstation_id == station.id)
            .order_by(AuditCheckpoint.received_at, AuditCheckpoint.seq)).all()
        accepted = [r for r in rows if not r.flagged]
        newest = max(accepted, key=lambda r: r.seq, default=None)
        out.append({"workstation": station.name, "checkpoints": len(accepted),
                    "newest_seq": newest.seq if newest else None,
                    "newest_at": newest.at if newest else None,
                    "received_at": newest.received_at.isoformat() if newest else None,
                    "flagged": [{"seq": r.seq, "count": r.count, "at": r.at,
                                 "reason": r.reason} for r in rows if r.flagged]})
    return out
