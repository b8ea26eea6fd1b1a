"""Who may change what (docs/sync-protocol.md, "Authority").

Each workstation token speaks for one site (``Workstation.site_code``), or, for a centre
whose one database serves its main office and its branches (one sync agent per
database), for each of those sites, listed with commas, the main one first. A token issued
before sites existed speaks for none. A record is *held* by a site (``Entity.site_code``):
the site that created it (the token's first), or, for a person, the site that took their
latest DID.

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


def sites_of(site_code: str | None) -> tuple[str, ...]:
    """The sites a workstation speaks for, its main one first (none: issued before sites)."""
    return tuple(code for code in (c.strip() for c in (site_code or "").split(",")) if code)


def main_site(sites: tuple[str, ...]) -> str | None:
    """The site that holds what the workstation creates."""
    return sites[0] if sites else None


def may_hold(sites: tuple[str, ...], row: Entity) -> bool:
    """True when ``sites`` may change what only the holder may (identity, deletion)."""
    return row.site_code is None or row.site_code in sites


def check_holder(sites: tuple[str, ...], row: Entity, what: str) -> None:
    if not may_hold(sites, row):
        raise Forbidden(f"only the site holding this {row.kind} ({row.site_code}) may "
                        f"{what}; this workstation speaks for {_named(sites)}")


def check_site_record(session: Session, sites: tuple[str, ...], kind: str,
                      fields: dict[str, Any]) -> None:
    """A per-site record: it may name only one of the token's own sites."""
    claimed = fields.get("site_code")
    if claimed not in (None, "") and claimed not in sites:
        raise Forbidden(f"a {kind} of site {claimed} is for that site's workstations only; "
                        f"this workstation speaks for {_named(sites)}")
    if kind == DID_END:
        did = session.get(Entity, (DID, _uuid(fields.get("did_id"))))
        if did is not None:
            check_holder(sites, did, "end this DID")


def record_site(sites: tuple[str, ...], fields: dict[str, Any]) -> str | None:
    """The site holding a new per-site record: the one it names, else the main one."""
    claimed = fields.get("site_code")
    return claimed if isinstance(claimed, str) and claimed in sites else main_site(sites)


def take_in_charge(session: Session, site: str | None, kind: str,
                   fields: dict[str, Any]) -> None:
    """A DID taken at ``site`` makes that site the person's holder."""
    if kind != DID or site is None:
        return
    person = session.get(Entity, ("person", _uuid(fields.get("person_id"))))
    if person is not None and not person.deleted:
        person.site_code = site


def _named(sites: tuple[str, ...]) -> str:
    return ", ".join(sites) if sites else "no site"


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(int=0)
