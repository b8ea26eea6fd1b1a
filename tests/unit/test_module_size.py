"""No module over 400 lines without the reason written at its top.

A long module is usually several jobs in one file; split it along its seams. When a module
really is one job that takes more (a table of data, one state machine), say so in a comment
``# Longer than 400 lines: <why>`` within its first 30 lines.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIMIT = 400
PACKAGES = ("desktop", "server", "wire", "installer")
REASON = "# Longer than 400 lines:"


def long_modules() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts and "versions" in path.parts:
                continue  # Alembic scripts are history, written once
            lines = path.read_text(encoding="utf-8").splitlines()
            if len(lines) > LIMIT and not any(line.startswith(REASON) for line in lines[:30]):
                found.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    return found


def test_no_module_is_long_without_a_reason() -> None:
    assert long_modules() == []


if __name__ == "__main__":
    print("\n".join(long_modules()))
