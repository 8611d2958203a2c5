"""The bundled TOML data (index, vocabulary, knowledge base, openness) served from a compiled copy.

Parsing the bundled TOML files costs ~70 ms per run with models; ``data/compiled_data.json`` holds
the same documents as JSON, keyed by the SHA-256 of each file's text, and loads in a few ms. A file
edited since the copy was compiled simply misses and is parsed with tomllib, so a stale copy only
costs speed (``scripts/compile_data.py`` regenerates it; a test fails when it is stale).
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path
from typing import Any

COMPILED = Path(__file__).parent / "data" / "compiled_data.json"
DATA_DIR = Path(__file__).parent / "data"


@functools.lru_cache(maxsize=1)
def _compiled() -> dict[str, str]:
    try:
        data = json.loads(COMPILED.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    docs = data.get("documents") if isinstance(data, dict) and data.get("version") == 1 else None
    return {k: v for k, v in docs.items() if isinstance(v, str)} if isinstance(docs, dict) else {}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the compiled copy when this exact text was compiled.

    Raises what tomllib raises for invalid TOML. Each call returns fresh objects.
    """
    compiled = _compiled().get(digest(text))
    if compiled is not None:
        doc: dict[str, Any] = json.loads(compiled)
        return doc
    from modelcheck.tomlload import loads

    return loads(text)


def compile_all(directory: Path = DATA_DIR) -> str:
    """The content of ``compiled_data.json`` for every ``*.toml`` below ``directory``."""
    from modelcheck.tomlload import loads

    documents = {}
    for path in sorted(directory.rglob("*.toml")):
        text = path.read_text(encoding="utf-8")
        documents[digest(text)] = json.dumps(loads(text), sort_keys=True, separators=(",", ":"))
    return json.dumps({"version": 1, "documents": documents}, sort_keys=True, indent=0) + "\n"
