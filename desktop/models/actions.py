"""Active-policy actions delivered to people, the placements that followed, and the
daily aggregates a site pushes to the region.

An action is one measure of the catalogue (resources/actions/catalogue.yaml) delivered
to one person on one day; it names the patto it carries out when the person has one.
A placement is a person starting a job: recorded from a matching proposal whose
outcome is "assunto" (then ``proposal_id`` is set, once) or entered directly.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import Float, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.agreement import Agreement
from desktop.models.base import Base, Timestamps, UUIDPrimaryKey
from desktop.models.person import Person
from desktop.models.registration import Did


class Action(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "policy_action"
    __table_args__ = (
        # The indicators read actions of a period, per site, grouped by measure: covering
        # indexes, so a year of a region is counted without reading the table.
        Index("ix_policy_action_site_day", "site_code", "delivered_on", "measure_code",
              "person_id", "hours", "agreement_id"),
        Index("ix_policy_action_day", "delivered_on", "measure_code", "person_id", "hours",
              "agreement_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: The patto the action carries out (None: delivered without one).
    agreement_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("agreement.id", ondelete="SET NULL"), index=True, default=None)
    #: Code of the catalogue's measure, e.g. "ORB".
    measure_code: Mapped[str] = mapped_column(String(10))
    delivered_on: Mapped[dt.date]
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    operator: Mapped[str] = mapped_column(String(60), default="")
    #: Who delivered it: the centre itself or an accredited body.
    provider: Mapped[str] = mapped_column(String(200), default="")
    #: "completato", "in_corso", "interrotto", "non_presentato".
    outcome: Mapped[str] = mapped_column(String(20), default="completato")
    site_code: Mapped[str] = mapped_column(String(20), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")


class Placement(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "placement"
    __table_args__ = (
        Index("ix_placement_site_start", "site_code", "start_date", "person_id",
              "contract_type", "employer_id"),
        Index("ix_placement_start", "start_date", "person_id", "contract_type", "employer_id"),
    )

    person_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("person.id", ondelete="CASCADE"), index=True)
    #: Set when recorded from a matching outcome; at most one placement per proposal.
    proposal_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), unique=True, default=None)
    employer_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("employer.id", ondelete="SET NULL"), index=True, default=None)
    #: Ragione sociale as entered when the firm is not in the employers table.
    employer_name: Mapped[str] = mapped_column(String(200), default="")
    #: Contract type code (resources/actions/contracts.yaml).
    contract_type: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[dt.date]
    #: "incrocio" (from a proposal) or "diretto" (entered).
    source: Mapped[str] = mapped_column(String(10), default="diretto")
    operator: Mapped[str] = mapped_column(String(60), default="")
    site_code: Mapped[str] = mapped_column(String(20), default="")


# The indicators count DIDs of a period per site; the index lives here, beside the
# query that needs it, so the registration model stays as its area wrote it.
Index("ix_did_site_date", Did.site_code, Did.did_date, Did.person_id, Did.patto_deadline)
Index("ix_did_date", Did.did_date, Did.person_id, Did.patto_deadline)
Index("ix_agreement_person_signed", Agreement.person_id, Agreement.signed_on)
#: sex, birth date and citizenship of a person read by id without the (wide) row.
Index("ix_person_indicators", Person.id, Person.sex, Person.birth_date, Person.citizenship)
