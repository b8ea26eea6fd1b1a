"""The candidate's consent for the vacancy, and their CV for the firm, from Incrocio.

Acts on the candidate selected in the list (or in the rosa): Ctrl+Shift+K records the
consent (with how it was given), Ctrl+Shift+R withdraws it, Ctrl+Shift+C saves the CV
for the firm of the vacancy, which the service refuses without a consent in force.
A withdrawal after a rosa with the person's contacts was saved is said in one sentence.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QPushButton, QWidget

from desktop.i18n import _
from desktop.services.documents.cv_printout import print_cv
from desktop.services.matching.consent import (
    CHANNELS,
    ConsentInfo,
    Withdrawal,
    channel_label,
    give_consent,
    withdraw_consent,
)
from desktop.views.context import ViewContext
from desktop.views.matching.panels import buddy
from desktop.views.widgets import scoped_shortcut

LANGUAGES = {"it": "Italiano", "en": "English"}


class ConsentBar(QWidget):
    """Record / withdraw the consent of the selected candidate; save their CV for the firm."""

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Save the CV for the firm"), suggested, _("PDF files (*.pdf)"))[0])

    def __init__(self, ctx: ViewContext, vacancy: Callable[[], uuid.UUID | None],
                 person: Callable[[], uuid.UUID | None], changed: Callable[[], None],
                 status: Callable[[str], None], failed: Callable[[BaseException], None],
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._vacancy, self._person = vacancy, person
        self._changed, self._status, self._failed = changed, status, failed
        self.last_saved: Path | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.channel = QComboBox()
        self.channel.setAccessibleName(_("How the consent was given"))
        for code in CHANNELS:
            self.channel.addItem(channel_label(code), code)
        self.give_button = QPushButton(_("Record consent"))
        self.give_button.setToolTip(_("The candidate agrees that their CV and contacts go "
                                      "to the firm of this vacancy") + " (Ctrl+Shift+K)")
        self.give_button.clicked.connect(self.give)
        self.withdraw_button = QPushButton(_("Withdraw consent"))
        self.withdraw_button.setToolTip("Ctrl+Shift+R")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.cv_lang = QComboBox()
        self.cv_lang.setAccessibleName(_("Language of the CV"))
        for code, name in LANGUAGES.items():
            self.cv_lang.addItem(name, code)
        self.cv_button = QPushButton(_("CV for the firm…"))
        self.cv_button.setToolTip(_("Save the CV for the firm") + " (Ctrl+Shift+C)")
        self.cv_button.clicked.connect(self.save_cv)
        row.addWidget(buddy(_("Consent &given"), self.channel))
        row.addWidget(self.channel)
        row.addWidget(self.give_button)
        row.addWidget(self.withdraw_button)
        row.addSpacing(12)
        row.addWidget(buddy(_("CV lan&guage"), self.cv_lang))
        row.addWidget(self.cv_lang)
        row.addWidget(self.cv_button)
        row.addStretch(1)
        scoped_shortcut("Ctrl+Shift+K", parent, self.give,
                        description=_("Record the candidate's consent"))
        scoped_shortcut("Ctrl+Shift+R", parent, self.withdraw,
                        description=_("Withdraw the candidate's consent"))
        scoped_shortcut("Ctrl+Shift+C", parent, self.save_cv,
                        description=_("Save the CV for the firm"))

    def _target(self) -> tuple[uuid.UUID, uuid.UUID] | None:
        vacancy, person = self._vacancy(), self._person()
        if vacancy is None or person is None:
            self._status(_("Select a candidate of the vacancy first."))
            return None
        return vacancy, person

    def give(self) -> None:
        target = self._target()
        if target is None:
            return
        self.ctx.ops.run(give_consent, self.ctx.database, self.ctx.operator, target[1],
                         target[0], str(self.channel.currentData()),
                         on_success=self._given, on_error=self._failed)

    def _given(self, info: ConsentInfo) -> None:
        self._status(_("Consent recorded ({channel}): the rosa and the CV for this firm "
                       "may carry the candidate's contacts.").format(
            channel=channel_label(info.channel)))
        self._changed()

    def withdraw(self) -> None:
        target = self._target()
        if target is None:
            return
        self.ctx.ops.run(withdraw_consent, self.ctx.database, self.ctx.operator, target[1],
                         target[0], on_success=self._withdrawn, on_error=self._failed)

    def _withdrawn(self, withdrawal: Withdrawal) -> None:
        self._status(withdrawal.notice or _("Consent withdrawn: the next rosa leaves out "
                                            "the candidate's contacts."))
        self._changed()

    def save_cv(self) -> None:
        target = self._target()
        if target is None:
            return
        lang = str(self.cv_lang.currentData())
        chosen = self.ask_save_path(self, str(Path.home() / f"cv-{lang}.pdf"))
        if not chosen:
            return
        self.ctx.ops.run(_write_cv, self.ctx, target[1], target[0], lang, Path(chosen),
                         on_success=self._cv_saved, on_error=self._failed)

    def _cv_saved(self, path: Path) -> None:
        self.last_saved = path
        self._status(_("CV saved for the firm: {path}").format(path=path))


def _write_cv(ctx: ViewContext, person_id: uuid.UUID, vacancy_id: uuid.UUID, lang: str,
              target: Path) -> Path:
    printed = print_cv(ctx.database, ctx.operator, person_id, lang, ctx.site.site_code,
                       vacancy_id)
    target.write_bytes(printed.pdf)
    return target
