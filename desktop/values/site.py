"""What the shell and the printouts know of the workstation's site, as values (no table):
the centre, the site's address and hours, its services and counters. Read by
``desktop.services.organisation.centre``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceInfo:
    id: uuid.UUID
    prefix: str
    name: str
    description: str
    active: bool


@dataclass(frozen=True)
class CounterInfo:
    id: uuid.UUID
    number: int
    name: str
    service_prefixes: tuple[str, ...]
    active: bool


@dataclass(frozen=True)
class SiteInfo:
    """Everything the shell and the printouts need to know about the workstation's site."""

    centre_code: str
    centre_name: str
    centre_email: str
    centre_pec: str
    centre_phone: str
    centre_website: str
    site_id: uuid.UUID
    site_code: str
    site_name: str
    address: str
    postcode: str
    town: str
    province: str
    phone: str
    opening_hours: tuple[str, ...]
    services: tuple[ServiceInfo, ...]
    counters: tuple[CounterInfo, ...]

    @property
    def full_address(self) -> str:
        return f"{self.address}, {self.postcode} {self.town} ({self.province})"
