"""The installation's configuration: folders, settings, logging, language, database URL.

Everything a ``sportello`` command or the app needs before any window. It lives apart
from :mod:`desktop.app` (the composition root, which re-exports it) so that
:mod:`desktop.bootstrap` can use it without importing the app that imports it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import SettingsError
from desktop.i18n import set_language
from desktop.log import setup_logging
from desktop.models.engine import sqlite_url
from desktop.paths import AppPaths, app_paths
from desktop.settings import Settings, load_settings

# The name it had before moving here from desktop.app: log files read the same.
log = logging.getLogger("desktop.app")


@dataclass
class AppConfig:
    paths: AppPaths
    settings: Settings
    #: A problem with the settings file, to show once the window system is up.
    settings_warning: SettingsError | None


def load_config(home: Path | None = None, *, console_log: bool = False) -> AppConfig:
    """Folders, settings, logging and language: everything before any window."""
    paths = app_paths(home).ensure()
    settings, warning = load_settings(paths.settings_file)
    setup_logging(paths.log_file, settings.log_level, console=console_log)
    set_language(settings.language)
    from desktop.services.security import audit  # the workstation name goes into every audit entry

    audit.configure(settings.workstation)
    if warning:
        log.warning("settings: %s", warning.detail)
    return AppConfig(paths, settings, warning)


def database_url(config: AppConfig, *, demo: bool = False, override: str | None = None) -> str:
    if override:
        return override if "://" in override else sqlite_url(Path(override).resolve())
    if demo:
        return sqlite_url(config.paths.demo_database)
    return config.settings.database_url or sqlite_url(config.paths.default_database)
