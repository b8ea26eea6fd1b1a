"""A printout rendered but not archived yet, and the fingerprint the archive keeps of it.

Renderers (agreements, person printouts) produce a :class:`RenderedDocument` and the
archive stores it; both sides import this module, so a renderer never needs the
archive and the archive may call a renderer to rebuild an old printout.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def pdf_sha256(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


@dataclass(frozen=True)
class RenderedDocument:
    """A printout ready to preview, print or save; not archived yet."""

    pdf: bytes
    kind: str
    number: str
    version: int
    title: str
    person_id: uuid.UUID | None = None
    agreement_version_id: uuid.UUID | None = None
    #: What identifies the content beyond the number (edition, language, copies...).
    params: Mapping[str, Any] = field(default_factory=dict)
    #: The file name proposed when saving it as PDF.
    filename: str = "documento.pdf"
    #: Set when the bytes come from the archive (a reprint): printing them again adds
    #: an audit line, not a second archive row.
    archived_id: uuid.UUID | None = None

    @property
    def sha256(self) -> str:
        return pdf_sha256(self.pdf)
