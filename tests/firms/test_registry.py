"""The firms' registry on a real encrypted SQLite file: register, edit, search, bad input."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from desktop.errors import PermissionDenied, ValidationError
from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.models.matching import Employer
from desktop.models.sync import OutboxEntry
from desktop.services.firms import ateco, registry
from desktop.services.firms.firm_page import read_firm
from desktop.services.firms.firm_values import FirmForm
from tests.firms.conftest import FakeActor, partita_iva, wrong_check_digit


def _counts(db: Database) -> tuple[int, int, int]:
    with db.read() as session:
        return (session.scalar(select(func.count()).select_from(Employer)) or 0,
                session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
                session.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def test_register_writes_firm_audit_and_outbox(db: Database, officer: FakeActor,
                                               firm_form: FirmForm) -> None:
    firm_id = registry.register_firm(db, officer, firm_form, site_code="FI01")
    detail = read_firm(db, officer, firm_id)
    assert detail.form.name == "Pasticceria Buonarroti S.r.l."
    assert detail.form.email == "info@buonarroti.example.it"
    assert detail.form.size_band == "36-50"  # from the 40 employees
    assert detail.ateco_title == "Produzione di pasticceria fresca"
    assert detail.comune == "Firenze"
    assert detail.quota is not None and detail.quota.total == 2
    assert detail.quota.uncovered == 1
    with db.read() as session:
        audit = session.scalars(select(AuditEntry.action)).all()
        kinds = session.scalars(select(OutboxEntry.kind)).all()
    assert "firm.create" in audit
    assert kinds == ["employer_event"]


@pytest.mark.parametrize(("field", "value"), [
    ("fiscal_code", "wrong"),
    ("name", "   "),
    ("ateco", "99.99.99"),
    ("ateco", ""),
    ("email", "info@buonarroti"),
    ("phone", "055-abc"),
    ("employees", -3),
    ("l68_hires", -1),
    ("comune_code", "Z9Z9"),
])
def test_bad_input_is_one_sentence_and_saves_nothing(
        db: Database, officer: FakeActor, firm_form: FirmForm, field: str, value: object) -> None:
    if value == "wrong":
        value = wrong_check_digit(firm_form.fiscal_code)
    before = _counts(db)
    with pytest.raises(ValidationError) as caught:
        registry.register_firm(db, officer, dataclasses.replace(firm_form, **{field: value}))
    assert set(caught.value.fields) == {field}
    message = caught.value.fields[field]
    assert message.endswith(".") and message.replace("L. 68", "L68").count(". ") == 0
    assert _counts(db) == before


def test_italian_sentences(db: Database, officer: FakeActor, firm_form: FirmForm) -> None:
    bad = dataclasses.replace(firm_form, fiscal_code=wrong_check_digit(firm_form.fiscal_code),
                              email="x@y", employees=-1, name="", ateco="00.00")
    errors = registry.validate_firm(bad)
    assert "non è una partita IVA valida" in errors["fiscal_code"]
    assert "negativo" in errors["employees"]
    assert "ragione sociale" in errors["name"]
    assert "non è un codice ATECO" in errors["ateco"]
    assert "non è un indirizzo e-mail valido" in errors["email"]


def test_duplicate_firm_is_refused(db: Database, officer: FakeActor,
                                  firm_form: FirmForm) -> None:
    registry.register_firm(db, officer, firm_form)
    before = _counts(db)
    spaced = " IT" + firm_form.fiscal_code[:5] + " " + firm_form.fiscal_code[5:]
    with pytest.raises(ValidationError) as caught:
        registry.register_firm(db, officer, dataclasses.replace(
            firm_form, fiscal_code=spaced, name="Altra ditta"))
    assert "già registrat" in caught.value.fields["fiscal_code"]
    assert "Pasticceria Buonarroti" in caught.value.fields["fiscal_code"]
    assert _counts(db) == before


def test_edit_keeps_code_unique_and_updates_search(db: Database, officer: FakeActor,
                                                   firm_form: FirmForm) -> None:
    first = registry.register_firm(db, officer, firm_form)
    other = registry.register_firm(db, officer, dataclasses.replace(
        firm_form, fiscal_code=partita_iva(7654321), name="Forno Dante"))
    with pytest.raises(ValidationError):
        registry.update_firm(db, officer, other, dataclasses.replace(
            firm_form, name="Forno Dante"))  # the first firm's code
    registry.update_firm(db, officer, first, dataclasses.replace(
        firm_form, name="Pâtisserie Città", employees=None, size_band="0-14"))
    assert [r.id for r in registry.search_firms(db, officer, "patisserie cit")] == [first]
    detail = read_firm(db, officer, first)
    assert detail.quota is None and detail.form.size_band == "0-14"


def test_band_must_match_the_employees(firm_form: FirmForm) -> None:
    errors = registry.validate_firm(dataclasses.replace(firm_form, size_band="0-14"))
    assert "36-50" in errors["size_band"]
    errors = registry.validate_firm(dataclasses.replace(firm_form, employees=None))
    assert "size_band" in errors


def test_search_by_name_prefix_word_and_code(db: Database, officer: FakeActor,
                                            firm_form: FirmForm) -> None:
    ids = {}
    for n, name in enumerate(("Trattoria Da Ugo", "Trattamenti Termici Srl", "Bar Trattoria")):
        ids[name] = registry.register_firm(db, officer, dataclasses.replace(
            firm_form, fiscal_code=partita_iva(100 + n), name=name))
    by_prefix = [r.name for r in registry.search_firms(db, officer, "tratt")]
    assert by_prefix[:2] == ["Trattamenti Termici Srl", "Trattoria Da Ugo"]
    assert by_prefix[2] == "Bar Trattoria"  # holds the word, after the prefix matches
    code = partita_iva(101)
    assert [r.id for r in registry.search_firms(db, officer, code[:8])] == [
        ids["Trattamenti Termici Srl"]]
    assert registry.search_firms(db, officer, "zzz") == []


def test_front_desk_role_cannot_use_the_registry(db: Database, clerk: FakeActor,
                                                 firm_form: FirmForm) -> None:
    with pytest.raises(PermissionDenied):
        registry.register_firm(db, clerk, firm_form)
    with pytest.raises(PermissionDenied):
        registry.search_firms(db, clerk, "a")


def test_ateco_picker_finds_by_words() -> None:
    found = ateco.find_ateco("ristorazione somministrazione")
    assert any(e.code == "56.10.11" for e in found)
    assert [e.code for e in ateco.find_ateco("47.11.1")][:1] == ["47.11.1"]
    assert ateco.find_ateco("") == []
    assert ateco.ateco_title("62.01.00").startswith("Produzione di software")
    assert not ateco.is_known_ateco("A")  # a section letter is not a firm's activity


def test_a_sole_trader_registers_with_a_codice_fiscale(db: Database, officer: FakeActor,
                                                       firm_form: FirmForm) -> None:
    firm_id = registry.register_firm(db, officer, dataclasses.replace(
        firm_form, fiscal_code="rssmra85t10a562s", name="Mario Rossi idraulico",
        ateco="43.22.01", employees=2))
    detail = read_firm(db, officer, firm_id)
    assert detail.form.fiscal_code == "RSSMRA85T10A562S"
    assert detail.quota is not None and detail.quota.total == 0
