"""The waiting-room display and its voice.

The display shows ticket numbers and counter numbers only — never a name or a
codice fiscale (the service it reads, ``display_state``, does not even load them).
Each new call plays a chime and is spoken in Italian ("A dodici, sportello tre"), one
call at a time and each one whole. Without an audio output or an Italian voice it stays
silent and says so once in the log. Above the calls: the centre's name, the time and,
for each service's letter, how many people wait. It opens full screen on a second
screen when there is one, in a window otherwise; Esc closes it, F11 toggles full screen.

Signals (Announcer):
    announced(str): the sentence of a call, when its turn is over (spoken or not).
"""

from __future__ import annotations

import json
import logging
import math
import struct
import tempfile
import wave
from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLocale, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QScreen,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.infra import clock
from desktop.services import queue as q
from desktop.services.queue import DisplayState
from desktop.views.context import StationContext
from desktop.views.queue.events import QueueEvents
from desktop.views.queue.spoken import spoken

__all__ = ["Announcer", "WaitingRoomDisplay", "spoken"]

log = logging.getLogger(__name__)


def chime_file() -> Path:
    """A short two-tone chime, written once as a WAV file."""
    path = Path(tempfile.gettempdir()) / "sportello-chime.wav"
    if path.exists():
        return path
    rate = 22050
    frames = bytearray()
    for freq, seconds in ((880.0, 0.25), (659.25, 0.4)):
        count = int(rate * seconds)
        for i in range(count):
            fade = min(1.0, (count - i) / (rate * 0.08))
            sample = 0.35 * fade * math.sin(2 * math.pi * freq * i / rate)
            frames += struct.pack("<h", int(sample * 32767))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))
    return path


class Announcer(QObject):
    """Chime, then speech, one call at a time; ``repeats`` times each."""

    announced = Signal(str)

    def __init__(self, parent: QObject | None = None, *, engine: str | None = None,
                 audio: bool | None = None, repeats: int = 1,
                 italian_only: bool = True) -> None:
        super().__init__(parent)
        self.repeats = max(1, repeats)
        self._queue: deque[str] = deque()
        self._busy = False
        self._left = 0
        self._current = ""
        self._effect: Any = None
        self._tts: Any = None
        if audio is None:
            from PySide6.QtMultimedia import QMediaDevices

            audio = bool(QMediaDevices.audioOutputs())
        if audio:
            from PySide6.QtMultimedia import QSoundEffect

            self._effect = QSoundEffect(self)
            self._effect.setSource(QUrl.fromLocalFile(str(chime_file())))
            self._effect.playingChanged.connect(self._chime_changed)
        else:
            log.info("no audio output: calls are shown without chime")
        self._setup_speech(engine, italian_only)

    def _setup_speech(self, engine: str | None, italian_only: bool) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        engines = QTextToSpeech.availableEngines()
        if engine is None:
            engine = next((e for e in engines if e != "mock"), None)
        if engine is None or engine not in engines:
            log.info("no speech engine: calls are not spoken")
            return
        tts = QTextToSpeech(engine, self)
        italian = [loc for loc in tts.availableLocales() if loc.language()
                   == QLocale.Language.Italian]
        if not italian and not italian_only:
            italian = list(tts.availableLocales())[:1]
        if not italian:
            log.info("no Italian voice in speech engine %s: calls are not spoken", engine)
            tts.deleteLater()
            return
        tts.setLocale(italian[0])
        tts.stateChanged.connect(self._speech_changed)
        self._tts = tts

    @property
    def speaks(self) -> bool:
        return self._tts is not None

    def announce(self, code: str, counter: int) -> None:
        self._queue.append(spoken(code, counter))
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if not self._queue:
            self._busy = False
            return
        self._busy = True
        self._current = self._queue.popleft()
        self._left = self.repeats
        self._chime()

    def _chime(self) -> None:
        if self._effect is not None and self._effect.isLoaded():
            self._effect.play()
        else:
            self._speak()

    def _chime_changed(self) -> None:
        if self._effect is not None and not self._effect.isPlaying() and self._busy:
            self._speak()

    def _speak(self) -> None:
        if self._tts is None:
            QTimer.singleShot(0, self._one_done)
            return
        self._tts.say(self._current)

    def _speech_changed(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Ready and self._busy:
            self._one_done()
        elif state == QTextToSpeech.State.Error:
            log.warning("speech failed; the call stays on screen")
            self._one_done()

    def _one_done(self) -> None:
        self._left -= 1
        if self._left > 0:
            self._chime()
            return
        self.announced.emit(self._current)
        self._next()


def _row(code: str, counter: str, size: int) -> tuple[QLabel, QLabel]:
    left, right = QLabel(code), QLabel(counter)
    for label in (left, right):
        label.setStyleSheet(f"font-size: {size}px; font-weight: 700; color: #ffffff;")
    return left, right


class WaitingRoomDisplay(QWidget):
    """Current calls in large type, the last five below."""

    SETTINGS = "queue-display.json"

    def __init__(self, ctx: StationContext, events: QueueEvents,
                 announcer: Announcer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("QueueDisplay")
        self.setWindowTitle(_("Waiting-room display — {site}").format(site=ctx.site.site_name))
        self.setStyleSheet("#QueueDisplay { background: #12355b; }"
                           "QLabel { color: #ffffff; }")
        self.announcer = announcer if announcer is not None else Announcer(self)
        self._seen: set[str] = set()
        self._first = True
        self.state = DisplayState((), ())
        self._reading = False
        self._poll: QTimer | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 30, 40, 30)
        top = QHBoxLayout()
        self.centre = QLabel(f"{ctx.site.centre_name} · {ctx.site.site_name}"
                             if ctx.site.centre_name else ctx.site.site_name)
        self.centre.setStyleSheet("font-size: 34px; font-weight: 700; color: #ffffff;")
        self.clock = QLabel()
        self.clock.setStyleSheet("font-size: 34px; font-weight: 700; color: #ffffff;")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.centre, 1)
        top.addWidget(self.clock)
        outer.addLayout(top)
        self.waiting = QLabel()
        self.waiting.setStyleSheet("font-size: 26px; color: #b8d4f0;")
        self.waiting.setAccessibleName(_("People waiting, by service letter"))
        outer.addWidget(self.waiting)
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_time)  # runs while the display is shown
        self._show_time()
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, self.toggle_full_screen)
        head = QLabel(_("Ticket") + "  →  " + _("Counter"))
        head.setStyleSheet("font-size: 28px; color: #b8d4f0;")
        outer.addWidget(head)
        self.current_grid = QGridLayout()
        outer.addLayout(self.current_grid)
        outer.addStretch(1)
        recent = QLabel(_("Last calls"))
        recent.setStyleSheet("font-size: 24px; color: #b8d4f0;")
        outer.addWidget(recent)
        self.recent_grid = QGridLayout()
        outer.addLayout(self.recent_grid)
        self.status = QLabel()
        self.status.setStyleSheet("font-size: 14px; color: #f0c8b8;")
        outer.addWidget(self.status)
        events.changed.connect(self._changed)
        QGuiApplication.instance().screenAdded.connect(self._screens_changed)  # type: ignore[union-attr]
        QGuiApplication.instance().screenRemoved.connect(self._screens_changed)  # type: ignore[union-attr]

    # -- data ---------------------------------------------------------------------------

    def poll_every(self, seconds: float) -> None:
        """Re-read the queue on a timer as well: a display in its own process on a SQLite
        database hears no other process's calls (PostgreSQL's NOTIFY reaches it)."""
        timer = QTimer(self)
        timer.setInterval(int(seconds * 1000))
        timer.timeout.connect(self._poll_once)
        timer.start()
        self._poll = timer

    def stop_polling(self) -> None:
        """Stop everything that runs on a timer (the queue's reads and the clock)."""
        self._tick.stop()
        if self._poll is not None:
            self._poll.stop()
            self._poll = None

    def _poll_once(self) -> None:
        if not self._reading:  # a slow database: never pile reads up behind each other
            self.refresh()

    def refresh(self) -> None:
        self._reading = True
        self.ctx.ops.run(q.display_state, self.ctx.database, self.ctx.site.site_id,
                         on_success=self._read, on_error=self._lost)

    def _read(self, state: DisplayState) -> None:
        self._reading = False
        self.show_state(state)

    def _changed(self, site_id: object) -> None:
        if site_id == self.ctx.site.site_id:
            self.refresh()

    def _lost(self, exc: BaseException) -> None:
        self._reading = False
        log.warning("display cannot read the queue: %s", type(exc).__name__)
        self.status.setText(_("Database not reachable: the calls shown may be out of date."))

    def show_state(self, state: DisplayState) -> None:
        self.status.setText("")
        self.state = state
        self._fill(self.current_grid, [(c.ticket_code, str(c.counter_number))
                                       for c in state.current], 72)
        self._fill(self.recent_grid, [(c.ticket_code, str(c.counter_number))
                                      for c in state.recent], 32)
        self.waiting.setText(_("Waiting: {queues}").format(queues="   ".join(
            f"{prefix} {count}" for prefix, count in state.waiting)) if state.waiting else "")
        fresh = [c for c in reversed(state.current) if c.seq not in self._seen]
        self._seen.update(c.seq for c in (*state.current, *state.recent))
        if not self._first:
            for call in fresh:
                self.announcer.announce(call.ticket_code, call.counter_number)
        self._first = False

    def _fill(self, grid: QGridLayout, rows: list[tuple[str, str]], size: int) -> None:
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for i, (code, counter) in enumerate(rows):
            left, right = _row(code, _("Counter {number}").format(number=counter), size)
            grid.addWidget(left, i, 0)
            grid.addWidget(right, i, 1)

    def showEvent(self, event: QShowEvent) -> None:
        self._show_time()
        self._tick.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._tick.stop()
        super().hideEvent(event)

    def _show_time(self) -> None:
        now = clock.now().astimezone().strftime("%H:%M")  # the queue's clock, local time
        if self.clock.text() != now:
            self.clock.setText(now)

    def shown_text(self) -> str:
        """Everything the public can read on the display (tests check it)."""
        return " ".join(label.text() for label in self.findChildren(QLabel))

    # -- screens ------------------------------------------------------------------------

    def _settings_file(self) -> Path:
        return self.ctx.paths.config / self.SETTINGS

    def remembered_screen(self) -> str:
        try:
            return str(json.loads(self._settings_file().read_text("utf-8")).get("screen", ""))
        except (OSError, ValueError):
            return ""

    def place(self, screen_name: str = "") -> None:
        """Full screen on the named screen (remembered), else on a screen other than the
        primary one (the operator's); with a single screen, in a window on it."""
        if screen_name:
            self._settings_file().parent.mkdir(parents=True, exist_ok=True)
            self._settings_file().write_text(json.dumps({"screen": screen_name}), "utf-8")
        name = screen_name or self.remembered_screen()
        screens = QGuiApplication.screens()
        primary = QGuiApplication.primaryScreen()
        target: QScreen | None = next((s for s in screens if name and s.name() == name),
                                      None)
        if target is None:
            target = next((s for s in screens if s is not primary), None)
        if target is None:  # one screen: it is the operator's, the display is a window
            self.setWindowState(Qt.WindowState.WindowNoState)
            if primary is not None:
                area = primary.availableGeometry()
                self.resize(area.width() * 2 // 3, area.height() * 2 // 3)
                self.move(area.center() - self.rect().center())
            self.show()
            self.activateWindow()  # Esc and F11 reach it at once
            return
        # Two X screens (or monitors) may both start at (0, 0): the geometry alone would
        # land on the operator's screen, so the window is moved to the screen itself.
        self.setScreen(target)
        self.setGeometry(target.geometry())
        self.showFullScreen()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def _screens_changed(self, _screen: QScreen) -> None:
        if self.isVisible():
            self.place()
