"""The texts of the three editions, read as their readers would: bodies in force, the
region's own identity, firms' and collocamento mirato's own standards, rights and duties;
bad texts refused at load with one sentence."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from desktop.documents.charter import EDITIONS, load_charter_texts
from desktop.errors import NotFoundError, ValidationError
from desktop.infra import clock
from desktop.infra.database import Database
from desktop.paths import resource_path
from desktop.services.charter.printing import charter_document
from desktop.services.security.accounts import OperatorInfo
from desktop.values.charter import INDICATORS
from desktop.values.site import SiteInfo
from tests.charter.conftest import flat_text


@pytest.mark.parametrize("lang", ["it", "en"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_has_its_own_known_standards_rights_and_duties(
        edition: str, lang: str) -> None:
    texts = load_charter_texts(edition, lang)
    assert texts.standards and all(s.indicator in INDICATORS for s in texts.standards)
    assert texts.edition["rights"] and texts.edition["duties"]
    italian = load_charter_texts(edition, "it")
    assert [s.id for s in texts.standards] == [s.id for s in italian.standards]
    assert [(s.indicator, s.target) for s in texts.standards] == [
        (s.indicator, s.target) for s in italian.standards]


def test_the_editions_differ_for_their_readers() -> None:
    ids = {e: {s.id for s in load_charter_texts(e, "it").standards} for e in EDITIONS}
    assert "patto_nei_termini" in ids["cittadini"]
    assert not {"patto_nei_termini", "attesa_media"} & ids["imprese"]
    assert {"iscrizione", "colloquio", "accomodamenti"} <= ids["disabili"]
    firms = load_charter_texts("imprese", "it")
    words = " ".join(firms.edition["rights"] + firms.edition["duties"]).lower()
    assert "tessera sanitaria" not in words and "turno" not in words
    assert not re.search(r"\bdid\b", words)


@pytest.mark.parametrize("lang", ["it", "en"])
def test_printed_editions_name_the_bodies_in_force_and_the_region(
        demo_db: Database, site: SiteInfo, front_desk: OperatorInfo, lang: str) -> None:
    for edition in EDITIONS:
        text = flat_text(charter_document(demo_db, front_desk, site.site_code, edition, lang,
                                          clock.today()).pdf)
        assert "coordinata dall'ANPAL" not in text and "all'ANPAL" not in text
        assert "shared with ANPAL" not in text and "MyANPAL" not in text
        assert ("Ministero del Lavoro e delle Politiche Sociali" in text
                or "Ministry of Labour and Social Policies" in text)
        assert "SIISL" in text
        assert "ARTI — Agenzia Regionale Toscana per l'Impiego" in text  # demo: Toscana
        if edition == "imprese":
            assert "tessera sanitaria" not in text and "health card" not in text
        if edition == "disabili":
            assert ("Edizione per le persone con disabilità" in text
                    or "Edition for people with disabilities" in text)


def test_without_a_region_file_the_generic_words_are_used() -> None:
    text = str(load_charter_texts("cittadini", "it", region="Molise").common["principles"])
    assert "La Regione gestisce i Centri per l'Impiego" in text
    assert "{agency}" not in text


def _own_texts(tmp_path: Path, code: str) -> Path:
    root = tmp_path / "charter"
    shutil.copytree(resource_path("charter", "default"), root / "default")
    shutil.copytree(resource_path("charter", "default"), root / code)
    return root


def test_a_standard_with_an_unknown_indicator_is_refused_at_load(tmp_path: Path) -> None:
    root = _own_texts(tmp_path, "XX01")
    own = root / "XX01" / "it" / "cittadini.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace(
        "indicator: queue.mean_wait", "indicator: queue.media_attesa"), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_charter_texts("cittadini", "it", "XX01", root=root)
    assert info.value.user_message == (
        "Lo standard attesa_media dell'edizione cittadini è misurato da un indicatore "
        "sconosciuto (queue.media_attesa): correggi i testi della Carta; non è stato "
        "stampato nulla.")


def test_an_edition_without_texts_in_the_language_is_refused(tmp_path: Path) -> None:
    root = _own_texts(tmp_path, "XX01")
    (root / "XX01" / "en" / "imprese.yaml").unlink()
    with pytest.raises(NotFoundError) as info:
        load_charter_texts("imprese", "en", "XX01", root=root)
    assert info.value.user_message == (
        "L'edizione imprese della Carta non ha i testi in en: non è stato stampato nulla.")
    own = root / "XX01" / "en" / "disabili.yaml"
    text = own.read_text(encoding="utf-8")
    own.write_text(text[:text.index("\nrights:")] + "\n", encoding="utf-8")
    with pytest.raises(NotFoundError) as info:
        load_charter_texts("disabili", "en", "XX01", root=root)
    assert "non ha i testi in en (rights, duties)" in info.value.user_message
