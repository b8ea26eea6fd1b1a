"""What both ends agree on: the protocol version, the data kinds and the pull streams."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal, get_args

#: Sent in hello; a server speaking another version answers 426.
PROTOCOL_VERSION = 1
#: How far ahead of the server's time a mutation's clock reading may be (default).
MAX_CLOCK_SKEW_MS = 5 * 60 * 1000
#: Every call is ``POST {API_PREFIX}/<call>`` (hello, push, pull, snapshot).
API_PREFIX = "/v1"

#: What a mutation does to its record.
Op = Literal["upsert", "delete", "create", "command"]
OPS: tuple[Op, ...] = get_args(Op)

#: The server's answer to one mutation (docs/sync-protocol.md, "push"): "forbidden" when
#: the workstation's site has no authority over the record (see "Authority"), "clock" when
#: the mutation is stamped too far ahead of the server's time (resent re-stamped).
Status = Literal["applied", "duplicate", "rejected", "conflict", "gap", "forbidden", "clock"]
STATUSES: tuple[Status, ...] = get_args(Status)


class Policy(enum.StrEnum):
    #: Shared by all centres: contact fields merge per field by clock, identity fields
    #: changed on both sides become a conflict.
    SHARED = "shared"
    #: Owned by the centre that made it: pushed once, deduplicated by id, never edited.
    APPEND_ONLY = "append_only"
    #: Owned by the region: pulled; local actions are commands the server may refuse.
    REGION = "region"
    #: Never leaves the site.
    SITE = "site"


#: A person's identity: changed on both sides, it is a conflict; all needed for a new one.
PERSON_IDENTITY = frozenset(
    {"fiscal_code", "fiscal_code_base", "surname", "name", "sex", "birth_date", "birthplace_code"})
#: A person's contacts: the later clock wins, field by field.
PERSON_CONTACT = frozenset({"mobile", "email", "citizenship"})
PERSON_FIELDS = PERSON_IDENTITY | PERSON_CONTACT

#: The pull streams, in the order a client reads them (people first: the others may
#: refer to them).
Stream = Literal["people", "employers", "vacancies", "appointments", "reference"]
STREAMS: tuple[Stream, ...] = get_args(Stream)

#: The kind whose records carry a site's daily indicator counts (no personal data).
DAILY_AGGREGATE = "daily_aggregate"
#: The kind whose records anchor a workstation's audit chain at the region: the sequence
#: number, hash and count of its newest entry at a moment (docs/security.md).
AUDIT_CHECKPOINT = "audit_checkpoint"


@dataclass(frozen=True)
class Kind:
    """One kind of record: who owns it, where it is pulled from, which fields it has."""

    name: str
    policy: Policy
    #: The pull stream it arrives on (None: never pulled).
    stream: str | None = None
    #: The field duplicates are found by (the codice fiscale as held: an omocode is a
    #: different person by law).
    natural_key: str | None = None
    identity: frozenset[str] = frozenset()
    contact: frozenset[str] = frozenset()
    #: Fields a new record must have, filled in.
    required: frozenset[str] = frozenset()

    @property
    def fields(self) -> frozenset[str]:
        return self.identity | self.contact


def _table(*kinds: Kind) -> Mapping[str, Kind]:
    return MappingProxyType({kind.name: kind for kind in kinds})


#: Every kind the protocol knows, by name.
KINDS: Mapping[str, Kind] = _table(
    Kind("person", Policy.SHARED, "people", "fiscal_code", PERSON_IDENTITY, PERSON_CONTACT,
         PERSON_IDENTITY),
    Kind("agreement", Policy.APPEND_ONLY),
    Kind("action", Policy.APPEND_ONLY),
    Kind("placement", Policy.APPEND_ONLY),
    # A DID declared at a centre, and later its end (revoca/decadenza) as its own record.
    Kind("did", Policy.APPEND_ONLY),
    Kind("did_end", Policy.APPEND_ONLY),
    # A firm registered or changed at a centre, with its sedi operative (not its contacts):
    # the region owns "employer" (it publishes firms), so each change travels as its own
    # record, its site_code one of the sending workstation's sites.
    Kind("employer_event", Policy.APPEND_ONLY),
    # A vacancy entered, published, suspended or closed at a centre: the region owns
    # "vacancy" (it publishes them), so each local step travels as its own record.
    Kind("vacancy_event", Policy.APPEND_ONLY),
    Kind(DAILY_AGGREGATE, Policy.APPEND_ONLY),
    # Condizionalità: an unjustified absence's sanction proposal; the region notifies INPS.
    Kind("sanction_proposal", Policy.APPEND_ONLY),
    Kind(AUDIT_CHECKPOINT, Policy.APPEND_ONLY),
    # A service the centre delivered to a firm (the Imprese counter).
    Kind("firm_action", Policy.APPEND_ONLY),
    Kind("vacancy", Policy.REGION, "vacancies"),
    Kind("employer", Policy.REGION, "employers"),
    Kind("appointment", Policy.REGION, "appointments"),
    Kind("reference", Policy.REGION, "reference"),
    Kind("ticket", Policy.SITE),
)

#: The kinds that leave the site (the server knows only these).
SYNCED_KINDS: Mapping[str, Kind] = _table(
    *(kind for kind in KINDS.values() if kind.policy is not Policy.SITE))

#: The kinds the region publishes (``python -m server admin publish``).
REGION_KINDS = tuple(name for name, kind in KINDS.items() if kind.policy is Policy.REGION)


def stream_kinds(stream: str) -> list[str]:
    """The kinds that arrive on ``stream``."""
    return [name for name, kind in KINDS.items() if kind.stream == stream]
