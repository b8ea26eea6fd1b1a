"""Imports that never guess: a broken line, a lost quote, another encoding or a file too
big is refused with its line number, and nothing at all is imported."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.infra.database import Database
from desktop.models import Person
from desktop.models.sync import OutboxEntry
from desktop.services.people import csv_source
from desktop.services.people.person_import import ImportReport, import_file
from tests.registration.conftest import FakeActor
from tests.security.import_files import HEADER, counts, valid_csv, valid_lines


@pytest.fixture
def clerk() -> FakeActor:
    return FakeActor("sportello1", "sportello")


def _import(db: Database, clerk: FakeActor, path: Path, data: bytes,
            encoding: str | None = None) -> ImportReport:
    path.write_bytes(data)
    return import_file(db, clerk, path, encoding=encoding)


def _refused_at(report: ImportReport, line: int, words: str) -> None:
    assert not report.ok and report.imported == 0
    assert [r.line for r in report.rejected] == [line], report.rejected
    assert words in report.rejected[0].reasons[0], report.rejected[0].reasons


def test_a_valid_file_imports_every_row(db: Database, clerk: FakeActor, tmp_path: Path) -> None:
    for separator, name in ((",", "comma.csv"), (";", "semicolon.csv")):
        report = _import(db, clerk, tmp_path / name, valid_csv(separator).encode())
        assert report.ok and report.imported == 4, report.rejected
        with db.transaction() as session:  # the next file brings the same people
            session.query(OutboxEntry).delete()
            session.query(Person).delete()
    with_bom = b"\xef\xbb\xbf" + valid_csv().encode()
    assert _import(db, clerk, tmp_path / "bom.csv", with_bom).imported == 4


def test_a_row_with_an_extra_field_is_refused(db: Database, clerk: FakeActor,
                                              tmp_path: Path) -> None:
    lines = valid_lines()
    lines[2] += ",surprise"
    before = counts(db)
    report = _import(db, clerk, tmp_path / "extra.csv", "\n".join([HEADER, *lines]).encode())
    _refused_at(report, 4, "ha 10 campi, l'intestazione ne ha 9")
    assert counts(db) == before


def test_a_row_with_a_missing_field_is_refused(db: Database, clerk: FakeActor,
                                               tmp_path: Path) -> None:
    lines = valid_lines()
    lines[0] = lines[0].rsplit(",", 1)[0]
    report = _import(db, clerk, tmp_path / "short.csv", "\n".join([HEADER, *lines]).encode())
    _refused_at(report, 2, "ha 8 campi")
    assert counts(db)[0] == 0


def test_an_unbalanced_quote_is_refused_at_its_line(db: Database, clerk: FakeActor,
                                                    tmp_path: Path) -> None:
    lines = valid_lines()
    lines[1] = lines[1].replace("Via dei Servi", '"Via dei Servi')
    report = _import(db, clerk, tmp_path / "quote.csv", "\n".join([HEADER, *lines]).encode())
    _refused_at(report, 3, "apre delle virgolette")
    assert counts(db) == (0, 0, 0)


def test_another_encoding_is_refused_unless_declared(db: Database, clerk: FakeActor,
                                                     tmp_path: Path) -> None:
    lines = valid_lines()
    lines[3] = lines[3].replace("Via dei Servi", "Via Niccolò")
    data = "\n".join([HEADER, *lines]).encode("cp1252")
    report = _import(db, clerk, tmp_path / "cp1252.csv", data)
    _refused_at(report, 5, "non è testo in utf-8")
    assert counts(db) == (0, 0, 0)
    utf16 = "\n".join([HEADER, *lines]).encode("utf-16")
    report = _import(db, clerk, tmp_path / "utf16.csv", utf16)
    assert not report.ok and report.imported == 0
    declared = _import(db, clerk, tmp_path / "declared.csv", data, encoding="cp1252")
    assert declared.ok and declared.imported == 4


def test_binary_junk_and_an_endless_line_are_refused(db: Database, clerk: FakeActor,
                                                     tmp_path: Path) -> None:
    junk = (valid_csv() + "x" * (csv_source.MAX_LINE_BYTES + 10)).encode()
    _refused_at(_import(db, clerk, tmp_path / "long.csv", junk), 6, "più lunga di 64 kB")
    nul = valid_csv().replace("Luigia", "Lui\x00gia").encode()
    _refused_at(_import(db, clerk, tmp_path / "nul.csv", nul), 3, "byte NUL")
    assert counts(db) == (0, 0, 0)


def test_a_file_over_the_size_limit_is_refused_unread(db: Database, clerk: FakeActor,
                                                      tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    data = valid_csv().encode()
    monkeypatch.setattr(csv_source, "MAX_FILE_BYTES", len(data) - 1)
    report = _import(db, clerk, tmp_path / "big.csv", data)
    _refused_at(report, 0, "oltre il limite")
    assert counts(db) == (0, 0, 0)


def test_junk_rows_are_counted_but_the_report_stays_short(db: Database, clerk: FakeActor,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.people import person_import

    monkeypatch.setattr(person_import, "MAX_REPORTED", 3)
    junk = "\n".join([HEADER, *valid_lines(), *(["a,b,c,d,e,f,g,h,i"] * 10)])
    report = _import(db, clerk, tmp_path / "junk.csv", junk.encode())
    assert report.imported == 0 and report.read == 14
    assert len(report.rejected) == 3 and report.rejected_total == 10
    assert counts(db) == (0, 0, 0)


def test_the_command_names_the_line(isolated_home: Path, tmp_path: Path) -> None:
    from tests.helpers.installation import default_installation, sportello

    default_installation(isolated_home)
    lines = valid_lines()
    lines[1] += ",extra"
    path = tmp_path / "people.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    done = sportello("import", "persons", str(path), home=isolated_home)
    assert done.returncode == 1
    assert "La riga 3 di people.csv ha 10 campi" in done.stderr
