"""Finding the one person a codice fiscale names, for the commands and services that
take a code (print, match, the audit query, data-subject requests).

Only the exact code the person holds names them. An omocode holder is a different
person from whoever holds the reduced code, so a code that nobody here holds names
nobody: an export, an erasure or an audit query must never reach the wrong person.
Finding candidates by the reduced form is the search box's job
(:func:`desktop.services.people.search.lookup_code`), where an operator chooses.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models.person import Person


def person_by_code(session: Session, code: str) -> Person | None:
    """The person holding exactly ``code`` (already normalised), or None."""
    return session.scalars(select(Person).where(Person.fiscal_code == code)).first()
