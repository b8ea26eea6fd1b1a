"""The filters PyInstaller's analysis goes through, and the check of a built bundle.

Part of installer/bundle.py (which re-exports every name here): each function says
whether one collected file, binary or module is kept, following bundle_rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bundle_rules import (
    BABEL_LANGUAGES,
    EXCLUDED_BINARIES,
    FAKER_LOCALES,
    FORBIDDEN_FILES,
    PYTHON_EXCLUDED,
    QT_EXCLUDED,
    QT_MODULES,
    QT_TRANSLATION_LANGUAGES,
    REQUIRED_FILES,
    STDNUM_DATABASES,
)


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
    return not any(stem == ex or stem.startswith((ex + "-", ex + "_"))
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
