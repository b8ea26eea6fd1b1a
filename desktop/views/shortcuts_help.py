"""The F1 list of keyboard shortcuts, read from the window's own QActions and QShortcuts
(and buttons with a key of their own), so that it can never drift from what the keys do."""

from __future__ import annotations

import html
import re

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QWidget

from desktop.i18n import _

_KEY_SUFFIX = re.compile(r"\s*\[[^\]]*\]\s*$")


def _label(text: str) -> str:
    """A control's text as the list shows it: no mnemonic marker, no "[F5]" suffix."""
    return _KEY_SUFFIX.sub("", text.replace("&&", "\0").replace("&", "").replace("\0", "&"))


def _keys(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_entries(window: QWidget, page: QWidget | None) -> list[tuple[str, str]]:
    """(keys, what they do) of every shortcut in force on ``page`` of ``window``: the
    window's menu actions first, then the page's own shortcuts, actions and buttons.
    Shortcuts of other pages and of dialogs are left out; duplicates appear once."""
    entries: list[tuple[str, str]] = []

    def add(sequence: QKeySequence, text: str) -> None:
        keys = _keys(sequence)
        entry = (keys, _label(text) or "?")
        if keys and entry not in entries:
            entries.append(entry)

    def in_scope(widget: QWidget | None) -> bool:
        if widget is None or widget.window() is not window:
            return False
        return page is None or widget is page or page.isAncestorOf(widget) \
            or not _inside_a_page(widget, window)

    for action in window.findChildren(QAction):
        parent = action.parent()
        owner = parent if isinstance(parent, QWidget) else window
        if in_scope(owner) and action.isEnabled():
            for sequence in action.shortcuts():
                add(sequence, action.text())
    for shortcut in window.findChildren(QShortcut):
        parent = shortcut.parent()
        if isinstance(parent, QWidget) and in_scope(parent) and shortcut.isEnabled():
            add(shortcut.key(), shortcut.whatsThis())
    for button in window.findChildren(QAbstractButton):
        sequence = button.shortcut()
        if in_scope(button) and not sequence.isEmpty() \
                and sequence != QKeySequence.mnemonic(button.text()):
            add(sequence, button.text())
    return entries


def _inside_a_page(widget: QWidget, window: QWidget) -> bool:
    from desktop.views.pages.base import Page

    parent: QWidget | None = widget
    while parent is not None and parent is not window:
        if isinstance(parent, Page):
            return True
        parent = parent.parentWidget()
    return False


def shortcut_html(entries: list[tuple[str, str]]) -> str:
    rows = "".join(f"<tr><td><b>{html.escape(keys)}</b></td><td>{html.escape(text)}</td></tr>"
                   for keys, text in entries)
    return f"<table cellspacing='4'>{rows}</table>" if rows else _("No shortcuts.")
