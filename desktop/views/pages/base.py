"""What every area page shares: its identity in the navigation and a titled layout."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from desktop.views.context import ViewContext


class Page(QWidget):
    """An area of the main window. Subclasses set the class attributes and fill ``body``."""

    #: Stable identifier (used by screenshots, tests and settings).
    area_id = ""
    #: Shortcut that opens the area, e.g. "Ctrl+1".
    shortcut = ""
    #: Icon file name in resources/icons (without .svg).
    icon_name = ""

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page-{self.area_id}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 18)
        outer.setSpacing(14)
        heading = QLabel(self.title())
        heading.setObjectName("PageTitle")
        heading.setAccessibleName(self.title())
        subtitle = QLabel(self.subtitle())
        subtitle.setObjectName("PageSubtitle")
        subtitle.setWordWrap(True)
        outer.addWidget(heading)
        outer.addWidget(subtitle)
        self.body = QVBoxLayout()
        self.body.setSpacing(14)
        outer.addLayout(self.body, 1)

    @classmethod
    def title(cls) -> str:
        return cls.area_id

    @classmethod
    def subtitle(cls) -> str:
        return ""

    def activated(self) -> None:
        """Called each time the operator opens the area: refresh what may have changed."""

    def focus_first(self) -> None:
        """Put the focus on the area's first field (in Tab order), so that the keys of
        the area work at once after its shortcut (Ctrl+4 then Ctrl+Enter)."""
        from PySide6.QtWidgets import QAbstractButton, QTabBar

        first: QWidget | None = None
        widget = self.nextInFocusChain()
        for _step in range(len(self.findChildren(QWidget)) + 1):
            if widget is None or widget is self or not self.isAncestorOf(widget):
                break
            takes = bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) \
                and widget.focusProxy() is None  # a tab widget hands it to its tab bar
            if takes and widget.isVisible() and widget.isEnabled():
                if not isinstance(widget, (QAbstractButton, QTabBar)):
                    widget.setFocus(Qt.FocusReason.ShortcutFocusReason)
                    return
                first = first or widget
            widget = widget.nextInFocusChain()
        if first is not None:
            first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def busy_reason(self) -> str:
        """Why quitting or logging out now would lose something ("" = nothing). By
        convention a page, or a form inside it, with unsaved edits has a true ``dirty``
        (or ``form_dirty`` / ``did_dirty``) attribute."""
        from desktop.i18n import _

        for holder in (self, *self.findChildren(QWidget)):
            if any(getattr(holder, name, False) is True
                   for name in ("dirty", "form_dirty", "did_dirty")):
                return _("{area}: unsaved changes.").format(area=self.title())
        return ""



def card(title: str, lines: Sequence[str] = (), parent: QWidget | None = None) -> QFrame:
    """A white panel with a title and optional paragraphs."""
    frame = QFrame(parent)
    frame.setObjectName("Card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    heading = QLabel(title)
    heading.setObjectName("CardTitle")
    layout.addWidget(heading)
    for line in lines:
        label = QLabel(line)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(label)
    return frame


def card_layout(frame: QFrame) -> QVBoxLayout:
    """The vertical layout of a :func:`card`, to add rows and sub-layouts to it."""
    layout = frame.layout()
    if not isinstance(layout, QVBoxLayout):
        raise TypeError("card_layout() takes a frame made by card()")
    return layout


def bullet_list(items: Sequence[str]) -> str:
    return "<ul style='margin-left:-18px'>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


class PlannedArea(Page):
    """An area whose tools arrive with a later release: says plainly what it will hold."""

    @classmethod
    def planned(cls) -> Sequence[str]:
        return ()

    def __init__(self, ctx: ViewContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        from desktop.i18n import _

        self.planned_card = card(_("Coming in this area"), [bullet_list(self.planned())])
        self.body.addWidget(self.planned_card)
