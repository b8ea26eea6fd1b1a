"""The one way errors reach a person: ``show_error``, and a crash dialog for the rest."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import SportelloError
from desktop.i18n import _

log = logging.getLogger(__name__)

#: Set by the application once logging is configured, shown in the crash dialog.
LOG_FILE_HINT = ""


def user_message(exc: BaseException) -> str:
    if isinstance(exc, SportelloError):
        return exc.user_message
    return _("An unexpected error occurred. The operation was not completed; try again, "
             "and if it happens again tell the centre's IT staff.")


def show_error(parent: QWidget | None, exc: BaseException, title: str = "") -> None:
    """Tell the operator what went wrong, in one sentence; log the technical detail."""
    if isinstance(exc, SportelloError):
        log.info("%s: %s", type(exc).__name__, exc.detail or "")
        QMessageBox.warning(parent, title or _("Sportello"), exc.user_message)
        return
    log.error("unexpected error", exc_info=exc)
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
    if LOG_FILE_HINT:
        text += "\n\n" + _("Details are in the log file: {path}").format(path=LOG_FILE_HINT)
    box = QMessageBox(QMessageBox.Icon.Critical, _("Unexpected error"), text)
    box.setDetailedText("".join(traceback.format_exception(kind, exc, tb)))
    box.exec()


def install_crash_handler(log_file: str = "") -> None:
    global LOG_FILE_HINT
    LOG_FILE_HINT = log_file
    sys.excepthook = _excepthook
