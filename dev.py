#!/usr/bin/env python3
"""Set up and run Sportello from a source checkout, with nothing but Python 3.11+.

    python3 dev.py run      # create .venv if needed, install, start the app on the demo database
    python3 dev.py test     # create .venv if needed, install, run the whole test suite
    python3 dev.py sportello ARGS...   # any `sportello` command inside the environment

The virtual environment lives in .venv/ and is refreshed when pyproject.toml changes.
On Debian/Ubuntu the system libraries Qt needs are installed with apt when running as
root; otherwise the exact command to run is printed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".sportello-installed"

# Shared libraries the Qt wheels load, and the Debian packages that provide them.
QT_LIBRARIES = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libpulse.so.0": "libpulse0",
    "libnss3.so": "libnss3",
    "libasound.so.2": "libasound2",
}


def say(message: str) -> None:
    print(f"[dev] {message}", flush=True)


def missing_system_packages() -> list[str]:
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return []
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True,  # noqa: S607 - the system's ldconfig, found on PATH above
                           check=False).stdout
    return sorted({pkg for lib, pkg in QT_LIBRARIES.items() if lib not in known})


#: The locks apt and dpkg hold while they work (another apt, unattended upgrades).
APT_LOCKS = ("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock", "/var/lib/apt/lists/lock")
#: How long apt-get waits for another apt to finish before giving up, in seconds.
APT_LOCK_WAIT_S = 600


def lock_holders(paths: tuple[str, ...] = APT_LOCKS) -> list[str]:
    """The processes that have one of ``paths`` open, as "name (pid N)"."""
    wanted = {os.path.realpath(path) for path in paths}
    holders: list[str] = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            targets = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
            if targets & wanted:
                name = (proc / "comm").read_text().strip()
                holders.append(f"{name} (pid {proc.name})")
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    return sorted(holders)


def apt_get(*args: str, check: bool) -> None:
    """apt-get, waiting (and saying so) while another apt holds the package lock."""
    holders = lock_holders()
    if holders:
        say(f"waiting up to {APT_LOCK_WAIT_S // 60} minutes for apt: "
            + ", ".join(holders) + " holds the package lock")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "-o", f"DPkg::Lock::Timeout={APT_LOCK_WAIT_S}", *args],  # noqa: S603,S607 - Debian's apt-get from PATH; the arguments are our own
                   check=check, env=env)


def ensure_system_packages() -> None:
    missing = missing_system_packages()
    if not missing:
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing the system libraries Qt needs: " + " ".join(missing))
        apt_get("update", "-qq", check=False)
        apt_get("install", "-y", "-qq", "--no-install-recommends", *missing, check=True)
        return
    say("Qt needs these system libraries; install them first with:")
    print("    sudo apt-get install -y " + " ".join(missing))
    raise SystemExit(1)


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be started by an older Python
        raise SystemExit("Sportello needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not PYTHON.exists():
        say(f"creating the virtual environment in {VENV}")
        try:
            venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
        except (subprocess.CalledProcessError, OSError) as exc:
            shutil.rmtree(VENV, ignore_errors=True)
            raise SystemExit(
                f"Cannot create a virtual environment ({exc}). On Debian/Ubuntu install "
                f"python3-venv first: sudo apt-get install -y python3-venv") from exc
    fingerprint = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == fingerprint:
        return
    say("installing Sportello and its dependencies (first time only)")
    pip = [str(PYTHON), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "install", "--upgrade", "pip"], check=True)  # noqa: S603 - the venv's pip by absolute path, fixed arguments
    subprocess.run([*pip, "install", "-e", f"{ROOT}[test]"], check=True)  # noqa: S603 - the venv's pip by absolute path, fixed arguments
    STAMP.write_text(fingerprint)


def run_in_venv(*args: str, env: dict[str, str] | None = None) -> int:
    return subprocess.run([str(PYTHON), *args], cwd=ROOT, env=env,  # noqa: S603 - the venv's Python by absolute path; the developer's own arguments
                          check=False).returncode


def has_display(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether a window can open: not on Linux without X or Wayland (a server, a
    container), unless Qt was told to draw elsewhere."""
    if not sys.platform.startswith("linux"):
        return True
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def cmd_run(extra: list[str]) -> int:
    if not has_display():
        say("there is no display to open the window on. On a machine without one, run it "
            "in a virtual display: xvfb-run python3 dev.py run")
        return 1
    ensure_system_packages()
    ensure_venv()
    return run_in_venv("-m", "desktop", "run", "--demo", *extra)


def cmd_test(extra: list[str]) -> int:
    ensure_system_packages()
    ensure_venv()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    return run_in_venv("-m", "pytest", *extra, env=env)


def cmd_sportello(extra: list[str]) -> int:
    ensure_venv()
    return run_in_venv("-m", "desktop", *extra)


def main(argv: list[str]) -> int:
    commands = {"run": cmd_run, "test": cmd_test, "sportello": cmd_sportello}
    if not argv or argv[0] not in commands:
        print(__doc__)
        return 2
    return commands[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
