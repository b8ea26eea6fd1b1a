"""HTTP face of the regional server: the sync protocol (docs/sync-protocol.md) with FastAPI.

Bodies are JSON; requests may be gzip-compressed (``Content-Encoding: gzip``) and
answers are compressed when the client accepts it. OpenAPI is served at /openapi.json.
"""

from __future__ import annotations

import datetime as dt
import gzip
import time
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.models import Workstation
from server.schemas import (
    Hello,
    HelloAnswer,
    PullAnswer,
    PullRequest,
    Push,
    PushAnswer,
    SnapshotAnswer,
    SnapshotRequest,
)
from server.store import Store
from wire import messages
from wire.protocol import API_PREFIX, PROTOCOL_VERSION, STREAMS


class GzipRequestMiddleware:
    """Inflate request bodies sent with ``Content-Encoding: gzip``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (b"content-encoding", b"gzip") not in scope["headers"]:
            await self.app(scope, receive, send)
            return
        chunks = []
        more = True
        while more:
            message = await receive()
            chunks.append(message.get("body", b""))
            more = message.get("more_body", False)
        try:
            body = gzip.decompress(b"".join(chunks))
        except OSError:
            response = JSONResponse({"detail": "bad gzip body"}, status_code=400)
            await response(scope, receive, send)
            return
        headers = [(k, v) for k, v in scope["headers"]
                   if k not in (b"content-encoding", b"content-length")]
        headers.append((b"content-length", str(len(body)).encode()))
        sent = False

        async def inflated() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": headers}, inflated, send)


bearer = HTTPBearer(auto_error=False)


def workstation(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None,
                                                         Depends(bearer)]) -> Workstation:
    store: Store = request.app.state.store
    ws = store.who(credentials.credentials) if credentials is not None else None
    if ws is None:
        raise HTTPException(status_code=401, detail="missing, wrong or expired token",
                            headers={"WWW-Authenticate": "Bearer"})
    return ws


Station = Annotated[Workstation, Depends(workstation)]


def create_app(store: Store) -> FastAPI:
    app = FastAPI(title="Sportello regional server", version=str(PROTOCOL_VERSION),
                  description="The other end of Sportello's sync protocol "
                              "(docs/sync-protocol.md).")
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    app.add_middleware(GzipRequestMiddleware)
    app.state.store = store

    def check_stream(stream: str) -> None:
        if stream not in STREAMS:
            raise HTTPException(status_code=404, detail=f"unknown stream {stream}")

    @app.get(f"{API_PREFIX}/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{API_PREFIX}/hello", response_model=HelloAnswer)
    def hello(body: Hello, ws: Station) -> Any:
        if body.protocol != PROTOCOL_VERSION:
            raise HTTPException(status_code=426, detail="protocol version not supported")
        now = int(time.time() * 1000)
        state = store.hello(ws)
        skew = body.client_time_ms - now if body.client_time_ms else 0
        return {**state, "server_time_ms": now, "clock_skew_ms": skew}

    @app.post(f"{API_PREFIX}/push", response_model=PushAnswer)
    def push(body: Push, ws: Station) -> Any:
        results = store.push(ws, cast(list[messages.Mutation],
                                       [m.model_dump() for m in body.mutations]))
        return JSONResponse({"results": results, "server_time_ms": int(time.time() * 1000)})

    @app.post(f"{API_PREFIX}/pull", response_model=PullAnswer)
    def pull(body: PullRequest, ws: Station) -> Any:
        check_stream(body.stream)
        return Response(store.pull_page(body.stream, body.epoch, body.cursor, body.limit),
                        media_type="application/json")

    @app.post(f"{API_PREFIX}/snapshot", response_model=SnapshotAnswer)
    def snapshot(body: SnapshotRequest, ws: Station) -> Any:
        check_stream(body.stream)
        return Response(store.snapshot(body.stream, body.after, body.limit),
                        media_type="application/json")

    @app.get(f"{API_PREFIX}/aggregates")
    def aggregates(date_from: dt.date, date_to: dt.date, ws: Station,
                   site: str | None = None) -> Any:
        """The sites' daily indicator counts of a period, summed (no personal data)."""
        if date_to < date_from:
            raise HTTPException(status_code=422, detail="date_to comes before date_from")
        return JSONResponse(store.aggregates(date_from, date_to, site))

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"server error: {type(exc).__name__}"}, status_code=500)

    return app
