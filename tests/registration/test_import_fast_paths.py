"""The bulk import's fast paths give exactly what the plain definitions give.

The import validates tens of thousands of rows, so the keys, the omocode reduction, the
form cleaning and the comune lookups take shortcuts (a regular expression instead of a
loop per character, no reduction when no position holds a letter, cached lookups). Each
is compared here with its plain definition, on the inputs where they could differ.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid

import pytest
from stdnum.it.codicefiscale import calc_check_digit

from desktop.models.person import phone_key, search_key
from desktop.services.people.bulk_journal import random_uuid_hex, random_uuids
from desktop.services.people.fiscal_code import base_form, check
from desktop.services.people.person_form import PersonForm, clean_field
from desktop.services.reference.places import place_at, places_with_code

TEXTS = ("Rossi", "D'Angelo", "Niccolò", "Élodie", "De  Luca", "O’Brien-Smith", "Ñandú 2º",
         "x²", "Ⅻ", "ß", "  ", "", "Anna Maria", "Dell'Acqua\tBianchi", "٣٤", "ﬁore")
PHONES = ("333 1234567", "+39 333-1234567", "+", "abc", "３３３", "٣٣٣١٢٣", "x²1", "", " +1 2")


def plain_search_key(surname: str, name: str) -> str:
    def fold(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == " ")

    return " ".join(f"{fold(surname)} {fold(name)}".split())


def plain_phone_key(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.strip().startswith("+") and digits else digits


@pytest.mark.parametrize("surname", TEXTS)
def test_search_key_is_the_plain_fold(surname: str) -> None:
    for name in TEXTS:
        assert search_key(surname, name) == plain_search_key(surname, name)


def test_phone_key_is_the_plain_digits() -> None:
    for phone in PHONES:
        assert phone_key(phone) == plain_phone_key(phone), phone


def test_base_form_reduces_an_omocode_and_keeps_a_plain_code() -> None:
    plain = "RSSMRA85T10A562S"
    assert base_form(plain) == plain
    omocode = "RSSMRA85T1LA562" + calc_check_digit("RSSMRA85T1LA562")  # day 10 -> 1L
    assert base_form(omocode)[:15] == plain[:15]
    assert base_form(omocode) == plain
    assert check(omocode).omocode and not check(plain).omocode
    assert check(omocode).birth_date == check(plain).birth_date == dt.date(1985, 12, 10)


def test_cleaned_collapses_spaces_and_cases_as_before() -> None:
    form = PersonForm(fiscal_code=" rssmra85t10a562s ", surname="De   Luca",
                      name="Anna\tMaria", email=" A@B.IT", birthplace_code="a562",
                      mobile="333  123")
    clean = form.cleaned()
    assert (clean.fiscal_code, clean.surname, clean.name, clean.email,
            clean.birthplace_code, clean.mobile) == (
        "RSSMRA85T10A562S", "De Luca", "Anna Maria", "a@b.it", "A562", "333 123")
    assert clean.cleaned() is clean


def test_cached_place_lookups_answer_as_the_tables() -> None:
    for code, day in (("A562", dt.date(1985, 12, 10)), ("D612", None),
                      ("D612", dt.date(1800, 1, 1)), ("ZZZZ", dt.date(2000, 1, 1))):
        options = places_with_code(code)
        expected = (options[-1] if options and day is None else
                    next((p for p in options if day and p.valid_on(day)), None))
        assert place_at(code, day) == expected
        assert place_at(code, day) == expected  # the cached answer is the same


MESSY = {"fiscal_code": " rssmra85t10a562s ", "surname": "De   Luca", "name": "Anna\tMaria",
         "sex": " m", "birthplace_code": "a562 ", "citizenship": "  italiana",
         "residence_code": "d612", "residence_address": "Via  Roma ", "residence_number": "1",
         "residence_postcode": " 50122", "mobile": "333  1234567", "email": " A@B.IT"}


def test_a_form_of_clean_values_is_the_cleaned_form() -> None:
    clean = {name: clean_field(name, value) for name, value in MESSY.items()}
    built = PersonForm.of_clean({**clean, "birth_date": dt.date(1985, 12, 10),
                                 "privacy_acknowledged": True})
    expected = PersonForm(**MESSY, birth_date=dt.date(1985, 12, 10),  # type: ignore[arg-type]
                          privacy_acknowledged=True).cleaned()
    assert built == expected
    assert built.domicile_same and built.permit_expiry is None  # the defaults
    with pytest.raises(TypeError, match="nickname"):
        PersonForm.of_clean({"nickname": "x"})


def test_random_uuid_hex_are_version_4_uuids() -> None:
    ids = random_uuid_hex(500)
    assert len(set(ids)) == 500
    for text in ids:
        value = uuid.UUID(hex=text)
        assert (value.hex, value.version, value.variant) == (text, 4, uuid.RFC_4122)


def test_random_uuids_are_distinct_version_4_uuids() -> None:
    ids = random_uuids(500)
    assert len(set(ids)) == 500
    assert all((value.version, value.variant) == (4, uuid.RFC_4122) for value in ids)

