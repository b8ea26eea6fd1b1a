"""Carta dei servizi: editions, languages, live data, standards and measured figures."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.documents.charter import (
    EDITIONS,
    load_charter_texts,
    render_charter,
)
from desktop.errors import NotFoundError
from desktop.paths import resource_path
from desktop.values.charter import CharterMeasures, MeasuredValue
from desktop.values.site import SiteInfo
from tests.documents.conftest import DAY, page_count, pdf_text

OCTOBER = CharterMeasures(dt.date(2026, 10, 1), dt.date(2026, 10, 31), (
    MeasuredValue("attesa_media", 17.4, 1234, met=True),
    MeasuredValue("attesa_entro_standard", 0.862, 1234, met=True)))


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_every_edition_is_a_real_charter_of_ten_pages_or_more(
        site: SiteInfo, edition: str, lang: str) -> None:
    pdf = render_charter(site, edition, lang, DAY)
    assert page_count(pdf) >= 10
    text = pdf_text(pdf)
    # Live data of the site.
    assert "Via dei Servizi 1, 50129 Firenze (FI)" in text
    assert "Lunedì–Venerdì 9:00–12:30" in text
    assert "Sportello 5" in text
    texts = load_charter_texts(edition, lang)
    for service in texts.edition["services"]:
        assert service["name"] in text.replace("\n", " ")
    # Standards with numbers, complaints and privacy.
    flat = text.replace("\n", " ")
    assert ("Entro 30 giorni dal ricevimento" in flat) if lang == "it" else (
        "Within 30 days of receipt" in flat)
    assert "2016/679" in text
    assert f"di {page_count(pdf)}" in text or f"of {page_count(pdf)}" in text
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.title == texts.edition["title"]


def test_without_statistics_the_charter_says_figures_are_not_available(site: SiteInfo) -> None:
    text = pdf_text(render_charter(site, "cittadini", "it", DAY)).replace("\n", " ")
    assert "I valori misurati non sono ancora disponibili" in text
    english = pdf_text(render_charter(site, "cittadini", "en", DAY)).replace("\n", " ")
    assert "Measured figures are not yet available" in english


def test_measured_indicators_are_printed_for_the_period(site: SiteInfo) -> None:
    text = pdf_text(render_charter(site, "cittadini", "it", DAY, OCTOBER)).replace("\n", " ")
    assert "01/10/2026 – 31/10/2026" in text
    assert "17,4 minuti — rispettato" in text
    assert "86,2% — rispettato" in text
    assert "non sono ancora disponibili" not in text
    english = pdf_text(render_charter(site, "cittadini", "en", DAY, OCTOBER)).replace("\n", " ")
    assert "17.4 minutes — met" in english and "86.2% — met" in english


def test_two_builds_are_byte_identical(site: SiteInfo) -> None:
    assert render_charter(site, "disabili", "it", DAY, OCTOBER) == render_charter(
        site, "disabili", "it", DAY, OCTOBER)


def test_fonts_are_embedded_on_every_page(site: SiteInfo) -> None:
    reader = PdfReader(io.BytesIO(render_charter(site, "imprese", "it", DAY)))
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font \
                else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert "DejaVuSans" in str(font["/BaseFont"])


def test_a_centre_can_edit_its_own_texts(site: SiteInfo, tmp_path: Path) -> None:
    root = tmp_path / "charter"
    shutil.copytree(resource_path("charter", "default"), root / "default")
    shutil.copytree(resource_path("charter", "default"), root / site.centre_code)
    own = root / site.centre_code / "it" / "cittadini.yaml"
    own.write_text(own.read_text(encoding="utf-8").replace(
        "Accoglienza e informazione", "Benvenuto e informazioni"), encoding="utf-8")
    texts = load_charter_texts("cittadini", "it", site.centre_code, root=root)
    text = pdf_text(render_charter(site, "cittadini", "it", DAY, texts=texts))
    assert "Benvenuto e informazioni" in text
    default = load_charter_texts("cittadini", "it", "XX99", root=root)
    assert default.source.endswith("default/it")


def test_unknown_edition_is_refused_in_italian() -> None:
    with pytest.raises(NotFoundError) as info:
        load_charter_texts("turisti", "it")
    assert "Edizione della Carta sconosciuta" in info.value.user_message
