"""The justification window, in ``conditionality.json`` beside settings.json."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FILE_NAME = "conditionality.json"


@dataclass(frozen=True)
class ConditionalityConfig:
    #: Days after the missed appointment in which a justification is accepted (the Patto
    #: asks to document it "entro due giorni").
    justification_days: int = 2


def load_config(config_dir: Path) -> ConditionalityConfig:
    try:
        raw = json.loads((config_dir / FILE_NAME).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return ConditionalityConfig()
    except (OSError, ValueError) as exc:
        log.warning("conditionality: %s unreadable (%s); using defaults", FILE_NAME, exc)
        return ConditionalityConfig()
    days = raw.get("justification_days") if isinstance(raw, dict) else None
    if type(days) is int and 0 <= days <= 60:
        return ConditionalityConfig(days)
    log.warning("conditionality: bad justification_days %r", days)
    return ConditionalityConfig()
