"""The installer's collect rules stay in sync with the code (fast: no PyInstaller run).

installer/bundle.py decides what the frozen app contains; these tests fail when the app
grows in a way the rules would miss, so the frozen build stays green. The real build and
its smoke test are `installer/build` (and `installer/test-deb` for the .deb).
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


# The spec and the build scripts import it the same way: installer/ on sys.path (bundle.py
# imports its parts, bundle_rules & co., from next to it).
sys.path.insert(0, str(ROOT / "installer"))
import bundle  # noqa: E402


def python_files(*packages: str) -> list[Path]:
    return [p for package in packages for p in (ROOT / package).rglob("*.py")
            if "__pycache__" not in p.parts]


def imported_modules(files: list[Path]) -> set[str]:
    names: set[str] = set()
    for file in files:
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_every_resource_file_is_bundled() -> None:
    """resources/ (any sub-folder it gains) lands in the bundle at the same place."""
    bundled = {Path(dest) / Path(src).name for src, dest in bundle.data_files()}
    for file in bundle.tree_files(ROOT / "resources"):
        assert file.relative_to(ROOT) in bundled, f"{file} is not bundled"
    top_folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()}
    assert {"fonts", "icons", "translations"} <= top_folders


def test_migrations_are_bundled_as_files_where_package_path_finds_them(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Alembic reads env.py, the .mako template and versions/*.py from disk."""
    from desktop import paths

    bundled = {Path(dest) / Path(src).name for src, dest in bundle.data_files()}
    migrations = ROOT / "desktop" / "migrations"
    expected = [p for p in bundle.tree_files(migrations)]
    assert any(p.suffix == ".mako" for p in expected)
    assert any(p.parent.name == "versions" for p in expected)
    for file in expected:
        assert file.relative_to(ROOT) in bundled, f"{file} is not bundled"
    # Frozen, package_path() resolves under sys._MEIPASS/desktop: the destination above.
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.package_path("migrations") == tmp_path / "desktop" / "migrations"
    assert paths.resource_path("fonts") == tmp_path / "resources" / "fonts"


def test_every_app_module_is_a_hidden_import() -> None:
    """commands/ and demo/ are discovered with pkgutil: each module must be collected."""
    collected = set(bundle.app_modules())
    for file in python_files(*bundle.APP_PACKAGES):
        relative = file.relative_to(ROOT).with_suffix("")
        if "migrations" in relative.parts and "versions" in relative.parts:
            continue  # Alembic revisions are data (checked above), not modules
        parts = [p for p in relative.parts if p != "__init__"]
        assert ".".join(parts) in collected, f"{file} would be missing from the bundle"
    for package in ("desktop.commands", "desktop.demo", "desktop.views.pages"):
        assert package in collected


def test_every_runtime_dependency_is_collected() -> None:
    """A new dependency in pyproject.toml is bundled with its data, or handled explicitly."""
    modules = bundle.dependency_modules()
    for requirement in filter(bundle.applies_here, bundle.runtime_requirements()):
        name = bundle.requirement_name(requirement)
        if bundle.normalize(name) in {bundle.normalize(n)
                                      for n in bundle.DEPENDENCIES_HANDLED_ELSEWHERE}:
            continue
        assert modules.get(name), f"{name}: installed, but no importable module found"
    # What the code imports from third parties comes from a declared dependency.
    provided = {m for mods in modules.values() for m in mods} | {"PySide6", "shiboken6"}
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    ours = set(bundle.APP_PACKAGES)
    used = {name.split(".")[0] for name in imported_modules(
        [p for p in python_files("desktop") if "migrations" not in p.parts
         or p.name == "env.py"])}
    undeclared = sorted(used - provided - stdlib - ours)
    assert not undeclared, f"imported but not runtime dependencies: {undeclared}"


def test_no_runtime_dependency_is_excluded_from_the_bundle() -> None:
    """A module the app needs at run time must not be on the exclusion list (numpy was,
    from before matching used it, and the frozen app failed at its first import)."""
    modules = bundle.dependency_modules()
    needed = {m for req in filter(bundle.applies_here, bundle.runtime_requirements())
              for m in modules.get(bundle.requirement_name(req), [])}
    excluded = sorted(m for m in needed if not bundle.keep_dependency_module(m))
    assert not excluded, f"runtime dependencies excluded from the bundle: {excluded}"


def test_nothing_our_code_imports_is_left_out() -> None:
    """The exclusions (numpy.random, Pillow's FreeType, ...) hold only while no module of
    the app imports them; the frozen app would fail where the source tree works."""
    imported = imported_modules(python_files("desktop") + python_files("server"))
    left_out = sorted(name for name in imported
                      if any(name == ex or name.startswith(ex + ".")
                             for ex in bundle.PYTHON_EXCLUDED))
    assert not left_out, f"imported by the app but excluded in installer/bundle.py: {left_out}"
    numpy_users = [f for f in python_files("desktop") + python_files("server")
                   if re.search(r"\bnp\.(random|fft)\b", f.read_text(encoding="utf-8"))]
    assert not numpy_users, f"numpy.random/fft are left out of the bundle: {numpy_users}"


def test_stdnum_validators_used_need_no_left_out_database() -> None:
    import importlib
    import inspect

    imported = {name for name in imported_modules(python_files("desktop"))
                if name.startswith("stdnum")}
    assert "stdnum.it.codicefiscale" in imported or "stdnum.it" in imported
    for name in sorted(imported):
        try:
            module = importlib.import_module(name)
        except ImportError:  # ``from stdnum.it import iva``: the name is an attribute
            continue
        source = inspect.getsource(module)
        for database in re.findall(r"numdb\.get\(['\"]([\w/]+)['\"]\)", source):
            assert database.rsplit("/", 1)[-1] in bundle.STDNUM_DATABASES, (name, database)
    assert not bundle.keep_data("stdnum/oui.dat")
    assert bundle.keep_data("stdnum/it/__init__.py")


def test_extras_of_a_requirement_are_collected_too() -> None:
    """``psycopg[binary]`` must bring psycopg-binary, which psycopg imports by name."""
    assert bundle.requirement_name("psycopg[binary]>=3.1; python_version>'3'") == "psycopg"
    assert bundle.requirement_extras("psycopg[binary, pool]>=3.1") == ["binary", "pool"]
    assert bundle.requirement_extras("alembic>=1.13") == []
    assert not bundle.applies_here("pywin32-ctypes; sys_platform == 'nonexistent-os'")
    assert bundle.applies_here("alembic>=1.13; python_version >= '3.11'")
    # An installed distribution with extras: SQLAlchemy[asyncio] needs greenlet, which
    # is only collected when installed.
    from importlib import metadata

    pulled = bundle.extra_distributions("SQLAlchemy", ["asyncio"])
    try:
        metadata.distribution("greenlet")
        assert "greenlet" in pulled
    except metadata.PackageNotFoundError:
        assert pulled == []


def test_qt_modules_used_are_bundled_and_none_excluded() -> None:
    used = {name.split(".")[1] for name in imported_modules(python_files("desktop"))
            if name.startswith("PySide6.") and name.count(".") >= 1}
    used = {u for u in used if u.startswith("Qt")}
    missing = sorted(used - set(bundle.QT_MODULES))
    assert not missing, f"add to QT_MODULES in installer/bundle.py: {missing}"
    excluded = sorted(used & set(bundle.QT_EXCLUDED))
    assert not excluded, f"the code imports excluded Qt modules: {excluded}"
    assert not set(bundle.QT_MODULES) & set(bundle.QT_EXCLUDED)
    for needed in ("QtPdf", "QtTextToSpeech", "QtMultimedia", "QtSvg", "QtPrintSupport"):
        assert needed in bundle.QT_MODULES
    assert "QtWebEngineCore" in bundle.QT_EXCLUDED


def test_size_filters_keep_what_the_app_needs() -> None:
    keep = bundle.keep_data
    assert keep("PySide6/Qt/translations/qtbase_it.qm")
    assert keep("PySide6/translations/qtmultimedia_it.qm")
    assert not keep("PySide6/Qt/translations/qtbase_de.qm")
    assert keep("babel/locale-data/root.dat") and keep("babel/locale-data/it_IT.dat")
    assert keep("babel/locale-data/it.dat") and keep("babel/global.dat")
    assert not keep("babel/locale-data/ja.dat")
    assert keep("faker/providers/address/it_IT/__init__.py")
    assert keep("faker/providers/address/__init__.py")
    assert not keep("faker/providers/address/ja_JP/__init__.py")
    assert bundle.keep_module("faker.providers.person.it_IT")
    assert not bundle.keep_module("faker.providers.person.zh_CN")
    assert not bundle.keep_dependency_module("sqlalchemy.testing.fixtures")
    assert bundle.keep_dependency_module("reportlab.graphics.barcode.code128")
    assert not bundle.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert bundle.keep_binary("PySide6/Qt/plugins/platforms/libqxcb.so")
    from desktop.i18n import LANGUAGES

    for language in LANGUAGES:  # every language the app offers keeps its Babel data
        assert language in bundle.BABEL_LANGUAGES
    demo = (ROOT / "desktop" / "demo" / "__init__.py").read_text(encoding="utf-8")
    for locale in re.findall(r"Faker\(\"([A-Za-z_]+)\"\)", demo):
        assert locale in bundle.FAKER_LOCALES


def test_left_out_plugins_on_both_platforms() -> None:
    keep = bundle.keep_binary
    for left_out in ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so",
                     "PySide6/plugins/multimedia/ffmpegmediaplugin.dll",
                     "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
                     "PySide6/Qt/plugins/platforms/libqeglfs.so",
                     "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so",
                     "PySide6/Qt/plugins/imageformats/libqtiff.so",
                     "PySide6\\plugins\\imageformats\\qwebp.dll"):
        assert not keep(left_out), left_out
    for kept in ("PySide6/Qt/plugins/platforms/libqwayland.so",
                 "PySide6/Qt/plugins/platforms/libqoffscreen.so",
                 "PySide6/Qt/plugins/platforms/libqminimal.so",
                 "PySide6/plugins/platforms/qwindows.dll",
                 "PySide6/Qt/plugins/imageformats/libqsvg.so",
                 "PySide6/Qt/plugins/imageformats/libqjpeg.so",
                 "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
                 "PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so",
                 # A library whose name looks like a left-out plugin, outside plugins/.
                 "libqtiff-helper.so.1"):
        assert keep(kept), kept


def test_unreachable_libraries_are_found_through_the_dependency_graph() -> None:
    links = {
        "/s/PySide6/QtGui.abi3.so": ["libQt6Gui.so.6"],
        "/s/Qt/lib/libQt6Gui.so.6": ["libQt6Core.so.6", "libfreetype.so.6"],
        "/s/Qt/lib/libQt6Core.so.6": ["libicuuc.so.73"],
        "/s/Qt/lib/libicuuc.so.73": ["libicudata.so.73"],
        "/s/Qt/lib/libicudata.so.73": [],
        "/usr/lib/libfreetype.so.6": ["libpng16.so.16"],
        "/usr/lib/libpng16.so.16": [],
        "/s/plugins/platforms/libqxcb.so": ["libQt6XcbQpa.so.6"],
        "/s/Qt/lib/libQt6XcbQpa.so.6": ["libQt6Gui.so.6"],
        # What the left-out FFmpeg plugin needed: nobody else links them.
        "/s/Qt/lib/libQt6Quick.so.6": ["libQt6Qml.so.6", "libQt6Gui.so.6"],
        "/s/Qt/lib/libQt6Qml.so.6": ["libQt6Core.so.6"],
        "/s/Qt/lib/libavcodec.so.63": [],
        "/usr/lib/libpython3.11.so.1.0": ["libz.so.1"],
        "/usr/lib/libz.so.1": [],
    }
    destination = {
        "/s/PySide6/QtGui.abi3.so": "PySide6/QtGui.abi3.so",
        "/s/plugins/platforms/libqxcb.so": "PySide6/Qt/plugins/platforms/libqxcb.so",
        "/usr/lib/libpython3.11.so.1.0": "libpython3.11.so.1.0",
    }
    binaries = [(destination.get(src, src.rsplit("/", 1)[1]), src) for src in links]
    orphans = bundle.unreachable_binaries(binaries, lambda source: links[source])
    assert orphans == {"libQt6Quick.so.6", "libQt6Qml.so.6", "libavcodec.so.63"}
    # Nothing reachable only through an orphan keeps it alive, and roots always stay.
    assert bundle.unreachable_binaries([], lambda source: []) == set()
    assert bundle.is_root_binary("PySide6/Qt/plugins/texttospeech/libqtexttospeech_speechd.so")
    assert bundle.is_root_binary("numpy/_core/_multiarray_umath.cpython-311-x86_64-linux-gnu.so")
    assert not bundle.is_root_binary("numpy.libs/libscipy_openblas64_-32a4b2a6.so")


def test_links_to_left_out_libraries_are_found() -> None:
    entries = [
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libavcodec.so.63", "PySide6/Qt/lib/libavcodec.so.63", "SYMLINK"),
        ("numpy.libs/libgfortran.so.5", "/s/libgfortran.so.5", "BINARY"),
        ("numpy/../numpy.libs/x", "../numpy.libs/libgfortran.so.5", "SYMLINK"),
    ]
    assert bundle.dangling_symlinks(entries) == {"libavcodec.so.63"}


def test_vendored_wheel_libraries_are_not_stripped() -> None:
    import numpy

    vendored = sorted((Path(numpy.__file__).parent.parent / "numpy.libs").glob("*.so*"))
    assert vendored, "numpy's wheel vendors OpenBLAS in numpy.libs"
    assert all(bundle.never_strip(str(lib)) for lib in vendored)
    assert not bundle.never_strip("/venv/site-packages/PySide6/Qt/lib/libQt6Core.so.6")


def test_spec_applies_the_shared_rules() -> None:
    spec = (ROOT / "installer" / "sportello.spec").read_text(encoding="utf-8")
    for rule in ("bundle.data_files()", "bundle.APP_PACKAGES", "bundle.dependency_modules()",
                 "bundle.qt_hidden_imports()", "bundle.qt_excludes()", "bundle.keep_data",
                 "bundle.keep_module", "bundle.keep_binary", "bundle.never_strip",
                 "bundle.unreachable_binaries", "bundle.dangling_symlinks", "bundle.RUNTIME_HOOKS",
                 "bundle.keep_dependency_module"):
        assert rule in spec, f"sportello.spec no longer applies {rule}"
    for hook in bundle.RUNTIME_HOOKS:
        assert (ROOT / hook).is_file()
    assert (ROOT / bundle.ENTRY_SCRIPT).is_file()
    assert "console=not WINDOWS" in spec and "exclude_binaries=True" in spec  # onedir


def test_launchers_name_existing_commands() -> None:
    """Every menu entry runs a real subcommand."""
    from desktop.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    for launcher in bundle.LAUNCHERS:
        if not launcher.args:
            continue
        assert launcher.args[0] in commands, launcher
    ids = [launcher.id for launcher in bundle.LAUNCHERS]
    assert ids[0] == "sportello" and len(set(ids)) == len(ids)
    for launcher in bundle.LAUNCHERS:
        entry = bundle.desktop_entry(launcher, "/usr/bin/sportello", "sportello")
        exec_line = " ".join(["Exec=/usr/bin/sportello", *launcher.args])
        assert f"\n{exec_line}\n" in entry and f"Name={launcher.name}\n" in entry


def test_inno_setup_script_takes_launchers_from_bundle() -> None:
    """The .iss names no command itself: its shortcuts use the /D defines of bundle.py."""
    iss = (ROOT / "installer" / "windows" / "sportello.iss").read_text(encoding="utf-8")
    defines = bundle.iss_defines()
    for key in defines:
        assert "{#" + key + "}" in iss, f"{key} unused in .iss"
    for launcher in bundle.LAUNCHERS:
        for arg in launcher.args:
            assert f'"{arg}"' not in iss, f"the .iss hard-codes {arg!r}: use the defines"
    assert "PrivilegesRequired=admin" in iss  # per machine
    assert "DefaultDirName={autopf}\\Sportello" in iss  # Program Files
    assert "compiler:Languages\\Italian.isl" in iss
    # The uninstaller deletes nothing beyond what it installed: the data stays.
    assert not re.search(r"^\[UninstallDelete\]", iss, flags=re.MULTILINE)
    assert "{localappdata}" not in iss
    # Every {#Name} the script uses is defined by bundle.py or by the script itself.
    used = set(re.findall(r"\{#(\w+)\}", iss))
    own = set(re.findall(r"^\s*#define (\w+)", iss, flags=re.MULTILINE))
    optional = set(re.findall(r"^#ifdef (\w+)", iss, flags=re.MULTILINE))
    assert used <= set(defines) | own | optional, used - set(defines) - own - optional
    for key in defines:
        assert f"#ifndef {key}" in iss, f"the .iss does not require {key}"


INSTALLER_RULES = ("E,F,W,I,B,UP,S,SIM,BLE,PIE,RET,PLE,PLW,PLR0402,PLR1711,PLR1714,PLR1722,"
                   "PLC0414,RUF100")


def test_installer_scripts_are_clean() -> None:
    """ruff on the installer's Python (spec included), bash -n on its shell scripts."""
    import shutil
    import subprocess

    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or "ruff"
    # Production code: the wider rule set of issue 17 (security, blind excepts, globals...).
    result = subprocess.run([ruff, "check", "--select", INSTALLER_RULES, "--ignore", "E501",
                             "installer", "installer/sportello.spec"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for script in ("installer/build", "installer/test-deb", "installer/windows/check-wheels",
                   "installer/windows/check-iss"):
        path = ROOT / script
        assert path.stat().st_mode & 0o111, f"{script} is not executable"
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
