"""The person (SAP, Scheda Anagrafica Professionale): identity and contacts.

The registration issue extends this record (birthplace details, residence,
permit, DID, curriculum); the foundation holds what the demo and search need.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Timestamps, UUIDPrimaryKey


class Person(UUIDPrimaryKey, Timestamps, Base):
    __tablename__ = "person"

    #: Codice fiscale as typed, uppercase (an omocode stays as issued).
    fiscal_code: Mapped[str] = mapped_column(String(16), index=True)
    #: The omocode-normalised form: the key of every uniqueness and duplicate check.
    fiscal_code_base: Mapped[str] = mapped_column(String(16), unique=True)
    surname: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(100))
    sex: Mapped[str] = mapped_column(String(1))
    birth_date: Mapped[dt.date]
    #: Belfiore code of the birth comune, or Z-code of the foreign state.
    birthplace_code: Mapped[str] = mapped_column(String(4))
    citizenship: Mapped[str] = mapped_column(String(60), default="italiana")
    mobile: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
