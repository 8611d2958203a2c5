"""Stage 1 (first slice): which files to scan. A plain walk with default excludes."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path
from typing import Sequence

DEFAULT_EXCLUDES = (
    ".git", ".hg", ".svn", ".venv", "venv", "env", "node_modules", "__pycache__", ".tox", ".nox",
    ".mypy_cache", ".pytest_cache", "build", "dist", "site-packages", ".ipynb_checkpoints", ".cache",
)


def _excluded(rel: str, patterns: Sequence[str]) -> bool:
    parts = rel.split("/")
    for pattern in patterns:
        if "/" not in pattern.rstrip("/") and any(fnmatch.fnmatch(p, pattern.rstrip("/")) for p in parts):
            return True
        if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.rstrip("/*") + "/*"):
            return True
    return False


def list_files(
    root: Path,
    explicit: Sequence[Path] | None,
    exclude: Sequence[str] | None,
    extend_exclude: Sequence[str],
) -> list[Path]:
    """Candidate files under ``root`` (or just ``explicit``), excludes applied, sorted."""
    from modelcheck.extract import is_candidate

    patterns = list(DEFAULT_EXCLUDES if exclude is None else exclude) + list(extend_exclude)
    if explicit is not None:
        chosen = [p for p in explicit if not _excluded(_rel(p, root), patterns)]
        return sorted(p for p in chosen if is_candidate(p))
    found: list[Path] = []
    for directory, dirnames, filenames in os.walk(root):
        base = Path(directory)
        dirnames[:] = sorted(d for d in dirnames if not _excluded(_rel(base / d, root), patterns))
        for name in filenames:
            path = base / name
            if is_candidate(path) and not _excluded(_rel(path, root), patterns):
                found.append(path)
    return sorted(found)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
