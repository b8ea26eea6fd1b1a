"""What the counter records around a person: visits, DID and profiling, curriculum."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey, utcnow


class Visit(UUIDPrimaryKey, Timestamps, Base):
    """A person seen at the counter (registration or lookup); the queue links a ticket."""

    __tablename__ = "visit"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: "registration", "lookup", "did" ...
    kind: Mapped[str] = mapped_column(String(20))
    #: Service prefix or free reason (e.g. "A" accoglienza/DID).
    reason: Mapped[str] = mapped_column(String(100), default="")
    operator: Mapped[str] = mapped_column(String(60), default="")
    site_code: Mapped[str] = mapped_column(String(20), default="")
    #: The ticket the queue issue links to this visit (no foreign key: another module).
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(default=None)


class Did(UUIDPrimaryKey, Timestamps, Base):
    """Dichiarazione di Immediata Disponibilità and its quantitative profiling."""

    __tablename__ = "did"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    did_date: Mapped[dt.date]
    education: Mapped[str] = mapped_column(String(30))
    employment_condition: Mapped[str] = mapped_column(String(30))
    months_unemployed: Mapped[int] = mapped_column(Integer, default=0)
    years_in_italy: Mapped[int] = mapped_column(Integer, default=0)
    household_size: Mapped[int] = mapped_column(Integer, default=1)
    dependent_children: Mapped[int] = mapped_column(Integer, default=0)
    driving_licence: Mapped[bool] = mapped_column(Boolean, default=False)
    naspi: Mapped[bool] = mapped_column(Boolean, default=False)
    annual_income: Mapped[int] = mapped_column(Integer, default=0)
    profiling_index: Mapped[float] = mapped_column(Float)
    profiling_class: Mapped[str] = mapped_column(String(20))
    coefficients_version: Mapped[str] = mapped_column(String(20))
    gol_path: Mapped[int] = mapped_column(Integer)
    patto_deadline: Mapped[dt.date]
    operator: Mapped[str] = mapped_column(String(60), default="")
    #: The site where the DID was taken (the indicators count people taken in charge per site).
    site_code: Mapped[str] = mapped_column(String(20), default="", server_default="")
    #: The day the DID stopped being in force (revoked or lapsed); None while in force.
    ended_on: Mapped[dt.date | None] = mapped_column(default=None)
    #: How it ended: "revoca" (the person withdrew it) or "decadenza" (lost by law).
    end_kind: Mapped[str] = mapped_column(String(20), default="", server_default="")
    end_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")
    ended_by: Mapped[str] = mapped_column(String(60), default="", server_default="")


class CurriculumProfile(UUIDPrimaryKey, Timestamps, Base):
    """The curriculum header matching reads: education, licences, mobility."""

    __tablename__ = "curriculum_profile"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    education: Mapped[str] = mapped_column(String(30), default="")
    licences: Mapped[str] = mapped_column(String(100), default="")  # e.g. "B,C"
    mobility_radius_km: Mapped[int] = mapped_column(Integer, default=20)
    mobility_comuni: Mapped[str] = mapped_column(String(500), default="")
    part_time: Mapped[bool] = mapped_column(Boolean, default=False)
    own_vehicle: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Skills, comma separated, lower case ("muletto,haccp"), compared with a vacancy's.
    skills: Mapped[str] = mapped_column(String(1000), default="")


class CurriculumLanguage(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "curriculum_language"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    language: Mapped[str] = mapped_column(String(40))
    level: Mapped[str] = mapped_column(String(2))  # CEFR A1..C2


class WorkExperience(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "work_experience"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    employer: Mapped[str] = mapped_column(String(200), default="")
    ateco: Mapped[str] = mapped_column(String(10), default="")
    occupation_code: Mapped[str] = mapped_column(String(20))
    code_system: Mapped[str] = mapped_column(String(10), default="CP")  # CP or ISCO
    code_version: Mapped[str] = mapped_column(String(10), default="2021")
    start: Mapped[dt.date | None] = mapped_column(default=None)
    end: Mapped[dt.date | None] = mapped_column(default=None)
    contract: Mapped[str] = mapped_column(String(40), default="")


class DesiredOccupation(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "desired_occupation"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    occupation_code: Mapped[str] = mapped_column(String(20))
    code_system: Mapped[str] = mapped_column(String(10), default="CP")
    code_version: Mapped[str] = mapped_column(String(10), default="2021")


class PersonMerge(UUIDPrimaryKey, Timestamps, Base):
    """Audit of a deliberate merge: which record was folded into which, by whom, why."""

    __tablename__ = "person_merge"

    kept_id: Mapped[uuid.UUID] = mapped_column(index=True)
    merged_id: Mapped[uuid.UUID] = mapped_column()
    merged_fiscal_code: Mapped[str] = mapped_column(String(16))
    operator: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(String(500))
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
