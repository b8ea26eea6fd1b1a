"""Is the regional server reachable? One cheap HTTP request, never on the GUI thread."""

from __future__ import annotations

import enum
import logging

log = logging.getLogger(__name__)


class Connectivity(enum.StrEnum):
    NOT_CONFIGURED = "not_configured"
    ONLINE = "online"
    OFFLINE = "offline"


def probe(server_url: str, timeout: float = 3.0) -> Connectivity:
    """Any HTTP answer from the server counts as online; no answer as offline."""
    if not server_url:
        return Connectivity.NOT_CONFIGURED
    import requests  # here, not at start-up: the window's status bar imports this module

    try:
        requests.head(server_url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        log.info("regional server unreachable: %s", type(exc).__name__)
        return Connectivity.OFFLINE
    return Connectivity.ONLINE
