"""Who may change what (docs/sync-protocol.md, "Authority").

Each workstation token speaks for one site (``Workstation.site_code``); a token issued
before sites existed speaks for none. A record is *held* by a site (``Entity.site_code``):
the site that created it, or, for a person, the site that took their latest DID.

* People are shared: any site changes their contact fields; identity fields and a deletion
  are for the holding site only. A person no site holds (created by a token without a site,
  or loaded by the region) follows the rules of protocol 1: anyone may.
* Per-site records (append-only kinds, daily aggregates among them) are only for the site
  they name: a record naming another site, or any site for a token that has none, is
  forbidden. A DID's end is for the site holding that DID.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from server.models import Entity
from server.store.errors import Forbidden

#: The kind whose records carry the site a person's DID was taken at (its holder).
DID = "did"
DID_END = "did_end"


def may_hold(site: str | None, row: Entity) -> bool:
    """True when ``site`` may change what only the holder may (identity, deletion)."""
    return row.site_code is None or row.site_code == site


def check_holder(site: str | None, row: Entity, what: str) -> None:
    if not may_hold(site, row):
        raise Forbidden(f"only the site holding this {row.kind} ({row.site_code}) may "
                        f"{what}; this workstation's site is {site or 'none'}")


def check_site_record(session: Session, site: str | None, kind: str,
                      fields: dict[str, Any]) -> None:
    """A per-site record: it may name only the token's own site."""
    claimed = fields.get("site_code")
    if claimed not in (None, "") and claimed != site:
        raise Forbidden(f"a {kind} of site {claimed} is for that site's workstations only; "
                        f"this workstation's site is {site or 'none'}")
    if kind == DID_END:
        did = session.get(Entity, (DID, _uuid(fields.get("did_id"))))
        if did is not None:
            check_holder(site, did, "end this DID")


def take_in_charge(session: Session, site: str | None, kind: str,
                   fields: dict[str, Any]) -> None:
    """A DID taken at ``site`` makes that site the person's holder."""
    if kind != DID or site is None:
        return
    person = session.get(Entity, ("person", _uuid(fields.get("person_id"))))
    if person is not None and not person.deleted:
        person.site_code = site


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)
