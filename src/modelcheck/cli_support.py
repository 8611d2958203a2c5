"""CLI support (I/O around the pure reporters): GitHub step summary, source lines for SARIF.

Called by ``cli.py``; nothing here prints or exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping

from modelcheck.model import CheckResult, Location

STEP_SUMMARY_LIMIT = 1024 * 1024  # GitHub discards a step summary larger than this
MAX_LINE_FILE_BYTES = 2 * 1024 * 1024  # source lines are read only from text files this small


def write_step_summary(result: CheckResult, environ: Mapping[str, str]) -> bool:
    """Append the Markdown summary to ``$GITHUB_STEP_SUMMARY`` when set. Returns whether it wrote.

    The file is per step; what is already in it counts against GitHub's 1 MiB cap.
    """
    from modelcheck.report.summary import render_summary

    target = environ.get("GITHUB_STEP_SUMMARY", "")
    if not target:
        return False
    path = Path(target)
    used = path.stat().st_size if path.exists() else 0
    budget = STEP_SUMMARY_LIMIT - used - 16 * 1024
    if budget < 4 * 1024:
        return False
    with path.open("a", encoding="utf-8") as handle:
        handle.write(render_summary(result, max_bytes=budget))
    return True


def line_reader(root: Path) -> Callable[[Location], str | None]:
    """A reader of source lines under ``root`` for SARIF fingerprints (cached per file, bounded)."""
    cache: dict[str, list[str] | None] = {}

    def read(loc: Location) -> str | None:
        if loc.path not in cache:
            cache[loc.path] = _lines(root / loc.path)
        lines = cache[loc.path]
        if lines is None or not 0 < loc.line <= len(lines):
            return None
        return lines[loc.line - 1]

    return read


def _lines(path: Path) -> list[str] | None:
    try:
        if not path.is_file() or path.stat().st_size > MAX_LINE_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    if b"\x00" in data[:8192]:  # binary (GGUF, safetensors): no lines to hash
        return None
    return data.decode("utf-8", errors="replace").splitlines()
