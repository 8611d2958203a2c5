"""Configuration: find and load ``[tool.modelcheck]`` (pyproject.toml) or ``modelcheck.toml``.

Every value keeps the ``Location`` it was written at, so later findings (unused exceptions,
declared models) and errors can point into the file. Validation (``configcheck``) reports every
problem of the file at once, each a ``ConfigError`` at ``file:line:col`` with a did-you-mean hint.
"""

from __future__ import annotations

import datetime as _dt
import re
from modelcheck.record import field, frozen
from pathlib import Path
from typing import Any, Generic, Mapping, TypeVar

from modelcheck.errors import ConfigError
from modelcheck.model import Location, Severity
from modelcheck.positions import KeyPath, key_positions


T = TypeVar("T")

CONFIG_NAMES = ("modelcheck.toml", "pyproject.toml")
DISTRIBUTIONS = ("internal", "saas", "api", "on-device", "weights")
OPENNESS_LEVELS = ("open-weights", "open-source", "mof-class-3", "mof-class-2", "mof-class-1")
RULE_LEVELS = ("error", "warning", "note", "off")


@frozen
class Located(Generic[T]):
    """A config value and where it was written."""

    value: T
    location: Location


@frozen
class ExceptionEntry:
    model: str
    rules: tuple[str, ...]  # never empty; "*" = every rule
    reason: str
    location: Location
    approved_by: str | None = None
    expires: _dt.date | None = None


@frozen
class Clarification:
    model: str
    license: str
    reason: str
    location: Location
    revision: str | None = None


@frozen
class Config:
    """A validated configuration. ``path`` is None when no config file was found."""

    path: Path | None = None
    display_path: str = ""
    allow: tuple[Located[str], ...] | None = None  # None = no allow-list
    deny: tuple[Located[str], ...] = ()
    models: tuple[Located[str], ...] = ()
    rule_paths: tuple[Located[Path], ...] = ()
    exclude: tuple[str, ...] | None = None  # None = the default excludes
    extend_exclude: tuple[str, ...] = ()
    fail_on: Severity | None = None
    project: Mapping[str, Located[object]] = field(default_factory=dict)
    rules: Mapping[str, Located[str]] = field(default_factory=dict)
    exceptions: tuple[ExceptionEntry, ...] = ()
    clarify: tuple[Clarification, ...] = ()
    require_openness: Mapping[str, Located[str]] = field(default_factory=dict)  # model glob -> level
    openness: tuple[Located[Mapping[str, object]], ...] = ()


# ---------------------------------------------------------------- discovery


def find_config(start: Path) -> Path | None:
    """The nearest modelcheck.toml, or pyproject.toml with [tool.modelcheck], at or above ``start``."""
    here = start if start.is_dir() else start.parent
    for directory in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = directory / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and not _has_tool_table(candidate):
                continue
            return candidate
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[+\s*tool\.modelcheck\b", text, re.MULTILINE) is not None


# ---------------------------------------------------------------- loading


def load_config(path: Path, display: str | None = None) -> Config:
    """Load and validate a config file; raises ConfigError (ConfigErrors: several) at file:line:col."""
    shown = display or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", Location(shown, 1)) from None
    from modelcheck.tomlload import TOMLDecodeError, loads  # here: a run without a config never needs it

    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        line, column = _position_from_message(str(exc), text)
        line = min(line, max(1, len(text.splitlines())))  # tomli (3.10) may name the line after the end
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", Location(shown, line, column)) from None
    from modelcheck.configcheck import Loader

    positions = key_positions(text)
    prefix, table = _modelcheck_table(path, data, shown, positions)
    return Loader(shown, text, positions, prefix, path.parent).build(table, path)


def _modelcheck_table(path: Path, data: Mapping[str, Any], shown: str,
                      positions: dict[KeyPath, tuple[int, int]]) -> tuple[KeyPath, Mapping[str, Any]]:
    """Where modelcheck's keys are: ``[tool.modelcheck]`` of pyproject.toml; the top level of
    modelcheck.toml, or its ``[tool.modelcheck]`` when the file was copied from a pyproject.toml
    (accepted: the file has no other owner, so the header can only mean modelcheck's table)."""
    tool = data.get("tool")
    if path.name == "pyproject.toml" or (isinstance(tool, dict) and "modelcheck" in tool):
        where = _at(positions, shown, ("tool", "modelcheck"))
        table = tool.get("modelcheck", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError("'tool.modelcheck' must be a table ([tool.modelcheck])", where)
        if path.name != "pyproject.toml" and isinstance(tool, dict):
            others = [k for k in data if k != "tool"] + [f"tool.{k}" for k in tool if k != "modelcheck"]
            if others:
                raise ConfigError(
                    f"{path.name} has both [tool.modelcheck] and other tables or keys ({', '.join(others)}); "
                    "write modelcheck's keys either at the top level or under [tool.modelcheck], not both",
                    where)
        return ("tool", "modelcheck"), table
    return (), data


def _at(positions: dict[KeyPath, tuple[int, int]], shown: str, path: KeyPath) -> Location:
    line, column = positions.get(path, (1, 1))
    return Location(shown, line, column)


def _position_from_message(message: str, text: str) -> tuple[int, int]:
    found = re.search(r"at line (\d+), column (\d+)", message)
    if found:
        return int(found.group(1)), int(found.group(2))
    return (max(1, len(text.splitlines())) if "end of document" in message else 1), 1
