"""The rules of what goes into the frozen Sportello: pure data, no logic.

Part of installer/bundle.py (which re-exports every name here): the lists of Qt
modules, Python modules, plugins and locales kept or left out, the files a finished
bundle must (not) contain, and the menu entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Our own packages: every submodule is bundled, whether imported statically or not.
APP_PACKAGES = ("desktop", "server", "wire")

#: Folders inside our packages that are read from disk at run time (copied as files,
#: ``.py`` included), relative to ROOT.
PACKAGE_DATA_DIRS = ("desktop/migrations", "server/migrations")

#: Folders copied whole into the bundle, relative to ROOT (destination: same name).
RESOURCE_DIRS = ("resources",)

#: Qt modules the app uses (or loads plugins of). Each pulls in its plugins through
#: PyInstaller's hooks: platforms, image formats, print support, the QtPdf library and
#: the text-to-speech engines (speechd, SAPI/WinRT on Windows). The call chime is a
#: QSoundEffect, which QtMultimedia plays through the system's audio (PulseAudio,
#: WASAPI) itself: the FFmpeg media backend is left out (see EXCLUDED_BINARIES).
QT_MODULES = (
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtSvg",
    "QtNetwork",
    "QtPrintSupport",
    "QtPdf",
    "QtPdfWidgets",
    "QtTextToSpeech",
    "QtMultimedia",
    # The Osservatorio's charts.
    "QtCharts",
)

#: Qt modules never bundled: large and unused. The fast test fails if the code
#: starts importing one of them.
QT_EXCLUDED = (
    "QtWebEngineCore",
    "QtWebEngineWidgets",
    "QtWebEngineQuick",
    "QtWebChannel",
    "QtWebSockets",
    "QtWebView",
    "Qt3DCore",
    "Qt3DRender",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DAnimation",
    "Qt3DExtras",
    "QtQuick3D",
    "QtQuick",
    "QtQuickWidgets",
    "QtQuickControls2",
    "QtQml",
    "QtDataVisualization",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtDesigner",
    "QtUiTools",
    "QtHelp",
    "QtLocation",
    "QtPositioning",
    "QtBluetooth",
    "QtNfc",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtRemoteObjects",
    "QtScxml",
    "QtStateMachine",
    "QtSpatialAudio",
    "QtHttpServer",
    "QtTest",
    "QtSql",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtAxContainer",
)

#: Qt's own translations (``qtbase_it.qm`` & co.): only these languages are kept.
QT_TRANSLATION_LANGUAGES = ("it",)

#: Babel locale data kept (``babel/locale-data/<locale>.dat``): the app's languages and
#: those of Italy's bilingual regions (Alto Adige, Valle d'Aosta, Friuli-Venezia Giulia).
#: ``root`` is the fallback every locale needs. Saves ~30 MB.
BABEL_LANGUAGES = ("root", "it", "en", "de", "fr", "sl")

#: Faker is only used for the demo database; keep its locale-neutral providers and these
#: locales. Saves ~12 MB.
FAKER_LOCALES = ("it_IT", "en_US", "en")

#: PyInstaller runtime hooks (installer/rthooks/): libraries that look for their data
#: next to the executable when frozen.
RUNTIME_HOOKS = ("installer/rthooks/pyi_rth_codicefiscale.py",)

#: Python modules never bundled (test and development tools some libraries import
#: optionally).
PYTHON_EXCLUDED = (
    "tkinter",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "IPython",
    "matplotlib",
    "sqlalchemy.testing",
    "alembic.testing",
    "faker.sphinx",
    "reportlab.graphics.testshapes",
    # Pillow's AVIF and WebP codecs (5.7 MB of vendored libraries) and its Tk bridge:
    # ReportLab reads the PNG and JPEG images of the printouts with Pillow's core.
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "PIL._webp",
    "PIL.WebPImagePlugin",
    "PIL._imagingtk",
    "PIL.ImageTk",
    # Pillow's font and colour-management engines (FreeType, HarfBuzz, LittleCMS: 3.5 MB):
    # ReportLab embeds the fonts itself, and nothing converts colour profiles.
    "PIL._imagingft",
    "PIL._imagingcms",
    "PIL.ImageCms",
    # numpy's SIMD test harness, random generators and FFT (4.5 MB of extension modules):
    # the matching index uses arrays and arithmetic only. numpy loads these on first use.
    "numpy._core._simd",
    "numpy.random",
    "numpy.fft",
    "numpy.f2py",
    "numpy._pyinstaller",
    # Build and terminal tools that optional code paths of runtime libraries name
    # (pydantic's schema pretty-printer, Mako's and ReportLab's code highlighters, cffi's
    # and Babel's setuptools commands, stdnum's fallback for old Pythons).
    "PyInstaller",
    "setuptools",
    "pkg_resources",
    "distutils",
    "_distutils_hack",
    "rich",
    "pygments",
    "pydoc_data",
    "babel.messages.setuptools_frontend",
    "cffi.setuptools_ext",
    "cffi._shimmed_dist_utils",
    "mako.ext.pygmentplugin",
    "reportlab.lib.pygments2xpre",
)

#: python-stdnum's number databases (MAC vendors, IMSI, ISBN ranges...: 2 MB). Sportello
#: uses only validators that need none (``stdnum.it.*``, ``stdnum.luhn``); a database a
#: new import needs goes here (the fast test checks).
STDNUM_DATABASES: tuple[str, ...] = ()

#: Runtime dependencies that need no explicit collection (their PyInstaller hooks
#: do it, or they are Qt, which the QT_* rules above govern).
DEPENDENCIES_HANDLED_ELSEWHERE = ("PySide6-Essentials", "PySide6-Addons", "PySide6-Pdf",
                                  "PySide6", "shiboken6")

#: Bundle (and executable) name: ``dist/sportello/sportello``.
NAME = "sportello"
ENTRY_SCRIPT = "installer/sportello_main.py"


@dataclass(frozen=True)
class Launcher:
    """A menu entry: one ``sportello`` command, shown under its own name."""

    id: str
    name: str
    comment: str
    args: tuple[str, ...]


#: The Start-menu / desktop entries. The kiosk and waiting-room display are named here
#: and nowhere else: the .deb's desktop entries and the Windows installer's shortcuts
#: are generated from this list.
LAUNCHERS = (
    Launcher("sportello", "Sportello", "Front office del Centro per l'Impiego", ()),
    Launcher("sportello-kiosk", "Sportello - Chiosco eliminacode",
             "Emissione dei biglietti per la coda", ("kiosk",)),
    Launcher("sportello-display", "Sportello - Tabellone sala d'attesa",
             "Chiamate in corso per la sala d'attesa", ("display",)),
)


#: Qt plugins left out although a hook collects them (names without ``lib`` and suffix,
#: so the rule holds for Linux ``.so`` and Windows ``.dll`` files alike):
#:
#: * ``qgtk3``: the GTK3 platform theme would load the system's GTK next to bundled
#:   libraries (the XDG portal theme stays);
#: * ``ffmpegmediaplugin``: the media player backend. Sportello plays no media files;
#:   QSoundEffect (the chime) works without it. With it came FFmpeg and QtQuick/QML
#:   (about 45 MB);
#: * ``qtvirtualkeyboardplugin``: the on-screen keyboard (QtQuick again); the kiosk has
#:   buttons only, and a counter PC has a real keyboard;
#: * platforms for embedded boards and remote framebuffers (``qeglfs``, ``qlinuxfb``,
#:   ``qvnc``, ``qminimalegl``, ``qvkkhrdisplay``); xcb, wayland, offscreen, minimal
#:   and Windows stay;
#: * image formats the app never reads (``qtiff``, ``qwebp``, ``qicns``, ``qtga``,
#:   ``qwbmp``); SVG, PNG, JPEG, GIF and ICO stay.
EXCLUDED_BINARIES = (
    "qgtk3",
    "ffmpegmediaplugin",
    "qtvirtualkeyboardplugin",
    "qeglfs",
    "qlinuxfb",
    "qvnc",
    "qminimalegl",
    "qvkkhrdisplay",
    "qtiff",
    "qwebp",
    "qicns",
    "qtga",
    "qwbmp",
)



#: Files a finished bundle must contain (globs under the contents folder, ``_internal``),
#: per platform. ``installer/build`` and the Windows build check them.
REQUIRED_FILES = {
    "common": (
        "resources/translations/it/LC_MESSAGES/sportello.po",
        "resources/fonts/DejaVuSans.ttf",
        "resources/icons/sportello.svg",
        "desktop/migrations/env.py",
        "desktop/migrations/script.py.mako",
        "desktop/migrations/versions/0001_*.py",
        "server/migrations/env.py",
        "server/migrations/versions/0001_*.py",
        "babel/global.dat",
        "babel/locale-data/root.dat",
        "babel/locale-data/it.dat",
        "codicefiscale/data/municipalities.json",
        "PySide6/**/translations/qtbase_it.qm",
        "PySide6/**/plugins/imageformats/*qsvg*",
        "PySide6/**/plugins/iconengines/*qsvgicon*",
        "PySide6/**/*Qt6Pdf*",
        "PySide6/**/*Qt6TextToSpeech*",
        "PySide6/**/*Qt6Multimedia*",
    ),
    "linux": (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/texttospeech/*speechd*",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/xcbglintegrations/*",
    ),
    "windows": (
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/platforms/qoffscreen.dll",
        "PySide6/plugins/texttospeech/*",
        "PySide6/plugins/styles/*",
    ),
}

#: Globs that must match nothing: what we exclude on purpose.
FORBIDDEN_FILES = (
    "**/*WebEngine*",
    "**/*Qt63D*",
    "**/*Qt3D*",
    "**/*Quick3D*",
    "**/*DataVisualization*",
    "**/*Designer*",
    "**/translations/qtbase_de.qm",
    "babel/locale-data/ja.dat",
    "**/libqgtk3*",
    "**/*ffmpegmediaplugin*",
    "**/*avcodec*",
    "**/*Qt6Quick*",
    "**/*Qt6Qml*",
    "**/*virtualkeyboard*",
    "PIL/_avif*",
)
