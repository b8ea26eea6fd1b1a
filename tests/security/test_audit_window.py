"""The responsabile's audit window tells a cut-off log, in Italian, with the entry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from desktop.services.security import audit
from desktop.views.context import ViewContext
from desktop.views.security.audit_view import AuditDialog
from tests.gui.conftest import config, ctx, ops, wait_idle  # noqa: F401


def test_the_window_names_the_first_missing_entry(qtbot: QtBot,
                                                  ctx: ViewContext) -> None:  # noqa: F811
    db = ctx.database
    with db.transaction() as session:
        newest = audit.record(session, ctx.operator, "person.read", "person", "x")
    with db.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("DROP TRIGGER audit_entry_no_delete"))
        conn.execute(text("DELETE FROM audit_entry WHERE seq = :s"), {"s": newest})
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "ALTERATO" in dialog.status.text())
    assert f"alla voce {newest}" in dialog.status.text()
    assert "eliminate" in dialog.status.text()
    wait_idle(qtbot, ctx.ops)
