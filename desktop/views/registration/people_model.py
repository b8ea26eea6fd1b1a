"""The search results: a read-only table model over ``PersonRow`` dataclasses."""

from __future__ import annotations

from desktop import formatting
from desktop.i18n import N_
from desktop.services.people.search import PersonRow
from desktop.views.table_model import FISCAL_CODE_SAMPLE, Column, RowTableModel


def _id(person: PersonRow) -> str:
    return str(person.id)


class PeopleModel(RowTableModel[PersonRow]):
    """Codice fiscale, names, birth, residence, mobile; ``UserRole`` answers the id."""

    columns = (
        Column(N_("Codice fiscale"), lambda p: p.fiscal_code, user=_id,
               sample=FISCAL_CODE_SAMPLE),
        Column(N_("Surname"), lambda p: p.surname, user=_id),
        Column(N_("Name"), lambda p: p.name, user=_id),
        Column(N_("Born on"), lambda p: formatting.date(p.birth_date), user=_id),
        Column(N_("Birthplace"), lambda p: p.birthplace, user=_id),
        Column(N_("Residence"), lambda p: p.town, user=_id),
        Column(N_("Mobile"), lambda p: p.mobile, user=_id),
    )
