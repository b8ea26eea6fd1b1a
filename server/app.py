"""HTTP face of the regional server: the sync protocol (docs/sync-protocol.md) with FastAPI.

Bodies are JSON; requests may be gzip-compressed (``Content-Encoding: gzip``) and
answers are compressed when the client accepts it. OpenAPI is served at /openapi.json and
declares every status the server answers: bad input is always a 4xx with a JSON body.
The token is checked and the body's size capped before it is read (:mod:`server.guard`).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Annotated, Any, cast

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from server.guard import Guard
from server.models import Workstation
from server.schemas import (
    AggregatesAnswer,
    AuditCheckpointsAnswer,
    AuditCheckpointsRequest,
    AuditVerifyAnswer,
    AuditVerifyRequest,
    ErrorBody,
    Hello,
    HelloAnswer,
    PullAnswer,
    PullRequest,
    Push,
    PushAnswer,
    SnapshotAnswer,
    SnapshotRequest,
)
from server.store import Store, UnknownWorkstation
from wire import messages
from wire.protocol import API_PREFIX, MAX_CLOCK_SKEW_MS, PROTOCOL_VERSION

bearer = HTTPBearer(auto_error=False)


def workstation(request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None,
                                                         Depends(bearer)]) -> Workstation:
    """The caller, as the guard found it (or looked up here when called without it)."""
    ws: Workstation | None = getattr(request.state, "workstation", None)
    if ws is None and credentials is not None:
        ws = request.app.state.store.who(credentials.credentials)
    if ws is None:
        raise HTTPException(status_code=401, detail="missing, wrong or expired token",
                            headers={"WWW-Authenticate": "Bearer"})
    return ws


Station = Annotated[Workstation, Depends(workstation)]


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (by name or "*", with a q above 0)."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.partition(";")
        if coding.strip() not in ("gzip", "x-gzip", "*"):
            continue
        quality = params.strip()
        if not quality.startswith("q="):
            return True
        try:
            return float(quality[2:]) > 0
        except ValueError:
            return False
    return False


def refusal(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


#: What every authenticated call may answer besides 200 and FastAPI's 422.
GUARDED: dict[int | str, dict[str, Any]] = {
    400: refusal("the body is not valid gzip, or nested too deeply"),
    401: refusal("no token, a wrong one, or one expired or disabled"),
    413: refusal(f"the body is over {messages.BODY_LIMIT_BYTES} bytes as sent or "
                 f"{messages.INFLATED_LIMIT_BYTES} inflated"),
    415: refusal("a content encoding other than gzip"),
}


def create_app(store: Store, *, max_clock_skew_ms: int = MAX_CLOCK_SKEW_MS,
               body_limit: int = messages.BODY_LIMIT_BYTES,
               inflated_limit: int = messages.INFLATED_LIMIT_BYTES) -> FastAPI:
    """``max_clock_skew_ms``: how far ahead of the server's time a mutation may be stamped;
    ``body_limit`` and ``inflated_limit``: the largest request body as sent and inflated
    (the protocol's limits; a test lowers them)."""
    app = FastAPI(title="Sportello regional server", version=str(PROTOCOL_VERSION),
                  description="The other end of Sportello's sync protocol "
                              "(docs/sync-protocol.md).")
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=1)
    app.add_middleware(Guard, who=store.who, body_limit=body_limit,
                       inflated_limit=inflated_limit)
    app.state.store = store

    @app.get(f"{API_PREFIX}/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.post(f"{API_PREFIX}/hello", response_model=HelloAnswer,
              responses={**GUARDED, 426: refusal("another protocol version")})
    def hello(body: Hello, ws: Station) -> Any:
        if body.protocol != PROTOCOL_VERSION:
            raise HTTPException(status_code=426, detail="protocol version not supported")
        now = int(time.time() * 1000)
        state = store.hello(ws)
        skew = body.client_time_ms - now if body.client_time_ms else 0
        return {**state, "server_time_ms": now, "clock_skew_ms": skew}

    @app.post(f"{API_PREFIX}/push", response_model=PushAnswer, responses=GUARDED)
    def push(body: Push, ws: Station) -> Any:
        now = int(time.time() * 1000)
        results = store.push(ws, cast(list[messages.Mutation],
                                       [m.model_dump() for m in body.mutations]),
                             now + max_clock_skew_ms)
        return JSONResponse({"results": results, "server_time_ms": now})

    @app.post(f"{API_PREFIX}/pull", response_model=PullAnswer, responses=GUARDED)
    def pull(body: PullRequest, ws: Station, request: Request) -> Any:
        # compressed here rather than by the middleware: the change tail keeps most of
        # a page compressed already (server.store.gzip_page)
        gzip = accepts_gzip(request.headers.get("accept-encoding", ""))
        page = store.pull_page(body.stream, body.epoch, body.cursor, body.limit, gzip=gzip)
        headers = {"Vary": "Accept-Encoding"}
        if gzip:
            headers["Content-Encoding"] = "gzip"
        return Response(page, media_type="application/json", headers=headers)

    @app.post(f"{API_PREFIX}/snapshot", response_model=SnapshotAnswer, responses=GUARDED)
    def snapshot(body: SnapshotRequest, ws: Station) -> Any:
        return Response(store.snapshot(body.stream, body.after, body.limit),
                        media_type="application/json")

    @app.get(f"{API_PREFIX}/aggregates", response_model=AggregatesAnswer, responses=GUARDED)
    def aggregates(date_from: dt.date, date_to: dt.date, ws: Station,
                   site: str | None = None) -> Any:
        """The sites' daily indicator counts of a period, summed (no personal data)."""
        if date_to < date_from:
            raise HTTPException(status_code=422, detail=[{
                "loc": ["query", "date_to"], "msg": "date_to comes before date_from",
                "type": "value_error"}])
        return JSONResponse(store.aggregates(date_from, date_to, site))

    @app.post(f"{API_PREFIX}/audit/checkpoints", response_model=AuditCheckpointsAnswer,
              responses=GUARDED)
    def audit_checkpoints(body: AuditCheckpointsRequest, ws: Station) -> Any:
        """The calling workstation's audit checkpoints (docs/security.md), oldest first;
        the ones refused because they went backwards are listed flagged."""
        return JSONResponse(store.audit_checkpoints(ws, body.after_seq))

    @app.post(f"{API_PREFIX}/audit/verify", response_model=AuditVerifyAnswer,
              responses=GUARDED)
    def audit_verify(body: AuditVerifyRequest, ws: Station) -> Any:
        """The calling workstation's audit chain as it stands (its newest entry, the
        hashes of its entries) against every checkpoint the server accepted from it."""
        entries = cast(list[messages.AuditEntryHash], [e.model_dump() for e in body.entries])
        return JSONResponse(store.audit_verify(ws, body.last_seq, entries))

    @app.exception_handler(UnknownWorkstation)
    async def gone(_request: Request, _exc: UnknownWorkstation) -> JSONResponse:
        return JSONResponse({"detail": "the workstation was removed"}, status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})

    @app.exception_handler(RecursionError)
    async def nested(_request: Request, _exc: RecursionError) -> JSONResponse:
        return JSONResponse({"detail": "the body is nested too deeply"}, status_code=400)

    @app.exception_handler(Exception)
    async def crash(_request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": f"server error: {type(exc).__name__}"}, status_code=500)

    return app
