"""Informativa privacy (art. 13 GDPR): its text and its single version identifier live
in resources/privacy/notice.yaml (Italian and English); the registration records that
version with the person's acknowledgement, and the printout shows it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from desktop.documents.base import build_pdf, ensure_printable, styles, text
from desktop.documents.privacy_notice import load_notice as _load
from desktop.documents.privacy_notice import privacy_notice_version
from desktop.documents.receipts import (
    CentreHeader,
    document_meta,
    pairs_table,
    signature_line,
)

LANGUAGES = ("it", "en")


__all__ = ["privacy_notice_version"]  # its home is privacy_notice; callers import it here too


@dataclass(frozen=True)
class CentreContacts:
    """What the notice's "data controller" section names."""

    name: str
    address: str
    email: str = ""
    pec: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PrivacyNotice:
    number: str
    centre: CentreHeader
    contacts: CentreContacts
    issued: dt.date
    lang: str = "it"
    #: The person it is handed to (empty for a blank copy).
    full_name: str = ""
    fiscal_code: str = ""


def notice_texts(lang: str) -> dict[str, Any]:
    if lang not in LANGUAGES:
        raise ValueError(f"no privacy notice in {lang!r}")
    texts: dict[str, Any] = _load()[lang]
    return texts


def notice_title(lang: str) -> str:
    return str(notice_texts(lang)["title"])


def _fill(template: str, contacts: CentreContacts) -> str:
    return template.format(
        centre=contacts.name, address=contacts.address, email=contacts.email or "—",
        pec=f", PEC {contacts.pec}" if contacts.pec else "",
        phone=f", tel. {contacts.phone}" if contacts.phone else "")


def render_privacy_notice(notice: PrivacyNotice) -> bytes:
    ensure_printable(notice)
    t = notice_texts(notice.lang)
    s = styles()
    version = privacy_notice_version()
    story: list[Flowable] = [
        Paragraph(text(t["title"]), s["Title"]),
        Paragraph(text(t["subtitle"]), s["Small"]),
        Spacer(1, 2 * mm),
        Paragraph(text(t["intro"]), s["Body"]),
    ]
    for section in t["sections"]:
        story += [Paragraph(text(section["heading"]), s["Heading2"]),
                  Paragraph(text(_fill(section["body"], notice.contacts)), s["Body"])]
    rows = [(t["version_label"], version)]
    if notice.full_name:
        rows.insert(0, (t["person_label"], f"{notice.full_name} — {notice.fiscal_code}"))
    story += [Spacer(1, 5 * mm), KeepTogether([
        pairs_table(rows), Spacer(1, 3 * mm),
        Paragraph(text(t["acknowledgement"]), s["Body"]), Spacer(1, 8 * mm),
        signature_line(notice.centre.town, notice.issued, t["signature"])])]
    meta = document_meta(t["title"], notice.number, notice.issued, notice.centre,
                         language="en-GB" if notice.lang == "en" else "it-IT")
    return build_pdf(meta, story)

