"""The centre (CPI), its sites, operators, services and counters."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class Centre(UUIDPrimaryKey, Timestamps, Base):
    """A Centro per l'Impiego."""

    __tablename__ = "centre"

    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    region: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    pec: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    website: Mapped[str] = mapped_column(String(200), default="")

    sites: Mapped[list[Site]] = relationship(back_populates="centre", order_by="Site.code")


class Site(UUIDPrimaryKey, Timestamps, Base):
    """A sede of the centre: the main office or a branch (sportello decentrato)."""

    __tablename__ = "site"

    centre_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("centre.id"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(5), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    province: Mapped[str] = mapped_column(String(2), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    #: Opening hours as free text per line, e.g. "Lun-Ven 9:00-12:30".
    opening_hours: Mapped[str] = mapped_column(String(500), default="")
    is_main: Mapped[bool] = mapped_column(default=False)
    #: What the waiting room sees of a ticket: "neutral" (the services' public letters,
    #: one shared sequence per letter: nobody learns why a person came) or "service"
    #: (each service's own prefix).
    ticket_letters: Mapped[str] = mapped_column(String(10), default="neutral",
                                                server_default="neutral")

    centre: Mapped[Centre] = relationship(back_populates="sites")
    services: Mapped[list[Service]] = relationship(back_populates="site", order_by="Service.prefix")
    counters: Mapped[list[Counter]] = relationship(back_populates="site", order_by="Counter.number")


class Role(enum.StrEnum):
    """Operator roles (the security issue attaches permissions to them)."""

    SPORTELLO = "sportello"  # front desk
    OPERATORE = "operatore"  # counsellor: agreements, matching
    COLLOCAMENTO_MIRATO = "collocamento_mirato"  # may read L. 68/1999 data
    RESPONSABILE = "responsabile"  # centre admin


class Operator(UUIDPrimaryKey, Timestamps, Base):
    """A member of staff who logs in to Sportello."""

    __tablename__ = "operator"

    username: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(30), default=Role.SPORTELLO.value)
    site_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("site.id"), index=True)
    #: argon2id (``$argon2id$...``) or the foundation's ``scrypt$n$r$p$salt$hash``, which
    #: is re-hashed to argon2id at the next login; never plain or reversible.
    password_hash: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)
    #: Consecutive wrong passwords; reset by a good login or an administrator.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Set when ``failed_logins`` reaches the limit; the account opens again after it.
    locked_until: Mapped[datetime | None] = mapped_column(default=None)
    #: Initial or reset password: the operator must choose a new one at the next login.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    password_changed_at: Mapped[datetime | None] = mapped_column(default=None)
    last_login_at: Mapped[datetime | None] = mapped_column(default=None)

    site: Mapped[Site | None] = relationship()


counter_service = Table(
    "counter_service",
    Base.metadata,
    Column("counter_id", ForeignKey("counter.id", ondelete="CASCADE"), primary_key=True),
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
)


class Service(UUIDPrimaryKey, Timestamps, Base):
    """A service offered at a site's counters, with the prefix of its tickets."""

    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("site_id", "prefix"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    prefix: Mapped[str] = mapped_column(String(2))
    #: The letter its tickets show in "neutral" mode ("" means the site's "A").
    public_letter: Mapped[str] = mapped_column(String(2), default="", server_default="")
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship(back_populates="services")
    counters: Mapped[list[Counter]] = relationship(
        secondary=counter_service, back_populates="services"
    )


class Counter(UUIDPrimaryKey, Timestamps, Base):
    """A sportello: a desk where an operator serves one ticket at a time."""

    __tablename__ = "counter"
    __table_args__ = (UniqueConstraint("site_id", "number"),)

    site_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("site.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(default=True)

    site: Mapped[Site] = relationship(back_populates="counters")
    services: Mapped[list[Service]] = relationship(
        secondary=counter_service, back_populates="counters", order_by="Service.prefix"
    )
