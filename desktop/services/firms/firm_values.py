"""What the Imprese services hand back: frozen values, no database rows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.services.firms.quota import Quota


@dataclass(frozen=True)
class FirmForm:
    """The firm as typed at the counter (strings as typed; numbers None when blank)."""

    fiscal_code: str = ""
    name: str = ""
    ateco: str = ""
    comune_code: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    size_band: str = ""
    employees: int | None = None
    l68_hires: int | None = None


@dataclass(frozen=True)
class FirmRow:
    """One line of the search list."""

    id: uuid.UUID
    fiscal_code: str
    name: str
    comune: str
    ateco: str
    size_band: str


@dataclass(frozen=True)
class SiteInfo:
    id: uuid.UUID
    label: str
    address: str
    comune_code: str
    comune: str
    phone: str


@dataclass(frozen=True)
class ContactInfo:
    id: uuid.UUID
    name: str
    role: str
    phone: str
    email: str


@dataclass(frozen=True)
class FirmVacancy:
    number: str
    title: str
    positions: int
    status: str
    closes_on: dt.date | None


@dataclass(frozen=True)
class FirmActionInfo:
    id: uuid.UUID
    action_date: dt.date
    service_code: str
    service: str
    site_label: str
    operator: str
    notes: str


@dataclass(frozen=True)
class FirmDetail:
    """Everything the firm page shows."""

    id: uuid.UUID
    form: FirmForm
    ateco_title: str
    comune: str
    sites: tuple[SiteInfo, ...]
    contacts: tuple[ContactInfo, ...]
    vacancies: tuple[FirmVacancy, ...]
    actions: tuple[FirmActionInfo, ...]
    #: The L. 68 obligation (None while the computable employees are not declared).
    quota: Quota | None
