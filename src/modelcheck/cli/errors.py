"""Config errors as compilers show them: ``file:line:col: error: message``, then the source line
with a caret under the offending text; every error of the file, then a count."""

from __future__ import annotations

from pathlib import Path

from modelcheck.errors import ConfigError

_MAX_SOURCE_BYTES = 4_000_000


def render_config_errors(exc: ConfigError) -> str:
    """The text printed on stderr before exit 2."""
    sources: dict[str, list[str] | None] = {}
    blocks = [_one(error, sources) for error in exc.errors]
    files = sorted({e.location.path for e in exc.errors if e.location is not None})
    count = len(exc.errors)
    noun = "error" if count == 1 else "errors"
    where = f" in {', '.join(files)}" if files else ""
    return "\n".join(blocks) + f"\nmodelcheck: {count} config {noun}{where}; nothing was checked"


def _one(error: ConfigError, sources: dict[str, list[str] | None]) -> str:
    loc = error.location
    if loc is None:
        return f"modelcheck: error: {error.message}"
    first = f"{loc}: error: {error.message}"
    if loc.path not in sources:  # each file read once, however many errors it has
        sources[loc.path] = _read(loc.path)
    lines = sources[loc.path]
    if not lines or not 0 < loc.line <= len(lines):
        return first
    text = lines[loc.line - 1].rstrip("\r\n")
    gutter = " " * len(str(loc.line))
    prefix = "".join(c if c == "\t" else " " for c in text[: max(0, loc.column - 1)])
    width = max(1, min(error.span, len(text) - loc.column + 1)) if loc.column <= len(text) else 1
    return f"{first}\n{gutter} |\n{loc.line} | {text}\n{gutter} | {prefix}{'^' * width}"


def _read(path: str) -> list[str] | None:
    try:
        file = Path(path)
        if file.stat().st_size > _MAX_SOURCE_BYTES:
            return None
        return file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
