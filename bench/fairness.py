"""The fairness report of the matching for a year of 250,000 people (target < 2 s).

One encrypted SQLite database (migrated by the application, as in service) is filled
through the application's driver with the same key:
250,000 people with a DID each in 2025, 16,000 employers, 27,000 vacancies and 60,000
proposals with their rank and outcome (a tenth hired). The figure is the median of
``period_fairness`` for 2025: groups of the eligible pool, the first 10 and 50, the
proposals and the hires, the four-fifths check, and the oversight log of the latest 500.

The baseline is the floor any implementation pays: reading, through the same driver
(SQLCipher, same key and pragmas), the rows the report is made of (the year's DIDs, the
people's sex, birth date and citizenship, the year's proposals). Both sides run the same
number of times in the same run; the report is made by a real manager's account, which
the service re-reads on every call.
"""

from __future__ import annotations

import datetime as dt
import gc
import random
import tempfile
import uuid
from pathlib import Path

from bench.harness import Figure, median, timed

YEAR_START = dt.date(2025, 1, 1)
NOW = "2025-06-01 10:00:00.000000"


def _day(rng: random.Random) -> str:
    return (YEAR_START + dt.timedelta(days=rng.randrange(365))).isoformat()


def _fill(path: Path, people: int, quick: bool, key: str) -> None:
    from bench.registration import INSERT, person_rows
    from desktop.infra.database import connect_file

    rng = random.Random(9)
    raw = connect_file(path, key=key)
    rows = person_rows(people)
    ids = [str(r[0]) for r in rows]
    with raw:
        raw.executemany(INSERT, rows)
        raw.executemany(
            "INSERT INTO did (id, person_id, did_date, education, employment_condition, "
            "months_unemployed, years_in_italy, household_size, dependent_children, "
            "driving_licence, naspi, annual_income, profiling_index, profiling_class, "
            "coefficients_version, gol_path, patto_deadline, operator, site_code, created_at, "
            "updated_at) VALUES (?,?,?,?,?,0,0,1,0,0,0,0,0.5,'media','t',1,?,'','FI',?,?)",
            ((uuid.uuid4().hex, pid, _day(rng), "diploma", "disoccupato", "2026-01-01",
              NOW, NOW) for pid in ids))
        employers = [uuid.uuid4().hex for _ in range(16_000 // (4 if quick else 1))]
        raw.executemany(
            "INSERT INTO employer (id, fiscal_code, name, ateco, comune_code, address, "
            "contact_name, phone, email, site_code, created_at, updated_at) "
            "VALUES (?,?,?, '', '', '', '', '', '', 'FI', ?, ?)",
            ((e, f"{n:011d}", f"Ditta {n}", NOW, NOW) for n, e in enumerate(employers)))
        vacancies = [uuid.uuid4().hex for _ in range(27_000 // (4 if quick else 1))]
        raw.executemany(
            "INSERT INTO vacancy (id, number, employer_id, site_code, title, description, "
            "occupation_code, code_system, code_version, skills, education, languages, "
            "licences, contract_type, hours_per_week, part_time, workplace_code, positions, "
            "l68_only, opened_on, status, created_at, updated_at) VALUES (?,?,?, 'FI', 'x', "
            "'', '', 'CP', '2021', '', '', '', '', '', 40, 0, '', 1, 0, ?, 'aperta', ?, ?)",
            ((v, f"OF-{v[:16]}", rng.choice(employers), _day(rng), NOW, NOW)
             for v in vacancies))
        pairs = {(rng.randrange(len(vacancies)), rng.randrange(len(ids)))
                 for _ in range(60_000 // (4 if quick else 1))}
        raw.executemany(
            "INSERT INTO proposal (id, vacancy_id, person_id, proposed_at, operator, score, "
            "outcome, contract_type, notes, rank, explanation, created_at, updated_at) "
            "VALUES (?,?,?,?, 'op', 0.5, ?, '', '', ?, '', ?, ?)",
            ((uuid.uuid4().hex, vacancies[v], ids[p], f"{_day(rng)} 10:00:00.000000",
              "assunto" if rng.random() < 0.1 else "proposto", rng.randint(1, 80), NOW, NOW)
             for v, p in pairs))
    raw.close()


def run(quick: bool = False) -> list[Figure]:
    from bench.registration import new_database, raw_connection
    from desktop.infra.encryption import new_key
    from desktop.services.matching.fairness import period_fairness

    people = 50_000 if quick else 250_000
    repeat = 3 if quick else 5
    with tempfile.TemporaryDirectory(prefix="sportello-bench-fair-") as tmp:
        folder = Path(tmp)
        path = folder / "region.sqlite"
        key = new_key()
        db, actor = new_database(folder, path.name, key)
        _fill(path, people, quick, key)
        gc.collect()
        year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
        report = period_fairness(db, actor, *year)
        if report.totals[0] != people:
            raise RuntimeError(f"the report counts {report.totals[0]} people, not {people}")
        raw = raw_connection(path, key)

        def floor() -> None:
            raw.execute("SELECT person_id FROM did WHERE did_date <= ?",
                        ("2025-12-31",)).fetchall()
            raw.execute("SELECT id, sex, birth_date, citizenship FROM person").fetchall()
            raw.execute("SELECT * FROM proposal WHERE proposed_at >= ?",
                        ("2025-01-01",)).fetchall()

        base = timed(floor, repeat)
        app = timed(lambda: period_fairness(db, actor, *year), repeat)
        raw.close()
        db.dispose()
    return [Figure("fairness", "fairness_report_year_ms", median(app), "ms", median(base),
                   2000.0, floor="reading the report's rows through the same driver, key "
                   "and pragmas, same number of runs")]
