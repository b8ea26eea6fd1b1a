"""The command line, run as a person would: in a subprocess, with its own home folder."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.infra.database import connect_file
from tests.helpers.installation import sportello
from tests.helpers.storage import installation_key


def test_version(isolated_home: Path) -> None:
    result = sportello("--version", home=isolated_home)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_selftest_passes(isolated_home: Path) -> None:
    result = sportello("selftest", home=isolated_home)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[FAIL]" not in result.stdout
    for check in ("database aggiornato", "pagine principali costruite",
                  "PDF generato e riletto", "segnale acustico della sala d'attesa",
                  "Autodiagnosi riuscita."):
        assert check in result.stdout


SLOW_WORKERS_SCREENSHOTS = """
import sys, tempfile
from pathlib import Path
import desktop.commands.screenshots.rendering as shots
# A very loaded machine: the pages' loads are still running when the window closes.
shots.settle = lambda app, ops, *args, **kwargs: app.processEvents()
from desktop.commands.screenshots import render_all
with tempfile.TemporaryDirectory() as tmp:
    out = Path(tmp) / "out"
    out.mkdir()
    print(len(render_all(Path(tmp), out, (1280, 800))))
"""


def test_screenshots_never_wait_for_an_answer(isolated_home: Path) -> None:
    """Closing the window with work still pending once opened the "quit anyway?" box,
    which nobody answers offscreen: the command hung until CI killed it."""
    result = subprocess.run([sys.executable, "-c", SLOW_WORKERS_SCREENSHOTS],
                            capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip().splitlines()[-1]) >= 8


def test_screenshots_writes_one_png_per_main_page(isolated_home: Path, tmp_path: Path) -> None:
    out = tmp_path / "shots"
    result = sportello("screenshots", str(out), home=isolated_home)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.glob("*.png"))
    for expected in ("00-login.png", "01-accoglienza.png", "02-coda.png", "03-documenti.png",
                     "04-incrocio.png", "05-sincronizzazione.png", "06-impostazioni.png"):
        assert expected in names
    assert all((out / n).read_bytes().startswith(b"\x89PNG") for n in names)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux display check")
def test_run_without_a_display_explains_how_to_get_one(isolated_home: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = sportello("run", "--demo", home=isolated_home, env=env)
    assert result.returncode == 2
    assert "Nessuno schermo disponibile" in result.stderr
    assert "Traceback" not in result.stderr


def test_backup_and_restore_commands(isolated_home: Path, tmp_path: Path) -> None:
    assert sportello("demo", home=isolated_home).returncode == 0
    copy = tmp_path / "copia.sqlite"
    result = sportello("backup", "--demo", str(copy), home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert "Copia di sicurezza scritta" in result.stdout
    result = sportello("restore", "--demo", str(copy), home=isolated_home)
    assert result.returncode == 0, result.stderr
    assert "Database ripristinato" in result.stdout


def test_restore_of_a_foreign_file_says_so_and_changes_nothing(isolated_home: Path,
                                                               tmp_path: Path) -> None:
    assert sportello("demo", home=isolated_home).returncode == 0
    demo = isolated_home / "data" / "demo.sqlite"
    key = installation_key(demo, isolated_home)
    before = connect_file(demo, key=key).execute("SELECT COUNT(*) FROM person").fetchone()
    foreign = tmp_path / "foto.jpg"
    foreign.write_bytes(b"\xff\xd8\xff\xe0 not a database")
    result = sportello("restore", "--demo", str(foreign), home=isolated_home)
    assert result.returncode == 1
    assert "non è un database di Sportello" in result.stderr
    assert "Traceback" not in result.stderr
    assert connect_file(demo, key=key).execute("SELECT COUNT(*) FROM person").fetchone() == before


@pytest.mark.plain_sqlite
def test_run_on_a_foreign_database_gives_one_sentence(isolated_home: Path) -> None:
    """The application (started without dialogs) refuses a file that is not Sportello's."""
    demo = isolated_home / "data" / "demo.sqlite"
    demo.parent.mkdir(parents=True)
    conn = sqlite3.connect(demo)
    conn.execute("CREATE TABLE appuntamenti (x)")
    conn.commit()
    conn.close()
    before = demo.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = sportello("run", "--demo", "--bench-startup", home=isolated_home, env=env)
    assert result.returncode == 1
    assert "non è un database di Sportello" in result.stderr
    assert "Traceback" not in result.stderr
    assert demo.read_bytes() == before


def test_argparse_speaks_italian(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own texts come from our catalogue (issue 22): no "usage:", "options",
    "show this help message and exit" in the Italian help and errors."""
    from desktop.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    shown = capsys.readouterr().out
    assert shown.startswith("utilizzo: sportello")
    assert "opzioni:" in shown and "mostra questo messaggio di aiuto ed esce" in shown
    assert "usage" not in shown and "show this help" not in shown
    with pytest.raises(SystemExit):
        main(["print", "charter", "--lang", "fr"])
    error = capsys.readouterr().err
    assert "errore: argomento --lang: scelta non valida: 'fr'" in error
