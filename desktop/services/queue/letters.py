"""What the waiting room sees of a ticket: neutral letters, so nobody learns why a person came.

A ticket used to show its service's prefix ("D012"), and the room learned who was there
for collocamento mirato. Each site now chooses (``Site.ticket_letters``):

- ``"neutral"`` (the default): a ticket shows its service's *public* letter
  (``Service.public_letter``, "A" when unset), and the services sharing a letter draw
  their numbers from one sequence, so "A013" after "A012" says nothing of the service.
  A letter used by one service only would reveal it, and is refused;
- ``"service"``: each service's own prefix and sequence, as before.

The display and the voice read only the code, and the queue lengths by letter.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models import Service, Site
from desktop.services.queue.events import next_number
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

MODES = ("neutral", "service")
DEFAULT_LETTER = "A"
_LETTER = re.compile(r"^[A-Z]$")


def public_letter(mode: str, service: Service) -> str:
    """The letter the room sees for ``service`` on a site in ``mode``."""
    if mode == "service":
        return service.prefix
    return service.public_letter or DEFAULT_LETTER


def _services(session: Session, site_id: uuid.UUID) -> list[Service]:
    return list(session.scalars(select(Service).where(Service.site_id == site_id)
                                .order_by(Service.prefix)))


def draw(session: Session, site_id: uuid.UUID, day: dt.date,
         service: Service) -> tuple[int, str]:
    """The next number and the code a new ticket of ``service`` shows (atomic)."""
    site = session.get(Site, site_id)
    mode = site.ticket_letters if site is not None else "neutral"
    if mode == "service":
        number = next_number(session, site_id, day, service.id)
        return number, f"{service.prefix}{number:03d}"
    letter = public_letter(mode, service)
    group = [s for s in _services(session, site_id) if public_letter(mode, s) == letter]
    # The first service of the group (by prefix) keeps the group's counter.
    number = next_number(session, site_id, day, group[0].id, among=[s.id for s in group])
    return number, f"{letter}{number:03d}"


_SITE_SERVICES = (select(Service.id, Service.prefix, Service.public_letter)
                  .where(Service.site_id == bindparam("site")).order_by(Service.prefix))


def draw_code(session: Session, site_id: uuid.UUID, day: dt.date, mode: str,
              service_id: uuid.UUID, prefix: str, letter: str) -> tuple[int, str]:
    """:func:`draw` for the kiosk, from what it already read of the service and site
    (``letter``: the service's stored public letter); plain rows, no ORM objects."""
    if mode == "service":
        number = next_number(session, site_id, day, service_id)
        return number, f"{prefix}{number:03d}"
    shown = letter or DEFAULT_LETTER
    group = [row.id for row in session.connection().execute(_SITE_SERVICES, {"site": site_id})
             if (row.public_letter or DEFAULT_LETTER) == shown]
    number = next_number(session, site_id, day, group[0], among=group)
    return number, f"{shown}{number:03d}"


def letters_by_service(session: Session, site_id: uuid.UUID) -> dict[uuid.UUID, str]:
    """Each service of the site -> the letter the room sees."""
    site = session.get(Site, site_id)
    mode = site.ticket_letters if site is not None else "neutral"
    return {s.id: public_letter(mode, s) for s in _services(session, site_id)}


@dataclass(frozen=True)
class LetterSetting:
    prefix: str
    name: str
    #: The public letter stored ("" means the site's "A").
    letter: str
    active: bool


def ticket_letters(db: Database, actor: AuditActor, site_code: str
                   ) -> tuple[str, tuple[LetterSetting, ...]]:
    """The site's mode and each service's public letter (for the settings dialog)."""
    require(actor, Permission.SETTINGS_MANAGE, db)
    with db.read() as session:
        site = session.scalars(select(Site).where(Site.code == site_code)).one_or_none()
        if site is None:
            raise NotFoundError(_("This site is no longer in the database."))
        return site.ticket_letters, tuple(
            LetterSetting(s.prefix, s.name, s.public_letter, s.active)
            for s in _services(session, site.id))


def set_ticket_letters(db: Database, actor: AuditActor, site_code: str, mode: str,
                       letters: Mapping[str, str] | None = None) -> dict[str, str]:
    """Choose what the room sees at a site: ``mode`` and, in neutral mode, the public
    letter of each service (by prefix; services not named keep theirs). Returns the
    letter each service shows. Nothing changes when a letter would reveal a service."""
    require(actor, Permission.SETTINGS_MANAGE, db)
    if mode not in MODES:
        raise ValidationError(_("Choose neutral letters or the services' own letters."))
    wanted = {k: v.strip().upper() for k, v in (letters or {}).items()}
    bad = [v for v in wanted.values() if v and not _LETTER.match(v)]
    if bad:
        raise ValidationError(_("A ticket letter is one letter from A to Z: {value} is "
                                "not.").format(value=bad[0][:5]))
    with db.transaction() as session:
        site = session.scalars(select(Site).where(Site.code == site_code)).one_or_none()
        if site is None:
            raise NotFoundError(_("This site is no longer in the database."))
        services = _services(session, site.id)
        unknown = set(wanted) - {s.prefix for s in services}
        if unknown:
            raise ValidationError(_("The site has no service {prefix}.").format(
                prefix=sorted(unknown)[0]))
        chosen = {s.prefix: wanted.get(s.prefix, s.public_letter) for s in services}
        if mode == "neutral":
            shown = {p: (x or DEFAULT_LETTER) for p, x in chosen.items()
                     if any(s.prefix == p and s.active for s in services)}
            for prefix, letter in shown.items():
                if list(shown.values()).count(letter) == 1 and len(shown) > 1:
                    name = next(s.name for s in services if s.prefix == prefix)
                    raise ValidationError(_(
                        "The letter {letter} would be used by the service {name} alone: the "
                        "waiting room would learn why a person came. Give it to at least "
                        "two services, or leave A for all.").format(letter=letter, name=name))
        site.ticket_letters = mode
        for service in services:
            service.public_letter = chosen[service.prefix]
        audit.record(session, actor, "queue.ticket_letters", "site", site.id, mode)
        return {s.prefix: public_letter(mode, s) for s in services}
