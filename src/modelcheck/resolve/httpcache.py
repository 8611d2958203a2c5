"""Resolution stage: an on-disk cache of Hub API responses (one JSON file per URL).

Location: ``$MODELCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/modelcheck``, else
``~/.cache/modelcheck``; files under ``hub/``. Entries expire after ``ttl`` seconds (24 h by
default) unless the URL names an immutable 40-hex revision. Files hold the URL, the fetch time,
the status and the JSON body only (never request headers, so never the token) and are
written atomically. A corrupt entry is ignored and refetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from modelcheck.record import frozen
from pathlib import Path
from typing import Any

from modelcheck.resolve.lockfile import atomic_write

DAY = 24 * 3600
_MAX_ENTRY = 10_000_000


def default_cache_dir() -> Path:
    explicit = os.environ.get("MODELCHECK_CACHE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "modelcheck"


@frozen
class ResponseCache:
    directory: Path
    ttl: float = DAY
    negative_ttl: float = 3600.0  # "not found" answers expire sooner

    def _path(self, url: str) -> Path:
        return self.directory / "hub" / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> tuple[Any, dict[str, Any] | None] | None:
        """``(status, data)`` for a fresh entry, else None."""
        path = self._path(url)
        try:
            if path.stat().st_size > _MAX_ENTRY:
                return None
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("url") != url:
            return None
        status, data, fetched = entry.get("status"), entry.get("data"), entry.get("fetched")
        if status not in ("ok", "not-found") or not isinstance(fetched, (int, float)):
            return None
        if not entry.get("immutable"):
            ttl = self.ttl if status == "ok" else self.negative_ttl
            if time.time() - fetched > ttl:
                return None
        return status, data if isinstance(data, dict) else None

    def put(self, url: str, status: str, data: dict[str, Any] | None, immutable: bool = False) -> None:
        entry = {"url": url, "fetched": time.time(), "status": status, "immutable": immutable, "data": data}
        try:
            atomic_write(self._path(url), json.dumps(entry, ensure_ascii=False))
        except OSError:
            pass  # a read-only cache directory must not fail the run
