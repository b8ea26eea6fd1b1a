"""Where Sportello keeps its files, and how it finds its own resources.

Data lives in the OS's *local* application-data folder (never the roaming profile:
a database must not travel with a Windows profile). ``SPORTELLO_HOME`` overrides
everything, which tests, the demo and portable installs use.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from desktop import APP_ID, ORG_NAME

HOME_ENV = "SPORTELLO_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The folders of one installation; created on first use."""

    data: Path
    config: Path
    logs: Path

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def settings_file(self) -> Path:
        return self.config / "settings.json"

    @property
    def default_database(self) -> Path:
        return self.data / "sportello.sqlite"

    @property
    def demo_database(self) -> Path:
        return self.data / "demo.sqlite"

    @property
    def log_file(self) -> Path:
        return self.logs / "sportello.log"

    def ensure(self) -> AppPaths:
        for folder in (self.data, self.config, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def app_paths(home: Path | None = None) -> AppPaths:
    """Return the installation's folders (``home`` or ``$SPORTELLO_HOME`` if given)."""
    base = home or (Path(os.environ[HOME_ENV]) if os.environ.get(HOME_ENV) else None)
    if base is not None:
        return AppPaths(data=base / "data", config=base / "config", logs=base / "logs")
    return AppPaths(
        data=Path(platformdirs.user_data_dir(APP_ID, ORG_NAME, roaming=False)),
        config=Path(platformdirs.user_config_dir(APP_ID, ORG_NAME, roaming=False)),
        logs=Path(platformdirs.user_log_dir(APP_ID, ORG_NAME)),
    )


def _resource_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)  # PyInstaller unpacks here
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in ``resources/``, in the source tree or a frozen build."""
    return _resource_root().joinpath(*parts)


def package_path(*parts: str) -> Path:
    """Path of a file inside the ``desktop`` package (migrations and the like)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    base = Path(frozen_root) / "desktop" if frozen_root else Path(__file__).resolve().parent
    return base.joinpath(*parts)
