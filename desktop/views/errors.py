"""The one way errors reach a person: ``report_error``, and a crash dialog for the rest.

Every view's error callback calls :func:`report_error`: it logs the technical
detail and shows ONE sentence, on the view's status label (``status=``) or in a
dialog. Exception text never reaches the screen: a ``SportelloError`` carries the
sentence written for people, anything else shows a generic sentence (or the view's
own ``fallback`` sentence, e.g. the kiosk's for the public).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from html import escape
from types import TracebackType

from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget

from desktop.errors import SportelloError
from desktop.i18n import _

log = logging.getLogger(__name__)


class _CrashHint:
    """Where the log file is: set by the application once logging is configured."""

    log_file = ""


#: A status line: a label, or a function that shows the sentence its own way.
Status = QLabel | Callable[[str], object]

#: The colour of an error sentence on a page's status line.
ERROR_COLOUR = "#B91C1C"


def user_message(exc: BaseException) -> str:
    if isinstance(exc, SportelloError):
        return exc.user_message
    return _("An unexpected error occurred. The operation was not completed; try again, "
             "and if it happens again tell the centre's IT staff.")


def error_html(sentence: str) -> str:
    """``sentence`` escaped and in the error colour, for a rich-text status line."""
    return f"<span style='color:{ERROR_COLOUR}'>{escape(sentence)}</span>"


def _log(exc: BaseException) -> None:
    if isinstance(exc, SportelloError):
        log.info("%s: %s", type(exc).__name__, exc.detail or "")
    else:
        log.error("unexpected error", exc_info=exc)


def report_error(parent: QWidget | None, exc: BaseException, *, title: str = "",
                 status: Status | None = None, inline: bool = False,
                 fallback: str = "") -> str:
    """Log ``exc`` and tell the person what went wrong in one sentence; returns it.

    With ``status`` the sentence of a ``SportelloError`` goes there; an unexpected
    error opens the error dialog (with the traceback for the IT staff) unless
    ``inline`` or a ``fallback`` sentence is given, when that sentence (or the
    generic one) goes on ``status`` too. Without ``status`` it is the dialog.
    """
    _log(exc)
    expected = isinstance(exc, SportelloError)
    if status is None or not (expected or inline or fallback):
        _dialog(parent, exc, title)
        return user_message(exc)
    sentence = user_message(exc) if expected or not fallback else fallback
    if isinstance(status, QLabel):
        status.setText(sentence)
        status.show()
    else:
        status(sentence)
    return sentence


def show_error(parent: QWidget | None, exc: BaseException, title: str = "") -> None:
    """Tell the operator what went wrong, in a dialog; log the technical detail."""
    _log(exc)
    _dialog(parent, exc, title)


def _dialog(parent: QWidget | None, exc: BaseException, title: str) -> None:
    if isinstance(exc, SportelloError):
        QMessageBox.warning(parent, title or _("Sportello"), exc.user_message)
        return
    box = QMessageBox(QMessageBox.Icon.Critical, title or _("Sportello"), user_message(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setDetailedText("".join(traceback.format_exception(exc)))
    box.exec()


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, exc, tb)
        return
    log.critical("uncaught exception", exc_info=(kind, exc, tb))
    if QApplication.instance() is None:
        sys.__excepthook__(kind, exc, tb)
        return
    text = _("Sportello hit an unexpected problem. The work already saved is safe. "
             "If it happens again, tell the centre's IT staff.")
    if _CrashHint.log_file:
        text += "\n\n" + _("Details are in the log file: {path}").format(
            path=_CrashHint.log_file)
    box = QMessageBox(QMessageBox.Icon.Critical, _("Unexpected error"), text)
    box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
    box.exec()


def install_crash_handler(log_file: str = "") -> None:
    _CrashHint.log_file = log_file
    sys.excepthook = _excepthook
