"""What goes into the frozen Sportello, in one place.

``sportello.spec`` (PyInstaller), ``installer/build`` (the Linux .deb),
``installer/windows/build.py`` (Inno Setup) and the fast test
``tests/unit/test_installer_bundle.py`` all read this module, so the rules cannot
drift apart. It imports neither PyInstaller nor Qt: the test imports it in a
second.

The rules are generic on purpose, so the installer stays green while the app grows:

* every module of the ``desktop`` and ``server`` packages is bundled (``commands``
  and ``demo`` are discovered with ``pkgutil`` at run time, so static analysis alone
  would miss them);
* ``resources/`` is copied whole, whatever sub-folders it gains;
* ``desktop/migrations/`` is also copied as plain files (Alembic reads ``env.py``,
  ``script.py.mako`` and ``versions/*.py`` from disk);
* every runtime dependency in ``pyproject.toml`` is a hidden import and its package
  data is collected (Babel's locale data, codicefiscale's tables, escpos's
  capabilities, ...).

The module is split along its seams; this one is the entry point everything imports
(``import bundle``, with ``installer/`` on ``sys.path``) and re-exports them all:

* ``bundle_rules``: the lists (what is kept, what is left out, the menu entries);
* ``bundle_deps``: the runtime dependencies read from ``pyproject.toml``;
* ``bundle_filters``: the per-file filters applied to PyInstaller's analysis and the
  check of a finished bundle;
* here: our own files and modules, the launchers' desktop entries and Inno Setup
  defines, and the command line the shell build scripts call.
"""

from __future__ import annotations

import sys
from pathlib import Path

from bundle_deps import (
    applies_here,
    dependency_modules,
    extra_distributions,
    normalize,
    pyproject,
    requirement_extras,
    requirement_name,
    runtime_distributions,
    runtime_requirements,
    top_level_modules,
    version,
)
from bundle_filters import (
    check_bundle,
    dangling_symlinks,
    excluded_qt_libraries,
    is_root_binary,
    keep_binary,
    keep_data,
    keep_dependency_module,
    keep_module,
    keep_qt_translation,
    never_strip,
    qt_excludes,
    qt_hidden_imports,
    unreachable_binaries,
)
from bundle_rules import (
    APP_PACKAGES,
    BABEL_LANGUAGES,
    DEPENDENCIES_HANDLED_ELSEWHERE,
    ENTRY_SCRIPT,
    EXCLUDED_BINARIES,
    FAKER_LOCALES,
    FORBIDDEN_FILES,
    LAUNCHERS,
    NAME,
    PACKAGE_DATA_DIRS,
    PYTHON_EXCLUDED,
    QT_EXCLUDED,
    QT_MODULES,
    QT_TRANSLATION_LANGUAGES,
    REQUIRED_FILES,
    RESOURCE_DIRS,
    ROOT,
    RUNTIME_HOOKS,
    STDNUM_DATABASES,
    Launcher,
)

__all__ = [
    "APP_PACKAGES", "BABEL_LANGUAGES", "DEPENDENCIES_HANDLED_ELSEWHERE", "ENTRY_SCRIPT",
    "EXCLUDED_BINARIES", "FAKER_LOCALES", "FORBIDDEN_FILES", "LAUNCHERS", "NAME",
    "PACKAGE_DATA_DIRS", "PYTHON_EXCLUDED", "QT_EXCLUDED", "QT_MODULES",
    "QT_TRANSLATION_LANGUAGES", "REQUIRED_FILES", "RESOURCE_DIRS", "ROOT", "RUNTIME_HOOKS",
    "STDNUM_DATABASES", "Launcher", "app_modules", "applies_here", "check_bundle",
    "dangling_symlinks", "data_files", "data_trees", "dependency_modules", "desktop_entry",
    "excluded_qt_libraries", "extra_distributions", "is_root_binary", "iss_defines",
    "keep_binary", "keep_data", "keep_dependency_module", "keep_module",
    "keep_qt_translation", "never_strip", "normalize", "pyproject", "qt_excludes",
    "qt_hidden_imports", "requirement_extras", "requirement_name", "runtime_distributions",
    "runtime_requirements", "top_level_modules", "tree_files", "unreachable_binaries",
    "version",
]


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
