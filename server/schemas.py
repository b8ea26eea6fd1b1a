"""The server's validation of wire's messages (pydantic models for FastAPI and OpenAPI).

Field names, literal types and limits are wire's (:mod:`wire.messages`);
tests/sync/test_wire.py checks every model carries exactly its message's fields.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from wire import messages
from wire.protocol import Op, Status


class Hello(BaseModel):
    protocol: int
    schema_revision: str = ""
    client_id: str = ""
    client_time_ms: int = 0


class HelloAnswer(BaseModel):
    protocol: int
    epoch: str
    version: int
    last_seq: int = Field(description="highest mutation sequence processed for this workstation")
    server_time_ms: int
    clock_skew_ms: int
    streams: list[str]


class Mutation(BaseModel):
    id: str
    seq: int
    kind: str
    entity_id: str
    op: Op
    hlc: str
    payload: dict[str, Any] = {}


class Push(BaseModel):
    mutations: list[Mutation]


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
    stream: str
    epoch: str = ""
    cursor: int = 0
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
    stream: str
    after: str = ""
    limit: int = Field(default=messages.SNAPSHOT_LIMIT, ge=1, le=messages.SNAPSHOT_LIMIT_MAX)


class SnapshotAnswer(BaseModel):
    stream: str
    epoch: str
    version: int
    total: int = Field(description="records in the stream; -1 after the first page")
    items: list[dict[str, Any]]
    after: str
    has_more: bool
