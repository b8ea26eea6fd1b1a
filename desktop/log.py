"""Logging: one rotating file per installation, named loggers, no personal data.

Log lines carry identifiers (UUIDs, ticket numbers) and technical detail only:
never a name, a codice fiscale or an address.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def setup_logging(log_file: Path | None, level: str = "INFO", console: bool = False) -> None:
    """Send every logger to a rotating file (5 x 2 MB) and, if asked, to stderr."""
    root = logging.getLogger()
    root.setLevel(getattr(logging, level.upper(), logging.INFO))
    for handler in list(root.handlers):
        if getattr(handler, "_sportello", False):
            root.removeHandler(handler)
            handler.close()
    formatter = logging.Formatter(FORMAT)
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            file_handler: logging.Handler = logging.handlers.RotatingFileHandler(
                log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
            )
        except OSError as exc:  # read-only profile: keep going, log to stderr
            print(f"sportello: cannot write the log file {log_file}: {exc}", file=sys.stderr)
            file_handler = logging.StreamHandler(sys.stderr)
        file_handler.setFormatter(formatter)
        file_handler._sportello = True  # type: ignore[attr-defined]
        root.addHandler(file_handler)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter)
        stream.setLevel(logging.WARNING)
        stream._sportello = True  # type: ignore[attr-defined]
        root.addHandler(stream)
