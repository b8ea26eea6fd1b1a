"""The privacy notice's texts and version (resources/privacy/notice.yaml), without the
printout: registration and the Patto's data need the version, and importing them must
not bring ReportLab into the application's start-up (issue 23)."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from desktop.paths import resource_path


@cache
def load_notice() -> dict[str, Any]:
    with resource_path("privacy", "notice.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def privacy_notice_version() -> str:
    """The version of the notice in force: what registration records as acknowledged."""
    return str(load_notice()["version"])
