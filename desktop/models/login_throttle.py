"""Wrong passwords counted per typed user name and per workstation, to slow guessing.

The key is a SHA-256 of ``account:<user name>`` or ``station:<workstation>``: a user
name that does not exist is counted exactly like one that does (so the delay reveals
nothing), and a password typed into the user-name field by mistake is never stored.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base


class LoginThrottle(Base):
    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    #: Wrong passwords in a row; forgotten after a quiet period (``LockoutPolicy``).
    failures: Mapped[int] = mapped_column(default=0, server_default="0")
    last_failure_at: Mapped[datetime | None] = mapped_column(default=None)
    #: Every attempt, counted or refused while waiting: all attempts write the same rows.
    last_attempt_at: Mapped[datetime | None] = mapped_column(default=None)
