"""Codice fiscale: scanner input, validation, omocodia and decoding.

``python-codicefiscale`` does the checksum, omocodia and the comuni table;
``python-stdnum`` is a second, independent check of the check character. Nothing
here hand-writes either. The rules (docs/domain.md): an omocode is another person's code,
kept as issued and unique as such; its reduced (base) form only feeds the duplicate
warnings and the decoding of sex, birth date and place; an unknown birthplace warns,
never blocks;
11-digit temporary codes are accepted (they carry no personal data).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from codicefiscale import codicefiscale as _cf
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.it import codicefiscale as _stdnum_cf
from stdnum.it import iva as _stdnum_iva

from desktop import formatting
from desktop.i18n import _
from desktop.services.reference.places import Place, place_at

_FULL = re.compile(r"^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}"
                   r"[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$")
_TEMPORARY = re.compile(r"^[0-9]{11}$")
_NOT_CODE = re.compile(r"[^0-9A-Z]")


def normalise_input(text: str) -> str:
    """What a health-card scanner or a hurried operator types, as a bare code.

    Code 39 start/stop characters (``*``), spaces, dashes and case are dropped.
    """
    return _NOT_CODE.sub("", text.upper())


def base_form(code: str) -> str:
    """The omocode-reduced form of a syntactically valid 16-character code.

    The letters that replace digits in an omocode (positions 7-8, 10-11, 13-15) are
    turned back into digits and the check character recomputed with
    python-codicefiscale's public ``encode_cin``. Other input comes back normalised
    but otherwise unchanged. The reduced code belongs to whoever was issued it, which
    may be someone else: it drives duplicate warnings, never identity.
    """
    code = normalise_input(code)
    if not _FULL.match(code):
        return code
    return _reduced(code)


def _reduced(code: str) -> str:
    """:func:`base_form` of a bare code that matched ``_FULL``."""
    if code[6:8].isdigit() and code[9:11].isdigit() and code[12:15].isdigit():
        return code  # no letter in an omocode position: already the base form
    chars = list(code)
    for index in _OMOCODE_POSITIONS:
        chars[index] = chars[index].translate(_OMOCODE_TO_DIGIT)
    body = "".join(chars[:15])
    if body == code[:15]:
        return code
    return body + str(_cf.encode_cin(body))


#: Positions (0-based) where an omocode replaces a digit with a letter, and the letters.
_OMOCODE_POSITIONS = (6, 7, 9, 10, 12, 13, 14)
_OMOCODE_TO_DIGIT = str.maketrans("LMNPQRSTUV", "0123456789")


@dataclass(frozen=True)
class FiscalCodeCheck:
    """The outcome of checking one code: errors block, warnings only inform."""

    typed: str
    normalized: str
    valid: bool
    temporary: bool = False
    omocode: bool = False
    sex: str | None = None
    birth_date: dt.date | None = None
    birthplace: Place | None = None
    #: The Belfiore code in the CF (after omocode normalisation), known or not.
    birthplace_code: str = ""
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    firstname_options: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        """The shape ``sportello cf`` prints (see the registration issue)."""
        place = None
        if self.birthplace_code:
            place = {"code": self.birthplace_code,
                     "name": self.birthplace.name if self.birthplace else None,
                     "province": self.birthplace.province if self.birthplace else None}
        return {
            "valid": self.valid,
            "normalized": self.normalized,
            "omocode": self.omocode,
            "temporary": self.temporary,
            "sex": self.sex,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birthplace": place,
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


_MONTH_LETTERS = "ABCDEHLMPRST"


def birth_date_of(base: str) -> dt.date | None:
    """The birth date a reduced 16-character code carries, as python-stdnum reads it
    (year in 1920-2019, women's day + 40), or None when it is not a date."""
    try:
        year = 1900 + int(base[6:8])
        day = int(base[9:11]) % 40
        return dt.date(year + 100 if year < 1920 else year,
                       _MONTH_LETTERS.index(base[8]) + 1, day)
    except ValueError:
        return None


def check(text: str, today: dt.date | None = None, *, names: bool = False
          ) -> FiscalCodeCheck:
    """Validate and decode a codice fiscale as typed or scanned.

    ``names`` also lists the first names the code's letters may stand for (slower:
    python-codicefiscale's full decode; the import and the search skip it).
    """
    today = today or dt.date.today()
    code = normalise_input(text)
    if not code:
        return FiscalCodeCheck(text, code, False, errors=(_("The codice fiscale is required."),))
    if _TEMPORARY.match(code):
        try:
            _stdnum_iva.validate(code)
        except _StdnumError:
            return FiscalCodeCheck(text, code, False, temporary=True, errors=(
                _("The temporary codice fiscale (11 digits) has a wrong check digit."),))
        return FiscalCodeCheck(text, code, True, temporary=True)
    if len(code) != 16:
        return FiscalCodeCheck(text, code, False, errors=(
            _("A codice fiscale has 16 characters (or 11 digits if temporary): "
              "{count} typed.").format(count=len(code)),))
    if not _FULL.match(code):
        return FiscalCodeCheck(text, code, False, errors=(
            _("This is not a codice fiscale: check letters and digits in each position."),))
    # stdnum's validate() is its check character and a valid birth date, each after
    # cleaning the input again: ``code`` is already bare (an import checks tens of
    # thousands), so the check character is its calc_check_digit and the date is read
    # from the base form by ``birth_date_of`` (stdnum's rule, compared in the tests).
    base = _reduced(code)
    birth_date = birth_date_of(base)
    if _stdnum_cf.calc_check_digit(code[:15]) != code[15] or birth_date is None:
        return FiscalCodeCheck(text, code, False, errors=(
            _("Wrong check character (the last letter): the code was mistyped."),))
    if birth_date > today:  # two-digit year: the previous century
        birth_date = birth_date.replace(year=birth_date.year - 100)
    sex = "M" if int(base[9:11]) < 32 else "F"  # as stdnum's get_gender: women's day + 40
    place_code = base[11:15]
    birthplace = place_at(place_code, birth_date)
    warnings: list[str] = []
    firstnames: tuple[str, ...] = ()
    if birthplace is None:
        warnings.append(_("The birthplace code {code} is not in the tables for that date: "
                          "check the birthplace by hand.").format(code=place_code))
    elif names:
        try:
            firstnames = tuple(_cf.decode(base).get("firstname_options") or ())
        except ValueError:
            firstnames = ()
    return FiscalCodeCheck(
        typed=text, normalized=base, valid=True, omocode=base != code, sex=sex,
        birth_date=birth_date, birthplace=birthplace, birthplace_code=place_code,
        warnings=tuple(warnings), firstname_options=firstnames,
    )


def expected_code(surname: str, name: str, sex: str, birth_date: dt.date,
                  birthplace_code: str) -> str | None:
    """The base code these data give (python-codicefiscale), or None if it cannot say."""
    try:
        return str(_cf.encode(lastname=surname, firstname=name, gender=sex,  # type: ignore[arg-type]
                              birthdate=formatting.date(birth_date),
                              birthplace=birthplace_code))
    except (ValueError, KeyError, TypeError):
        return None


@functools.lru_cache(maxsize=8192)
def name_letters(surname: str, name: str) -> str | None:
    """The six letters surname and name give in a code (python-codicefiscale's rules)."""
    try:
        return str(_cf.encode_lastname(surname)) + str(_cf.encode_firstname(name))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def mismatches(result: FiscalCodeCheck, *, surname: str = "", name: str = "",
               sex: str = "", birth_date: dt.date | None = None,
               birthplace_code: str = "") -> dict[str, str]:
    """Fields whose typed value disagrees with the code: field name -> warning."""
    out: dict[str, str] = {}
    if not result.valid or result.temporary:
        return out
    if sex and result.sex and sex != result.sex:
        out["sex"] = _("The codice fiscale says sex {sex}.").format(sex=result.sex)
    if birth_date and result.birth_date and birth_date != result.birth_date:
        out["birth_date"] = _("The codice fiscale says born on {date}.").format(
            date=formatting.date(result.birth_date))
    if birthplace_code and result.birthplace_code and \
            birthplace_code.upper() != result.birthplace_code:
        out["birthplace"] = _("The codice fiscale says birthplace {code}.").format(
            code=result.birthplace_code)
    if surname and name:
        letters = name_letters(surname, name)
        if letters and letters != result.normalized[:6]:
            out["surname"] = _("Surname and name do not match the codice fiscale "
                               "(expected {letters}).").format(letters=letters)
    return out
