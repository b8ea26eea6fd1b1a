"""The SAP record as the counter types it, and its validation: every field checked, every
error one Italian sentence next to its field; nothing is saved until the whole form is valid.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass, fields, replace

from desktop.i18n import _
from desktop.services.people.fiscal_code import FiscalCodeCheck, check, mismatches
from desktop.services.reference.places import caps_of, place_at, places_with_code

#: Citizenships (as recorded, Italian adjective) that need no residence permit: EU/EEA/CH.


EU_CITIZENSHIPS = frozenset({
    "italiana", "austriaca", "belga", "bulgara", "cipriota", "croata", "danese", "estone",
    "finlandese", "francese", "tedesca", "greca", "irlandese", "lettone", "lituana",
    "lussemburghese", "maltese", "olandese", "polacca", "portoghese", "ceca", "rumena",
    "slovacca", "slovena", "spagnola", "svedese", "ungherese", "islandese",
    "norvegese", "liechtensteinese", "svizzera", "sammarinese",
})


_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-.][^\W\d_]+)*[.]?$")


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


_PHONE = re.compile(r"^\+?[0-9]{6,15}$")


_CAP = re.compile(r"^[0-9]{5}$")


_LIMITS = {"surname": 100, "name": 100, "citizenship": 60, "residence_address": 200,
           "residence_number": 20, "domicile_address": 200, "domicile_number": 20,
           "email": 200, "pec": 200, "permit_type": 60, "permit_number": 30,
           "permit_reason": 100, "permit_questura": 100, "delegate_name": 200,
           "delegate_relation": 60, "marital_status": 30}


@dataclass(frozen=True)
class PersonForm:
    """What the registration form holds, as typed (strings) or chosen."""

    fiscal_code: str = ""
    surname: str = ""
    name: str = ""
    sex: str = ""
    birth_date: dt.date | None = None
    birthplace_code: str = ""
    citizenship: str = "italiana"
    marital_status: str = ""
    residence_code: str = ""
    residence_address: str = ""
    residence_number: str = ""
    residence_postcode: str = ""
    domicile_same: bool = True
    domicile_code: str = ""
    domicile_address: str = ""
    domicile_number: str = ""
    domicile_postcode: str = ""
    mobile: str = ""
    phone: str = ""
    email: str = ""
    pec: str = ""
    permit_type: str = ""
    permit_number: str = ""
    permit_expiry: dt.date | None = None
    permit_reason: str = ""
    permit_questura: str = ""
    delegate_name: str = ""
    delegate_fiscal_code: str = ""
    delegate_relation: str = ""
    privacy_acknowledged: bool = False

    def cleaned(self) -> PersonForm:
        """Strings stripped, codes uppercased, e-mails lowercased."""
        changes: dict[str, str] = {}
        # All the text fields read at once (an import cleans tens of thousands of forms).
        for name, value in zip(_CASES, _string_values(self), strict=True):
            new = clean_field(name, value)
            if new != value:
                changes[name] = new
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]

    @classmethod
    def of_clean(cls, values: dict[str, object]) -> PersonForm:
        """The form with ``values`` (by field name) and the defaults elsewhere, for values
        already as :meth:`cleaned` leaves them (each text through :func:`clean_field`).

        The same object the constructor makes, without its per-field frozen assignments:
        the bulk import builds one form per row, tens of thousands."""
        unknown = values.keys() - _DEFAULTS.keys()
        if unknown:
            raise TypeError(f"PersonForm has no field {sorted(unknown)}")
        form = object.__new__(cls)
        form.__dict__.update(_DEFAULTS)
        form.__dict__.update(values)
        return form


def clean_field(name: str, value: str) -> str:
    """A text field of the form as :meth:`PersonForm.cleaned` leaves it: whitespace runs
    made one space and stripped, codes uppercased, e-mails lowercased."""
    if not value:
        return value
    new = " ".join(value.split())
    upper, lower = _CASES[name]
    return new.upper() if upper else new.lower() if lower else new


#: (name, uppercase?, lowercase?) of the form's text fields, for ``cleaned``.
_STRING_FIELDS = tuple(
    (f.name, f.name.endswith("code"), f.name in ("email", "pec"))
    for f in fields(PersonForm) if f.type in ("str", str))
_string_values = operator.attrgetter(*(name for name, _upper, _lower in _STRING_FIELDS))
#: Text field name -> (uppercase?, lowercase?), in the order of ``_STRING_FIELDS``.
_CASES = {name: (upper, lower) for name, upper, lower in _STRING_FIELDS}
#: Every field's default (all immutable), for ``PersonForm.of_clean``.
_DEFAULTS = {f.name: f.default for f in fields(PersonForm)}


_limited_values = operator.attrgetter(*_LIMITS)


def _label(name: str) -> str:
    """How an error sentence names the surname or name field (translated when used)."""
    return _("The surname") if name == "surname" else _("The name")


@dataclass(frozen=True)
class FormCheck:
    errors: dict[str, str]
    warnings: dict[str, str]

    @property
    def ok(self) -> bool:
        return not self.errors


def needs_permit(citizenship: str) -> bool:
    return bool(citizenship) and citizenship.strip().lower() not in EU_CITIZENSHIPS


def is_minor(birth_date: dt.date | None, today: dt.date) -> bool:
    if birth_date is None:
        return False
    return (today.year - birth_date.year
            - ((today.month, today.day) < (birth_date.month, birth_date.day))) < 18


#: The field names of each address (prefix -> code, address, number, postcode).
_ADDRESS_FIELDS = {prefix: tuple(f"{prefix}_{part}" for part in
                                 ("code", "address", "number", "postcode"))
                   for prefix in ("residence", "domicile")}


def _check_address(form: PersonForm, prefix: str, errors: dict[str, str]) -> None:
    code_field, address_field, number_field, cap_field = _ADDRESS_FIELDS[prefix]
    code = getattr(form, code_field)
    current = place_at(code, dt.date.today()) if code else None
    if not code:
        errors[code_field] = _("Choose the comune.")
    elif current is None or current.foreign:
        errors[code_field] = _("This is not a current Italian comune.")
    if not getattr(form, address_field):
        errors[address_field] = _("The address is required.")
    if not getattr(form, number_field):
        errors[number_field] = _("The street number is required.")
    cap = getattr(form, cap_field)
    if not _CAP.match(cap):
        errors[cap_field] = _("The CAP has 5 digits.")
    elif code and code_field not in errors:
        caps = caps_of(code)
        if caps and cap not in caps:
            errors[cap_field] = _("The CAP {cap} does not belong to this comune "
                                  "(valid: {valid}).").format(
                cap=cap, valid=", ".join(caps[:4]) + (" …" if len(caps) > 4 else ""))


def validate_person(raw: PersonForm, today: dt.date | None = None, *,
                    cleaned: bool = False, cf: FiscalCodeCheck | None = None) -> FormCheck:
    """Every field's problem as an Italian sentence (errors block, warnings inform).

    ``cleaned`` says the form is already :meth:`PersonForm.cleaned`; ``cf`` passes a
    check of its code already made (the bulk import avoids doing both twice).
    """
    today = today or dt.date.today()
    form = raw if cleaned else raw.cleaned()
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for (name, limit), value in zip(_LIMITS.items(), _limited_values(form), strict=True):
        if len(value) > limit:
            errors[name] = _("Too long: at most {limit} characters.").format(limit=limit)
    cf = cf if cf is not None else check(form.fiscal_code, today)
    if not cf.valid:
        errors["fiscal_code"] = cf.errors[0]
    elif cf.warnings:
        warnings["fiscal_code"] = cf.warnings[0]
    for name, value in (("surname", form.surname), ("name", form.name)):
        if not value:
            errors[name] = _("{field} is required.").format(field=_label(name))
        elif name not in errors and not _NAME.match(value):
            errors[name] = _("{field} may hold only letters, spaces, apostrophes and "
                             "hyphens.").format(field=_label(name))
    if form.sex not in ("M", "F"):
        errors["sex"] = _("Choose the sex (M or F).")
    if form.birth_date is None:
        errors["birth_date"] = _("The birth date is required.")
    elif form.birth_date > today:
        errors["birth_date"] = _("The birth date is in the future.")
    elif form.birth_date.year < 1900:
        errors["birth_date"] = _("The birth date is before 1900.")
    if not form.birthplace_code:
        errors["birthplace"] = _("Choose the comune or foreign state of birth.")
    elif form.birth_date is not None and "birth_date" not in errors:
        if not places_with_code(form.birthplace_code):
            warnings["birthplace"] = _("This birthplace is not in the tables: check it.")
        elif place_at(form.birthplace_code, form.birth_date) is None:
            errors["birthplace"] = _("This comune did not exist on the birth date: choose "
                                     "the one valid then.")
    if not form.citizenship:
        errors["citizenship"] = _("The citizenship is required.")
    _check_address(form, "residence", errors)
    if not form.domicile_same:
        _check_address(form, "domicile", errors)
    if not form.mobile:
        errors["mobile"] = _("The mobile number is required.")
    elif not _PHONE.match(form.mobile.replace(" ", "")):
        errors["mobile"] = _("A phone number has 6 to 15 digits (a leading + allowed).")
    if form.phone and not _PHONE.match(form.phone.replace(" ", "")):
        errors["phone"] = _("A phone number has 6 to 15 digits (a leading + allowed).")
    for name in ("email", "pec"):
        value = getattr(form, name)
        if value and name not in errors and not _EMAIL.match(value):
            errors[name] = _("This is not an e-mail address (name@domain.it).")
    if needs_permit(form.citizenship):
        for name in ("permit_type", "permit_number", "permit_reason", "permit_questura"):
            if not getattr(form, name):
                errors[name] = _("Required for non-EU citizens.")
        if form.permit_expiry is None:
            errors["permit_expiry"] = _("Required for non-EU citizens.")
        elif form.permit_expiry < today:
            warnings["permit_expiry"] = _("The residence permit has expired.")
    if is_minor(form.birth_date, today):
        if not form.delegate_name:
            errors["delegate_name"] = _("A minor acts through a delegate: name required.")
        delegate_cf = check(form.delegate_fiscal_code, today)
        if not delegate_cf.valid:
            errors["delegate_fiscal_code"] = delegate_cf.errors[0]
    if not form.privacy_acknowledged:
        errors["privacy"] = _("The person must acknowledge the privacy notice.")
    if cf.valid and not errors.keys() & {"surname", "name", "sex", "birth_date"}:
        for name, message in mismatches(
                cf, surname=form.surname, name=form.name, sex=form.sex,
                birth_date=form.birth_date, birthplace_code=form.birthplace_code).items():
            warnings.setdefault(name, message)
    return FormCheck(errors, warnings)
