"""Static checks run with the tests: layering contracts, lint and types."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(tool, path=str(BIN)) or tool
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True)


def test_import_contracts_hold() -> None:
    """Qt stays out of the core; SQLAlchemy and the models stay out of the views."""
    result = run("lint-imports")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = run("ruff", "check", "desktop", "server", "wire", "bench", "tests", "dev.py",
                 "installer")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
