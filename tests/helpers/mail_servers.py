"""A real SMTP server (aiosmtpd) and a real HTTP SMS gateway on 127.0.0.1 for the tests
and the reminder benchmark: they record what arrived, and can refuse or stall on demand."""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller

from tests.helpers.net import free_port


@dataclass
class Received:
    message_id: str
    to: str
    subject: str
    body: str


@dataclass
class SmtpSink:
    """Records every accepted message; ``refuse`` answers 550, ``stall`` sleeps that long."""

    received: list[Received] = field(default_factory=list)
    refuse: bool = False
    stall: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.stall:
            time.sleep(self.stall)  # block the server's loop: the client times out
        if self.refuse:
            return "550 5.7.1 Message refused"
        mail = message_from_bytes(envelope.content)
        payload = mail.get_payload(decode=True)
        body = payload if isinstance(payload, bytes) else b""
        with self.lock:
            self.received.append(Received("".join(str(mail["Message-ID"]).split()),
                                          ",".join(envelope.rcpt_tos),
                                          str(mail["Subject"]),
                                          body.decode("utf-8", "replace")))
        return "250 OK"

    def ids(self) -> Counter[str]:
        with self.lock:
            return Counter(r.message_id for r in self.received)


class SmtpServer:
    def __init__(self) -> None:
        self.sink = SmtpSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sink.stall = 0.0
        self.controller.stop()


class SmsGateway:
    """POST JSON; answers ``status`` (200 by default) and records the accepted bodies."""

    def __init__(self) -> None:
        self.status = 200
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                payload = json.loads(self.rfile.read(length) or b"{}")
                if 200 <= gateway.status < 300:
                    gateway.received.append(payload)
                    gateway.headers.append(dict(self.headers))
                self.send_response(gateway.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> SmsGateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
