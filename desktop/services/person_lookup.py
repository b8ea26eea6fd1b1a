"""Finding the one person a codice fiscale names, for the commands and services that
take a code (print, match, the audit query, data-subject requests).

The code the person holds is unique, so an exact match is the answer. An omocode holder
is a different person from whoever holds the reduced code, so the reduced form is used
only when nobody holds the code as typed and exactly one person shares its reduced
form; when several do, the caller is told to use the exact code.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.models.person import Person
from desktop.services.fiscal_code import base_form


def person_by_code(session: Session, code: str) -> Person | None:
    """The person holding ``code`` (already normalised), or None."""
    exact = session.scalars(select(Person).where(Person.fiscal_code == code)).first()
    if exact is not None:
        return exact
    sharing = session.scalars(select(Person).where(
        Person.fiscal_code_base == base_form(code)).limit(2)).all()
    if len(sharing) > 1:
        raise ValidationError(
            _("Several people share this codice fiscale once omocodes are reduced: type the "
              "exact code printed on the person's health card."),
            {"fiscal_code": _("Ambiguous code")})
    return sharing[0] if sharing else None
