"""Model ids typed by a person (CLI arguments, ``models = [...]`` in config) -> resolution requests."""

from __future__ import annotations

from modelcheck.model import Kind


def request_for(raw: str) -> tuple[str, Kind, str | None]:
    """``org/name``, ``org/name@revision``, ``name:tag``, ``gpt-4o`` -> (id, kind, revision)."""
    from modelcheck.extract.ids import classify_model

    text, _, revision = raw.partition("@") if "/" in raw and "@" in raw else (raw, "", "")
    found = classify_model(text, "hub")
    if found is None:
        return text, "hub", revision or None
    return found.id, found.kind, revision or found.revision or None
