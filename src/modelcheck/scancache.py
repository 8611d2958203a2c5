"""Stage 2 cache: what each file contributed, reused while the file is unchanged (as ruff does).

One JSON file per checked root under the modelcheck cache directory (``MODELCHECK_CACHE_DIR``,
else ``$XDG_CACHE_HOME/modelcheck``). An entry is reused only when the file's size and
modification time are unchanged and the cache was written by the same modelcheck with the same
extractor code; anything else (a missing, corrupt or foreign cache) is a plain miss. The file is
written atomically, so an interrupted run leaves the old cache or the new one, never half of one.
The cache holds modelcheck's own findings as JSON (never pickle), no file contents.
"""

from __future__ import annotations

import hashlib
import json
import os
from modelcheck.record import field, mutable
from pathlib import Path
from typing import Any, Sequence

from modelcheck import __version__
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue

FORMAT = 1

Stamp = tuple[int, int]  # (size, mtime_ns)


def code_fingerprint() -> str:
    """modelcheck's version plus the size and mtime of its extractor modules and data."""
    package = Path(__file__).resolve().parent
    parts = [__version__, str(FORMAT), os.environ.get("MODELCHECK_SCAN_DOCS", "")]
    for folder in (package / "extract", package / "data"):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_file():
                st = entry.stat()
                parts.append(f"{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def cache_file(root: Path) -> Path:
    from modelcheck.resolve.httpcache import default_cache_dir

    key = hashlib.sha256(os.path.abspath(root).encode()).hexdigest()[:24]
    return default_cache_dir() / "scan" / f"{key}.json"


def stamp(path: str) -> Stamp | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


@mutable
class ScanCache:
    """Entries by root-relative path; ``fresh`` collects what this run saw, for ``save``."""

    path: Path
    fingerprint: str
    entries: dict[str, tuple[Stamp, dict[str, Any]]] = field(default_factory=dict)
    fresh: dict[str, tuple[Stamp, dict[str, Any]]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> ScanCache:
        path, fingerprint = cache_file(root), code_fingerprint()
        cache = cls(path, fingerprint)
        try:
            with path.open("rb") as fh:
                data = json.load(fh)
        except (OSError, ValueError):
            return cache
        if not isinstance(data, dict) or data.get("fingerprint") != fingerprint:
            return cache
        files = data.get("files")
        if isinstance(files, dict):
            for rel, item in files.items():
                if isinstance(item, list) and len(item) == 3 and isinstance(item[2], dict):
                    cache.entries[rel] = ((int(item[0]), int(item[1])), item[2])
        return cache

    def get(self, rel: str, current: Stamp | None) -> FileScan | None:
        hit = self.entries.get(rel)
        if hit is None or current is None or hit[0] != current:
            return None
        try:
            scan = scan_from_json(hit[1])
        except (KeyError, TypeError, ValueError):
            return None
        self.fresh[rel] = hit
        return scan

    def put(self, rel: str, current: Stamp | None, scan: FileScan) -> None:
        if current is not None:
            self.fresh[rel] = (current, scan_to_json(scan))

    def save(self) -> None:
        """Write what this run saw (entries of files no longer scanned are dropped)."""
        from modelcheck.resolve.lockfile import atomic_write

        files = {rel: [s[0], s[1], data] for rel, (s, data) in sorted(self.fresh.items())}
        text = json.dumps({"fingerprint": self.fingerprint, "files": files}, separators=(",", ":"))
        try:
            atomic_write(self.path, text)
        except OSError:
            pass  # a cache that cannot be written only costs speed


def _loc(loc: Location) -> list[Any]:
    return [loc.path, loc.line, loc.column]


def _unloc(item: Sequence[Any]) -> Location:
    return Location(str(item[0]), int(item[1]), int(item[2]))


def scan_to_json(scan: FileScan) -> dict[str, Any]:
    return {
        "refs": [
            [r.id, r.text, r.kind, _loc(r.location), r.via, r.role, r.revision, r.filename, sorted(r.ignored)]
            for r in scan.refs
        ],
        "evidence": [
            [e.model, e.source, _loc(e.location), e.license, e.license_name, e.license_link,
             list(e.base_models), list(e.aliases), list(e.datasets)]
            for e in scan.evidence
        ],
        "issues": [[i.rule, _loc(i.location), i.message] for i in scan.issues],
    }


def scan_from_json(data: dict[str, Any]) -> FileScan:
    refs = tuple(
        ModelRef(r[0], r[1], r[2], _unloc(r[3]), r[4], r[5], r[6], r[7], frozenset(r[8])) for r in data["refs"]
    )
    evidence = tuple(
        LicenseEvidence(e[0], e[1], _unloc(e[2]), e[3], e[4], e[5], tuple(e[6]), tuple(e[7]), tuple(e[8]))
        for e in data["evidence"]
    )
    issues = tuple(ScanIssue(i[0], _unloc(i[1]), i[2]) for i in data["issues"])
    return FileScan(refs, evidence, issues)
