"""The runtime dependencies the bundle collects, read from pyproject.toml.

Part of installer/bundle.py (which re-exports every name here): which installed
distributions the ``[project] dependencies`` and their extras amount to on the
platform being built, and which top-level modules each provides.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from bundle_rules import DEPENDENCIES_HANDLED_ELSEWHERE, ROOT


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
