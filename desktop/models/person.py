"""The person (SAP, Scheda Anagrafica Professionale): the sections the counter fills.

Identity, birthplace (Italian comune valid at the birth date, or a foreign state),
citizenship, residence and domicile, contacts, the non-EU residence permit, the
delegate who acts for a minor and the dated acknowledgement of the privacy notice.
DID, curriculum, visits and L. 68 enrolment live in their own tables.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from sqlalchemy import Boolean, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


def search_key(surname: str, name: str) -> str:
    """Surname and name folded (no accents, apostrophes, spaces, case), for name search."""
    return " ".join(f"{_fold_key(surname)} {_fold_key(name)}".split())


#: What a folded key drops once the text is lowercase ASCII: all but letters, digits, spaces.
_NOT_KEY = re.compile(r"[^a-z0-9 ]")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _fold_key(text: str) -> str:
    """Lowercase ASCII without accents: letters, digits and spaces only."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_KEY.sub("", plain.lower())


def phone_key(phone: str) -> str:
    """A phone number as digits only (a leading + kept), so searches ignore spacing."""
    digits = (_NOT_DIGIT.sub("", phone) if phone.isascii()  # str.isdigit's digits in ASCII
              else "".join(ch for ch in phone if ch.isdigit()))
    return ("+" + digits) if phone.strip().startswith("+") and digits else digits


class Person(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "person"
    __table_args__ = (
        Index("ix_person_birth_date_sex", "birth_date", "sex"),  # duplicate tier 2
        Index("ix_person_email", "email"),  # duplicate tier 3, search
        # the search box's ordered range: rows come in order, 50 read (migration 1040)
        Index("ix_person_search_birth", "search_key", "birth_date"),
    )

    #: Codice fiscale as issued to this person, uppercase. An omocode is a different
    #: person's code by law: this exact code is what is unique.
    fiscal_code: Mapped[str] = mapped_column(String(16), unique=True)
    #: The omocode-reduced form: it only feeds duplicate warnings (tier 1), never
    #: uniqueness (the holder of the reduced code may be someone else).
    fiscal_code_base: Mapped[str] = mapped_column(String(16), index=True)
    surname: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date]
    #: Belfiore code of the birth comune, or Z-code of the foreign state.
    birthplace_code: Mapped[str] = mapped_column(String(4))
    #: Name and province of the birthplace as valid at the birth date ("EE" abroad).
    birthplace_name: Mapped[str] = mapped_column(String(100), default="")
    birthplace_province: Mapped[str] = mapped_column(String(2), default="")
    citizenship: Mapped[str] = mapped_column(String(60), default="italiana")
    marital_status: Mapped[str] = mapped_column(String(30), default="")

    residence_code: Mapped[str] = mapped_column(String(4), default="")
    residence_town: Mapped[str] = mapped_column(String(100), default="")
    residence_province: Mapped[str] = mapped_column(String(2), default="")
    residence_address: Mapped[str] = mapped_column(String(200), default="")
    residence_number: Mapped[str] = mapped_column(String(20), default="")
    residence_postcode: Mapped[str] = mapped_column(String(5), default="")
    domicile_same: Mapped[bool] = mapped_column(Boolean, default=True)
    domicile_code: Mapped[str] = mapped_column(String(4), default="")
    domicile_town: Mapped[str] = mapped_column(String(100), default="")
    domicile_province: Mapped[str] = mapped_column(String(2), default="")
    domicile_address: Mapped[str] = mapped_column(String(200), default="")
    domicile_number: Mapped[str] = mapped_column(String(20), default="")
    domicile_postcode: Mapped[str] = mapped_column(String(5), default="")

    mobile: Mapped[str] = mapped_column(String(30), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    pec: Mapped[str] = mapped_column(String(200), default="")

    #: Non-EU residence permit (permesso di soggiorno): all mandatory once it applies.
    permit_type: Mapped[str] = mapped_column(String(60), default="")
    permit_number: Mapped[str] = mapped_column(String(30), default="")
    permit_expiry: Mapped[dt.date | None] = mapped_column(default=None)
    permit_reason: Mapped[str] = mapped_column(String(100), default="")
    permit_questura: Mapped[str] = mapped_column(String(100), default="")

    #: Delegate acting for a minor (parent or guardian).
    delegate_name: Mapped[str] = mapped_column(String(200), default="")
    delegate_fiscal_code: Mapped[str] = mapped_column(String(16), default="")
    delegate_relation: Mapped[str] = mapped_column(String(60), default="")

    #: Version of the privacy notice the person acknowledged, and when.
    privacy_version: Mapped[str] = mapped_column(String(20), default="")
    privacy_acknowledged_at: Mapped[dt.datetime | None] = mapped_column(default=None)

    #: Derived search keys (kept by the listener below): folded names, digits-only mobile.
    search_key: Mapped[str] = mapped_column(String(210), default="")
    mobile_key: Mapped[str] = mapped_column(String(30), default="", index=True)


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _derive_keys(mapper: Any, connection: Any, target: Person) -> None:
    target.search_key = search_key(target.surname or "", target.name or "")
    target.mobile_key = phone_key(target.mobile or "")
    target.email = (target.email or "").strip().lower()
