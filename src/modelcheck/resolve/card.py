"""Resolution stage: licence and lineage fields of model-card metadata (README front matter,
or the Hub API's ``cardData``).

The front matter is the first ``---`` block (a UTF-8 BOM is tolerated, unlike the Hub), read
with ruamel's safe loader, bounded in size. Only ``license``, ``license_name``,
``license_link`` and ``base_model`` are kept.
"""

from __future__ import annotations

import re
from modelcheck.record import frozen
from typing import Any, Mapping

MAX_FRONT_MATTER = 256_000
_BLOCK = re.compile(r"\A\s*---[ \t]*\r?\n(.*?)(?:\r?\n)---[ \t]*(?:\r?\n|\Z)", re.S)


@frozen
class CardLicense:
    license: str | tuple[str, ...] | None
    license_name: str | None
    license_link: str | None
    base_models: tuple[str, ...]
    line: int = 1  # line of the ``license`` key in the README (1 when unknown)
    datasets: tuple[str, ...] = ()  # training data the card names (``datasets:``), for openness


def front_matter(text: str) -> Mapping[str, Any] | None:
    """The README's metadata mapping, or None when it has none or it is not valid YAML."""
    text = text.lstrip("\ufeff")
    match = _BLOCK.match(text[: MAX_FRONT_MATTER + 16])
    if not match:
        return None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        data = yaml.load(match.group(1))
    except (YAMLError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value.strip(),) if value.strip() else ()
    if isinstance(value, (list, tuple)):
        return tuple(v.strip() for v in value[:64] if isinstance(v, str) and v.strip())
    return ()


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def card_datasets(card: Mapping[str, Any], tags: object = None) -> tuple[str, ...]:
    """Training data a card names: ``datasets:`` front matter, else ``dataset:`` Hub tags."""
    raw = card.get("datasets")
    items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else []
    found = [i for i in items[:64] if isinstance(i, str) and i]
    if not found and isinstance(tags, list):
        found = [t[len("dataset:"):] for t in tags[:256] if isinstance(t, str) and t.startswith("dataset:")]
    return tuple(dict.fromkeys(found))


def card_license(data: Mapping[str, Any], text: str = "") -> CardLicense:
    """Licence fields of a metadata mapping; ``text`` (the README) gives the key's line."""
    raw = data.get("license")
    value: str | tuple[str, ...] | None
    if isinstance(raw, (list, tuple)):
        value = _strings(raw) or None
    else:
        value = _text(raw)
    line = 1
    if text:
        found = re.search(r"(?m)^license\s*:", text[:MAX_FRONT_MATTER])
        if found:
            line = text.count("\n", 0, found.start()) + 1
    return CardLicense(
        license=value,
        license_name=_text(data.get("license_name")),
        license_link=_text(data.get("license_link")),
        base_models=_strings(data.get("base_model")),
        line=line,
        datasets=card_datasets(data),
    )
