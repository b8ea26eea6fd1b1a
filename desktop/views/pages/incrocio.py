"""Incrocio domanda/offerta: matching (the matching issue fills this area)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QWidget

from desktop.i18n import _
from desktop.views.context import ViewContext
from desktop.views.pages.base import PlannedArea


class MatchingPage(PlannedArea):
    area_id = "incrocio"
    shortcut = "Ctrl+4"
    icon_name = "incrocio"

    @classmethod
    def title(cls) -> str:
        return _("Matching")

    @classmethod
    def subtitle(cls) -> str:
        return _("Job seekers and vacancies, matched locally with every score explained.")

    @classmethod
    def planned(cls) -> Sequence[str]:
        return (
            _("Candidates for a vacancy and vacancies for a person"),
            _("Scores made of named parts: occupation, skills, education, distance"),
            _("Shortlists for firms and the outcome of each proposal"),
        )

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.body.addStretch(1)
