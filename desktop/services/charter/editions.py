"""The editions of the Carta a centre adopted: each adoption gives the edition its next
number and the day it comes into force. The printed Carta takes both from here; the print
date is only the print date.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop import formatting
from desktop.documents.charter_texts import EDITIONS, LANGUAGES, load_charter_texts
from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.models import Centre, Operator, Site
from desktop.models.charter import CharterEdition
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require
from desktop.values.charter import EditionInfo


def centre_of(session: Session, site_code: str) -> Centre:
    """The centre of ``site_code`` ("" = the main site, as the workstation's default)."""
    query = select(Centre).join(Site, Site.centre_id == Centre.id)
    query = query.where(Site.code == site_code) if site_code else query.order_by(
        Site.is_main.desc(), Site.code).limit(1)
    centre = session.scalar(query)
    if centre is None:
        raise NotFoundError(_("The site {code} does not exist.").format(code=site_code))
    return centre


def adopted_edition(session: Session, centre_code: str, edition: str) -> EditionInfo | None:
    """The latest adopted version of ``edition``, or None (a draft)."""
    row = session.scalar(select(CharterEdition).where(
        CharterEdition.centre_code == centre_code, CharterEdition.edition == edition)
        .order_by(CharterEdition.number.desc()).limit(1))
    return None if row is None else EditionInfo(row.edition, row.number, row.effective_from,
                                                row.adopted_on)


def adopt_edition(db: Database, actor: AuditActor, site_code: str, edition: str,
                  effective_from: dt.date, today: dt.date | None = None) -> EditionInfo:
    """Adopt the current texts of ``edition`` as its next numbered version.

    Refused when the edition lacks texts in one of its languages or a standard names an
    unknown indicator, and when it would come into force before the version in force.
    """
    require(actor, Permission.CHARTER_ADOPT, db)
    today = today or clock.today()
    with db.transaction() as session:
        centre = centre_of(session, site_code)
        for lang in LANGUAGES:
            load_charter_texts(edition, lang, centre.code, region=centre.region)
        current = adopted_edition(session, centre.code, edition)
        if current is not None and effective_from < current.effective_from:
            raise ValidationError(_(
                "The new edition cannot come into force before the one in force since "
                "{day}.").format(day=formatting.date(current.effective_from)),
                {"effective_from": _("Too early")})
        number = 1 if current is None else current.number + 1
        actor_id = getattr(actor, "id", None)
        row = CharterEdition(centre_code=centre.code, edition=edition, number=number,
                             effective_from=effective_from, adopted_on=today,
                             adopted_by=actor_id if actor_id and session.get(
                                 Operator, actor_id) else None)
        session.add(row)
        session.flush()
        audit.record(session, actor, "charter.adopt", "charter_edition", row.id,
                     detail=f"{edition} {number}")
        return EditionInfo(edition, number, effective_from, today)


def editions(db: Database, site_code: str) -> dict[str, EditionInfo | None]:
    """Each edition's adopted version (None: not adopted yet)."""
    with db.read() as session:
        centre = centre_of(session, site_code)
        return {e: adopted_edition(session, centre.code, e) for e in EDITIONS}
