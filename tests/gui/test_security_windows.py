"""The audit and accounts windows, driven as the responsabile would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.security import accounts
from desktop.views.context import ViewContext
from desktop.views.security.accounts_view import AccountsDialog
from desktop.views.security.audit_view import AuditDialog
from tests.gui.conftest import wait_idle


def test_audit_window_answers_both_questions(qtbot: QtBot, ctx: ViewContext,
                                             qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(1)
    dialog.username.setText("g.bellini")
    qtbot.keyClick(dialog.username, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.day_model.rowCount() > 0)
    actions = [dialog.day_model.data(dialog.day_model.index(r, 3))
               for r in range(dialog.day_model.rowCount())]
    assert actions == ["accesso fallito", "accesso"]
    qtmodeltester.check(dialog.day_model)
    dialog.tabs.setCurrentIndex(0)
    qtbot.keyClicks(dialog.fiscal_code, "ZZZZZZ00Z00Z000Z")
    qtbot.keyClick(dialog.fiscal_code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Nessuna persona" in dialog.status.text())
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "integro" in dialog.status.text())
    wait_idle(qtbot, ctx.ops)


def test_accounts_window_creates_an_account_and_shows_its_password_once(
        qtbot: QtBot, ctx: ViewContext, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 5)
    qtmodeltester.check(dialog.model)
    qtbot.keyClicks(dialog.new_username, "t.nuovo")
    qtbot.keyClicks(dialog.new_name, "Tina Nuovo")
    dialog.role.setCurrentIndex(dialog.role.findData("operatore"))
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 6)
    message = dialog.message.text()
    assert message.startswith("Password per t.nuovo: ")
    password = message.split(": ", 1)[1].split(" ")[0]
    wait_idle(qtbot, ctx.ops)
    assert accounts.authenticate(ctx.database, "t.nuovo", password).must_change_password


def test_subject_request_export_and_erase(qtbot: QtBot, ctx: ViewContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt
    import json

    from codicefiscale import codicefiscale
    from sqlalchemy import select

    from desktop.models import Person
    from desktop.views.security.subject_requests_view import SubjectRequestsDialog

    # A person nothing refers to yet (demo people carry visits, DIDs, agreements).
    code = codicefiscale.encode(lastname="Nuovi", firstname="Dati", gender="F",
                                birthdate="02/03/1990", birthplace="Prato")
    with ctx.database.transaction() as session:
        session.add(Person(fiscal_code=code, fiscal_code_base=code, surname="Nuovi",
                           name="Dati", sex="F", birth_date=dt.date(1990, 3, 2),
                           birthplace_code=code[11:15]))
    dialog = SubjectRequestsDialog(ctx)
    dialog.choose_folder = lambda parent: str(tmp_path)  # type: ignore[method-assign]
    dialog.confirm_erase = lambda parent: True  # type: ignore[method-assign]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.fiscal_code, code)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Esportazione scritta" in dialog.message.text(), timeout=15_000)
    exported = json.loads(next(tmp_path.glob("*.json")).read_text(encoding="utf-8"))
    assert exported["person"]["fiscal_code"] == code
    assert next(tmp_path.glob("*.pdf")).read_bytes().startswith(b"%PDF")
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cancellati" in dialog.message.text())
    with ctx.database.read() as session:
        assert session.scalars(select(Person).where(Person.fiscal_code == code)).first() is None
    wait_idle(qtbot, ctx.ops)


def test_backup_scheduler_writes_todays_backup_once(qtbot: QtBot, ctx: ViewContext,
                                                    qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QObject

    from desktop.views.security.scheduler import BackupScheduler

    owner = QObject()
    scheduler = BackupScheduler(ctx, owner, interval_ms=3_600_000)
    with qtbot.waitSignal(scheduler.backed_up, timeout=15_000) as signal:
        scheduler.check()
    assert signal.args[0].path.name.startswith("daily-")
    with qtbot.assertNotEmitted(scheduler.backed_up, wait=0):
        scheduler.check()
        wait_idle(qtbot, ctx.ops)
    assert len(list(ctx.paths.backups.glob("daily-*.sqlite"))) == 1
    owner.deleteLater()


def test_timers_that_fire_after_the_window_closed_submit_nothing(
        qtbot: QtBot, ctx: ViewContext) -> None:
    """Under load a periodic check can fire after the operations helper shut down (the
    window closing): it must stop quietly, not raise in the event loop."""
    from PySide6.QtCore import QObject

    from desktop.views.security.scheduler import BackupScheduler

    owner = QObject()
    scheduler = BackupScheduler(ctx, owner, interval_ms=3_600_000)
    ctx.ops.shutdown()
    scheduler.check()  # raised "operations already shut down" before
    assert not scheduler._timer.isActive()
    assert not list(ctx.paths.backups.glob("daily-*.sqlite"))
    owner.deleteLater()
