"""The server's validation of wire's messages (pydantic models for FastAPI and OpenAPI).

Field names, literal types and limits are wire's (:mod:`wire.messages`);
tests/sync/test_wire.py checks every model carries exactly its message's fields. Every
bound here is what keeps a hostile body a 422 instead of a server error: ids are UUIDs,
clock readings have the HLC's form, numbers fit a signed 64-bit column, lists are capped.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from wire import messages
from wire.protocol import Op, Status, Stream


def an_id() -> Any:
    return Field(pattern=messages.UUID_PATTERN, description="a UUID")


class ErrorBody(BaseModel):
    """The body of every 4xx the server answers itself (422 has FastAPI's own)."""

    detail: str


class Hello(BaseModel):
    protocol: int = Field(ge=0, le=messages.COUNTER_MAX)
    schema_revision: str = Field(default="", max_length=64)
    client_id: str = Field(default="", max_length=64)
    client_time_ms: int = Field(default=0, ge=0, le=messages.COUNTER_MAX)


class HelloAnswer(BaseModel):
    protocol: int
    epoch: str
    version: int
    last_seq: int = Field(description="highest mutation sequence processed for this workstation")
    server_time_ms: int
    clock_skew_ms: int
    streams: list[str]


class Payload(BaseModel):
    fields: dict[str, Any] = {}
    base: dict[str, str] = {}


class Mutation(BaseModel):
    id: str = an_id()
    seq: int = Field(ge=1, le=messages.COUNTER_MAX)
    kind: str = Field(max_length=40)
    entity_id: str = an_id()
    op: Op
    hlc: str = Field(pattern=messages.HLC_PATTERN)
    payload: Payload = Payload()


class Push(BaseModel):
    mutations: list[Mutation] = Field(max_length=messages.PUSH_LIMIT_MAX)


class MutationResult(BaseModel):
    id: str
    status: Status
    reason: str | None = None
    id_map: dict[str, str] | None = None
    conflicts: dict[str, Any] | None = None
    theirs: dict[str, Any] | None = None
    expected_seq: int | None = None
    original: str | None = None


class PushAnswer(BaseModel):
    results: list[MutationResult]
    server_time_ms: int


class PullRequest(BaseModel):
    stream: Stream
    epoch: str = Field(default="", max_length=64)
    cursor: int = Field(default=0, ge=0, le=messages.COUNTER_MAX)
    limit: int = Field(default=messages.PULL_LIMIT, ge=1, le=messages.PULL_LIMIT_MAX)


class PullAnswer(BaseModel):
    stream: str
    epoch: str
    reset: bool
    items: list[dict[str, Any]]
    cursor: int
    has_more: bool
    head: int


class SnapshotRequest(BaseModel):
    stream: Stream
    after: str = Field(default="", pattern=f"^$|{messages.UUID_PATTERN}",
                       description="empty, or the last id of the previous page")
    limit: int = Field(default=messages.SNAPSHOT_LIMIT, ge=1, le=messages.SNAPSHOT_LIMIT_MAX)


class SnapshotAnswer(BaseModel):
    stream: str
    epoch: str
    version: int
    total: int = Field(description="records in the stream; -1 after the first page")
    items: list[dict[str, Any]]
    after: str
    has_more: bool


class AggregatesAnswer(BaseModel):
    date_from: str
    date_to: str
    sites: int
    days: int
    totals: dict[str, Any]
    by_site: dict[str, dict[str, Any]]


class AuditCheckpointsRequest(BaseModel):
    after_seq: int = Field(default=0, ge=0, le=messages.COUNTER_MAX)


class AuditCheckpoint(BaseModel):
    workstation: str
    seq: int
    hash: str
    count: int
    at: str
    flagged: bool | None = None
    reason: str | None = None


class AuditCheckpointsAnswer(BaseModel):
    workstation: str
    checkpoints: list[AuditCheckpoint]
    flagged: int


class AuditEntryHash(BaseModel):
    seq: int = Field(ge=1, le=messages.COUNTER_MAX)
    hash: str = Field(pattern=messages.HASH_PATTERN)


class AuditVerifyRequest(BaseModel):
    last_seq: int = Field(ge=0, le=messages.COUNTER_MAX)
    entries: list[AuditEntryHash] = Field(max_length=messages.AUDIT_VERIFY_MAX)


class AuditVerifyAnswer(BaseModel):
    ok: bool
    checkpoints: int
    flagged: int
    first_broken: int | None
    problem: str
    wanted: list[int]
