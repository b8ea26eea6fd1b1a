"""What the region receives of a firm registered or changed at a centre.

The region owns ``employer`` (it publishes the firms it knows) and refuses a centre's
command on it, so each registration or change made at the counter travels as its own
record, ``employer_event`` (append-only, docs/sync-protocol.md): the firm's fields, its
sedi operative, ``event`` ("create" or "update") and ``site_code``, the centre's site that
made the change (the region accepts only one of the sending workstation's sites). The
firm's contacts are personal data of its staff: they stay at the centre.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.firms import EmployerSite
from desktop.models.matching import Employer
from desktop.sync import outbox

#: The kind of the outbox record a firm's registration or change travels as.
EVENT_KIND = "employer_event"
CREATE = "create"
UPDATE = "update"


def firm_fields(row: Employer) -> dict[str, Any]:
    """The firm's own fields as the region receives them (no contacts)."""
    return {"fiscal_code": row.fiscal_code, "name": row.name, "ateco": row.ateco,
            "comune_code": row.comune_code, "address": row.address, "phone": row.phone,
            "email": row.email, "size_band": row.size_band, "employees": row.employees,
            "l68_hires": row.l68_hires}


def operating_sites(session: Session, firm_id: uuid.UUID) -> list[dict[str, str]]:
    """The firm's sedi operative, in a stable order."""
    rows = session.scalars(select(EmployerSite).where(EmployerSite.employer_id == firm_id)
                           .order_by(EmployerSite.label, EmployerSite.id))
    return [{"id": str(s.id), "label": s.label, "address": s.address,
             "comune_code": s.comune_code, "phone": s.phone} for s in rows]


def event_fields(session: Session, row: Employer, event: str,
                 site_code: str) -> dict[str, Any]:
    """One ``employer_event``: the firm as it is now, who changed it and how."""
    return {"employer_id": str(row.id), "event": event,
            "site_code": site_code or row.site_code, **firm_fields(row),
            "operating_sites": operating_sites(session, row.id)}


def record_firm_event(session: Session, row: Employer, event: str,
                      site_code: str = "") -> None:
    """Queue one ``employer_event`` for the region, in the caller's transaction.

    ``site_code``: the centre's site making the change (blank: the site that registered
    the firm)."""
    session.flush()
    outbox.record(session, EVENT_KIND, uuid.uuid4(), "create",
                  event_fields(session, row, event, site_code))
