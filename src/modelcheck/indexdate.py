"""The bundled index's date, read from the file's head (no TOML parse, no heavy imports)."""

from __future__ import annotations

import re
from pathlib import Path

INDEX_FILE = Path(__file__).parent / "data" / "index.toml"
_META_DATE = re.compile(r'^\[meta\][ \t]*\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*[ \t]*date[ \t]*=[ \t]*"([0-9-]+)"', re.M)


def head_date(path: Path = INDEX_FILE) -> str | None:
    """``[meta] date`` from the first 8 KiB of the index; None when it is not there."""
    try:
        with path.open("r", encoding="utf-8") as fh:
            head = fh.read(8192)
    except OSError:
        return None
    found = _META_DATE.search(head)
    return found.group(1) if found else None
