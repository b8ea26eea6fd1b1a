"""The app factory uvicorn's worker processes import (``--workers N``): each worker
opens its own :class:`~server.store.Store` on the database named by ``SPORTELLO_SERVER_DB``."""

from __future__ import annotations

import os

from fastapi import FastAPI

from server.app import create_app
from server.store import Store

#: The environment variable the serving command sets for its workers.
ENV_DB = "SPORTELLO_SERVER_DB"
#: Connections each worker keeps to the database (as many again in overflow).
ENV_POOL = "SPORTELLO_SERVER_POOL"
#: How far ahead of the server's time a mutation may be stamped, in seconds.
ENV_CLOCK_SKEW = "SPORTELLO_SERVER_MAX_CLOCK_SKEW"


class MissingDatabase(RuntimeError):
    """A worker started without the database URL its parent should have given it."""


def app_from_env() -> FastAPI:
    url = os.environ.get(ENV_DB)
    if not url:
        raise MissingDatabase(f"{ENV_DB} is not set: start the server with "
                              "'python -m server --db URL --workers N'")
    store = Store(url, pool_size=int(os.environ.get(ENV_POOL, "5")))
    skew = int(os.environ.get(ENV_CLOCK_SKEW, "300"))
    return create_app(store, max_clock_skew_ms=skew * 1000)
