"""Audit lines in Italian (issue 22 item 3): every action the code records has a label,
and the demo's audit log reads without English in the audit window's table."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from desktop.infra.database import Database
from desktop.models.audit import AuditEntry
from desktop.services.security.audit import AuditLine
from desktop.views.security.audit_labels import ACTION_NAMES, action_name, note_text
from desktop.views.security.audit_view import AuditTableModel
from tests.a11y.walk import english_words

ROOT = Path(__file__).resolve().parents[2]
#: ``audit.record(session, actor, "action", ...)`` and ``record(...)`` inside audit.py.
_RECORDED = re.compile(r"""\brecord\(\s*session,\s*\w+,\s*(?:f?"([a-z_.{}]+)")""")


def recorded_actions() -> set[str]:
    found = set()
    for path in (ROOT / "desktop").rglob("*.py"):
        for action in _RECORDED.findall(path.read_text(encoding="utf-8")):
            found.add(action)
    return found


def test_every_action_the_code_records_has_an_italian_label() -> None:
    actions = recorded_actions()
    assert {"person.create", "curriculum.update", "matching.vacancies"} <= actions
    expanded = {a for a in actions if "{" not in a} | {
        f"person.did_{kind}" for kind in ("revoca", "decadenza")} | {
        f"vacancy.{event}" for event in ("create", "update", "publish", "suspend", "close")}
    assert sorted(a for a in expanded if a not in ACTION_NAMES) == []
    for action in expanded:
        label = action_name(action)
        assert label != action and not english_words(label), (action, label)


def test_notes_read_in_italian_with_plurals() -> None:
    assert note_text("11 vacancies listed") == "11 offerte elencate"
    assert note_text("1 vacancies listed") == "1 offerta elencata"
    assert note_text("3 people") == "3 persone"
    assert note_text("2026-01-01..2026-03-31: 1 alerts") == "2026-01-01 – 2026-03-31: 1 segnalazione"
    assert note_text("vacancy 5f1c2d3e-aaaa rank 2 score 0.20") == (
        "offerta 5f1c2d3e, posizione 2, punteggio 0,20")
    assert note_text("manual-demo.sqlite") == "manual-demo.sqlite"  # a name stays as is


def test_the_demo_audit_log_shows_no_english(qapp, demo_db: Database) -> None:  # type: ignore[no-untyped-def]
    with demo_db.read() as session:
        entries = session.scalars(select(AuditEntry)).all()
        lines = [AuditLine(e.seq, e.at, e.operator_username or "", e.workstation,
                           e.action, e.target_type, e.target_id, e.detail) for e in entries]
    model = AuditTableModel()
    model.set_rows(lines)
    shown = [str(model.data(model.index(r, c))) for r in range(model.rowCount())
             for c in range(model.columnCount())]
    assert len(lines) > 5
    assert [text for text in shown if english_words(text)] == []
