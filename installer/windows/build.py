"""Build the Windows installer of Sportello (run ON WINDOWS, from the repository root).

    py -3.11 -m venv .venv
    .venv\\Scripts\\python -m pip install -e .[build]
    .venv\\Scripts\\python installer\\windows\\build.py            # bundle + smoke test + setup.exe
    .venv\\Scripts\\python installer\\windows\\build.py --install-test   # also install, test, uninstall

Steps: PyInstaller freezes the app with installer/sportello.spec into dist\\sportello\\
(sportello.exe windowed, sportello-cli.exe with a console, same files); the bundle is
checked against installer/bundle.py; `sportello-cli.exe selftest` runs offscreen with
SPORTELLO_HOME in a temporary folder; Inno Setup's ISCC compiles installer/windows/
sportello.iss with the launcher defines into dist\\sportello-<version>-setup.exe.
``--install-test`` (administrator; CI does it) then installs it silently, runs the
installed selftest, uninstalls silently and checks that the user's data was kept.
Needs Inno Setup 6 (``choco install innosetup``; or set ISCC to ISCC.exe's path).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import bundle  # noqa: E402

DIST = ROOT / "dist"
BUNDLE = DIST / bundle.NAME
ISCC_CANDIDATES = (
    r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe",
    r"C:\Program Files\Inno Setup 6\ISCC.exe",
)


def say(message: str) -> None:
    print(f"[build] {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    say(" ".join(str(a) for a in args))
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)  # noqa: S603 - the build's own tools (PyInstaller, ISCC, the built setup), no shell


def find_iscc() -> str:
    for candidate in (os.environ.get("ISCC"), shutil.which("ISCC"), *ISCC_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    raise SystemExit("Inno Setup 6 not found: `choco install innosetup -y`, or set ISCC")


def make_icon(target: Path) -> Path:
    """Render resources/icons/sportello.svg into a multi-size .ico with Qt."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ROOT / "resources" / "icons" / "sportello.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    target.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(target), "ICO"):
        raise SystemExit(f"cannot write {target}")
    del app
    return target


def selftest(executable: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="sportello-smoke-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SPORTELLO_HOME=home)
        env.pop("PYTHONPATH", None)
        run(executable, "selftest", env=env)


def install_test(setup: Path) -> None:
    """Silent install, installed selftest, silent uninstall; user data must survive."""
    target = Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "Sportello"
    log = DIST / "setup.log"
    run(setup, "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", f"/LOG={log}")
    exe = target / f"{bundle.NAME}-cli.exe"
    if not exe.exists():
        raise SystemExit(f"{exe} not installed (see {log})")
    selftest(exe)
    start_menu = Path(os.environ["PROGRAMDATA"]) / r"Microsoft\Windows\Start Menu\Programs\Sportello"
    for launcher in bundle.LAUNCHERS:
        if not (start_menu / f"{launcher.name}.lnk").exists():
            raise SystemExit(f"Start-menu entry missing: {launcher.name}")
    # A real user's data folder (no SPORTELLO_HOME): created by `sportello demo`.
    env = {k: v for k, v in os.environ.items() if k != "SPORTELLO_HOME"}
    run(exe, "demo", env=env)
    data = Path(os.environ["LOCALAPPDATA"]) / "Sportello"
    if not any(data.rglob("demo.sqlite")):
        raise SystemExit(f"no demo database under {data}")
    run(target / "unins000.exe", "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART")
    if (target / f"{bundle.NAME}.exe").exists():
        raise SystemExit("the uninstaller left sportello.exe behind")
    if not any(data.rglob("demo.sqlite")):
        raise SystemExit("the uninstaller removed the user's data")
    say("install test passed: installed, selftest ok, uninstalled, data kept")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--install-test", action="store_true")
    parser.add_argument("--skip-freeze", action="store_true",
                        help="reuse dist\\sportello (already built and tested)")
    args = parser.parse_args()
    if sys.platform != "win32":
        raise SystemExit("the Windows executable must be built on Windows")

    if not args.skip_freeze:
        icon = make_icon(ROOT / "build" / "windows" / "sportello.ico")
        env = dict(os.environ, SPORTELLO_ICON=str(icon))
        run(sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
            "--distpath", DIST, "--workpath", ROOT / "build" / "pyinstaller",
            ROOT / "installer" / "sportello.spec", env=env)
        problems = bundle.check_bundle(BUNDLE / "_internal", "windows")
        if problems:
            raise SystemExit("bundle check failed:\n" + "\n".join(problems))
        selftest(BUNDLE / f"{bundle.NAME}-cli.exe")

    defines = [f"/D{key}={value}" for key, value in bundle.iss_defines().items()]
    icon = ROOT / "build" / "windows" / "sportello.ico"
    if icon.exists():
        defines.append(f"/DSetupIcon={icon}")
    defines += [f"/DSourceDir={BUNDLE}", f"/DOutputDir={DIST}"]
    run(find_iscc(), *defines, ROOT / "installer" / "windows" / "sportello.iss")
    setup = DIST / f"sportello-{bundle.version()}-setup.exe"
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file())
    say(f"bundle: {size / 2**20:.0f} MB installed; setup: {setup.stat().st_size / 2**20:.0f} MB")
    if args.install_test:
        install_test(setup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
