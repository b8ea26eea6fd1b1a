"""Push: each mutation applied once, in sequence, with the merge rules of its kind.

Every refusal is decided before anything is changed, so a refused mutation needs no
savepoint; its answer is stored with it and a resend gets the same answer. Mutation ids
belong to their workstation: the same id from another workstation is another mutation.
A mutation stamped too far ahead of the server's clock is answered "clock" and not
processed (its sequence number stays free): the client re-stamps it and sends it again.
"""

from __future__ import annotations

import math
import time
import uuid
from typing import Any, cast

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from server.models import (
    ConflictLog,
    Entity,
    IdAlias,
    ProcessedMutation,
    Workstation,
    utcnow,
)
from server.store.aggregates import check_aggregate, keep_aggregate
from server.store.audit_checkpoints import keep_checkpoint
from server.store.authority import (
    check_holder,
    check_site_record,
    main_site,
    record_site,
    sites_of,
    take_in_charge,
)
from server.store.batch import ALIASES, by_natural_key
from server.store.changes import item_state, log_change
from server.store.errors import Rejected
from wire.messages import Mutation, MutationResult
from wire.protocol import (
    AUDIT_CHECKPOINT,
    DAILY_AGGREGATE,
    MAX_CLOCK_SKEW_MS,
    SYNCED_KINDS,
    Kind,
    Policy,
)


def push_mutations(session: Session, station: Workstation, mutations: list[Mutation],
                   latest_ms: int | None = None) -> list[MutationResult]:
    """Apply ``mutations`` for ``station`` (locked by the caller) in ``session``.

    ``latest_ms``: the latest clock reading (ms) accepted; by default the server's time
    plus :data:`wire.protocol.MAX_CLOCK_SKEW_MS`.
    """
    if latest_ms is None:
        latest_ms = int(time.time() * 1000) + MAX_CLOCK_SKEW_MS
    results: list[dict[str, Any]] = []
    processed: list[dict[str, Any]] = []
    now = utcnow()
    sites = sites_of(station.site_code)
    ids = [uuid.UUID(str(m["id"])) for m in mutations]
    seen: dict[uuid.UUID, tuple[str, dict[str, Any]]] = {
        r.id: (r.status, r.result) for r in session.scalars(select(ProcessedMutation).where(
            ProcessedMutation.workstation_id == station.id, ProcessedMutation.id.in_(ids)))}
    if ALIASES not in session.info:  # not preloaded: load the records once
        targets = list({uuid.UUID(str(m["entity_id"])) for m in mutations})
        aliases = {(a.kind, a.alias): a.target for a in session.scalars(
            select(IdAlias).where(IdAlias.alias.in_(targets)))}
        session.info[ALIASES] = aliases
        targets += list(aliases.values())
        session.scalars(select(Entity).where(Entity.id.in_(targets))).all()
    for mutation in mutations:
        mid = uuid.UUID(str(mutation["id"]))
        seq = int(mutation["seq"])
        done = seen.get(mid)
        if done is not None:
            results.append({**done[1], "id": str(mid), "status": "duplicate",
                            "original": done[0]})
            continue
        if seq != station.last_seq + 1:
            results.append({"id": str(mid), "status": "gap",
                            "expected_seq": station.last_seq + 1})
            break
        if clock_ms(str(mutation["hlc"])) > latest_ms:
            results.append({"id": str(mid), "status": "clock",
                            "reason": "stamped ahead of the server's clock: re-stamp it"})
            break
        try:
            result = _apply(session, station, sites, mid, mutation)
        except Rejected as exc:
            result = {"status": exc.status, "reason": str(exc)}
            kind = str(mutation["kind"])
            current = session.get(Entity, (kind, resolve(
                session, kind, uuid.UUID(str(mutation["entity_id"])))))
            rule = SYNCED_KINDS.get(kind)
            if current is not None and rule is not None and rule.policy is Policy.SHARED:
                result["theirs"] = item_state(current)
        result["id"] = str(mid)
        processed.append({
            "id": mid, "workstation_id": station.id, "seq": seq, "kind": str(mutation["kind"]),
            "entity_id": uuid.UUID(str(mutation["entity_id"])), "status": result["status"],
            "result": result, "processed_at": now})
        seen[mid] = (result["status"], result)
        station.last_seq = seq
        results.append(result)
    if processed:
        # one bulk INSERT (no ORM objects), without flushing the records first: they are
        # written once, at the commit, with their change-log versions
        with session.no_autoflush:
            session.execute(insert(ProcessedMutation), processed)
    return cast(list[MutationResult], results)


def clock_ms(reading: str) -> int:
    """The wall-time part of a clock reading ("<ms:13>.<counter>.<node>")."""
    head = reading.split(".", 1)[0]
    return int(head) if head.isdigit() else 0


#: The longest text a shared record's field may hold (its natural key: the column's 64).
MAX_TEXT = 500
MAX_KEY = 64


def check_values(rule: Kind, fields: dict[str, Any]) -> None:
    """A shared record's fields are text (or null) of a sane length; no record carries NaN
    or infinity, which JSON cannot carry back to the other clients."""
    if rule.policy is Policy.SHARED:
        if not all(value is None or (isinstance(value, str) and len(value) <= MAX_TEXT)
                   for value in fields.values()):
            raise Rejected(f"every field of a {rule.name} is text of at most {MAX_TEXT} "
                           "characters")
        if rule.natural_key and len(fields.get(rule.natural_key) or "") > MAX_KEY:
            raise Rejected(f"{rule.natural_key} is longer than {MAX_KEY} characters")
    elif not _finite(fields):
        raise Rejected("numbers must be finite")


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def resolve(session: Session, kind: str, entity_id: uuid.UUID) -> uuid.UUID:
    """The id the server keeps a record under (a client's id may be an alias of it)."""
    known: dict[tuple[str, uuid.UUID], uuid.UUID] | None = session.info.get(ALIASES)
    if known is not None:
        return known.get((kind, entity_id), entity_id)
    alias = session.get(IdAlias, (kind, entity_id))
    return alias.target if alias is not None else entity_id


def _apply(session: Session, station: Workstation, sites: tuple[str, ...], mid: uuid.UUID,
           m: Mutation) -> dict[str, Any]:
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
    check_values(rule, fields)
    if rule.policy is Policy.APPEND_ONLY:
        if op not in ("create", "upsert"):
            raise Rejected(f"{kind} is recorded once and never changed: {op} refused")
        if kind == AUDIT_CHECKPOINT:  # kept per workstation, never going backwards
            return keep_checkpoint(session, station, entity_id, fields)
        check_site_record(session, sites, kind, fields)
        if session.get(Entity, (kind, entity_id)) is not None:
            return {"status": "duplicate", "reason": "already recorded"}
        if kind == DAILY_AGGREGATE:
            check_aggregate(fields)
        site = record_site(sites, fields)
        session.add(Entity(kind=kind, id=entity_id, natural_key=None, fields=fields,
                           clocks={}, deleted=False, version=0, site_code=site))
        if kind == DAILY_AGGREGATE:
            keep_aggregate(session, fields, str(m.get("hlc") or ""))
        take_in_charge(session, site, kind, fields)
        return {"status": "applied"}
    return _apply_shared(session, sites, mid, m, rule, op, fields,
                         dict(body.get("base") or {}))


def _apply_shared(session: Session, sites: tuple[str, ...], mid: uuid.UUID, m: Mutation,
                  rule: Kind, op: str, fields: dict[str, Any],
                  base: dict[str, str]) -> dict[str, Any]:
    kind = str(m["kind"])
    reading = str(m["hlc"])
    entity_id = resolve(session, kind, uuid.UUID(str(m["entity_id"])))
    id_map: dict[str, str] = {}
    row = session.get(Entity, (kind, entity_id))
    if op == "delete":
        if row is None:
            # Nothing to delete (a record the region never had): no tombstone is made, so
            # nobody can reserve an unused id by "deleting" it.
            return {"status": "applied", "reason": "nothing to delete", "id_map": id_map}
        if not row.deleted:
            check_holder(sites, row, "delete it")
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
            session.info.setdefault(ALIASES, {})[(kind, entity_id)] = twin.id
            id_map[str(entity_id)] = str(twin.id)
            row = twin
            base = {}  # our record never saw theirs: identity differences conflict
    if row is not None and row.deleted:
        raise Rejected("the record was deleted at the region")
    if row is None:
        return _create(session, main_site(sites), rule, entity_id, fields, reading, id_map)
    return _merge(session, sites, mid, rule, row, fields, base, reading, id_map)


def _create(session: Session, site: str | None, rule: Kind, entity_id: uuid.UUID,
            fields: dict[str, Any], reading: str, id_map: dict[str, str]) -> dict[str, Any]:
    missing = rule.required - fields.keys()
    if missing:
        raise Rejected("a new record needs: " + ", ".join(sorted(missing)))
    if any(not str(fields[k]).strip() for k in rule.required):
        raise Rejected("a new record needs every identity field filled in")
    row = Entity(kind=rule.name, id=entity_id, natural_key=None, fields={}, clocks={},
                 deleted=False, version=0, site_code=site)
    session.add(row)
    row.fields = dict(fields)
    row.clocks = {k: reading for k in fields}
    if rule.natural_key:
        row.natural_key = str(fields[rule.natural_key])
    log_change(session, row)
    return {"status": "applied", "id_map": id_map}


def _merge(session: Session, sites: tuple[str, ...], mid: uuid.UUID, rule: Kind, row: Entity,
           fields: dict[str, Any], base: dict[str, str], reading: str,
           id_map: dict[str, str]) -> dict[str, Any]:
    """Contact fields: the later clock wins; identity fields: applied when the edit was
    based on the region's current value, otherwise a conflict. An identity change that
    would apply is for the holding site only: from another site the mutation is
    forbidden (a conflict changes nothing, so it stays a conflict)."""
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
            check_holder(sites, row, f"change {key}")
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
