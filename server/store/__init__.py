"""The regional server's logic, independent of HTTP: tokens, push, pull, snapshot, admin."""

from server.store.core import (
    KINDS,
    PROTOCOL_VERSION,
    STREAMS,
    TOKEN_PREFIX,
    Rejected,
    Store,
    hash_token,
    item_state,
)

__all__ = ["KINDS", "PROTOCOL_VERSION", "STREAMS", "TOKEN_PREFIX", "Rejected", "Store",
           "hash_token", "item_state"]
