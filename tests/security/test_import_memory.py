"""A 50 MB file of junk rows is read as a stream: the import's peak memory stays under
200 MB (it reached 739 MB when the file was read whole), and nothing is imported.

Linux only: the peak is the subprocess's VmHWM from /proc."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.installation import ROOT

PROBE = textwrap.dedent("""
    import json, random, sys
    from pathlib import Path
    from desktop.infra.database import open_database
    from desktop.services.people.person_import import import_file
    from tests.helpers.storage import TEST_KEY
    from tests.registration.conftest import FakeActor
    from tests.security.import_files import HEADER, counts

    folder, size = Path(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz0123456789 "
    pool = [",".join("".join(rng.choice(letters) for _ in range(rng.randint(1, 12)))
                     for _ in range(9)) + "\\n" for _ in range(5000)]
    source = folder / "junk.csv"
    rows = 0
    with source.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\\n")
        written = 0
        while written < size:
            line = pool[rows % len(pool)]
            out.write(line)
            written += len(line)
            rows += 1
    def high_water_kb():
        # VmHWM: this process's own peak. (ru_maxrss keeps the forking parent's peak
        # across exec on Linux: it reported the test runner's memory, not the import's.)
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise RuntimeError("no VmHWM")

    db = open_database(f"sqlite+pysqlite:///{folder / 'memory.sqlite'}", key=TEST_KEY)
    before = high_water_kb()
    report = import_file(db, FakeActor("sportello1", "sportello"), source)
    peak = high_water_kb()
    print(json.dumps({"rows": rows, "read": report.read, "imported": report.imported,
                      "listed": len(report.rejected), "rejected": report.rejected_total,
                      "counts": counts(db), "before_mb": before / 1024,
                      "peak_mb": peak / 1024, "bytes": source.stat().st_size}))
    db.dispose()
""")


@pytest.mark.slow
def test_a_50_mb_file_of_junk_stays_under_200_mb(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path), str(50 * 1024 * 1024)],
                          capture_output=True, text=True, timeout=280, cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["bytes"] >= 50 * 1024 * 1024
    assert result["read"] == result["rows"] == result["rejected"]  # every row read, none kept
    assert result["imported"] == 0 and result["counts"] == [0, 0, 0]
    assert result["listed"] == 1000  # the report lists the first thousand
    assert result["peak_mb"] < 200, result
