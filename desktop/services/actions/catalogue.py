"""The catalogue of active-policy measures and the patto deadline rule.

The catalogue lives in ``resources/actions/catalogue.yaml`` so a centre can adapt
labels without touching code; codes are the stable identifiers actions will store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from desktop.errors import ValidationError
from desktop.i18n import N_, _
from desktop.paths import resource_path


@dataclass(frozen=True)
class Measure:
    code: str
    label: str


def load_catalogue(path: Path | None = None) -> tuple[Measure, ...]:
    """Read the catalogue; a missing code or label, or a repeated code, is refused."""
    source = path or resource_path("actions", "catalogue.yaml")
    rows = _coded_rows(source, _(
        "The catalogue of measures is not valid: each measure needs a code used only once "
        "and a label. Correct the file {name}."))
    return tuple(Measure(code, label) for code, label, _row in rows)


def _coded_rows(source: Path, invalid: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(code, label, row) of a YAML list of mappings; ``invalid`` (with ``{name}``) is the
    message when a row lacks its code or label or repeats a code."""
    with source.open(encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or []
    rows: list[tuple[str, str, dict[str, Any]]] = []
    seen: set[str] = set()
    for row in raw:
        code = str(row.get("code", "")).strip() if isinstance(row, dict) else ""
        label = str(row.get("label", "")).strip() if isinstance(row, dict) else ""
        if not code or not label or code in seen:
            raise ValidationError(invalid.format(name=source.name))
        seen.add(code)
        rows.append((code, label, row))
    return rows


def patto_on_time(did_on: dt.date, deadline: dt.date, signed_on: dt.date | None) -> bool:
    """Whether a patto meets the legal deadline after the DID.

    Rule: signed on or after the DID date and on or before ``deadline`` (the Did's
    ``patto_deadline``: 30 days after the DID, 15 with NASpI/DIS-COLL). An unsigned
    patto is not on time.
    """
    return signed_on is not None and did_on <= signed_on <= deadline


def share_on_time(rows: Iterable[tuple[dt.date, dt.date, dt.date | None]]) -> float | None:
    """Share of DIDs whose patto was on time; None for a period without DIDs."""
    flags = [patto_on_time(*row) for row in rows]
    return sum(flags) / len(flags) if flags else None


@dataclass(frozen=True)
class ContractType:
    code: str
    label: str
    #: Counted as a permanent contract (tempo indeterminato) by the indicators.
    permanent: bool


def load_contract_types(path: Path | None = None) -> tuple[ContractType, ...]:
    """Read the contract types a placement may record (resources/actions/contracts.yaml)."""
    source = path or resource_path("actions", "contracts.yaml")
    rows = _coded_rows(source, _(
        "The list of contract types is not valid: each type needs a code used only once "
        "and a label. Correct the file {name}."))
    return tuple(ContractType(code, label, bool(row.get("permanent", False)))
                 for code, label, row in rows)


def permanent_codes() -> frozenset[str]:
    """Codes of the contract types counted as permanent."""
    return frozenset(t.code for t in load_contract_types() if t.permanent)


#: What an action's outcome may say.
ACTION_OUTCOMES = ("completato", "in_corso", "interrotto", "non_presentato")

#: The outcomes as the operator reads them (translate with ``_`` when shown).
OUTCOME_LABELS = {"completato": N_("Completed"), "in_corso": N_("In progress"),
                  "interrotto": N_("Interrupted"), "non_presentato": N_("Did not attend")}


def outcome_label(code: str) -> str:
    """The outcome ``code`` in the current language (the code itself when unknown)."""
    return _(OUTCOME_LABELS[code]) if code in OUTCOME_LABELS else code
