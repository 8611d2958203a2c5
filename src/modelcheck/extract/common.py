"""Stage 2 helper: build ``ModelRef`` values with inline suppressions, and dedupe them."""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from modelcheck.extract.comments import ignored_at
from modelcheck.extract.ids import ModelId, model_id, ollama_id
from modelcheck.extract.ids_tables import api_provider
from modelcheck.model import Location, ModelRef

# Parts of a variable/key name that mark an output, an alias or a destination, not a dependency.
_OUTPUT_NAME = re.compile(r"OUTPUT|(?:^|_)OUT(?:_|$)|SAVE|EXPORT|PUSH|HUB_MODEL_ID|UPLOAD|SERVED|TARGET|NEW_MODEL|_DIR$|CACHE", re.I)


def make_ref(
    found: ModelId,
    text: str,
    rel: str,
    line: int,
    col: int,
    via: str,
    lines: Sequence[str],
    role: str | None = None,
) -> ModelRef:
    """A ``ModelRef`` at ``rel:line:col`` with the suppressions written on that line."""
    return ModelRef(
        id=found.id,
        text=text,
        kind=found.kind,
        location=Location(rel, line, col),
        via=via,
        role=role,
        revision=found.revision,
        filename=found.filename,
        ignored=ignored_at(lines, line),
    )


def env_model(name: str, value: str) -> ModelId | None:
    """The model named by an environment-style variable ``name=value``, else None.

    Only variables whose name contains ``MODEL`` (and is not an output or alias) count; hub ids,
    Ollama ``name:tag`` values and GGUF paths are accepted, plain local directories are not.
    """
    upper = name.upper()
    if not is_model_name(name):
        return None
    if "OLLAMA" in upper:
        return ollama_id(value)
    found = model_id(value, bare=True)
    if found is not None:
        return found if found.kind in ("hub", "gguf") else None
    api = api_provider(value.strip().strip("'\""))
    if api is not None:
        return ModelId("api", api)
    if ":" in value and "/" not in value:
        return ollama_id(value)
    return None


def is_model_name(name: str) -> bool:
    """A variable or key name that says "model" and is not an output, alias or destination."""
    upper = name.upper()
    return "MODEL" in upper and not _OUTPUT_NAME.search(upper)


def dedupe(refs: Iterable[ModelRef]) -> tuple[ModelRef, ...]:
    """Drop repeated (id, location) pairs, keeping the first; order by location."""
    seen: set[tuple[str, Location]] = set()
    out: list[ModelRef] = []
    for ref in refs:
        key = (ref.id, ref.location)
        if key not in seen:
            seen.add(key)
            out.append(ref)
    return tuple(sorted(out, key=lambda r: (r.location, r.id)))


def relocate(lines: Sequence[str], line: int, col: int, text: str, span: int = 200) -> tuple[int, int]:
    """Confirm ``text`` starts at (line, col); else find its next occurrence (folded scalars)."""
    if not text:
        return line, col
    if 1 <= line <= len(lines) and lines[line - 1][col - 1:].startswith(text):
        return line, col
    for ln in range(max(line, 1), min(line + span, len(lines)) + 1):
        at = lines[ln - 1].find(text, col - 1 if ln == line else 0)
        if at >= 0:
            return ln, at + 1
    return line, col
