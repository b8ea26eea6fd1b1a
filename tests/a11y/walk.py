"""Generic checks over a window's widgets: mnemonics, accessible names, Tab order, contrast
and English text shown in the Italian interface.

Every check takes a top-level widget and iterates over its QWidget children, so a page or
dialog added later is covered without touching this module. Each returns a list of
readable problems (empty = pass), so a failing test prints all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

# -- helpers ------------------------------------------------------------------------------


def describe(widget: QWidget) -> str:
    text = ""
    for getter in ("text", "title", "accessibleName", "placeholderText"):
        value = getattr(widget, getter, None)
        if callable(value):
            try:
                text = str(value())
            except TypeError:
                continue
            if text:
                break
    name = widget.objectName()
    return f"{type(widget).__name__}{'#' + name if name else ''}{' ' + repr(text[:40]) if text else ''}"


def shown(top: QWidget) -> Iterator[QWidget]:
    """Every visible widget of ``top`` (itself included), in creation order."""
    if top.isVisible():
        yield top
    for widget in top.findChildren(QWidget):
        if widget.isVisible() and widget.window() is top:
            yield widget


def _internal(widget: QWidget) -> bool:
    """Parts of a compound control that the control itself names and focuses (the line
    edit inside a spin box or combo box, the viewport of a scroll area)."""
    parent = widget.parentWidget()
    if parent is None:
        return False
    if parent.focusProxy() is widget or widget.objectName().startswith("qt_"):
        return True
    if isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget:
        return True
    ancestor: QWidget | None = parent
    while ancestor is not None:  # a cell editor: the item view moves between cells
        if isinstance(ancestor, QAbstractItemView):
            return True
        ancestor = ancestor.parentWidget()
    return isinstance(parent, (QAbstractSpinBox, QComboBox))


def focusable(top: QWidget) -> list[QWidget]:
    """The controls Tab must reach: visible, enabled, taking focus by Tab."""
    return [w for w in shown(top) if w is not top and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus and not _internal(w)]


# -- mnemonics ----------------------------------------------------------------------------

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def mnemonic_texts(top: QWidget) -> list[tuple[str, str, str]]:
    """(letter, where, text) of every mnemonic a user can press in ``top`` as shown now."""
    out: list[tuple[str, str, str]] = []

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter:
            out.append((letter, where, text))

    for widget in shown(top):
        if isinstance(widget, QAbstractButton) or isinstance(widget, QLabel) and widget.buddy() is not None:  # disabled now, enabled later
            add(widget.text(), describe(widget))
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), describe(widget))
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.isTabVisible(i) and widget.isTabEnabled(i):
                    add(widget.tabText(i), f"tab {widget.tabText(i)!r}")
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            if action.isVisible():
                add(action.text(), f"menu {action.text()!r}")
    return out


def mnemonic_clashes(top: QWidget) -> list[str]:
    by_letter: dict[str, list[str]] = {}
    for letter, where, _text in mnemonic_texts(top):
        by_letter.setdefault(letter, []).append(where)
    return [f"Alt+{letter.upper()}: {', '.join(places)}"
            for letter, places in sorted(by_letter.items()) if len(places) > 1]


# -- accessible names ---------------------------------------------------------------------


def accessible_name(widget: QWidget) -> str:
    """What a screen reader announces: Qt's accessible name (own accessibleName, else the
    buddy label's text, else the control's own text)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    name = interface.text(QAccessible.Text.Name) if interface is not None else ""
    return name.strip() or widget.accessibleName().strip()


def unnamed(top: QWidget) -> list[str]:
    return [describe(w) for w in focusable(top) if not accessible_name(w)]


# -- Tab order ----------------------------------------------------------------------------


def tab_chain(top: QWidget) -> list[QWidget]:
    """The controls Tab visits from the first one, in order, once round the chain."""
    targets = focusable(top)
    if not targets:
        return []
    wanted = set(map(id, targets))
    chain: list[QWidget] = []
    start = targets[0]
    widget: QWidget = start
    for _ in range(len(top.findChildren(QWidget)) + 2):
        proxy = widget
        while proxy.focusProxy() is not None:
            proxy = proxy.focusProxy()
        if id(widget) in wanted and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return chain


def _rect(widget: QWidget) -> QRect:
    """Where the widget sits in the window's reading space: inside a scroll area, at its
    place in the scrolled content (Tab scrolls there), not where the viewport shows it."""
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent,
                                                                      QAbstractItemView):
            top_left.setX(top_left.x() + parent.horizontalScrollBar().value())
            top_left.setY(top_left.y() + parent.verticalScrollBar().value())
        parent = parent.parentWidget()
    return QRect(top_left, widget.size())


def tab_order_problems(top: QWidget, tolerance: int = 8) -> list[str]:
    """Tab reaches every control, and never jumps back up within the same column nor
    back left within the same row (going up is fine only into a column further right).
    The chain is a ring: it is read from the start that breaks the order least (the one
    jump from the last control back to the first is not a fault)."""
    chain = tab_chain(top)
    problems = [f"not reached by Tab: {describe(w)}" for w in focusable(top) if w not in chain]
    rings = [_order_problems(chain[i:] + chain[:i], tolerance) for i in range(len(chain))]
    return problems + min(rings, key=len, default=[])


def _order_problems(chain: list[QWidget], tolerance: int) -> list[str]:
    problems = []
    for before, after in zip(chain, chain[1:], strict=False):
        a, b = _rect(before), _rect(after)
        same_row = b.top() < a.bottom() - tolerance and a.top() < b.bottom() - tolerance
        if same_row and b.right() <= a.left() + tolerance:
            problems.append(f"Tab goes back left: {describe(before)} -> {describe(after)}")
        elif not same_row and b.bottom() <= a.top() + tolerance \
                and b.left() < a.right() - tolerance:
            problems.append(f"Tab goes back up: {describe(before)} -> {describe(after)}")
    return problems


# -- contrast -----------------------------------------------------------------------------


def luminance(color: QColor) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF())
            + 0.0722 * channel(color.blueF()))


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _text_of(widget: QWidget) -> str:
    if isinstance(widget, (QLabel, QAbstractButton, QLineEdit)):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText()
    return ""


def _background(image: QImage, rect: QRect) -> QColor:
    """The most frequent colour of the widget's area as painted: what its text sits on."""
    counts: dict[int, int] = {}
    step = max(1, min(rect.width(), rect.height()) // 12)
    for y in range(rect.top(), rect.bottom(), step):
        for x in range(rect.left(), rect.right(), step):
            if 0 <= x < image.width() and 0 <= y < image.height():
                rgb = image.pixel(x, y) & 0xFFFFFF
                counts[rgb] = counts.get(rgb, 0) + 1
    if not counts:
        return QColor("white")
    return QColor(max(counts, key=lambda k: counts[k]))


def low_contrast(top: QWidget, minimum: float = 4.5) -> list[str]:
    """Text whose colour (the widget's palette, as the style sheet set it) against the
    background actually painted under it is below ``minimum`` (WCAG 1.4.3 / EN 301 549
    11.1.4.3). Disabled controls are exempt, as WCAG says."""
    image = top.grab().toImage()
    ratio = image.width() / max(1, top.width())
    problems = []
    for widget in shown(top):
        text = _text_of(widget).strip()
        if not text or not widget.isEnabled() or widget is top:
            continue
        visible = widget.visibleRegion().boundingRect()  # not what a scroll area hides
        if visible.isEmpty():
            continue
        rect = QRect(widget.mapTo(top, visible.topLeft()), visible.size())
        scaled = QRect(int(rect.left() * ratio), int(rect.top() * ratio),
                       int(rect.width() * ratio), int(rect.height() * ratio))
        background = _background(image, scaled)
        foreground = widget.palette().color(widget.foregroundRole())
        value = contrast(foreground, background)
        if value < minimum:
            problems.append(f"{describe(widget)}: {foreground.name()} on {background.name()} "
                            f"= {value:.2f}:1")
    return problems


# -- English in the Italian interface -----------------------------------------------------

#: Words that are English and never Italian: a shown text holding one is not translated.
ENGLISH_WORDS = frozenset((
    "the", "and", "with", "from", "this", "that", "these", "those", "your", "you", "are", "is",
    "was", "were", "has", "have", "will", "would", "show", "help", "usage", "options",
    "optional", "positional", "arguments", "listed", "vacancies", "vacancy", "people",
    "person", "create", "update", "delete", "created", "updated", "deleted", "read", "write",
    "print", "printed", "search", "searching", "loading", "save", "saved", "cancel", "open",
    "close", "quit", "settings", "page", "pages", "rows", "row", "entry", "entries", "failed",
    "logged", "changed", "enabled", "disabled", "tickets", "counter", "queue", "waiting",
    "welcome", "alerts", "candidates", "shortlist", "outcome", "records", "merge", "merged",
    "export", "exported", "scheduled", "action", "actions", "of", "to", "for", "by", "on",
    "at",
))

_WORD = re.compile(r"[A-Za-zÀ-ÿ]+")


def english_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)
    plain = " ".join(w for w in plain.split() if "/" not in w and "_" not in w)  # paths
    return [w for w in _WORD.findall(plain) if w.lower() in ENGLISH_WORDS and len(w) > 2]


@cache
def _untranslated() -> frozenset[str]:
    """English message ids whose Italian differs: shown as they are, they are English."""
    from babel.messages.pofile import read_po

    from desktop.i18n import catalog_path

    with open(catalog_path("it"), "rb") as po:
        catalog = read_po(po, locale="it")
    ids, italian = set(), set()
    for message in catalog:
        if not message.id or not message.string:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        msgstr = message.string if isinstance(message.string, str) else message.string[0]
        msgid, msgstr = msgid.replace("&", ""), msgstr.replace("&", "")
        italian.add(msgstr)
        if msgid != msgstr and len(msgid) > 3:
            ids.add(msgid)
    return frozenset(ids - italian)  # "Note", "CAP": the same word in both languages


def shown_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of every text a user sees or hears in ``top`` now."""
    from PySide6.QtWidgets import QStatusBar

    yield "window title", top.windowTitle()
    for widget in shown(top):
        where = describe(widget)
        for getter in ("text", "title", "placeholderText", "toolTip", "accessibleName",
                       "currentMessage"):
            value = getattr(widget, getter, None)
            if callable(value) and not isinstance(widget, (QTextEdit, QPlainTextEdit)):
                try:
                    text = value()
                except TypeError:
                    continue
                if isinstance(text, str) and text:
                    yield f"{where}.{getter}", text
        if isinstance(widget, QTabBar):
            for i in range(widget.count()):
                yield f"{where} tab", widget.tabText(i)
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where} item", widget.itemText(i)
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            yield from _model_texts(widget, where)
        if isinstance(widget, QStatusBar):
            yield f"{where} message", widget.currentMessage()
    if isinstance(top, QMainWindow):
        for action in top.menuBar().actions():
            yield "menu", action.text()
            menu = action.menu()
            if menu is not None:
                for item in menu.actions():
                    yield f"menu {action.text()}", item.text()


def _model_texts(view: QAbstractItemView, where: str) -> Iterator[tuple[str, str]]:
    model = view.model()
    root = QModelIndex()
    try:
        columns = model.columnCount(root)
    except TypeError:  # a list model keeps columnCount private: one column
        columns = 1
    for orientation in (Qt.Orientation.Horizontal,):
        for section in range(columns):
            value = model.headerData(section, orientation, Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{where} header", value
    for row in range(min(model.rowCount(root), 30)):
        for column in range(columns):
            value = model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            if isinstance(value, str):
                yield f"{where} cell", value


def english_shown(top: QWidget) -> list[str]:
    untranslated = _untranslated()
    problems = []
    for where, text in shown_texts(top):
        plain = text.replace("&", "").strip()
        if not plain:
            continue
        if plain in untranslated:
            problems.append(f"{where}: untranslated {plain!r}")
            continue
        words = english_words(plain)
        if words:
            problems.append(f"{where}: English {words} in {plain[:80]!r}")
    return problems
