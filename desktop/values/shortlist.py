"""A vacancy's shortlist as values (no table), and the outcomes a proposal can have.

Built by ``desktop.services.matching.shortlists``, printed by ``desktop.documents.shortlist``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from desktop.i18n import _

OUTCOMES = ("proposto", "colloquio", "assunto", "non_idoneo", "rifiutato")


def outcome_label(code: str) -> str:
    labels = {"proposto": _("proposed"), "colloquio": _("interview"), "assunto": _("hired"),
              "non_idoneo": _("not suitable"), "rifiutato": _("declined")}
    return labels.get(code, code)


@dataclass(frozen=True)
class ShortlistRow:
    proposal_id: uuid.UUID
    person_id: uuid.UUID
    name: str
    fiscal_code: str
    comune: str
    education: str
    score: float
    explanation: tuple[str, ...]
    outcome: str
    contract_type: str
    proposed_at: dt.datetime
    #: Position in the ranking when proposed (0 when not recorded).
    rank: int = 0
    #: Today's score when it differs from the stored one (the data changed since).
    today_score: float | None = None
    #: True when ``explanation`` is the one stored with the proposal.
    stored: bool = False
    #: The candidate's consent for this vacancy: "given", "withdrawn" or "" (never asked).
    consent: str = ""
    #: Phone and e-mail, filled only while the consent is in force.
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Shortlist:
    vacancy_id: uuid.UUID
    number: str
    title: str
    occupation_code: str
    workplace: str
    contract_type: str
    positions: int
    employer: str
    employer_fiscal_code: str
    employer_contact: str
    rows: tuple[ShortlistRow, ...]
    #: The expiry, when the vacancy is still open but past it (warned on the rosa).
    expired_on: dt.date | None = None
