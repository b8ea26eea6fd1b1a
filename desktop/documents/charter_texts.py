"""The Carta dei servizi's texts: reading them, their standards as data, the region's identity.

The words live in YAML files a centre can edit (resources/charter/<centre code>/<lang>/,
falling back to resources/charter/default/<lang>/): ``common.yaml`` holds what every
edition shares (principles, complaints, privacy, glossary, labels), ``<edition>.yaml``
the edition's services, standards, rights and duties. The bodies that run the centres
in a region (for Tuscany the regional agency and its portal) come from
resources/charter/regions/<region>.yaml and replace ``{agency}`` and ``{portal}`` in
every text: a region's identity is configuration, never code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from desktop.errors import NotFoundError, ValidationError
from desktop.i18n import _
from desktop.paths import resource_path
from desktop.values.charter import INDICATORS, Identity, StandardSpec

EDITIONS = ("cittadini", "imprese", "disabili")
LANGUAGES = ("it", "en")
#: Every edition must have these, in every language (the renderer prints them all).
REQUIRED = ("title", "audience", "services", "standards", "rights", "duties")


@dataclass(frozen=True)
class CharterTexts:
    common: dict[str, Any]
    edition: dict[str, Any]
    source: str
    standards: tuple[StandardSpec, ...] = ()


def charter_dir(centre_code: str, lang: str, root: Path | None = None) -> Path:
    """The folder of the texts for ``centre_code``, or the default one."""
    base = root or resource_path("charter")
    own = base / centre_code / lang
    return own if centre_code and (own / "common.yaml").exists() else base / "default" / lang


def load_charter_texts(edition: str, lang: str, centre_code: str = "",
                       root: Path | None = None, region: str = "") -> CharterTexts:
    """The texts of ``edition`` in ``lang``, with the region's identity filled in.

    Raises NotFoundError (one Italian sentence) for an unknown edition or language, a
    missing file or an edition without its texts, and ValidationError for a standard
    whose indicator is unknown: nothing is printed from texts that fail here.
    """
    if edition not in EDITIONS:
        raise NotFoundError(_("Unknown charter edition {edition}: choose one of {choices}.")
                            .format(edition=edition, choices=", ".join(EDITIONS)))
    if lang not in LANGUAGES:
        raise NotFoundError(_("Unknown charter language {lang}: choose one of {choices}.")
                            .format(lang=lang, choices=", ".join(LANGUAGES)))
    folder = charter_dir(centre_code, lang, root)
    common = _read_yaml(folder / "common.yaml")
    own = _read_yaml(folder / f"{edition}.yaml", edition=edition, lang=lang)
    missing = [key for key in REQUIRED if not own.get(key)]
    if missing:
        raise NotFoundError(_(
            "The {edition} edition of the Carta has no texts in {lang} ({missing}): "
            "nothing was printed.").format(edition=edition, lang=lang,
                                           missing=", ".join(missing)))
    ident = identity(region, lang, common, root)
    common = _fill(common, ident)
    own = _fill(own, ident)
    return CharterTexts(common, own, str(folder), parse_standards(own["standards"], edition))


def parse_standards(rows: list[Any], edition: str) -> tuple[StandardSpec, ...]:
    """The edition's standards as data; an unknown indicator is refused in one sentence."""
    specs: list[StandardSpec] = []
    for row in rows:
        measure = dict(row.get("measure") or {"indicator": "manual"})
        indicator = str(measure.get("indicator", ""))
        ident = str(row.get("id", ""))
        if indicator not in INDICATORS:
            raise ValidationError(_(
                "The standard {id} of the {edition} edition is measured by an unknown "
                "indicator ({indicator}): correct the Carta's texts; nothing was printed."
            ).format(id=ident or "?", edition=edition, indicator=indicator or "—"))
        target = measure.get("target")
        specs.append(StandardSpec(
            id=ident, factor=str(row["factor"]), indicator_text=str(row["indicator"]),
            promise_text=str(row["standard"]), indicator=indicator,
            target=None if target is None else float(target),
            minutes=_int(measure.get("minutes")), days=_int(measure.get("days")),
            afternoons=_int(measure.get("afternoons")), service=str(measure.get("service", ""))))
    ids = [s.id for s in specs]
    if "" in ids or len(set(ids)) != len(ids):
        raise ValidationError(_("Every standard of the {edition} edition needs its own "
                                "identifier: correct the Carta's texts; nothing was printed.")
                              .format(edition=edition))
    return tuple(specs)


def identity(region: str, lang: str, common: dict[str, Any] | None = None,
             root: Path | None = None) -> Identity:
    """The region's agency and portal, or the generic words of ``common.yaml``."""
    base = (root or resource_path("charter")) / "regions"
    path = base / f"{region.strip().lower().replace(' ', '-')}.yaml"
    fallback = dict((common or {}).get("identity") or {})
    if region and path.exists():
        data = _read_yaml(path).get(lang) or {}
        fallback.update({k: v for k, v in data.items() if v})
    return Identity(str(fallback.get("agency", "")), str(fallback.get("portal", "")))


def _fill(value: Any, ident: Identity) -> Any:
    if isinstance(value, str):
        return value.replace("{agency}", ident.agency).replace("{portal}", ident.portal)
    if isinstance(value, list):
        return [_fill(x, ident) for x in value]
    if isinstance(value, dict):
        return {k: _fill(v, ident) for k, v in value.items()}
    return value


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


@lru_cache(maxsize=64)
def _read_yaml_cached(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise NotFoundError(_("The charter text file {path} is not valid.").format(path=path))
    return data


def _read_yaml(path: Path, edition: str = "", lang: str = "") -> dict[str, Any]:
    if not path.exists():
        if edition:
            raise NotFoundError(_(
                "The {edition} edition of the Carta has no texts in {lang}: nothing was "
                "printed.").format(edition=edition, lang=lang))
        raise NotFoundError(_("The charter text file {path} is missing.").format(path=path))
    return _read_yaml_cached(str(path), path.stat().st_mtime)
