"""publiccode.yml (issue 22 item 7): the rules of the publiccode.yml standard v0.4 and of
its Italian extension 1.0 that can be checked offline, as publiccode-parser applies them."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import desktop

ROOT = Path(__file__).resolve().parents[2]

SOFTWARE_TYPES = {"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
                  "standalone/backend", "standalone/other", "addon", "library",
                  "configurationFiles"}
DEVELOPMENT_STATUS = {"concept", "development", "beta", "stable", "obsolete"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
#: The categories of the standard's list that such software may use.
CATEGORIES = {
    "accounting", "appointment-scheduling", "backup", "business-intelligence",
    "business-process-management", "call-center-management", "collaboration",
    "communications", "compliance-management", "contact-management", "content-management",
    "crm", "customer-service-and-support", "data-analytics", "data-collection",
    "data-visualization", "digital-citizenship", "document-management", "e-signature",
    "employee-management", "event-management", "help-desk", "hr", "knowledge-management",
    "office", "online-booking", "productivity-suite", "resource-management",
    "service-desk-software", "survey", "talent-management", "task-management",
    "time-management", "translation", "visitor-management", "workflow-management",
}
SCOPES = {"agriculture", "culture", "defence", "education", "emergency-services",
          "employment", "energy", "environment", "finance-and-economic-development",
          "foreign-affairs", "government", "healthcare", "infrastructures", "justice",
          "local-authorities", "manufacturing", "research", "science-and-technology",
          "security", "society", "sport", "tourism", "transportation", "welfare"}
REQUIRED = ("publiccodeYmlVersion", "name", "url", "platforms", "categories",
            "developmentStatus", "softwareType", "description", "legal", "maintenance",
            "localisation")


@pytest.fixture(scope="module")
def card() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_required_keys_and_version(card: dict[str, Any]) -> None:
    assert [key for key in REQUIRED if key not in card] == []
    assert card["publiccodeYmlVersion"] == "0.4"
    assert card["softwareVersion"] == desktop.__version__
    dt.date.fromisoformat(str(card["releaseDate"]))
    for key in ("url", "landingURL"):
        assert re.fullmatch(r"https://[^\s/]+\.[^\s/]+/\S*", card[key]), key


def test_enumerations(card: dict[str, Any]) -> None:
    assert card["softwareType"] == "standalone/desktop"
    assert card["developmentStatus"] in DEVELOPMENT_STATUS
    assert set(card["platforms"]) == {"linux", "windows"}
    assert card["categories"] and set(card["categories"]) <= CATEGORIES
    assert set(card["intendedAudience"]["scope"]) <= SCOPES


def test_descriptions_in_italian_and_english(card: dict[str, Any]) -> None:
    assert set(card["description"]) >= {"it", "en"}
    for language, text in card["description"].items():
        short, long = text["shortDescription"].strip(), text["longDescription"].strip()
        assert 0 < len(short) <= 150, (language, len(short))
        assert 150 <= len(long) <= 10000, (language, len(long))
        assert text["features"] and all(0 < len(f) <= 100 for f in text["features"])
        assert 0 < len(text["genericName"]) <= 35, (language, text["genericName"])
        shots = [ROOT / path for path in text["screenshots"]]
        assert shots and all(p.is_file() and p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
                             for p in shots), shots


def test_legal_maintenance_and_localisation(card: dict[str, Any]) -> None:
    assert card["legal"]["license"] == "EUPL-1.2"
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "EUPL-1.2"', pyproject, re.M)
    maintenance = card["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in ("internal", "community"):
        assert maintenance["contacts"] and all(c.get("name") for c in maintenance["contacts"])
    if maintenance["type"] == "contract":
        assert maintenance["contractors"]
    for contact in maintenance.get("contacts", []):
        assert "email" not in contact or re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", contact["email"])
    localisation = card["localisation"]
    assert localisation["localisationReady"] is True
    assert set(localisation["availableLanguages"]) == {"it", "en"}


def test_italian_extension(card: dict[str, Any]) -> None:
    italian = card["it"]
    assert italian["countryExtensionVersion"] == "1.0"
    assert set(italian["conforme"]) <= {"lineeGuidaDesign", "modelloInteroperabilita",
                                        "misureMinimeSicurezza", "gdpr"}
    assert set(italian["piattaforme"]) <= {"spid", "cie", "anpr", "pagopa"}
    assert all(isinstance(v, bool) for part in ("conforme", "piattaforme")
               for v in italian[part].values())
