"""What goes into the frozen Sportello, in one place.

``sportello.spec`` (PyInstaller), ``installer/build`` (the Linux .deb),
``installer/windows/build.py`` (Inno Setup) and the fast test
``tests/unit/test_installer_bundle.py`` all read this module, so the rules cannot
drift apart. It imports neither PyInstaller nor Qt: the test imports it in a
second.

The rules are generic on purpose, so the installer stays green while the app grows:

* every module of the ``desktop``, ``server`` and ``wire`` packages is bundled (``commands``
  and ``demo`` are discovered with ``pkgutil`` at run time, so static analysis alone
  would miss them);
* ``resources/`` is copied whole, whatever sub-folders it gains;
* ``desktop/migrations/`` is also copied as plain files (Alembic reads ``env.py``,
  ``script.py.mako`` and ``versions/*.py`` from disk);
* every runtime dependency in ``pyproject.toml`` is a hidden import and its package
  data is collected (Babel's locale data, codicefiscale's tables, escpos's
  capabilities, ...).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: Our own packages: every submodule is bundled, whether imported statically or not.
APP_PACKAGES = ("desktop", "server", "wire")

#: Folders inside our packages that are read from disk at run time (copied as files,
#: ``.py`` included), relative to ROOT.
PACKAGE_DATA_DIRS = ("desktop/migrations",)

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


def pyproject() -> dict:  # type: ignore[type-arg]
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def version() -> str:
    return str(pyproject()["project"]["version"])


def requirement_name(requirement: str) -> str:
    """``"psycopg[binary]>=3.1; sys_platform != 'x'"`` -> ``"psycopg"``."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
    if not match:
        raise ValueError(f"cannot read requirement {requirement!r}")
    return match.group(1)


def runtime_requirements() -> list[str]:
    """The ``[project] dependencies`` of pyproject.toml, as written."""
    return list(pyproject()["project"]["dependencies"])


def requirement_extras(requirement: str) -> list[str]:
    """``"psycopg[binary,pool]>=3"`` -> ``["binary", "pool"]``."""
    match = re.match(r"\s*[A-Za-z0-9._-]+\s*\[([^\]]*)\]", requirement)
    return [e.strip() for e in match.group(1).split(",")] if match else []


def extra_distributions(distribution: str, extras: list[str]) -> list[str]:
    """Installed distributions an extra pulls in (``psycopg[binary]`` -> psycopg-binary).

    They are often imported by name at run time only (``psycopg`` loads ``psycopg_binary``
    if present), so the spec collects them like direct dependencies.
    """
    found = []
    for line in metadata.distribution(distribution).requires or ():
        for extra in extras:
            if re.search(rf"extra\s*==\s*[\"']{re.escape(extra)}[\"']", line):
                name = requirement_name(line)
                try:
                    metadata.distribution(name)
                except metadata.PackageNotFoundError:
                    continue  # for another platform or Python
                found.append(name)
    return found


def applies_here(requirement: str) -> bool:
    """False for ``"sqlcipher3-binary; sys_platform == 'linux'"`` on Windows, and so on."""
    from packaging.requirements import Requirement

    marker = Requirement(requirement).marker
    return marker is None or marker.evaluate({"extra": ""})


def runtime_distributions() -> list[str]:
    """Distribution names of the runtime dependencies that the spec collects (those whose
    environment markers apply to the platform being built)."""
    handled = {normalize(n) for n in DEPENDENCIES_HANDLED_ELSEWHERE}
    names: list[str] = []
    for requirement in filter(applies_here, runtime_requirements()):
        name = requirement_name(requirement)
        names.append(name)
        names += extra_distributions(name, requirement_extras(requirement))
    unique = list(dict.fromkeys(names))
    return [n for n in unique if normalize(n) not in handled]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def top_level_modules(distribution: str) -> list[str]:
    """Importable top-level names an installed distribution provides."""
    dist = metadata.distribution(distribution)
    top_level = dist.read_text("top_level.txt")
    names: set[str] = set()
    if top_level:
        names.update(line.strip() for line in top_level.splitlines() if line.strip())
    else:
        for file in dist.files or ():
            parts = file.parts
            if not parts or parts[0].endswith((".dist-info", ".egg-info", ".data")):
                continue
            if parts[0] in ("..", "bin", "__pycache__"):
                continue
            if len(parts) == 1:
                if parts[0].endswith(".py"):
                    names.add(parts[0][:-3])
                elif parts[0].endswith((".so", ".pyd")):
                    names.add(parts[0].split(".")[0])
            else:
                names.add(parts[0])
    return sorted(n for n in names if n.isidentifier() and not n.startswith("_"))


def dependency_modules() -> dict[str, list[str]]:
    """Runtime distribution -> its top-level modules (must be installed in the venv)."""
    return {dist: top_level_modules(dist) for dist in runtime_distributions()}


def qt_hidden_imports() -> list[str]:
    return [f"PySide6.{m}" for m in QT_MODULES]


def qt_excludes() -> list[str]:
    return [f"PySide6.{m}" for m in QT_EXCLUDED]


def excluded_qt_libraries() -> list[str]:
    """Base names of Qt shared libraries that must not appear in the bundle."""
    return [m.removeprefix("Qt") for m in QT_EXCLUDED]


def keep_qt_translation(filename: str) -> bool:
    """True for ``qtbase_it.qm``, False for ``qtbase_de.qm``."""
    stem = filename.rsplit(".", 1)[0]
    return any(stem.endswith(f"_{lang}") or f"_{lang}_" in stem
               for lang in QT_TRANSLATION_LANGUAGES)


def keep_data(destination: str) -> bool:
    """Whether a collected file (its path inside the bundle) is kept."""
    path = destination.replace("\\", "/")
    parts = path.split("/")
    name = parts[-1]
    if "PySide6" in parts and "translations" in parts and name.endswith(".qm"):
        return keep_qt_translation(name)
    if parts[:2] == ["babel", "locale-data"] and name.endswith(".dat"):
        return name[:-4].split("_")[0] in BABEL_LANGUAGES
    if parts[0] == "stdnum" and name.endswith(".dat"):
        return name[:-4] in STDNUM_DATABASES
    if parts[:2] == ["faker", "providers"] and len(parts) >= 5:
        return parts[3] in FAKER_LOCALES or not _looks_like_locale(parts[3])
    return True


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


def _plugin_stem(name: str) -> str:
    """``libqgtk3.so`` -> ``qgtk3``; ``qwebp.dll`` -> ``qwebp``; ``libqxcb.so`` -> ``qxcb``."""
    stem = name.split(".", 1)[0]
    return stem.removeprefix("lib")


def keep_binary(destination: str) -> bool:
    path = destination.replace("\\", "/")
    if "plugins/" not in path:
        return True
    stem = _plugin_stem(path.rsplit("/", 1)[-1])
    # ``qeglfs`` also covers the eglfs device integrations (``qeglfs-kms-integration``).
    return not any(stem == ex or stem.startswith(ex + "-") or stem.startswith(ex + "_")
                   for ex in EXCLUDED_BINARIES)


def is_root_binary(destination: str) -> bool:
    """Whether something loads this binary by itself (Python imports an extension module,
    Qt loads a plugin, the bootloader loads libpython), rather than only because another
    binary lists it as a dependency."""
    path = destination.replace("\\", "/")
    name = path.rsplit("/", 1)[-1]
    return ("/plugins/" in f"/{path}" or ".cpython-" in name or ".abi3." in name
            or name.endswith(".pyd") or name.startswith(("libpython", "python3")))


def unreachable_binaries(binaries: list[tuple[str, str]],
                         needed: Callable[[str], list[str]]) -> set[str]:
    """Destinations of the libraries no kept binary needs, directly or through others.

    ``binaries`` are ``(destination, source)`` pairs after the exclusions above;
    ``needed(source)`` lists the file names a binary links against (its ELF NEEDED or
    PE imports). Leaving out a plugin leaves its dependencies behind in the analysis
    (the FFmpeg plugin's libavcodec, QtQuick...): this finds them.
    """
    by_name: dict[str, list[tuple[str, str]]] = {}
    for destination, source in binaries:
        by_name.setdefault(_file_name(destination).lower(), []).append((destination, source))
    reached: set[str] = set()
    stack = [(d, s) for d, s in binaries if is_root_binary(d)]
    while stack:
        destination, source = stack.pop()
        if destination in reached:
            continue
        reached.add(destination)
        for name in needed(source):
            stack.extend(by_name.get(name.lower(), ()))
    return {d for d, _s in binaries if d not in reached}


def dangling_symlinks(entries: list[tuple[str, str, str]]) -> set[str]:
    """Destinations of PyInstaller's ``SYMLINK`` entries whose target is not bundled.

    PyInstaller links a library's usual place (the top of the bundle) to where it keeps
    it (``PySide6/Qt/lib/...``); a link to a library left out would dangle.
    """
    import posixpath

    present = {d.replace("\\", "/") for d, _s, kind in entries if kind != "SYMLINK"}
    dangling = set()
    for destination, target, kind in entries:
        if kind != "SYMLINK":
            continue
        folder = posixpath.dirname(destination.replace("\\", "/"))
        if posixpath.normpath(posixpath.join(folder, target.replace("\\", "/"))) not in present:
            dangling.add(destination)
    return dangling


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


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


def check_bundle(contents: Path, platform: str) -> list[str]:
    """Problems of a built bundle (empty list: fine)."""
    problems = []
    for pattern in (*REQUIRED_FILES["common"], *REQUIRED_FILES[platform]):
        if not any(contents.glob(pattern)):
            problems.append(f"missing: {pattern}")
    for pattern in FORBIDDEN_FILES:
        found = [str(p.relative_to(contents)) for p in contents.glob(pattern)]
        if found:
            problems.append(f"should not be bundled: {pattern}: {', '.join(found[:3])}")
    return problems


def never_strip(source: str) -> bool:
    """Whether a binary must be copied as it is, not stripped.

    Libraries that auditwheel vendored into a wheel's ``<name>.libs`` folder (numpy's
    OpenBLAS and gfortran, Pillow's codecs) were rewritten by patchelf; ``strip`` leaves
    such a file unloadable ("ELF load command address/offset not page-aligned").
    """
    return Path(source).parent.name.endswith(".libs")


def keep_module(name: str) -> bool:
    """Whether a Python module found by the analysis is kept."""
    parts = name.split(".")
    if parts[:2] == ["faker", "providers"] and len(parts) >= 4:
        return parts[3] in FAKER_LOCALES or not _looks_like_locale(parts[3])
    return True


def keep_dependency_module(name: str) -> bool:
    """Whether a submodule of a runtime dependency is bundled (not tests, not excluded)."""
    parts = name.split(".")
    if {"tests", "test", "testing", "conftest"} & set(parts):
        return False
    if any(name == ex or name.startswith(ex + ".") for ex in PYTHON_EXCLUDED):
        return False
    return keep_module(name)


def _looks_like_locale(name: str) -> bool:
    return re.fullmatch(r"[a-z]{2,3}(_[A-Z][A-Za-z]{1,3})?", name) is not None


def data_trees() -> list[tuple[Path, str]]:
    """``(source folder, destination in the bundle)`` copied file by file."""
    return [(ROOT / d, d) for d in (*RESOURCE_DIRS, *PACKAGE_DATA_DIRS)]


def tree_files(folder: Path) -> list[Path]:
    """Files of a data tree, without caches."""
    return sorted(p for p in folder.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo"))


def data_files() -> list[tuple[str, str]]:
    """PyInstaller ``datas`` for our own files: (file, destination folder)."""
    files = []
    for source, destination in data_trees():
        for file in tree_files(source):
            relative = file.parent.relative_to(source)
            files.append((str(file), str(Path(destination) / relative)))
    return files


def app_modules() -> list[str]:
    """Every module of our packages, found on disk (what ``collect_submodules`` finds)."""
    modules = []
    for package in APP_PACKAGES:
        folder = ROOT / package
        if not (folder / "__init__.py").exists():
            continue
        for file in sorted(folder.rglob("*.py")):
            if "__pycache__" in file.parts:
                continue
            relative = file.relative_to(ROOT).with_suffix("")
            parts = list(relative.parts)
            if parts[-1] == "__init__":
                parts.pop()
            # Only folders that are packages (Alembic's versions/ is not one).
            if all((ROOT.joinpath(*parts[:i]) / "__init__.py").exists()
                   for i in range(1, len(parts))) and all(p.isidentifier() for p in parts):
                modules.append(".".join(parts))
    return modules


def desktop_entry(launcher: Launcher, exec_path: str, icon: str) -> str:
    """The freedesktop ``.desktop`` file of a launcher."""
    command = " ".join([exec_path, *launcher.args])
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={launcher.name}",
        f"Comment={launcher.comment}",
        f"Exec={command}",
        f"Icon={icon}",
        "Terminal=false",
        "Categories=Office;",
        "StartupNotify=true",
        "",
    ])


def iss_defines() -> dict[str, str]:
    """Preprocessor defines handed to Inno Setup's compiler (``ISCC /D...``)."""
    defines = {"AppVersion": version(), "AppExeName": f"{NAME}.exe"}
    for launcher in LAUNCHERS:
        key = launcher.id.removeprefix("sportello").strip("-").capitalize() or "Counter"
        defines[f"{key}Name"] = launcher.name
        defines[f"{key}Args"] = " ".join(launcher.args)
    return defines


if __name__ == "__main__":  # used by the shell build scripts
    import sys

    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "version":
        print(version())
    elif command == "launchers":
        for item in LAUNCHERS:
            print(item.id, *item.args, sep="\t")
    elif command == "desktop-entry":
        item = next(i for i in LAUNCHERS if i.id == sys.argv[2])
        sys.stdout.write(desktop_entry(item, sys.argv[3], sys.argv[4]))
    elif command == "check":
        problems = check_bundle(Path(sys.argv[2]), sys.argv[3])
        for problem in problems:
            print(problem, file=sys.stderr)
        raise SystemExit(1 if problems else 0)
    elif command == "iss-defines":
        for key, value in iss_defines().items():
            print(f"/D{key}={value}")
    else:
        raise SystemExit("usage: bundle.py version|launchers|desktop-entry ID EXEC ICON|check DIR linux|windows|iss-defines")
