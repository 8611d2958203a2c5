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


def model_arg_problem(raw: str) -> str | None:
    """Why ``raw`` is not a model id a person may declare (None when it is one): a Hub id
    (``org/name``, optionally ``@revision``), a bare legacy Hub name, an Ollama ``name:tag``, an
    API model name or a URL. Anything else would be looked up as a Hub id that cannot exist."""
    from modelcheck.extract import ids_tables
    from modelcheck.extract.ids import classify_model

    text = raw.partition("@")[0] if "/" in raw and "@" in raw else raw
    if classify_model(text, "hub") is not None or ids_tables.HUB_ID.match(text):
        return None
    return (f"'{raw}' is not a model id; write a Hub id (org/name, optionally @revision), an Ollama "
            "name:tag, an API model name (gpt-4o) or a URL")
