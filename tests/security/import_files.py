"""Valid people files for the import tests, and counting what an import wrote."""

from __future__ import annotations

from sqlalchemy import func, select

from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.audit import AuditEntry
from desktop.models.sync import OutboxEntry

_PEOPLE = (("Rossi", "Mario", "M", "10/12/1985", "A562"), ("Verdi", "Luigia", "F", "01/01/1990",
                                                             "G702"),
           ("Bianchi", "Anna", "F", "23/04/1977", "H501"), ("Esposito", "Ciro", "M",
                                                            "05/09/2001", "F839"))
HEADER = ("fiscal_code,surname,name,residence_code,residence_address,residence_number,"
          "residence_postcode,mobile,email")


def valid_lines() -> list[str]:
    """Data lines (no header) of four valid, distinct people."""
    from codicefiscale import codicefiscale

    lines = []
    for n, (surname, name, sex, born, place) in enumerate(_PEOPLE):
        code = codicefiscale.encode(lastname=surname, firstname=name, gender=sex,
                                    birthdate=born, birthplace=place)
        lines.append(f"{code},{surname},{name},D612,Via dei Servi,{n + 1},50122,"
                     f"33312345{n:02d},p{n}@example.it")
    return lines


def valid_csv(separator: str = ",") -> str:
    return "\n".join([HEADER, *valid_lines()]).replace(",", separator) + "\n"


def counts(db: Database) -> tuple[int, int, int]:
    """(people, outbox rows, audit lines) in ``db``."""
    with db.read() as session:
        return tuple(int(session.scalar(select(func.count()).select_from(model)) or 0)
                     for model in (Person, OutboxEntry, AuditEntry))  # type: ignore[return-value]
