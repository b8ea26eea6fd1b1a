"""The regional server's logic, independent of HTTP.

* :mod:`server.store.core`: the :class:`Store` (database, tokens, epoch, admin commands);
* :mod:`server.store.push`: mutations applied once, in order, with the merge rules;
* :mod:`server.store.pull`: the change log and the first sync's snapshot pages;
* :mod:`server.store.aggregates`: the sites' daily indicator counts;
* :mod:`server.store.changes`: epoch, head version and the change log they share.
* :mod:`server.store.locks`: what keeps concurrent pushes of several processes apart;
* :mod:`server.store.batch`: a push's records loaded once, looked up from memory;
* :mod:`server.store.tail`: each process's formatted copy of the recent change log;
* :mod:`server.store.engine`: the database engine (SQLite, or PostgreSQL for several).
"""

from server.store.changes import item_state
from server.store.core import PREFIX, Store, UnknownWorkstation, hash_token
from server.store.errors import Rejected

__all__ = ["PREFIX", "Rejected", "Store", "UnknownWorkstation", "hash_token",
           "item_state"]
