"""CSV, XLSX and the one-page PDF summary, read back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.documents.indicators_summary import render_summary, summary_meta
from desktop.infra.database import Database
from desktop.services.actions.indicator_export import write_csv, write_xlsx
from desktop.services.actions.indicators import compute
from desktop.values.indicators import Period
from tests.indicators.conftest import AS_OF, MANAGER, Known

ISSUED = dt.date(2026, 1, 15)


def test_csv_holds_the_figures(db: Database, known: Known, tmp_path: Path) -> None:
    ind = compute(db, MANAGER, Period.year(2025), as_of=AS_OF)
    path = write_csv(ind, tmp_path / "ind.csv")
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert rows[0] == ["Periodo", "01/01/2025 – 31/12/2025", "Sede", "tutte le sedi"]
    values = {r[1]: r[2] for r in rows[2:]}
    assert values["persone prese in carico"] == "6"
    assert values["persone avviate al lavoro"] == "3"
    assert values["quota con contratto a tempo indeterminato"] == "66,7"
    assert values["ore erogate"] == "170,5"


def test_xlsx_has_a_summary_and_the_breakdowns(db: Database, known: Known,
                                               tmp_path: Path) -> None:
    ind = compute(db, MANAGER, Period.year(2025, "S1"), as_of=AS_OF)
    book = load_workbook(write_xlsx(ind, tmp_path / "ind.xlsx"))
    assert book.sheetnames[0] == "Sintesi"
    summary = {r[1]: r[2] for r in book["Sintesi"].iter_rows(min_row=3, values_only=True)}
    assert summary["persone prese in carico"] == 3
    assert summary["azioni erogate"] == 4
    by_measure = dict(book["Azioni per misura"].iter_rows(min_row=2, values_only=True))
    assert by_measure["Orientamento di base"] == 1


def test_the_pdf_summary_is_one_invariant_page(db: Database, known: Known) -> None:
    ind = compute(db, MANAGER, Period.year(2025), as_of=AS_OF)
    meta = summary_meta(ind, "C1", "CPI Prova", "Sede S1", ISSUED)
    pdf = render_summary(ind, meta)
    assert pdf == render_summary(ind, meta)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    page = reader.pages[0].extract_text()
    assert "Osservatorio" in page and "OS-C1-20250101-20251231" in page
    assert "66,7%" in page  # share on permanent contracts
    fonts = {str(f.get_object()["/BaseFont"]) for f in
             reader.pages[0]["/Resources"]["/Font"].values()}
    assert all("DejaVu" in f for f in fonts)


def test_an_empty_period_still_prints(db: Database) -> None:
    ind = compute(db, MANAGER, Period.year(2030), as_of=AS_OF)
    pdf = render_summary(ind, summary_meta(ind, "C1", "CPI Prova", "", ISSUED))
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
