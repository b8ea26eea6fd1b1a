"""The regional server's logic, independent of HTTP.

* :mod:`server.store.core`: the :class:`Store` (database, tokens, epoch, admin commands);
* :mod:`server.store.push`: mutations applied once, in order, with the merge rules;
* :mod:`server.store.pull`: the change log and the first sync's snapshot pages;
* :mod:`server.store.aggregates`: the sites' daily indicator counts;
* :mod:`server.store.changes`: epoch, head version and the change log they share.
"""

from server.store.changes import item_state
from server.store.core import PREFIX, Store, UnknownWorkstation, hash_token
from server.store.errors import Rejected

__all__ = ["PREFIX", "Rejected", "Store", "UnknownWorkstation", "hash_token",
           "item_state"]
