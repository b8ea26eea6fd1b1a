"""The Reclami page: the demo's overdue complaint is listed; a new complaint recorded with
the keyboard; bad dates shown next to their field with nothing saved; letters saved."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop import formatting
from desktop.infra import clock
from desktop.views.feedback.complaint_dialogs import AnswerDialog, ComplaintDialog
from desktop.views.main_window import MainWindow
from desktop.views.pages.reclami import ComplaintsPage
from tests.gui.conftest import wait_idle


def _page(qtbot: QtBot, window: MainWindow) -> ComplaintsPage:
    qtbot.keyClick(window, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_area() == "reclami"
    page = window.pages["reclami"]
    assert isinstance(page, ComplaintsPage)
    wait_idle(qtbot, window.ctx.ops)
    page.table.setFocus()
    return page


def test_overdue_list_and_a_new_complaint(qtbot: QtBot, window: MainWindow) -> None:
    page = _page(qtbot, window)
    page.which.setCurrentIndex(page.which.findData("overdue"))
    wait_idle(qtbot, window.ctx.ops)
    overdue = page.model.rows
    assert [c.subject for c in overdue] == ["Nessuna risposta alla candidatura inviata"]
    assert "scaduto dal" in page.model.data(page.model.index(0, 6))

    def fill(dialog: ComplaintDialog) -> bool:
        dialog.received.set_date(clock.today() + dt.timedelta(days=1))
        qtbot.keyClicks(dialog.subject, "Sportello chiuso in orario di apertura")
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        error = dialog.errors["received_on"]
        assert not error.isHidden()
        assert error.text() == "La data di ricevimento non può essere nel futuro."
        assert dialog.result_info is None
        dialog.received.set_date(clock.today())
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        return dialog.result_info is not None

    page.run_dialog = fill  # type: ignore[method-assign,assignment]
    page.which.setCurrentIndex(page.which.findData("open"))
    wait_idle(qtbot, window.ctx.ops)
    before = len(page.model.rows)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert len(page.model.rows) == before + 1
    deadline = formatting.date(clock.today() + dt.timedelta(days=30))
    assert f"risposta entro il {deadline}" in page.status.text()


def test_an_answer_before_the_complaint_is_shown_next_to_its_date(
        qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    page = _page(qtbot, window)
    page.table.selectRow(0)
    chosen = page.selected()
    assert chosen is not None and chosen.answered_on is None

    def answer(dialog: AnswerDialog) -> bool:
        qtbot.keyClicks(dialog.answer, "Abbiamo verificato: ci scusiamo.")
        dialog.answered.set_date(chosen.received_on - dt.timedelta(days=1))
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        error = dialog.errors["answered_on"]
        assert not error.isHidden()
        assert error.text().startswith("La risposta non può precedere il ricevimento")
        dialog.answered.set_date(clock.today())
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        return dialog.result_info is not None

    page.run_dialog = answer  # type: ignore[method-assign,assignment]
    qtbot.keyClick(page.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, window.ctx.ops)
    assert chosen.id not in {c.id for c in page.model.rows}  # answered: no longer open
    page.which.setCurrentIndex(page.which.findData("all"))
    wait_idle(qtbot, window.ctx.ops)
    row = next(i for i, c in enumerate(page.model.rows) if c.id == chosen.id)
    page.table.selectRow(row)
    target = tmp_path / "risposta.pdf"
    page.ask_save_path = lambda parent, suggested: str(target)  # type: ignore[method-assign,assignment]
    qtbot.keyClick(page.table, Qt.Key.Key_P,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, window.ctx.ops)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Risposta a un reclamo" in text and "ci scusiamo" in text


def test_the_person_at_the_counter_is_linked_only_when_they_give_their_name(
        qtbot: QtBot, window: MainWindow) -> None:
    from sqlalchemy import select

    from desktop.models import Person
    from desktop.views.current_person import PersonRef

    with window.ctx.database.read() as session:
        person = session.scalars(select(Person).order_by(Person.fiscal_code)).first()
        assert person is not None
        ref = PersonRef(person.id, person.fiscal_code, f"{person.name} {person.surname}")
    window.ctx.current.set(ref, ask=False)
    page = _page(qtbot, window)
    current = window.ctx.current.person
    assert current is not None and current.id == ref.id
    recorded: list[ComplaintDialog] = []

    def fill(dialog: ComplaintDialog) -> bool:
        assert not dialog.link.isHidden()
        qtbot.keyClicks(dialog.subject, "Informazioni sbagliate sul tirocinio")
        if not recorded:
            dialog.link.setChecked(True)
            assert dialog.complainant.text() == current.full_name
        dialog.save()
        wait_idle(qtbot, window.ctx.ops)
        recorded.append(dialog)
        return dialog.result_info is not None

    page.run_dialog = fill  # type: ignore[method-assign,assignment]
    page.new_complaint()
    page.new_complaint()
    wait_idle(qtbot, window.ctx.ops)
    named, anonymous = (d.result_info for d in recorded)
    assert named is not None and anonymous is not None
    assert (named.person_id, named.complainant) == (ref.id, current.full_name)
    assert (anonymous.person_id, anonymous.complainant) == (None, "")
