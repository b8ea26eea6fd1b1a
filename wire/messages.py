"""Every request and answer of the protocol, as it travels in JSON (typed dictionaries).

The server validates requests with pydantic models built on these names
(server/app.py; tests/sync/test_wire.py checks the two agree), the desktop's agent builds
its requests from them and reads the answers through them.
"""

# No ``from __future__ import annotations`` here: TypedDict reads ``NotRequired`` from
# evaluated annotations only, and the required and optional keys are checked at run time.
from typing import Any, NotRequired, TypedDict

from wire.protocol import Op, Status

#: Pages of ``pull``: the default size and the largest a server serves.
PULL_LIMIT = 1000
PULL_LIMIT_MAX = 10_000
#: Pages of ``snapshot``: the default size and the largest a server serves.
SNAPSHOT_LIMIT = 2000
SNAPSHOT_LIMIT_MAX = 20_000
#: The most mutations one push may carry (a client sends batches of a few hundred).
PUSH_LIMIT_MAX = 2000
#: Request bodies: the most bytes a server reads as sent, and once inflated (gzip);
#: past either it answers 413 without going on.
BODY_LIMIT_BYTES = 8 * 1024 * 1024
INFLATED_LIMIT_BYTES = 32 * 1024 * 1024
#: The largest sequence number, cursor or time a request may carry: fits a signed 64-bit
#: column and is exact in every JSON reader (2**53 - 1).
COUNTER_MAX = 2**53 - 1

#: The written form of every id the protocol carries (mutation, record).
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
#: A hybrid logical clock reading: "<ms:13>.<counter:05>.<node>" (sorts as text).
HLC_PATTERN = r"^[0-9]{13}\.[0-9]{5}\.[0-9A-Za-z_-]{1,40}$"

# -- hello ------------------------------------------------------------------------------


class HelloRequest(TypedDict):
    protocol: int
    client_id: str
    client_time_ms: int
    schema_revision: NotRequired[str]


class HelloState(TypedDict):
    """What the store knows for a hello answer (the HTTP layer adds the times)."""

    protocol: int
    epoch: str
    version: int
    #: The highest mutation sequence number processed for this workstation.
    last_seq: int
    streams: list[str]


class HelloAnswer(HelloState):
    server_time_ms: int
    clock_skew_ms: int


# -- push -------------------------------------------------------------------------------


class Payload(TypedDict, total=False):
    fields: dict[str, Any]
    #: For a shared kind: the clock of each field the edit was based on.
    base: dict[str, str]


class Mutation(TypedDict):
    id: str
    seq: int
    kind: str
    entity_id: str
    op: Op
    hlc: str
    payload: Payload


class PushRequest(TypedDict):
    mutations: list[Mutation]


class ItemState(TypedDict):
    """A record's whole current state at the region."""

    fields: dict[str, Any]
    clocks: dict[str, str]
    deleted: bool


class FieldConflict(TypedDict):
    mine: Any
    theirs: Any
    theirs_clock: str


class MutationResult(TypedDict):
    id: str
    status: Status
    reason: NotRequired[str]
    #: The client's id of a record the server merged into another -> the server's id.
    id_map: NotRequired[dict[str, str]]
    conflicts: NotRequired[dict[str, FieldConflict]]
    theirs: NotRequired[ItemState]
    #: With "gap": the sequence number the client must resend from.
    expected_seq: NotRequired[int]
    #: With "duplicate": the status of the first answer.
    original: NotRequired[str]


class PushAnswer(TypedDict):
    results: list[MutationResult]
    server_time_ms: int


# -- pull -------------------------------------------------------------------------------


class PullRequest(TypedDict):
    stream: str
    epoch: str
    cursor: int
    limit: int


class PullItem(ItemState):
    version: int
    kind: str
    id: str


class PullAnswer(TypedDict):
    stream: str
    epoch: str
    #: The epoch differs or the cursor is past the head: start again with a snapshot.
    reset: bool
    items: list[PullItem]
    cursor: int
    has_more: bool
    head: int


# -- snapshot (first sync) --------------------------------------------------------------


class SnapshotRequest(TypedDict):
    stream: str
    after: str
    limit: int


class SnapshotItem(ItemState):
    kind: str
    id: str


class SnapshotAnswer(TypedDict):
    stream: str
    epoch: str
    version: int
    #: Records in the stream, counted on the first page only (-1 on the others).
    total: int
    items: list[SnapshotItem]
    after: str
    has_more: bool


# -- aggregates (GET /v1/aggregates) ----------------------------------------------------


class AggregatesAnswer(TypedDict):
    date_from: str
    date_to: str
    sites: int
    days: int
    totals: dict[str, Any]
    by_site: dict[str, dict[str, Any]]


# -- audit checkpoints (POST /v1/audit/checkpoints, /v1/audit/verify) ---------------------

#: The most entries' hashes one verify request may carry, and checkpoints one answer lists.
AUDIT_VERIFY_MAX = 20_000
#: A SHA-256 hash as the audit chain writes it.
HASH_PATTERN = r"^[0-9a-f]{64}$"


class AuditCheckpoint(TypedDict):
    """A workstation's audit chain at a moment: its newest entry's number and hash.

    Pushed as the fields of an ``audit_checkpoint`` mutation (without ``flagged`` and
    ``reason``, which the server adds when it finds the checkpoint going backwards)."""

    workstation: str
    seq: int
    hash: str
    count: int
    at: str
    flagged: NotRequired[bool]
    reason: NotRequired[str]


class AuditCheckpointsRequest(TypedDict):
    #: Only checkpoints of entries after this one (0: all, the newest last).
    after_seq: NotRequired[int]


class AuditCheckpointsAnswer(TypedDict):
    workstation: str
    checkpoints: list[AuditCheckpoint]
    #: Checkpoints refused because they went backwards (a shortened or rewritten chain).
    flagged: int


class AuditEntryHash(TypedDict):
    seq: int
    hash: str


class AuditVerifyRequest(TypedDict):
    #: The newest entry the workstation holds now (0: none).
    last_seq: int
    #: The hashes of its entries at (at least) the checkpoints' sequence numbers.
    entries: list[AuditEntryHash]


class AuditVerifyAnswer(TypedDict):
    ok: bool
    checkpoints: int
    flagged: int
    #: The first entry that is missing or differs from what a checkpoint recorded.
    first_broken: int | None
    #: "truncated", "rewritten", "flagged" (checkpoints refused at push), "incomplete"
    #: (hashes missing: send those in ``wanted``) or "" when intact.
    problem: str
    #: The sequence numbers the server holds checkpoints for (when "incomplete": the
    #: ones whose hashes were not sent).
    wanted: list[int]
