"""What a codice fiscale says, in one line beside the field (sex, birth, place)."""

from __future__ import annotations

from desktop import formatting
from desktop.i18n import _
from desktop.services.people.fiscal_code import FiscalCodeCheck


def decoded_text(result: FiscalCodeCheck | None) -> str:
    """"From the code: F, born 04/12/1980 in Roma (RM)"; empty for no or a wrong code."""
    if result is None or not result.valid:
        return ""
    if result.temporary or result.birth_date is None:
        return _("Temporary code (11 digits): no data to decode.")
    place = (f"{result.birthplace.name} ({result.birthplace.province})"
             if result.birthplace else _("unknown birthplace {code}").format(
                 code=result.birthplace_code))
    parts = [_("From the code: {sex}, born {date} in {place}").format(
        sex=result.sex, date=formatting.date(result.birth_date), place=place)]
    if result.omocode:
        parts.append(_("omocode of {base}").format(base=result.normalized))
    return " · ".join(parts)
