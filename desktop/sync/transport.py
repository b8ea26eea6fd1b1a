"""HTTP to the regional server: JSON bodies gzip-compressed, TLS checked with the OS trust
store, transient failures retried by urllib3 (every call of the protocol is idempotent)."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from desktop.sync import decode
from wire.protocol import API_PREFIX

log = logging.getLogger(__name__)


class TransportError(Exception):
    """The server could not be reached or answered with a server error: try again later."""


class AuthError(TransportError):
    """The token is missing, wrong or expired (HTTP 401): an administrator must act."""


class ProtocolError(TransportError):
    """The server speaks another protocol version, or refused the request as malformed."""


class TooLarge(ProtocolError):
    """The server refused the request's body as over its size limit (HTTP 413)."""


def _tls_adapter(retries: Retry) -> HTTPAdapter:
    try:
        import ssl

        import truststore

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except ImportError:  # truststore missing: requests' own CA bundle, still verified
        return HTTPAdapter(max_retries=retries)

    class TrustStoreAdapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = context
            super().init_poolmanager(*args, **kwargs)

    return TrustStoreAdapter(max_retries=retries)


class Transport:
    def __init__(self, base_url: str, token: Callable[[], str], *, timeout: float = 30.0,
                 retries: int = 2) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.session = requests.Session()
        retry = Retry(total=retries, connect=retries, read=retries, backoff_factor=0.2,
                      status_forcelist=(502, 503, 504), allowed_methods=None,
                      raise_on_status=False)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", _tls_adapter(retry))
        self.session.verify = True

    def close(self) -> None:
        self.session.close()

    def call(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        data = gzip.compress(json.dumps(body, separators=(",", ":")).encode(), 5)
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
                   "Accept-Encoding": "gzip", "Authorization": f"Bearer {self.token()}"}
        try:
            response = self.session.post(f"{self.base_url}{API_PREFIX}/{path}", data=data,
                                         headers=headers, timeout=self.timeout)
        except requests.RequestException as exc:
            raise TransportError(f"{path}: {type(exc).__name__}") from exc
        if response.status_code == 401:
            raise AuthError(f"{path}: token refused")
        if response.status_code == 413:
            raise TooLarge(f"{path}: HTTP 413, the body is over the server's limit")
        if response.status_code in (400, 404, 422, 426):
            raise ProtocolError(f"{path}: HTTP {response.status_code}")
        if response.status_code != 200:
            raise TransportError(f"{path}: HTTP {response.status_code}")
        try:
            # item by item: a page's 4 MB do not hold the GIL (desktop.sync.decode)
            answer = decode.loads(response.content.decode("utf-8"))
        except ValueError as exc:
            raise TransportError(f"{path}: truncated answer") from exc
        if not isinstance(answer, dict):
            raise ProtocolError(f"{path}: the answer is not a JSON object")
        return answer
