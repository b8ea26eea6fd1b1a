"""What a sync round reports, and the one reason it may not start."""

from __future__ import annotations

from dataclasses import dataclass, field


class SyncBusy(Exception):
    """Another agent holds this database's sync lease."""


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    duplicates: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    resets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Progress:
    stream: str
    done: int
    total: int
