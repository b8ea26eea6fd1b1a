"""Who a Patto di servizio is about and who signs it: the person search of the form,
the person's active DID and addresses, and the operators allowed to sign.

The search goes through :mod:`desktop.services.people.search` (every typed word must start a
word of "surname name"), then ranks whole-word matches first: "rossi" lists Rossi and
never Grossi, and the form opens a person by itself only when one person matches
exactly; otherwise the operator chooses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select

from desktop.documents.agreement import gol_path_label
from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.organisation import Operator
from desktop.models.registration import Did
from desktop.services.people import search as person_search
from desktop.services.people.did import active_did
from desktop.services.people.fiscal_code import base_form, normalise_input
from desktop.services.reference.places import fold
from desktop.services.security.accounts import OperatorInfo
from desktop.services.security.permissions import ROLE_PERMISSIONS, Permission, require


@dataclass(frozen=True)
class PersonChoice:
    """A person as the agreement form lists them."""

    id: uuid.UUID
    fiscal_code: str
    surname: str
    name: str
    birth_date: dt.date
    #: Every typed word is a whole word of the name (or the fiscal code is the one typed).
    exact: bool = False

    @property
    def label(self) -> str:
        return f"{self.surname} {self.name} — {self.fiscal_code}"


@dataclass(frozen=True)
class DidSummary:
    """What the Patto takes from the active DID (read-only in the form)."""

    id: uuid.UUID
    did_date: dt.date
    naspi: bool
    profiling_class: str
    gol_path: str
    patto_deadline: dt.date


@dataclass(frozen=True)
class Signer:
    """An operator allowed to sign a Patto as the responsible operator."""

    username: str
    full_name: str

    @property
    def label(self) -> str:
        return f"{self.full_name} ({self.username})"


@dataclass(frozen=True)
class PersonAddresses:
    residence: str
    #: Empty when the domicile is the residence.
    domicile: str


def did_summary(did: Did) -> DidSummary:
    return DidSummary(did.id, did.did_date, did.naspi, did.profiling_class,
                      gol_path_label(did.gol_path), did.patto_deadline)


def active_did_summary(db: Database, actor: OperatorInfo,
                       person_id: uuid.UUID) -> DidSummary | None:
    """The person's DID in force, as the Patto shows it (None without one)."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        did = active_did(session, person_id)
        return did_summary(did) if did is not None else None


def addresses(person: Person) -> PersonAddresses:
    """Residence and domicile as printed lines ("Via Roma 3, 50100 Firenze (FI)")."""
    def line(address: str, number: str, postcode: str, town: str, province: str) -> str:
        street = " ".join(x for x in (address.strip(), number.strip()) if x)
        place = " ".join(x for x in (postcode.strip(), town.strip()) if x)
        if place and province.strip():
            place += f" ({province.strip()})"
        return ", ".join(x for x in (street, place) if x)

    residence = line(person.residence_address, person.residence_number,
                     person.residence_postcode, person.residence_town,
                     person.residence_province)
    domicile = "" if person.domicile_same else line(
        person.domicile_address, person.domicile_number, person.domicile_postcode,
        person.domicile_town, person.domicile_province)
    return PersonAddresses(residence, "" if domicile == residence else domicile)


def signer_roles() -> list[str]:
    """The roles whose accounts may sign a Patto (they hold the agreement permission)."""
    return sorted(role for role, perms in ROLE_PERMISSIONS.items()
                  if Permission.AGREEMENT_WRITE in perms)


def signers(db: Database, actor: OperatorInfo) -> list[Signer]:
    """Active operators allowed to sign a Patto, by name."""
    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        return [Signer(o.username, o.full_name) for o in session.scalars(
            select(Operator).where(Operator.active.is_(True),
                                   Operator.role.in_(signer_roles()))
            .order_by(Operator.full_name, Operator.username))]


def _exact(choice: PersonChoice, query: str) -> bool:
    words = [fold(w) for w in query.split() if fold(w)]
    if not words:
        return False
    code = base_form(normalise_input(query))
    if code and code in (choice.fiscal_code, base_form(choice.fiscal_code)):
        return True
    own = {fold(w) for w in f"{choice.surname} {choice.name}".replace("'", " ").split()}
    own |= {fold(w) for w in (choice.surname, choice.name)}
    return all(w in own for w in words)


def search_people(db: Database, actor: OperatorInfo, query: str = "",
                  limit: int = 50) -> list[PersonChoice]:
    """People for the form's list: whole-word matches first, then names starting with
    the typed words; never a name that only contains them ("rossi" is not "Grossi")."""
    require(actor, Permission.PERSON_READ, db)
    if not query.strip():
        with db.read() as session:
            return [PersonChoice(p.id, p.fiscal_code, p.surname, p.name, p.birth_date)
                    for p in session.scalars(select(Person).order_by(
                        Person.surname, Person.name).limit(limit))]
    rows = person_search.search(db, query, limit)
    found = [PersonChoice(r.id, r.fiscal_code, r.surname, r.name, r.birth_date)
             for r in rows]
    ranked = [PersonChoice(c.id, c.fiscal_code, c.surname, c.name, c.birth_date,
                           _exact(c, query)) for c in found]
    ranked.sort(key=lambda c: (not c.exact, fold(c.surname), fold(c.name), c.birth_date))
    return ranked


def person_choice(db: Database, actor: OperatorInfo, person_id: uuid.UUID) -> PersonChoice:
    """One person as the form lists them (the current person of the counter)."""
    from desktop.errors import NotFoundError
    from desktop.i18n import _

    require(actor, Permission.PERSON_READ, db)
    with db.read() as session:
        person = session.get(Person, person_id)
        if person is None:
            raise NotFoundError(_("This person no longer exists in the database."))
        return PersonChoice(person.id, person.fiscal_code, person.surname, person.name,
                            person.birth_date, True)
