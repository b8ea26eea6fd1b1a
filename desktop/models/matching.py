"""Incrocio domanda/offerta: occupations, employers, vacancies and proposals.

Vacancies and employers are owned by the region (they arrive by sync); a centre
enters or imports them locally until then. A proposal is one candidate put forward
for one vacancy; its outcome (colloquio, assunto, non idoneo, rifiutato) feeds the
centre's indicators.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import (
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow
from desktop.models.registration import Did
from desktop.models.search_key import search_key


class Occupation(UUIDPrimaryKey, Timestamps, Base):
    """One occupation of a classification (ISTAT CP2021, CP2011, ISCO-08)."""

    __tablename__ = "occupation"
    __table_args__ = (UniqueConstraint("code_system", "code_version", "code"),)

    code_system: Mapped[str] = mapped_column(String(10))  # "CP" or "ISCO"
    code_version: Mapped[str] = mapped_column(String(10))  # "2021", "2011", "08"
    code: Mapped[str] = mapped_column(String(20), index=True)  # e.g. "5.1.2.2.0"
    title: Mapped[str] = mapped_column(String(300))
    #: ISCO-08 code linked to a CP code ("" when unknown or for ISCO rows).
    isco_code: Mapped[str] = mapped_column(String(10), default="")


def _search_default(context: Any) -> str:
    return search_key(str(context.get_current_parameters().get("name") or ""))


class Employer(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "employer"

    #: Partita IVA (11 digits) or codice fiscale (16 characters), validated.
    fiscal_code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))  # ragione sociale
    ateco: Mapped[str] = mapped_column(String(10), default="")
    #: Belfiore code of the registered office's comune.
    comune_code: Mapped[str] = mapped_column(String(4), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    #: The site that serves the firm.
    site_code: Mapped[str] = mapped_column(String(20), default="")
    #: Registry fields of the Imprese counter (desktop/models/firms.py has the rest).
    search_name: Mapped[str] = mapped_column(String(200), default=_search_default, index=True)
    size_band: Mapped[str] = mapped_column(String(8), default="")
    #: Employees computable for L. 68/1999 art. 4 (None: not declared).
    employees: Mapped[int | None] = mapped_column(Integer, default=None)
    #: Workers hired under L. 68 in service (None: not known).
    l68_hires: Mapped[int | None] = mapped_column(Integer, default=None)


class Vacancy(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "vacancy"
    # The Osservatorio's firms: a period's vacancies, their firm and positions, from
    # the index alone (the rows carry long descriptions).
    __table_args__ = (Index("ix_vacancy_opened", "opened_on", "site_code", "employer_id",
                            "positions"),)

    #: Number shown to operators and firms, e.g. "OF-FI01-2026-000123".
    number: Mapped[str] = mapped_column(String(40), unique=True)
    employer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("employer.id", ondelete="CASCADE"), index=True)
    site_code: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    occupation_code: Mapped[str] = mapped_column(String(20), default="")
    code_system: Mapped[str] = mapped_column(String(10), default="CP")
    code_version: Mapped[str] = mapped_column(String(10), default="2021")
    #: Skills, comma separated, lower case ("muletto,haccp").
    skills: Mapped[str] = mapped_column(String(1000), default="")
    #: Minimum education (the same codes as the DID's titolo di studio).
    education: Mapped[str] = mapped_column(String(30), default="")
    #: Required languages with CEFR level, e.g. "inglese:B1,tedesco:A2".
    languages: Mapped[str] = mapped_column(String(300), default="")
    #: Required licences, comma separated ("B,C").
    licences: Mapped[str] = mapped_column(String(100), default="")
    #: Contract type code (see the contract types of the matching service).
    contract_type: Mapped[str] = mapped_column(String(40), default="")
    hours_per_week: Mapped[int] = mapped_column(Integer, default=40)
    part_time: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Belfiore code of the workplace's comune.
    workplace_code: Mapped[str] = mapped_column(String(4), default="")
    positions: Mapped[int] = mapped_column(Integer, default=1)
    #: Reserved to people enrolled for collocamento mirato (L. 68/1999).
    l68_only: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_on: Mapped[dt.date]
    closes_on: Mapped[dt.date | None] = mapped_column(default=None)
    #: "bozza" (entered, not yet published), "aperta", "sospesa", "chiusa" (filled or
    #: withdrawn); services/firms/vacancy_lifecycle.py moves it, with a reason.
    status: Mapped[str] = mapped_column(String(20), default="aperta", index=True)
    #: Skills that count in the candidate's favour without being required.
    optional_skills: Mapped[str] = mapped_column(String(1000), default="")
    #: Why the vacancy has its status (a code of the lifecycle's reasons) and a note.
    status_reason: Mapped[str] = mapped_column(String(30), default="")
    status_note: Mapped[str] = mapped_column(String(300), default="")
    #: What the job asks of the body, compared with an L. 68 enrolment's limitations.
    night_shifts: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    heavy_lifting: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    long_standing: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    driving: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Proposal(UUIDPrimaryKey, Timestamps, Base):
    """A candidate proposed to a firm for a vacancy (one row of a rosa)."""

    __tablename__ = "proposal"
    # The Osservatorio's candidates proposed in a period, from the index alone.
    __table_args__ = (UniqueConstraint("vacancy_id", "person_id"),
                      Index("ix_proposal_at", "proposed_at", "vacancy_id"))

    vacancy_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("vacancy.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    proposed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    operator: Mapped[str] = mapped_column(String(60), default="")
    #: Score at the time of the proposal, for the record.
    score: Mapped[float] = mapped_column(Float, default=0.0)
    #: "proposto", "colloquio", "assunto", "non_idoneo", "rifiutato".
    outcome: Mapped[str] = mapped_column(String(20), default="proposto", index=True)
    outcome_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    #: With "assunto": the contract type code.
    contract_type: Mapped[str] = mapped_column(String(40), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")
    #: Position in the ranking when proposed (0: proposed before rankings were kept).
    rank: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    #: The day the stored explanation was scored.
    scored_on: Mapped[dt.date | None] = mapped_column(default=None)
    #: The explanation given when proposed, as JSON: the parts (their points add up to
    #: ``score``), the person's data they came from, the occupation titles.
    explanation: Mapped[str] = mapped_column(Text, default="", server_default="")


# The fairness report counts the people with a DID in force at some time in a period,
# one probe per person: this index answers it without reading the DID rows. The
# Osservatorio's patti read the DIDs through it in the order of the people, so their
# probes of each person's agreements walk that index in order too.
Index("ix_did_person_dates", Did.person_id, Did.did_date, Did.ended_on, Did.patto_deadline)
