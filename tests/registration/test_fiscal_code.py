"""Codice fiscale: scanner input, omocodes, historical comuni, foreign states, CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from codicefiscale import codicefiscale
from stdnum import luhn

from desktop.cli import main
from desktop.services.people.fiscal_code import base_form, check, mismatches, normalise_input
from desktop.services.reference.places import caps_of, find_places, place_at

MARIO = "RSSMRA85T10A562S"


def test_scanner_input_is_stripped_and_uppercased() -> None:
    assert normalise_input("*rssmra85t10a562s*") == MARIO
    assert normalise_input(" RSS MRA 85T10 A562S ") == MARIO
    result = check("*RSSMRA85T10A562S*")
    assert result.valid and result.normalized == MARIO and not result.omocode


def test_decodes_sex_birth_date_and_birthplace() -> None:
    result = check(MARIO, names=True)
    assert result.sex == "M"
    assert result.birth_date == dt.date(1985, 12, 10)
    assert result.birthplace is not None
    assert (result.birthplace.name, result.birthplace.province) == ("San Giuliano Terme", "PI")
    assert "Mario" in result.firstname_options


@pytest.mark.parametrize("omocode", ["RSSMRA85T10A56NH", "RSSMRAURTMLARSNL", "RSSMRA85T10A5S2E"])
def test_omocodes_are_normalised_to_the_base_form(omocode: str) -> None:
    assert base_form(omocode) == MARIO
    result = check(omocode.lower())
    assert result.valid and result.omocode and result.normalized == MARIO
    assert result.birth_date == dt.date(1985, 12, 10)


@pytest.mark.parametrize(("text", "fragment"), [
    ("RSSMRA85T10A562X", "Carattere di controllo errato"),
    ("RSSMRA85T10A562", "ne sono stati digitati 15"),
    ("", "obbligatorio"),
    ("RSSMRA85Z10A562S", "non è un codice fiscale"),
    ("'; DROP TABLE person; --", "16 caratteri"),
])
def test_invalid_codes_say_why(text: str, fragment: str) -> None:
    result = check(text)
    assert not result.valid
    assert fragment in " ".join(result.errors)


def test_foreign_state_z_code() -> None:
    code = codicefiscale.encode(lastname="Popescu", firstname="Ion", gender="M",
                                birthdate="01/02/1990", birthplace="Romania")
    result = check(code)
    assert result.valid and result.birthplace is not None
    assert (result.birthplace.code, result.birthplace.name, result.birthplace.province) == (
        "Z129", "Romania", "EE")
    assert result.birthplace.foreign


def test_historical_comune_valid_at_the_birth_date() -> None:
    # Abbazia (A009, province of Fiume) existed from 1931 to 1947.
    code = codicefiscale.encode(lastname="Bianchi", firstname="Luisa", gender="F",
                                birthdate="05/03/1935", birthplace="A009")
    result = check(code)
    assert result.valid and result.birthplace is not None
    assert (result.birthplace.name, result.birthplace.province) == ("Abbazia", "FU")
    assert not result.warnings
    assert place_at("A009", dt.date(1950, 1, 1)) is None


def test_unknown_birthplace_warns_but_stays_valid() -> None:
    code = codicefiscale.encode(lastname="Bianchi", firstname="Luisa", gender="F",
                                birthdate="05/03/1925", birthplace="A009")
    result = check(code)
    assert result.valid
    assert result.birthplace is None and result.birthplace_code == "A009"
    assert "A009" in result.warnings[0]


def test_temporary_eleven_digit_code() -> None:
    good = "0123456001" + luhn.calc_check_digit("0123456001")
    assert check(good).valid and check(good).temporary
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert not check(bad).valid


def test_mismatch_between_form_and_code_warns() -> None:
    result = check(MARIO)
    warnings = mismatches(result, surname="Rossi", name="Mario", sex="F",
                          birth_date=dt.date(1985, 12, 11), birthplace_code="D612")
    assert set(warnings) == {"sex", "birth_date", "birthplace"}
    assert mismatches(result, surname="Verdi", name="Mario", sex="M",
                      birth_date=dt.date(1985, 12, 10))["surname"]
    assert mismatches(result, surname="Rossi", name="Mario", sex="M",
                      birth_date=dt.date(1985, 12, 10), birthplace_code="A562") == {}


def test_places_and_caps_come_from_the_packages() -> None:
    firenze = place_at("D612", dt.date(1990, 1, 1))
    assert firenze is not None and firenze.name == "Firenze"
    assert "50121" in caps_of("D612")
    assert any(p.code == "D612" for p in find_places("firenze", dt.date(1990, 1, 1)))
    assert any(p.name == "Forlì" for p in find_places("forli"))


def test_cf_command_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cf", "*RSSMRA85T10A56NH*"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] and out["omocode"] and out["normalized"] == MARIO
    assert out["sex"] == "M" and out["birth_date"] == "1985-12-10"
    assert out["birthplace"] == {"code": "A562", "name": "San Giuliano Terme", "province": "PI"}
    assert out["errors"] == []
    assert main(["cf", "RSSMRA85T10A562X"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert not out["valid"] and out["errors"]


def test_birth_date_read_as_stdnum_reads_it() -> None:
    """The fast date of ``check`` (no stdnum cleaning per call) is stdnum's date, for
    valid and impossible days, both sexes, omocodes and the century window."""
    import random

    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.it import codicefiscale as stdnum_cf

    from desktop.services.people.fiscal_code import base_form, birth_date_of

    rng = random.Random(3)
    checked = invalid = 0
    for _n in range(3000):
        day = rng.choice([rng.randrange(0, 80), 29, 30, 31, 69, 71, 0, 40])
        body = (f"RSSMRA{rng.randrange(100):02d}{rng.choice('ABCDEHLMPRST')}{day:02d}"
                f"D612")
        if rng.random() < 0.3:  # an omocode: every digit replaced by its letter
            body = body[:6] + body[6:].translate(str.maketrans("0123456789", "LMNPQRSTUV"))
        code = body + stdnum_cf.calc_check_digit(body)
        try:
            expected = stdnum_cf.get_birth_date(code)
        except StdnumError:
            expected = None
            invalid += 1
        assert birth_date_of(base_form(code)) == expected, code
        checked += 1
    assert checked == 3000 and invalid > 100
