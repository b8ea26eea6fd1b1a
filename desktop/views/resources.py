"""Qt-side resources: icons, the application fonts, Qt's own Italian translations."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from desktop.paths import resource_path

log = logging.getLogger(__name__)
_translators: list[QTranslator] = []


@cache
def icon(name: str) -> QIcon:
    return QIcon(str(resource_path("icons", f"{name}.svg")))


def load_fonts(app: QApplication) -> None:
    """Use the shipped DejaVu Sans everywhere, so every PC renders the same."""
    family = ""
    for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", f"{name}.ttf")))
        if font_id >= 0 and not family:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        app.setFont(QFont(family, 10))


def install_qt_translations(app: QApplication, language: str) -> None:
    """Make Qt's own dialogs (buttons, file dialogs, print dialogs) speak ``language``."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Italian if language == "it"
                               else QLocale.Language.English, QLocale.Country.Italy))
    if language == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qtmultimedia"):
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{language}", folder):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.info("Qt translation %s_%s not found in %s", catalog, language, folder)
