"""Which bundled system libraries the .deb can leave to Debian.

PyInstaller copies into the bundle every shared library the app links against, the
system's too (libcups, libpulse, GLib, OpenSSL...). In the .deb those copies are
redundant: the package's ``Depends`` already makes dpkg install the same libraries. The
build drops a bundled library when both hold:

* the file is a plain copy from this Debian system (``dpkg -S`` names its package), not
  a library from a wheel (those are reached through symlinks into ``PySide6/Qt/lib``,
  ``numpy.libs`` and the like, and always stay);
* its package is certain to be installed wherever the .deb is: one of ``Depends``, or
  reached from them through hard dependencies only (an alternative ``a | b`` or a
  virtual package proves nothing, so it is not followed).

The build machine must run the Debian release the package is for (bookworm), the
documented build platform; ``installer/test-deb`` then installs the result on a clean
system and runs its self-test.

    python installer/debian_libs.py DIR PACKAGE...   # prints the files it would drop
"""

from __future__ import annotations

import functools
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

#: Where Debian keeps the shared libraries of amd64 packages.
SYSTEM_LIB_DIRS = ("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib", "/lib")


def parse_depends(field: str) -> list[str]:
    """The hard dependencies of a Depends field: ``"a (>= 1), b | c, d:any"`` -> a, d."""
    names = []
    for raw in field.split(","):
        clause = raw.strip()
        if not clause or "|" in clause:
            continue
        name = re.split(r"[\s(\[:]", clause, maxsplit=1)[0]
        if name:
            names.append(name)
    return names


@functools.cache
def native_architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,  # noqa: S607 - Debian's dpkg from PATH, the documented build host
                          check=True).stdout.strip()


def installed_depends(package: str) -> list[str] | None:
    """Hard Depends and Pre-Depends of an installed package; None if not installed
    (a virtual package, or one for another system).

    The native architecture's package is asked first: with multiarch (i386 for Wine)
    ``libc6`` is installed twice, and a bare name would answer for both.
    """
    form = "-f=${db:Status-Status}\n${Depends}\n${Pre-Depends}\n"
    for name in (f"{package}:{native_architecture()}", package):  # arch-all: bare name
        result = subprocess.run(["dpkg-query", "-W", form, name], capture_output=True,  # noqa: S603,S607 - Debian's dpkg-query from PATH; a package name from our own Depends
                                text=True, check=False)
        lines = result.stdout.split("\n")
        if result.returncode == 0 and len(lines) >= 3:
            break
    else:
        return None
    if lines[0] != "installed":
        return None
    return parse_depends(lines[1]) + parse_depends(lines[2])


def closure(packages: Iterable[str],
            depends: Callable[[str], list[str] | None] = installed_depends) -> set[str]:
    """``packages`` and every installed package they hard-depend on, recursively."""
    seen: set[str] = set()
    stack = list(packages)
    while stack:
        package = stack.pop()
        if package in seen:
            continue
        found = depends(package)
        if found is None:
            continue
        seen.add(package)
        stack.extend(found)
    return seen


def owning_package(file_name: str) -> str | None:
    """The installed package that ships ``file_name`` in a system library folder."""
    for folder in SYSTEM_LIB_DIRS:
        path = Path(folder) / file_name
        if not path.is_file():
            continue
        result = subprocess.run(["dpkg", "-S", str(path)], capture_output=True, text=True,  # noqa: S603,S607 - Debian's dpkg from PATH; a path in the bundle we built
                                check=False)
        for line in result.stdout.splitlines():
            package, _sep, owned = line.partition(": ")
            if owned.strip() == str(path) and not package.startswith("diversion"):
                return package.split(":")[0]
    return None


def is_bundled_system_copy(path: Path) -> bool:
    """A regular library file at the top of the bundle (not a symlink into a wheel's
    folder, not a Python extension module)."""
    name = path.name
    return (path.is_file() and not path.is_symlink() and ".so" in name
            and ".cpython-" not in name and ".abi3." not in name)


def droppable(contents: Path, depends_on: Iterable[str],
              owner: Callable[[str], str | None] = owning_package,
              depends: Callable[[str], list[str] | None] = installed_depends) -> list[Path]:
    """Bundled copies of libraries that the package's Depends install anyway."""
    certain = closure(depends_on, depends)
    drop = []
    for path in sorted(contents.iterdir()):
        if not is_bundled_system_copy(path) or path.name.startswith("libpython"):
            continue  # Python itself is always bundled
        package = owner(path.name)
        if package is not None and package in certain:
            drop.append(path)
    return drop


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: debian_libs.py DIR PACKAGE...", file=sys.stderr)
        return 2
    for path in droppable(Path(argv[0]), argv[1:]):
        print(path.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
