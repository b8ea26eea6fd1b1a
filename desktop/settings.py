"""Typed settings, declared once with their defaults.

Settings live in a small JSON file in the installation's config folder. A file that
cannot be read is reported with one sentence and left untouched; the application
then runs on defaults (and on the good fields of a partly broken file).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import socket
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from desktop.errors import SettingsError
from desktop.i18n import LANGUAGES, N_, _

log = logging.getLogger(__name__)


def _hostname() -> str:
    return socket.gethostname() or "postazione"


@dataclass(frozen=True)
class Settings:
    """Everything an installation can configure. Defaults work on a fresh PC."""

    #: User interface and printouts language: "it" (default) or "en".
    language: str = "it"
    #: SQLAlchemy URL; empty means the embedded SQLite file in the data folder.
    database_url: str = ""
    #: Code of the site (sede) this workstation belongs to; empty: the centre's main site.
    site_code: str = ""
    #: Name of this workstation, recorded in the audit log and the sync protocol.
    workstation: str = field(default_factory=_hostname)
    #: Base URL of the regional server; empty: this centre works offline only.
    sync_server_url: str = ""
    #: Seconds between automatic synchronisations.
    sync_interval_seconds: int = 300
    #: Minutes of inactivity before the window locks; 0 disables the lock.
    idle_lock_minutes: int = 5
    #: Daily backups to keep.
    backup_keep: int = 14
    #: Python logging level of the log file.
    log_level: str = "INFO"
    #: Name of the screen where the waiting-room display opens.
    display_screen: str = ""
    #: Name of the printer used last for A4 documents.
    printer_name: str = ""
    #: Where the kiosk prints tickets: "" (none), "system", "system:NAME" or
    #: "escpos:HOST[:PORT]" (see documents.ticket.PrinterChoice).
    ticket_printer: str = ""
    #: The youngest age at which a person may declare a DID (desktop.services.people.did).
    did_min_age: int = 16

    def with_changes(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


_CHECKS: dict[str, Any] = {
    "language": lambda v: isinstance(v, str) and v in LANGUAGES,
    "database_url": lambda v: isinstance(v, str) and len(v) < 2000,
    "site_code": lambda v: isinstance(v, str) and len(v) <= 20,
    "workstation": lambda v: isinstance(v, str) and 0 < len(v) <= 100,
    "sync_server_url": lambda v: isinstance(v, str)
    and (v == "" or v.startswith(("http://", "https://"))),
    "sync_interval_seconds": lambda v: type(v) is int and 10 <= v <= 86_400,
    "idle_lock_minutes": lambda v: type(v) is int and 0 <= v <= 240,
    "backup_keep": lambda v: type(v) is int and 1 <= v <= 365,
    "log_level": lambda v: v in ("DEBUG", "INFO", "WARNING", "ERROR"),
    "display_screen": lambda v: isinstance(v, str) and len(v) <= 200,
    "printer_name": lambda v: isinstance(v, str) and len(v) <= 200,
    "ticket_printer": lambda v: isinstance(v, str) and _valid_ticket_printer(v),
    "did_min_age": lambda v: type(v) is int and 14 <= v <= 30,
}


def _valid_ticket_printer(value: str) -> bool:
    from desktop.documents.ticket import parse_printer_choice

    try:
        parse_printer_choice(value)
    except ValueError:
        return False
    return True


def parse_settings(raw: object) -> tuple[Settings, list[str]]:
    """Build settings from decoded JSON; returns them and the names of rejected fields."""
    if not isinstance(raw, dict):
        return Settings(), ["*"]
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    rejected: list[str] = []
    for key, value in raw.items():
        if key not in known:
            log.warning("settings: ignoring unknown key %r", key)
            continue
        if _CHECKS[key](value):
            values[key] = value
        else:
            rejected.append(key)
    return Settings(**values), rejected


def load_settings(path: Path) -> tuple[Settings, SettingsError | None]:
    """Read ``path``; a missing file gives defaults, a broken one defaults plus an error.

    The error is returned, not raised: the caller shows it once and carries on.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(), SettingsError(
            _("The settings file {path} cannot be read; Sportello is using the default "
              "settings and has not changed the file.").format(path=path), str(exc))
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        return Settings(), SettingsError(
            _("The settings file {path} is damaged; Sportello is using the default "
              "settings and has not changed the file.").format(path=path), str(exc))
    settings, rejected = parse_settings(raw)
    if rejected:
        return settings, SettingsError(
            _("Some values in the settings file {path} are not valid ({names}); Sportello "
              "is using their defaults and has not changed the file.").format(
                path=path, names=", ".join(rejected)),
            f"rejected settings: {rejected}")
    return settings, None


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically: a crash mid-write never leaves a half file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(dataclasses.asdict(settings), indent=2, ensure_ascii=False)
    fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(payload + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_FIELD_MESSAGES = {
    "language": N_("Choose Italian or English."),
    "database_url": N_("The database address is too long."),
    "site_code": N_("The site code can have at most 20 characters."),
    "workstation": N_("Enter a workstation name of at most 100 characters."),
    "sync_server_url": N_("The server address must start with http:// or https://."),
    "sync_interval_seconds": N_("Enter a number of seconds between 10 and 86400."),
    "idle_lock_minutes": N_("Enter a number of minutes between 0 and 240."),
    "backup_keep": N_("Enter a number of backups between 1 and 365."),
    "log_level": N_("Choose DEBUG, INFO, WARNING or ERROR."),
    "display_screen": N_("The screen name is too long."),
    "printer_name": N_("The printer name is too long."),
    "ticket_printer": N_("Write the ticket printer as 'system', 'system:PRINTER NAME' or "
                         "'escpos:ADDRESS[:PORT]', or leave it empty for no paper tickets."),
    "did_min_age": N_("Enter a minimum age for the DID between 14 and 30."),
}


def validate_changes(settings: Settings, changes: dict[str, Any]) -> Settings:
    """Apply form ``changes`` or raise ValidationError with an Italian message per field."""
    from desktop.errors import ValidationError

    known = {f.name for f in fields(Settings)}
    errors = {
        key: _(_FIELD_MESSAGES[key])
        for key, value in changes.items()
        if key in known and not _CHECKS[key](value)
    }
    unknown = set(changes) - known
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    if errors:
        raise ValidationError(_("Some settings are not valid: correct the marked fields."),
                              errors)
    return settings.with_changes(**changes)
