"""The door of the HTTP API: who is calling, then how much they may send.

For every call under the API prefix (except ``health``) the token is checked first, so an
unauthenticated caller costs one database look-up and never a byte of body read. The body
is then read within :data:`wire.messages.BODY_LIMIT_BYTES` and, when gzip-compressed,
inflated as it arrives with ``zlib.decompressobj`` and ``max_length``, never past
:data:`wire.messages.INFLATED_LIMIT_BYTES`: a small "zip bomb" is refused with 413 after
at most that much memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wire.messages import BODY_LIMIT_BYTES, INFLATED_LIMIT_BYTES
from wire.protocol import API_PREFIX

#: Paths anybody may call.
OPEN_PATHS = frozenset({f"{API_PREFIX}/health"})


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def bearer_token(headers: list[tuple[bytes, bytes]]) -> str:
    for key, value in headers:
        if key == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""


def header(headers: list[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key == name:
            return value.decode("latin-1").strip().lower()
    return ""


class Inflater:
    """Collects a body, inflating it as it arrives when it is gzip-compressed."""

    def __init__(self, encoding: str, body_limit: int = BODY_LIMIT_BYTES,
                 inflated_limit: int = INFLATED_LIMIT_BYTES) -> None:
        self.body_limit, self.inflated_limit = body_limit, inflated_limit
        if encoding not in ("", "identity", "gzip"):
            raise Refused(415, f"content encoding {encoding} not supported (gzip only)")
        self.inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding == "gzip" else None
        self.read = 0
        self.size = 0
        self.parts: list[bytes] = []

    def feed(self, chunk: bytes) -> None:
        self.read += len(chunk)
        if self.read > self.body_limit:
            raise Refused(413, f"request body over {self.body_limit} bytes")
        if self.inflate is None:
            self.parts.append(chunk)
            return
        if self.inflate.eof:
            if chunk:
                raise Refused(400, "bad gzip body: data after its end")
            return
        try:
            data = self.inflate.decompress(chunk, self.inflated_limit - self.size + 1)
        except zlib.error:
            raise Refused(400, "bad gzip body") from None
        self.size += len(data)
        if self.size > self.inflated_limit or self.inflate.unconsumed_tail:
            raise Refused(413, f"request body over {self.inflated_limit} bytes inflated")
        self.parts.append(data)

    def body(self) -> bytes:
        if self.inflate is not None and self.read and not self.inflate.eof:
            raise Refused(400, "bad gzip body: truncated")
        return b"".join(self.parts)


class Guard:
    """ASGI middleware: authenticate, then read the body within its caps."""

    def __init__(self, app: ASGIApp, who: Callable[[str], Any], *,
                 body_limit: int = BODY_LIMIT_BYTES,
                 inflated_limit: int = INFLATED_LIMIT_BYTES) -> None:
        self.app = app
        self.who = who
        self.body_limit, self.inflated_limit = body_limit, inflated_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or not path.startswith(API_PREFIX + "/") \
                or path in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = list(scope["headers"])
        try:
            token = bearer_token(headers)
            station = await run_in_threadpool(self.who, token) if token else None
            if station is None:
                raise Refused(401, "missing, wrong or expired token")
            body = await self._read(headers, receive)
        except Refused as refused:
            extra = {"WWW-Authenticate": "Bearer"} if refused.status == 401 else None
            response = JSONResponse({"detail": refused.detail}, status_code=refused.status,
                                    headers=extra)
            await response(scope, receive, send)
            return
        kept = [(k, v) for k, v in headers if k not in (b"content-encoding", b"content-length")]
        kept.append((b"content-length", str(len(body)).encode()))
        state = dict(scope.get("state") or {})
        state["workstation"] = station
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app({**scope, "headers": kept, "state": state}, replay, send)

    async def _read(self, headers: list[tuple[bytes, bytes]], receive: Receive) -> bytes:
        declared = header(headers, b"content-length")
        if declared.isdigit() and int(declared) > self.body_limit:
            raise Refused(413, f"request body over {self.body_limit} bytes")
        inflater = Inflater(header(headers, b"content-encoding"), self.body_limit,
                            self.inflated_limit)
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise Refused(400, "the client went away")
            inflater.feed(message.get("body", b""))
            more = bool(message.get("more_body", False))
        return inflater.body()
