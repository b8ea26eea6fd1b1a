"""The regional server's logic, independent of HTTP: tokens, push, pull, snapshot, admin."""

from __future__ import annotations

import hashlib
import json
import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Text, cast, create_engine, event, func, select
from sqlalchemy.orm import Session, sessionmaker

from server.models import (
    Base,
    Change,
    ConflictLog,
    DailyAggregate,
    Entity,
    IdAlias,
    Meta,
    ProcessedMutation,
    Workstation,
    utcnow,
)

PROTOCOL_VERSION = 1

PERSON_IDENTITY = frozenset(
    {"fiscal_code", "fiscal_code_base", "surname", "name", "sex", "birth_date", "birthplace_code"})
PERSON_CONTACT = frozenset({"mobile", "email", "citizenship"})


@dataclass(frozen=True)
class KindRule:
    policy: str  # shared, append_only, region
    stream: str | None
    natural_key: str | None = None
    identity: frozenset[str] = frozenset()
    contact: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()


KINDS: dict[str, KindRule] = {
    # the natural key is the code as held: an omocode is a different person by law
    "person": KindRule("shared", "people", "fiscal_code", PERSON_IDENTITY, PERSON_CONTACT,
                       PERSON_IDENTITY),
    "agreement": KindRule("append_only", None),
    "action": KindRule("append_only", None),
    "placement": KindRule("append_only", None),
    #: A DID declared at a centre, and later its end (revoca/decadenza) as its own record.
    "did": KindRule("append_only", None),
    "did_end": KindRule("append_only", None),
    #: A site's indicator counts for one day, no personal data (desktop.services.daily_aggregates).
    "daily_aggregate": KindRule("append_only", None),
    "vacancy": KindRule("region", "vacancies"),
    "employer": KindRule("region", "employers"),
    "appointment": KindRule("region", "appointments"),
    "reference": KindRule("region", "reference"),
}
STREAMS = ("people", "employers", "vacancies", "appointments", "reference")


def stream_kinds(stream: str) -> list[str]:
    return [k for k, rule in KINDS.items() if rule.stream == stream]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


TOKEN_PREFIX = "spt_"


class Rejected(Exception):
    """A mutation the server refuses (permanently: a resend gets the same answer)."""


def _sqlite_immediate(engine: Engine) -> None:
    """Every SQLite transaction takes the write lock at BEGIN: no upgrade deadlocks."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")
        dbapi_connection.execute("PRAGMA busy_timeout=30000")

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Store:
    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite"):
            self.engine = create_engine(url, connect_args={"check_same_thread": False,
                                                           "timeout": 30})
            _sqlite_immediate(self.engine)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        Base.metadata.create_all(self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        with self.transaction() as session:
            if session.get(Meta, "epoch") is None:
                session.add(Meta(key="epoch", value=uuid.uuid4().hex))
                session.add(Meta(key="version", value="0"))

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

    # -- admin ---------------------------------------------------------------------------

    def create_workstation(self, name: str, days: int | None = None) -> str:
        # The prefix makes tokens recognisable in logs and keeps them from starting
        # with "-", which a command line would read as an option.
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        expires = utcnow() + timedelta(days=days) if days else None
        with self.transaction() as session:
            row = session.scalar(select(Workstation).where(Workstation.name == name))
            if row is None:
                session.add(Workstation(name=name, token_hash=hash_token(token),
                                        expires_at=expires, last_seq=0))
            else:
                row.token_hash = hash_token(token)
                row.expires_at = expires
        return token

    def expire_workstation(self, name: str) -> None:
        with self.transaction() as session:
            row = session.scalar(select(Workstation).where(Workstation.name == name))
            if row is not None:
                row.expires_at = utcnow() - timedelta(seconds=1)

    def new_epoch(self) -> str:
        """After a restore from a backup: every client starts its streams again."""
        epoch = uuid.uuid4().hex
        with self.transaction() as session:
            meta = session.get(Meta, "epoch", with_for_update=True)
            assert meta is not None
            meta.value = epoch
        return epoch

    def publish(self, kind: str, records: list[dict[str, Any]]) -> int:
        """Publish region-owned records (vacancies, employers, reference data …)."""
        rule = KINDS.get(kind)
        if rule is None or rule.policy != "region":
            raise ValueError(f"{kind} is not published by the region")
        with self.transaction() as session:
            for record in records:
                data = dict(record)
                entity_id = uuid.UUID(str(data.pop("id"))) if "id" in data else uuid.uuid4()
                deleted = bool(data.pop("_deleted", False))
                row = session.get(Entity, (kind, entity_id))
                if row is None:
                    row = Entity(kind=kind, id=entity_id, natural_key=None, fields={},
                                 clocks={}, deleted=False, version=0)
                    session.add(row)
                row.fields = data
                row.deleted = deleted
                self._log(session, row)
        return len(records)

    def who(self, token: str) -> Workstation | None:
        with self.sessions() as session:
            row = session.scalar(select(Workstation).where(
                Workstation.token_hash == hash_token(token)))
            if row is None or (row.expires_at is not None and row.expires_at < utcnow()):
                return None
            return row

    # -- state ---------------------------------------------------------------------------

    def epoch(self, session: Session) -> str:
        meta = session.get(Meta, "epoch")
        assert meta is not None
        return meta.value

    def head(self, session: Session) -> int:
        meta = session.get(Meta, "version")
        assert meta is not None
        return int(meta.value)

    def _log(self, session: Session, row: Entity) -> None:
        rule = KINDS[row.kind]
        if rule.stream is None:
            return
        meta = session.info.get("version_row")
        if meta is None:
            meta = session.get(Meta, "version", with_for_update=True)
            session.info["version_row"] = meta
        assert meta is not None
        version = int(meta.value) + 1
        meta.value = str(version)
        row.version = version
        session.add(Change(version=version, stream=rule.stream, kind=row.kind,
                           entity_id=row.id, data=item_state(row)))

    def hello(self, ws: Workstation) -> dict[str, Any]:
        with self.sessions() as session:
            current = session.get(Workstation, ws.id)
            assert current is not None
            return {"protocol": PROTOCOL_VERSION, "epoch": self.epoch(session),
                    "version": self.head(session), "last_seq": current.last_seq,
                    "streams": list(STREAMS)}

    # -- push ----------------------------------------------------------------------------

    def push(self, ws: Workstation, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        with self.transaction() as session:
            station = session.get(Workstation, ws.id, with_for_update=True)
            assert station is not None
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
                    # every refusal is decided before anything is changed: no savepoint
                    result = self._apply(session, mid, mutation)
                except Rejected as exc:
                    result = {"status": "rejected", "reason": str(exc)}
                    kind = str(mutation["kind"])
                    current = session.get(Entity, (kind, self._resolve(
                        session, kind, uuid.UUID(str(mutation["entity_id"])))))
                    if current is not None and KINDS[kind].policy == "shared":
                        result["theirs"] = item_state(current)
                result["id"] = str(mid)
                session.add(ProcessedMutation(
                    id=mid, workstation_id=station.id, seq=seq, kind=str(mutation["kind"]),
                    entity_id=uuid.UUID(str(mutation["entity_id"])), status=result["status"],
                    result=result))
                station.last_seq = seq
                results.append(result)
        return results

    def _resolve(self, session: Session, kind: str, entity_id: uuid.UUID) -> uuid.UUID:
        known: dict[tuple[str, uuid.UUID], uuid.UUID] | None = session.info.get("aliases")
        if known is not None:
            return known.get((kind, entity_id), entity_id)
        alias = session.get(IdAlias, (kind, entity_id))
        return alias.target if alias is not None else entity_id

    def _apply(self, session: Session, mid: uuid.UUID, m: dict[str, Any]) -> dict[str, Any]:
        kind = str(m["kind"])
        rule = KINDS.get(kind)
        if rule is None:
            raise Rejected(f"unknown kind {kind}")
        op = str(m["op"])
        body = m.get("payload") or {}
        fields = dict(body.get("fields") or {})
        entity_id = uuid.UUID(str(m["entity_id"]))
        if rule.policy == "region":
            raise Rejected(f"{kind} is owned by the region; command {op} refused")
        if rule.policy == "append_only":
            if session.get(Entity, (kind, entity_id)) is not None:
                return {"status": "duplicate", "reason": "already recorded"}
            if kind == "daily_aggregate":
                check_aggregate(fields)
            session.add(Entity(kind=kind, id=entity_id, natural_key=None, fields=fields,
                               clocks={}, deleted=False, version=0))
            if kind == "daily_aggregate":
                keep_aggregate(session, fields, str(m.get("hlc") or ""))
            return {"status": "applied"}
        return self._apply_shared(session, mid, m, rule, op, fields, dict(body.get("base") or {}))

    def _apply_shared(self, session: Session, mid: uuid.UUID, m: dict[str, Any],
                      rule: KindRule, op: str, fields: dict[str, Any],
                      base: dict[str, str]) -> dict[str, Any]:
        kind = str(m["kind"])
        reading = str(m["hlc"])
        asked = uuid.UUID(str(m["entity_id"]))
        entity_id = self._resolve(session, kind, asked)
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
            self._log(session, row)
            return {"status": "applied", "id_map": id_map}
        if op != "upsert":
            raise Rejected(f"operation {op} not accepted for {kind}")
        unknown = set(fields) - rule.identity - rule.contact
        if unknown:
            raise Rejected("unknown fields: " + ", ".join(sorted(unknown)))
        if row is None and rule.natural_key and fields.get(rule.natural_key):
            twin = session.scalar(select(Entity).where(
                Entity.kind == kind, Entity.natural_key == str(fields[rule.natural_key])))
            if twin is not None:
                session.add(IdAlias(kind=kind, alias=entity_id, target=twin.id))
                session.info.setdefault("aliases", {})[(kind, entity_id)] = twin.id
                id_map[str(entity_id)] = str(twin.id)
                row = twin
                base = {}  # our record never saw theirs: identity differences conflict
        if row is not None and row.deleted:
            raise Rejected("the record was deleted at the region")
        if row is None:
            missing = rule.required - fields.keys()
            if missing:
                raise Rejected("a new record needs: " + ", ".join(sorted(missing)))
            if any(not str(fields[k]).strip() for k in rule.required):
                raise Rejected("a new record needs every identity field filled in")
            row = Entity(kind=kind, id=entity_id, natural_key=None, fields={}, clocks={},
                         deleted=False, version=0)
            session.add(row)
            row.fields = dict(fields)
            row.clocks = {k: reading for k in fields}
            if rule.natural_key:
                row.natural_key = str(fields[rule.natural_key])
            session.flush()
            self._log(session, row)
            return {"status": "applied", "id_map": id_map}
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
            clash = session.scalar(select(Entity).where(
                Entity.kind == kind, Entity.natural_key == str(new_fields[rule.natural_key]),
                Entity.id != row.id))
            if clash is not None:
                raise Rejected("another record already has this codice fiscale")
            row.natural_key = str(new_fields[rule.natural_key])
        if new_fields != row.fields or new_clocks != row.clocks:
            row.fields = new_fields
            row.clocks = new_clocks
            self._log(session, row)
        if conflicts:
            session.add(ConflictLog(mutation_id=mid, kind=kind, entity_id=row.id,
                                    detail=conflicts))
            return {"status": "conflict", "id_map": id_map, "conflicts": conflicts,
                    "theirs": item_state(row)}
        return {"status": "applied", "id_map": id_map}

    # -- pull and snapshot ---------------------------------------------------------------

    def pull(self, stream: str, epoch: str, after: int, limit: int) -> dict[str, Any]:
        with self.sessions() as session:
            current = self.epoch(session)
            head = self.head(session)
            if epoch != current or after > head:
                return {"stream": stream, "epoch": current, "reset": True, "items": [],
                        "cursor": 0, "has_more": False, "head": head}
            rows = session.scalars(select(Change).where(
                Change.stream == stream, Change.version > after)
                .order_by(Change.version).limit(limit + 1)).all()
            has_more = len(rows) > limit
            rows = rows[:limit]
            items = [{"version": r.version, "kind": r.kind, "id": str(r.entity_id), **r.data}
                     for r in rows]
            cursor = rows[-1].version if rows else after
            if not has_more:
                cursor = max(cursor, head)
            return {"stream": stream, "epoch": current, "reset": False, "items": items,
                    "cursor": cursor, "has_more": has_more, "head": head}

    def snapshot(self, stream: str, after: str, limit: int) -> bytes:
        """A snapshot page as JSON bytes; the stored JSON of each record is copied as it is
        (no decoding and re-encoding of 5,000 records per page)."""
        kinds = stream_kinds(stream)
        live = (Entity.kind.in_(kinds), Entity.deleted.is_(False))
        with self.sessions() as session:
            version = self.head(session)
            total = -1
            if not after:
                total = int(session.scalar(select(func.count()).select_from(Entity)
                                           .where(*live)) or 0)
            query = select(Entity.kind, Entity.id, cast(Entity.fields, Text),
                           cast(Entity.clocks, Text)).where(*live)
            if after:
                query = query.where(Entity.id > uuid.UUID(after))
            rows = session.execute(query.order_by(Entity.id).limit(limit + 1)).all()
            has_more = len(rows) > limit
            rows = rows[:limit]
            items = ",".join(
                f'{{"kind":"{kind}","id":"{entity_id}","fields":{fields},'
                f'"clocks":{clocks},"deleted":false}}' for kind, entity_id, fields, clocks in rows)
            head = json.dumps({"stream": stream, "epoch": self.epoch(session),
                               "version": version, "total": total,
                               "after": str(rows[-1][1]) if rows else after,
                               "has_more": has_more})
            return (head[:-1] + ',"items":[' + items + "]}").encode()

    def snapshot_entities(self, kind: str) -> dict[str, dict[str, Any]]:
        """Every live record of a kind (tests compare clients with this)."""
        with self.sessions() as session:
            rows = session.scalars(select(Entity).where(
                Entity.kind == kind, Entity.deleted.is_(False))).all()
            return {str(r.id): dict(r.fields) for r in rows}

    def aggregates(self, date_from: date, date_to: date,
                   site_code: str | None = None) -> dict[str, Any]:
        """The sites' daily aggregates of a period, summed over days and over sites."""
        with self.sessions() as session:
            query = select(DailyAggregate).where(DailyAggregate.day >= date_from,
                                                 DailyAggregate.day <= date_to)
            if site_code:
                query = query.where(DailyAggregate.site_code == site_code)
            rows = session.scalars(query.order_by(DailyAggregate.site_code,
                                                  DailyAggregate.day)).all()
            by_site: dict[str, dict[str, Any]] = {}
            total: dict[str, Any] = {}
            for row in rows:
                add_figures(by_site.setdefault(row.site_code, {}), row.figures)
                add_figures(total, row.figures)
            return {"date_from": date_from.isoformat(), "date_to": date_to.isoformat(),
                    "sites": len(by_site), "days": len(rows),
                    "totals": with_averages(total),
                    "by_site": {k: with_averages(v) for k, v in by_site.items()}}

    def processed(self) -> dict[str, str]:
        with self.sessions() as session:
            return {str(r.id): r.status for r in session.scalars(select(ProcessedMutation))}


def item_state(row: Entity) -> dict[str, Any]:
    return {"fields": dict(row.fields), "clocks": dict(row.clocks), "deleted": row.deleted}


def now_iso() -> str:
    return datetime.now().astimezone().isoformat()


# -- daily aggregates -------------------------------------------------------------------

#: Figures that are not counts: never summed.
NOT_SUMMED = frozenset({"standard_minutes"})


def check_aggregate(fields: dict[str, Any]) -> None:
    """Refuse an aggregate that is not one site's day of numbers (before any change)."""
    try:
        date.fromisoformat(str(fields["day"]))
        ok = bool(str(fields["site_code"])) and isinstance(fields["figures"], dict)
    except (KeyError, ValueError):
        ok = False
    if not ok or not all(_numeric(v) for v in fields["figures"].values()):
        raise Rejected("a daily aggregate needs site_code, day and numeric figures")


def _numeric(value: Any) -> bool:
    if isinstance(value, dict):
        return all(_numeric(v) for v in value.values())
    return isinstance(value, int | float) and not isinstance(value, bool)


def keep_aggregate(session: Session, fields: dict[str, Any], hlc: str) -> None:
    """Store the aggregate, replacing an older one of the same site and day."""
    day = date.fromisoformat(str(fields["day"]))
    site = str(fields["site_code"])
    row = session.scalar(select(DailyAggregate).where(DailyAggregate.site_code == site,
                                                      DailyAggregate.day == day))
    if row is None:
        session.add(DailyAggregate(site_code=site, day=day, schema=int(fields.get("schema", 1)),
                                   figures=dict(fields["figures"]), hlc=hlc))
    elif hlc >= row.hlc:
        row.figures, row.hlc = dict(fields["figures"]), hlc
        row.schema = int(fields.get("schema", 1))
        row.received_at = utcnow()


def add_figures(into: dict[str, Any], figures: dict[str, Any]) -> None:
    for key, value in figures.items():
        if key in NOT_SUMMED:
            into.setdefault(key, value)
        elif isinstance(value, dict):
            add_figures(into.setdefault(key, {}), value)
        else:
            into[key] = round(into.get(key, 0) + value, 2)


def with_averages(figures: dict[str, Any]) -> dict[str, Any]:
    called = figures.get("tickets_called") or 0
    out = dict(figures)
    out["mean_wait_minutes"] = round(figures.get("wait_minutes_sum", 0) / called, 2) \
        if called else None
    out["share_within_standard"] = round(figures.get("within_standard", 0) / called, 4) \
        if called else None
    return out
