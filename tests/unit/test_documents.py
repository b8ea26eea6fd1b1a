import datetime as dt
import io

from pypdf import PdfReader

from desktop.documents.centre_sheet import render_centre_sheet
from desktop.infra.database import Database
from desktop.services.organisation.centre import site_info

DAY = dt.date(2026, 11, 25)


def test_centre_sheet_holds_the_sites_data(demo_db: Database) -> None:
    pdf = render_centre_sheet(site_info(demo_db), DAY)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "CPI Firenze" in text
    assert "Scheda del centro" in text
    assert "Lunedì–Venerdì 9:00–12:30" in text
    assert "Accoglienza e DID" in text
    assert "Collocamento mirato" in text
    assert "pagina 1 di 1" in text
    assert "SC-FI01-SC-20261125" in text
    assert reader.metadata.title == "Scheda del centro"


def test_fonts_are_embedded(demo_db: Database) -> None:
    reader = PdfReader(io.BytesIO(render_centre_sheet(site_info(demo_db), DAY)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (font.get("/FontDescriptor") or {}).get_object() if "/FontDescriptor" in font \
            else None
        names.append(str(font["/BaseFont"]))
        assert descriptor is not None and "/FontFile2" in descriptor, font["/BaseFont"]
    assert any("DejaVuSans" in n for n in names)


def test_two_builds_are_byte_identical(demo_db: Database) -> None:
    site = site_info(demo_db)
    assert render_centre_sheet(site, DAY) == render_centre_sheet(site, DAY)
