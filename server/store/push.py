"""Push: each mutation applied once, in sequence, with the merge rules of its kind.

Every refusal is decided before anything is changed, so a refused mutation needs no
savepoint; its answer is stored with it and a resend gets the same answer.
"""

from __future__ import annotations

import uuid
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import ConflictLog, Entity, IdAlias, ProcessedMutation, Workstation
from server.store.aggregates import check_aggregate, keep_aggregate
from server.store.batch import by_natural_key
from server.store.changes import item_state, log_change
from server.store.errors import Rejected
from wire.messages import Mutation, MutationResult
from wire.protocol import DAILY_AGGREGATE, SYNCED_KINDS, Kind, Policy


def push_mutations(session: Session, station: Workstation,
         mutations: list[Mutation]) -> list[MutationResult]:
    """Apply ``mutations`` for ``station`` (locked by the caller) in ``session``."""
    results: list[dict[str, Any]] = []
    ids = [uuid.UUID(str(m["id"])) for m in mutations]
    seen = {r.id: r for r in session.scalars(select(ProcessedMutation).where(
        ProcessedMutation.id.in_(ids)))}
    targets = list({uuid.UUID(str(m["entity_id"])) for m in mutations})
    aliases = {(a.kind, a.alias): a.target for a in session.scalars(
        select(IdAlias).where(IdAlias.alias.in_(targets)))}
    session.info["aliases"] = aliases
    targets += list(aliases.values())
    # load the records once: later lookups come from the identity map
    session.scalars(select(Entity).where(Entity.id.in_(targets))).all()
    for mutation in mutations:
        mid = uuid.UUID(str(mutation["id"]))
        seq = int(mutation["seq"])
        done = seen.get(mid)
        if done is not None:
            results.append({**done.result, "id": str(mid), "status": "duplicate",
                            "original": done.status})
            continue
        if seq != station.last_seq + 1:
            results.append({"id": str(mid), "status": "gap",
                            "expected_seq": station.last_seq + 1})
            break
        try:
            result = _apply(session, mid, mutation)
        except Rejected as exc:
            result = {"status": "rejected", "reason": str(exc)}
            kind = str(mutation["kind"])
            current = session.get(Entity, (kind, resolve(
                session, kind, uuid.UUID(str(mutation["entity_id"])))))
            rule = SYNCED_KINDS.get(kind)
            if current is not None and rule is not None and rule.policy is Policy.SHARED:
                result["theirs"] = item_state(current)
        result["id"] = str(mid)
        session.add(ProcessedMutation(
            id=mid, workstation_id=station.id, seq=seq, kind=str(mutation["kind"]),
            entity_id=uuid.UUID(str(mutation["entity_id"])), status=result["status"],
            result=result))
        station.last_seq = seq
        results.append(result)
    return cast(list[MutationResult], results)


def resolve(session: Session, kind: str, entity_id: uuid.UUID) -> uuid.UUID:
    """The id the server keeps a record under (a client's id may be an alias of it)."""
    known: dict[tuple[str, uuid.UUID], uuid.UUID] | None = session.info.get("aliases")
    if known is not None:
        return known.get((kind, entity_id), entity_id)
    alias = session.get(IdAlias, (kind, entity_id))
    return alias.target if alias is not None else entity_id


def _apply(session: Session, mid: uuid.UUID, m: Mutation) -> dict[str, Any]:
    kind = str(m["kind"])
    rule = SYNCED_KINDS.get(kind)
    if rule is None:
        raise Rejected(f"unknown kind {kind}")
    op = str(m["op"])
    body = m.get("payload") or {}
    fields = dict(body.get("fields") or {})
    entity_id = uuid.UUID(str(m["entity_id"]))
    if rule.policy is Policy.REGION:
        raise Rejected(f"{kind} is owned by the region; command {op} refused")
    if rule.policy is Policy.APPEND_ONLY:
        if session.get(Entity, (kind, entity_id)) is not None:
            return {"status": "duplicate", "reason": "already recorded"}
        if kind == DAILY_AGGREGATE:
            check_aggregate(fields)
        session.add(Entity(kind=kind, id=entity_id, natural_key=None, fields=fields,
                           clocks={}, deleted=False, version=0))
        if kind == DAILY_AGGREGATE:
            keep_aggregate(session, fields, str(m.get("hlc") or ""))
        return {"status": "applied"}
    return _apply_shared(session, mid, m, rule, op, fields, dict(body.get("base") or {}))


def _apply_shared(session: Session, mid: uuid.UUID, m: Mutation, rule: Kind, op: str,
                  fields: dict[str, Any], base: dict[str, str]) -> dict[str, Any]:
    kind = str(m["kind"])
    reading = str(m["hlc"])
    entity_id = resolve(session, kind, uuid.UUID(str(m["entity_id"])))
    id_map: dict[str, str] = {}
    row = session.get(Entity, (kind, entity_id))
    if op == "delete":
        if row is None:
            row = Entity(kind=kind, id=entity_id, natural_key=None, fields={}, clocks={},
                         deleted=True, version=0)
            session.add(row)
        row.deleted = True
        row.natural_key = None
        row.clocks = {**row.clocks, "_deleted": reading}
        log_change(session, row)
        return {"status": "applied", "id_map": id_map}
    if op != "upsert":
        raise Rejected(f"operation {op} not accepted for {kind}")
    unknown = set(fields) - rule.fields
    if unknown:
        raise Rejected("unknown fields: " + ", ".join(sorted(unknown)))
    if row is None and rule.natural_key and fields.get(rule.natural_key):
        twin = by_natural_key(session, kind, str(fields[rule.natural_key]))
        if twin is not None:
            session.add(IdAlias(kind=kind, alias=entity_id, target=twin.id))
            session.info.setdefault("aliases", {})[(kind, entity_id)] = twin.id
            id_map[str(entity_id)] = str(twin.id)
            row = twin
            base = {}  # our record never saw theirs: identity differences conflict
    if row is not None and row.deleted:
        raise Rejected("the record was deleted at the region")
    if row is None:
        return _create(session, rule, entity_id, fields, reading, id_map)
    return _merge(session, mid, rule, row, fields, base, reading, id_map)


def _create(session: Session, rule: Kind, entity_id: uuid.UUID, fields: dict[str, Any],
            reading: str, id_map: dict[str, str]) -> dict[str, Any]:
    missing = rule.required - fields.keys()
    if missing:
        raise Rejected("a new record needs: " + ", ".join(sorted(missing)))
    if any(not str(fields[k]).strip() for k in rule.required):
        raise Rejected("a new record needs every identity field filled in")
    row = Entity(kind=rule.name, id=entity_id, natural_key=None, fields={}, clocks={},
                 deleted=False, version=0)
    session.add(row)
    row.fields = dict(fields)
    row.clocks = {k: reading for k in fields}
    if rule.natural_key:
        row.natural_key = str(fields[rule.natural_key])
    log_change(session, row)
    return {"status": "applied", "id_map": id_map}


def _merge(session: Session, mid: uuid.UUID, rule: Kind, row: Entity, fields: dict[str, Any],
           base: dict[str, str], reading: str, id_map: dict[str, str]) -> dict[str, Any]:
    """Contact fields: the later clock wins; identity fields: applied when the edit was
    based on the region's current value, otherwise a conflict."""
    new_fields = dict(row.fields)
    new_clocks = dict(row.clocks)
    conflicts: dict[str, dict[str, Any]] = {}
    for key, value in fields.items():
        theirs_clock = row.clocks.get(key, "")
        if key in rule.contact:
            if reading > theirs_clock:
                new_fields[key] = value
                new_clocks[key] = reading
        elif row.fields.get(key) == value:
            continue
        elif base.get(key, "") == theirs_clock:
            new_fields[key] = value
            new_clocks[key] = max(reading, theirs_clock)
        else:
            conflicts[key] = {"mine": value, "theirs": row.fields.get(key),
                              "theirs_clock": theirs_clock}
    if rule.natural_key and new_fields.get(rule.natural_key) != row.fields.get(
            rule.natural_key):
        clash = by_natural_key(session, rule.name, str(new_fields[rule.natural_key]), row.id)
        if clash is not None:
            raise Rejected("another record already has this codice fiscale")
        row.natural_key = str(new_fields[rule.natural_key])
    if new_fields != row.fields or new_clocks != row.clocks:
        row.fields = new_fields
        row.clocks = new_clocks
        log_change(session, row)
    if conflicts:
        session.add(ConflictLog(mutation_id=mid, kind=rule.name, entity_id=row.id,
                                detail=conflicts))
        return {"status": "conflict", "id_map": id_map, "conflicts": conflicts,
                "theirs": item_state(row)}
    return {"status": "applied", "id_map": id_map}
