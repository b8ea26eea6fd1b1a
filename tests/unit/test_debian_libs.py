"""Which bundled system libraries the .deb leaves to the packages it depends on."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "installer"))
import debian_libs  # noqa: E402

DEPENDS = {
    "libcups2": ["libgnutls30", "libc6"],
    "libgnutls30": ["libp11-kit0", "libc6"],
    "libp11-kit0": ["libc6"],
    "libc6": [],
    "libpulse0": ["libsndfile1"],
    "libsndfile1": [],
    "libreadline8": ["libtinfo6"],
    "libtinfo6": [],
}


def depends(package: str) -> list[str] | None:
    return DEPENDS.get(package)


def test_parse_depends_keeps_hard_dependencies_only() -> None:
    field = ("libc6 (>= 2.36), libgnutls30 (>= 3.7.5), default-dbus | dbus-x11, "
             "python3:any, libfoo [amd64]")
    assert debian_libs.parse_depends(field) == ["libc6", "libgnutls30", "python3", "libfoo"]
    assert debian_libs.parse_depends("") == []


def test_closure_follows_installed_packages() -> None:
    assert debian_libs.closure(["libcups2", "virtual-thing"], depends) == {
        "libcups2", "libgnutls30", "libp11-kit0", "libc6"}


def test_droppable_libraries(tmp_path: Path) -> None:
    contents = tmp_path / "_internal"
    (contents / "PySide6" / "Qt" / "lib").mkdir(parents=True)
    owners = {"libgnutls.so.30": "libgnutls30", "libp11-kit.so.0": "libp11-kit0",
              "libreadline.so.8": "libreadline8", "libpython3.11.so.1.0": "libpython3.11",
              "libsndfile.so.1": "libsndfile1"}
    for name in [*owners, "_cffi_backend.cpython-311-x86_64-linux-gnu.so"]:
        (contents / name).write_bytes(b"\x7fELF")
    qt_core = contents / "PySide6" / "Qt" / "lib" / "libQt6Core.so.6"
    qt_core.write_bytes(b"\x7fELF")
    (contents / "libQt6Core.so.6").symlink_to(qt_core)  # a wheel's library: stays
    drop = debian_libs.droppable(contents, ["libcups2"], owner=owners.get, depends=depends)
    # Reached from Depends: dropped. libreadline8 and libsndfile1 are not in the closure,
    # Python itself and extension modules always stay.
    assert [p.name for p in drop] == ["libgnutls.so.30", "libp11-kit.so.0"]


@pytest.mark.skipif(not Path("/var/lib/dpkg/status").exists(), reason="not a Debian system")
def test_dpkg_queries_on_this_system() -> None:
    assert "libc6" in debian_libs.closure(["libc6"])
    assert debian_libs.installed_depends("no-such-package-sportello") is None
    libc = next(Path(d) / "libc.so.6" for d in debian_libs.SYSTEM_LIB_DIRS
                if (Path(d) / "libc.so.6").is_file())
    assert debian_libs.owning_package(libc.name) == "libc6"


@pytest.mark.skipif(not Path("/var/lib/dpkg/status").exists(), reason="not a Debian system")
def test_arch_all_and_multiarch_packages_are_read() -> None:
    # libc6 may be installed for two architectures (i386 for Wine); debconf is arch-all.
    assert debian_libs.installed_depends("libc6") is not None
    assert debian_libs.installed_depends("debconf") is not None
