"""Fixtures of the Carta tests: the demo centre, its site, a front-desk operator and the
centre manager, and a helper to read a printed PDF back as one line of text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from desktop.infra.database import Database
from desktop.services.organisation.centre import site_info
from desktop.services.security.accounts import OperatorInfo, get_operator
from desktop.values.site import SiteInfo


def flat_text(pdf: bytes) -> str:
    """The PDF's text with line breaks as spaces (table cells wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def site(demo_db: Database) -> SiteInfo:
    return site_info(demo_db)


@pytest.fixture
def front_desk(demo_db: Database) -> OperatorInfo:
    return get_operator(demo_db, "g.bellini")


@pytest.fixture
def manager(demo_db: Database) -> OperatorInfo:
    return get_operator(demo_db, "demo")
