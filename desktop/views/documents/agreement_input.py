"""What the Patto form's widgets hold, read into an AgreementDraft, and the check made
before any thread (each refusal keyed by the field it belongs next to)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import NamedTuple

from desktop import formatting
from desktop.documents.agreement import Appointment, Measure, SearchAct
from desktop.documents.agreement_data import AgreementData
from desktop.errors import ValidationError
from desktop.i18n import _
from desktop.services.documents.agreement_people import DidSummary
from desktop.services.documents.agreements import AgreementDraft, draft_problems

DATE_FORMAT = "%d/%m/%Y"


def parse_date(value: str, what: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return dt.datetime.strptime(value, DATE_FORMAT).date()
    except ValueError:
        raise ValidationError(_("{what}: write the date as dd/mm/yyyy (found \"{value}\").")
                              .format(what=what, value=value), {"measures": ""}) from None


class VersionRows(NamedTuple):
    """A saved version's tables, as the form's editable tables show them."""

    measures: list[list[str]]
    search_acts: list[list[str]]
    appointments: list[list[str]]


def version_rows(data: AgreementData | None) -> VersionRows:
    """The rows of ``data``'s measures, job-search acts and appointments (none: empty)."""
    if data is None:
        return VersionRows([], [], [])
    return VersionRows(
        [[m.kind, m.description, m.provider, formatting.date(m.start), formatting.date(m.end)]
         for m in data.measures],
        [[a.act, a.timing] for a in data.search_acts],
        [[formatting.date_time(a.when), a.place, a.purpose] for a in data.appointments])


def build_draft(person_id: uuid.UUID, *, measures: list[list[str]],
                appointments: list[list[str]], search_acts: list[list[str]], place: str,
                reason: str, responsible: str, reporting: str,
                search_proof: str) -> AgreementDraft:
    """The rows and texts of the form as a draft; ValidationError on unreadable dates."""
    parsed = tuple(
        Measure(kind, description, provider,
                parse_date(start, _("Measure {n}, from").format(n=n)),
                parse_date(end, _("Measure {n}, to").format(n=n)))
        for n, (kind, description, provider, start, end) in enumerate(measures, 1))
    moments = []
    for n, (when, where, purpose) in enumerate(appointments, 1):
        try:
            moment = dt.datetime.strptime(when.strip(), "%d/%m/%Y %H:%M")
        except ValueError:
            raise ValidationError(_("Appointment {n}: write date and time as dd/mm/yyyy "
                                    "hh:mm.").format(n=n), {"appointments": ""}) from None
        moments.append(Appointment(moment, where.strip(), purpose.strip()))
    return AgreementDraft(
        person_id=person_id, measures=parsed, appointments=tuple(moments),
        place=place.strip(), reason=reason, responsible=responsible,
        search_acts=tuple(SearchAct(act, timing) for act, timing in search_acts),
        reporting=reporting, search_proof=search_proof)


def check_before_saving(draft: AgreementDraft, did: DidSummary | None) -> None:
    """Raise the refusal the service would give, without leaving the GUI thread."""
    if did is None:
        raise ValidationError(_(
            "This person has no DID in force: register the DID in Accoglienza before the "
            "service agreement."), {"did": ""})
    problems = draft_problems(draft, did)
    if problems:
        raise ValidationError(
            _("The service agreement cannot be saved: missing {items}.").format(
                items="; ".join(i for items in problems.values() for i in items)),
            {key: _("Missing: {items}.").format(items="; ".join(items))
             for key, items in problems.items()})
