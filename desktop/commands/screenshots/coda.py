"""Coda's further screens: the waiting-room display and the kiosk, as the page builds them."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.commands.screenshots.rendering import Scenarios
from desktop.views.pages.coda import QueuePage
from desktop.views.queue.display import Announcer


def scenarios(page: QueuePage) -> Scenarios:
    def display() -> QWidget:
        widget = page.build_display(Announcer(page, audio=False, engine=""))
        widget.resize(1280, 720)
        return widget

    def kiosk() -> QWidget:
        widget = page.build_kiosk()
        widget.resize(1024, 768)
        return widget

    return {"display": display, "kiosk": kiosk}
