"""Resolution stage: read and write ``modelcheck.lock`` (TOML).

The lock pins each model's resolved licence so that runs are reproducible offline and
``modelcheck lock --check`` can report drift. The file is written sorted by model id with
one key per line (diff-friendly), atomically (a temp file in the same directory, fsync, then
``os.replace``), so an interrupted run never leaves a half-written lock.

    version = 1

    [models."meta-llama/Llama-3.1-8B-Instruct"]
    kind = "hub"
    license = "llama3.1"
    source = "hub"
    revision = "0e9e39f249a16976918f6564b8830bc894c89659"
    evidence = "https://huggingface.co/api/models/meta-llama/Llama-3.1-8B-Instruct"
    license-file-sha256 = "..."
    base = ["meta-llama/Llama-3.1-8B"]
    date = "2026-11-27"
"""

from __future__ import annotations

import json
import os
import re
from modelcheck.record import frozen
from pathlib import Path
from typing import Any, Mapping

from modelcheck.errors import ConfigError
from modelcheck.model import Location

LOCK_NAME = "modelcheck.lock"
LOCK_VERSION = 1
_MAX_BYTES = 20_000_000


@frozen
class LockEntry:
    """One model pinned in the lock."""

    model: str
    license: str  # an expression over vocabulary keys
    kind: str = "hub"
    source: str = ""
    revision: str | None = None
    evidence: str | None = None
    license_file_sha256: str | None = None
    base: tuple[str, ...] = ()
    date: str = ""


def _toml_loads(text: str) -> dict[str, Any]:
    from modelcheck.tomlload import loads

    return loads(text)


def read_lock(path: Path) -> dict[str, LockEntry]:
    """Entries keyed by lower-case model id; a missing file is an empty lock.

    Raises ``ConfigError`` (``file:line:`` message) when the file is not a valid lock.
    """
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise ConfigError(f"lock file larger than {_MAX_BYTES} bytes", Location(str(path)))
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read lock file: {exc}", Location(str(path))) from None
    try:
        data = _toml_loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
        found = re.search(r"at line (\d+)", str(exc))
        line = int(found.group(1)) if found else 1
        raise ConfigError(f"invalid TOML in lock file: {exc}", Location(str(path), line)) from None
    return parse_lock(data, str(path))


def parse_lock(data: Mapping[str, Any], name: str = LOCK_NAME) -> dict[str, LockEntry]:
    where = Location(name)
    version = data.get("version", LOCK_VERSION)
    if version != LOCK_VERSION:
        raise ConfigError(f"unsupported lock version {version!r}", where)
    models = data.get("models", {})
    if not isinstance(models, dict):
        raise ConfigError("'models' must be a table", where)
    out: dict[str, LockEntry] = {}
    for model, raw in models.items():
        if not isinstance(raw, dict) or not isinstance(raw.get("license"), str):
            raise ConfigError(f"models.{json.dumps(model)} needs a string 'license'", where)
        base = raw.get("base", [])
        out[model.lower()] = LockEntry(
            model=model,
            license=raw["license"],
            kind=str(raw.get("kind", "hub")),
            source=str(raw.get("source", "")),
            revision=_opt(raw.get("revision")),
            evidence=_opt(raw.get("evidence")),
            license_file_sha256=_opt(raw.get("license-file-sha256")),
            base=tuple(str(b) for b in base) if isinstance(base, list) else (),
            date=str(raw.get("date", "")),
        )
    return out


def _opt(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _q(value: str) -> str:
    """A TOML basic string (JSON escapes are a subset of TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def render_lock(entries: Mapping[str, LockEntry] | list[LockEntry]) -> str:
    """The lock file text, sorted by model id (case-insensitively), stable across runs."""
    items = list(entries.values()) if isinstance(entries, Mapping) else list(entries)
    items.sort(key=lambda e: (e.model.lower(), e.model))
    lines = [
        "# modelcheck.lock: licences resolved by modelcheck. Regenerate with `modelcheck lock`.",
        f"version = {LOCK_VERSION}",
    ]
    for e in items:
        lines += ["", f"[models.{_q(e.model)}]", f"kind = {_q(e.kind)}", f"license = {_q(e.license)}"]
        if e.source:
            lines.append(f"source = {_q(e.source)}")
        if e.revision:
            lines.append(f"revision = {_q(e.revision)}")
        if e.evidence:
            lines.append(f"evidence = {_q(e.evidence)}")
        if e.license_file_sha256:
            lines.append(f"license-file-sha256 = {_q(e.license_file_sha256)}")
        if e.base:
            lines.append("base = [" + ", ".join(_q(b) for b in e.base) + "]")
        if e.date:
            lines.append(f"date = {_q(e.date)}")
    return "\n".join(lines) + "\n"


def write_lock(path: Path, entries: Mapping[str, LockEntry] | list[LockEntry]) -> None:
    """Write the lock atomically: never leaves a partial file behind."""
    atomic_write(path, render_lock(entries))


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temp file in the same directory and ``os.replace``.

    The file gets the mode a plain ``open(path, "w")`` would (0666 less the umask): a lock file is
    committed and read by CI and other users, and ``mkstemp`` alone would leave it 0600.
    """
    import tempfile  # lazily: reading a lock (every run) must not pay for it

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            if hasattr(os, "fchmod"):  # POSIX; on Windows the mode bits do not apply
                os.fchmod(fh.fileno(), 0o666 & ~_umask())
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    """The process umask (read by setting it and putting it back: there is no getter)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
