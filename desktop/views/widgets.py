"""Small widget builders every dialog uses the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QWidget,
)

from desktop import formatting
from desktop.i18n import _


def error_label(accessible_name: str = "") -> QLabel:
    """A hidden, word-wrapped label in the error colour, shown when something is wrong."""
    label = QLabel()
    label.setObjectName("ErrorLabel")
    label.setWordWrap(True)
    if accessible_name:
        label.setAccessibleName(accessible_name)
    label.hide()
    return label


def hinted_line(placeholder: str, edit: QLineEdit | None = None) -> QLineEdit:
    """A line edit (``edit`` or a new one) showing ``placeholder`` and never narrower
    than it: the hint is what an operator reads before typing, so it is never cut."""
    edit = edit if edit is not None else QLineEdit()
    edit.setPlaceholderText(placeholder)
    frame = edit.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, edit)
    edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(placeholder) + 2 * frame + 8)
    return edit


def ok_cancel_buttons(ok_text: str, on_ok: Callable[[], object],
                      on_cancel: Callable[[], object]) -> QDialogButtonBox:
    """OK (the default, primary button, labelled ``ok_text``) and Annulla."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setText(ok_text)
    ok.setProperty("primary", True)
    ok.setDefault(True)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("&Cancel"))
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(on_cancel)
    return buttons


def scoped_shortcut(key: str | QKeySequence | Qt.Key, parent: QWidget,
                    slot: Callable[[], object],
                    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
                    *, description: str) -> QShortcut:
    """A shortcut active only while the focus is in ``parent`` (or as ``context`` says).

    PySide6's ``QShortcut(key, parent, callable, context=…)`` silently ignores the
    context and makes a window-wide shortcut; two such shortcuts with the same key
    in one window are then ambiguous and neither fires. ``description`` (translated, and
    required so that no key is added without one) is what the F1 list says the key does.
    """
    shortcut = QShortcut(key if isinstance(key, QKeySequence) else QKeySequence(key), parent)
    shortcut.setContext(context)
    shortcut.setWhatsThis(description)
    shortcut.activated.connect(slot)
    return shortcut


# --- the wheel never changes a value; dates are typed (or picked) ---------------------

_WHEEL_SHY = (QComboBox, QAbstractSpinBox)  # QDateEdit and QSpinBox are spin boxes


class _WheelGuard(QObject):
    """Swallows wheel events over a closed drop-down, a spin box or a date field, and
    hands them to the nearest scroll area so the page scrolls as the operator meant."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Wheel or not isinstance(watched, _WHEEL_SHY):
            return False
        parent = watched.parentWidget()
        while parent is not None and not isinstance(parent, QAbstractScrollArea):
            parent = parent.parentWidget()
        if parent is not None:
            QCoreApplication.sendEvent(parent.viewport(), event)
        return True


def guard_wheel(root: QWidget) -> None:
    """Make the scroll wheel harmless on every drop-down, spin box and date field in
    ``root``: the wheel scrolls the page and never changes a value (an open drop-down
    list still scrolls: its list is not guarded). Call it once the form is built, and
    again after adding fields (it is idempotent)."""
    guard = root.findChild(_WheelGuard, "wheel-guard")
    if guard is None:
        guard = _WheelGuard(root)
        guard.setObjectName("wheel-guard")
    for widget in [root, *root.findChildren(QWidget)]:
        _guard_one(widget, guard)


def _guard_one(widget: QObject, guard: QObject) -> None:
    if isinstance(widget, _WHEEL_SHY) and not widget.property("wheel_guarded"):
        widget.setProperty("wheel_guarded", True)
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel gives no focus either
        widget.installEventFilter(guard)


def parse_date(text: str) -> dt.date | None:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy or ISO; None otherwise."""
    text = text.strip()
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d%m%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class DateField(QLineEdit):
    """A date typed as dd/mm/yyyy (empty allowed), with a calendar on F4 or Alt+Down.

    Unlike a QDateEdit it has no special "not given" text to type over and no
    sections to step with the wheel; the calendar opens on the typed date, or today.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaxLength(10)
        self.calendar_action = self.addAction(
            self.style().standardIcon(self.style().StandardPixmap.SP_FileDialogDetailedView),
            QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip(_("Calendar (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None

    def date(self) -> dt.date | None:
        return parse_date(self.text())

    def set_date(self, day: dt.date | None) -> None:
        self.setText(formatting.date(day))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_F4 or (
                event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier):
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def open_calendar(self) -> None:
        """A calendar pop-up on the typed date (or today); Enter or a click picks."""
        day = self.date() or dt.date.today()
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setAccessibleName(self.accessibleName() or _("Calendar"))
        calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.activated.connect(lambda chosen: self._picked(chosen, calendar))
        calendar.clicked.connect(lambda chosen: self._picked(chosen, calendar))
        calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar = calendar
        calendar.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, chosen: QDate, calendar: QCalendarWidget) -> None:
        self.set_date(dt.date(chosen.year(), chosen.month(), chosen.day()))
        calendar.close()
        calendar.deleteLater()
        self.calendar = None
        self.setFocus(Qt.FocusReason.PopupFocusReason)



class _FocusFollower(QObject):
    """A child of the scroll area, so the connection ends with the area."""

    def __init__(self, scroll: QScrollArea) -> None:
        super().__init__(scroll)
        self.scroll = scroll

    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        inner = self.scroll.widget()
        if new is not None and inner is not None and inner.isAncestorOf(new):
            self.scroll.ensureWidgetVisible(new, 20, 40)


def follow_focus(scroll: QScrollArea) -> None:
    """Keep the field that receives the keyboard visible inside ``scroll``: a form taller
    than the window is walked with Tab and mnemonics, never with the mouse wheel."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.focusChanged.connect(_FocusFollower(scroll).focus_changed)
