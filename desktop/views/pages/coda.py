"""Coda: the counter console, plus the waiting-room display and the kiosk windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QWidget

from desktop.i18n import _
from desktop.infra import clock
from desktop.services.queue import stats as queue_stats
from desktop.views.agenda.day_list import DayListDialog
from desktop.views.context import ViewContext
from desktop.views.errors import report_error
from desktop.views.feedback.rating_window import RatingWindow
from desktop.views.pages.base import Page
from desktop.views.queue.console import CounterConsole
from desktop.views.queue.display import Announcer, WaitingRoomDisplay
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.kiosk import KioskWindow
from desktop.views.widgets import scoped_shortcut


def export_statistics(ctx: ViewContext, target: Path, days: int = 30) -> Path:
    """Write the last ``days`` days of queue statistics as CSV (runs on a worker)."""
    today = clock.today()
    stats = queue_stats.queue_statistics(ctx.database, ctx.site.site_id,
                                         today - dt.timedelta(days=days), today)
    return queue_stats.write_csv(stats, target)


class QueuePage(Page):
    area_id = "coda"
    shortcut = "Ctrl+2"
    icon_name = "coda"

    #: Replaced in tests: returns the chosen path or "" when cancelled.
    ask_save_path = staticmethod(
        lambda parent, suggested: QFileDialog.getSaveFileName(
            parent, _("Export statistics"), suggested, _("CSV files (*.csv)"))[0])

    @classmethod
    def title(cls) -> str:
        return _("Queue")

    @classmethod
    def subtitle(cls) -> str:
        return _("Call the next ticket with F5; the reason for each call is shown. "
                 "The display shows ticket numbers and counters only.")

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.events = QueueEvents(ctx.database, self)
        self.console = CounterConsole(ctx, self.events, self)
        self.body.addWidget(self.console, 1)
        row = QHBoxLayout()
        self.display_button = QPushButton(_("Open the waiting-room &display"))
        self.display_button.clicked.connect(self.open_display)
        self.kiosk_button = QPushButton(_("Open the &kiosk"))
        self.kiosk_button.clicked.connect(self.open_kiosk)
        self.export_button = QPushButton(_("E&xport statistics (CSV)…"))
        self.export_button.clicked.connect(self.export)
        self.rating_button = QPushButton(_("Open the &rating window"))
        self.rating_button.clicked.connect(self.open_rating)
        self.day_list_button = QPushButton(_("Today's &appointments (Ctrl+Shift+G)"))
        self.day_list_button.clicked.connect(self.open_day_list)
        scoped_shortcut("Ctrl+Shift+G", self, self.open_day_list,
                        description=_("Today's appointments"))
        # Two rows, in Tab order: five buttons on one row were cut short in a 1280-px window.
        second = QHBoxLayout()
        for layout, buttons in ((row, (self.display_button, self.kiosk_button,
                                       self.export_button)),
                                (second, (self.rating_button, self.day_list_button))):
            for button in buttons:
                layout.addWidget(button)
            layout.addStretch(1)
            self.body.addLayout(layout)
        self.display: WaitingRoomDisplay | None = None
        self.kiosk: KioskWindow | None = None
        self.rating = RatingWindow(ctx, self)
        self.console.ticket_finished.connect(self.rating.ticket_finished)

    def activated(self) -> None:
        self.console.start()

    def busy_reason(self) -> str:
        state = self.console.state
        current = state.current if state is not None else None
        if current is not None:
            return _("Ticket {code} is open at the counter.").format(code=current.code)
        return super().busy_reason()

    def build_display(self, announcer: Announcer | None = None) -> WaitingRoomDisplay:
        display = WaitingRoomDisplay(self.ctx, self.events, announcer, self)
        display.setWindowFlag(Qt.WindowType.Window)
        display.refresh()
        return display

    def open_display(self) -> None:
        if self.display is None:
            self.display = self.build_display()
        self.display.place()

    def build_kiosk(self) -> KioskWindow:
        kiosk = KioskWindow(self.ctx, parent=self)
        kiosk.setWindowFlag(Qt.WindowType.Window)
        kiosk.issued.connect(self.console.note_issued)
        kiosk.load()
        return kiosk

    def open_kiosk(self) -> None:
        if self.kiosk is None:
            self.kiosk = self.build_kiosk()
        self.kiosk.showMaximized()

    def open_rating(self) -> None:
        """The three-face rating window, for a second screen facing the person served."""
        self.rating.show()
        self.rating.raise_()

    def open_day_list(self) -> DayListDialog:
        """The counter's appointments of today (desktop.views.agenda.day_list)."""
        try:
            counter_id = self.console.counter_id
        except LookupError:
            counter_id = None
        dialog = DayListDialog(self.ctx, counter_id, self)
        dialog.load()
        dialog.open()
        return dialog

    def export(self) -> None:
        suggested = str(Path.home() / f"coda-{self.ctx.site.site_code}.csv")
        chosen = self.ask_save_path(self, suggested)
        if not chosen:
            return
        self.ctx.ops.run(export_statistics, self.ctx, Path(chosen),
                         on_success=lambda p: self.console.message.setText(
                             _("Saved: {path}").format(path=p)),
                         on_error=self._export_failed)

    def _export_failed(self, exc: BaseException) -> None:
        report_error(self, exc, status=self.console.message)
