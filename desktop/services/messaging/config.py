"""How messages leave the centre: SMTP, the SMS gateway and when to remind.

Kept in ``messaging.json`` in the installation's config folder (beside settings.json).
The SMTP password is never written there: it is read from the environment variable
named by ``smtp_password_env``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import ValidationError
from desktop.i18n import _

log = logging.getLogger(__name__)

FILE_NAME = "messaging.json"
_OFFSET = re.compile(r"^\s*(\d{1,3})\s*([dhm])\s*$")
_UNIT = {"d": "days", "h": "hours", "m": "minutes"}


@dataclass(frozen=True)
class MessagingConfig:
    #: SMTP server; empty: e-mails wait in the outbox until one is set.
    smtp_host: str = ""
    smtp_port: int = 25
    #: "none", "starttls" or "ssl".
    smtp_tls: str = "none"
    smtp_user: str = ""
    smtp_password_env: str = "SPORTELLO_SMTP_PASSWORD"  # noqa: S105 (a variable's name)
    sender: str = "noreply@cpi.example.it"
    #: Seconds before an SMTP or SMS call is given up (and retried later).
    timeout_seconds: float = 10.0
    #: Connections the worker sends over in parallel (each its own SMTP session).
    connections: int = 4
    #: The SMS gateway: POST JSON {"to", "text", "id"} with a Bearer token; 2xx = sent.
    sms_url: str = ""
    sms_token: str = ""
    #: When to remind before an appointment, e.g. "2d,2h" (d days, h hours, m minutes).
    reminder_offsets: str = "2d,2h"
    #: "Your turn is near": when the estimated wait drops under these minutes ...
    turn_near_minutes: int = 10
    #: ... or the position in the queue under this many people ahead.
    turn_near_position: int = 3
    #: First retry after this many seconds, doubled at each failure up to max.
    retry_base_seconds: int = 60
    retry_max_seconds: int = 3600

    def password(self) -> str:
        return os.environ.get(self.smtp_password_env, "")


def parse_offsets(text: str) -> tuple[tuple[str, dt.timedelta], ...]:
    """``"2d,2h"`` -> ``(("2d", 2 days), ("2h", 2 hours))``; a bad part raises ValidationError."""
    out: list[tuple[str, dt.timedelta]] = []
    for part in text.split(","):
        if not part.strip():
            continue
        match = _OFFSET.match(part)
        if match is None:
            raise ValidationError(_(
                "Write the reminder times as numbers of days, hours or minutes before the "
                "appointment, separated by commas (for example 2d,2h)."))
        amount, unit = int(match.group(1)), match.group(2)
        out.append((f"{amount}{unit}", dt.timedelta(**{_UNIT[unit]: amount})))
    return tuple(sorted(set(out), key=lambda o: -o[1]))


def backoff(config: MessagingConfig, attempts: int) -> dt.timedelta:
    """The wait after the ``attempts``-th failed try: base, 2×base, 4×base … up to max."""
    seconds = config.retry_base_seconds * (2 ** max(0, attempts - 1))
    return dt.timedelta(seconds=min(seconds, config.retry_max_seconds))


def load_config(config_dir: Path) -> MessagingConfig:
    """Read ``messaging.json``; missing or broken: defaults (logged), never an exception."""
    path = config_dir / FILE_NAME
    try:
        raw: Any = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MessagingConfig()
    except (OSError, ValueError) as exc:
        log.warning("messaging: %s unreadable (%s); using defaults", path, exc)
        return MessagingConfig()
    if not isinstance(raw, dict):
        return MessagingConfig()
    known = {f.name: f for f in dataclasses.fields(MessagingConfig)}
    defaults = MessagingConfig()
    values = {}
    for key, value in raw.items():
        if key in known and type(value) is type(getattr(defaults, key)):
            values[key] = value
        elif key in known and isinstance(getattr(defaults, key), float) \
                and type(value) is int:
            values[key] = float(value)
        else:
            log.warning("messaging: ignoring %s=%r", key, value)
    config = MessagingConfig(**values)
    try:
        parse_offsets(config.reminder_offsets)
    except ValidationError:
        log.warning("messaging: bad reminder_offsets %r", config.reminder_offsets)
        config = dataclasses.replace(config, reminder_offsets=defaults.reminder_offsets)
    return config


def save_config(config_dir: Path, config: MessagingConfig) -> None:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / FILE_NAME).write_text(
        json.dumps(dataclasses.asdict(config), indent=2) + "\n", encoding="utf-8")
