"""Configuration: find and load ``[tool.modelcheck]`` (pyproject.toml) or ``modelcheck.toml``.

Every value keeps the ``Location`` it was written at, so later findings (unused exceptions,
declared models) and errors can point into the file. Unknown keys and wrong types are
``ConfigError`` with ``file:line`` and a did-you-mean hint.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from modelcheck.record import field, frozen
from pathlib import Path
from typing import Any, Callable, Generic, Mapping, TypeVar

from modelcheck.errors import ConfigError
from modelcheck.model import Location, Severity
from modelcheck.positions import KeyPath, key_lines, line_of


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
    rules: tuple[str, ...]  # empty = every rule
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
    """Load and validate a config file; raises ConfigError naming file:line."""
    shown = display or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", Location(shown, 1)) from None
    from modelcheck.tomlload import TOMLDecodeError, loads  # here: a run without a config never needs it

    try:
        data = loads(text)
    except TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc), text)
        line = min(line, max(1, len(text.splitlines())))  # tomli (3.10) may name the line after the end
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"invalid TOML: {message}", Location(shown, line)) from None
    prefix: KeyPath = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "modelcheck")
        table = data.get("tool", {}).get("modelcheck", {})
    else:
        table = data
    return _Loader(shown, key_lines(text), prefix, path.parent).build(table, path)


def _line_from_message(message: str, text: str) -> int:
    found = re.search(r"at line (\d+)", message)
    if found:
        return int(found.group(1))
    return max(1, len(text.splitlines())) if "end of document" in message else 1


class _Loader:
    def __init__(self, shown: str, lines: dict[KeyPath, int], prefix: KeyPath, base: Path) -> None:
        self.shown = shown
        self.lines = lines
        self.prefix = prefix
        self.base = base

    def loc(self, *path: object) -> Location:
        return Location(self.shown, line_of(self.lines, self.prefix + path))

    def fail(self, message: str, *path: object) -> ConfigError:
        return ConfigError(message, self.loc(*path))

    def check_keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], *path: object) -> None:
        for key in table:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                where = ".".join(str(p) for p in (*self.prefix, *path) if not isinstance(p, int))
                raise self.fail(f"unknown key '{key}' in [{where}]{hint}", *path, key)

    def typed(self, value: object, check: Callable[[object], bool], expected: str, *path: object) -> None:
        if not check(value):
            raise self.fail(f"'{path[-1]}' must be {expected}, not {_type_name(value)}", *path)

    def strings(self, table: Mapping[str, Any], key: str, *path: object) -> list[str]:
        value = table[key]
        self.typed(value, lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
                   "a list of strings", *path, key)
        return list(value)

    def build(self, table: Mapping[str, Any], path: Path) -> Config:
        self.check_keys(table, _TOP_KEYS)
        kw: dict[str, Any] = {"path": path, "display_path": self.shown}
        for key in ("allow", "deny"):
            if key in table:
                items = self.strings(table, key, key)
                for item in items:
                    _check_expression(item, self, key)
                kw[key] = tuple(Located(i, self.loc(key)) for i in items)
        if "models" in table:
            kw["models"] = tuple(Located(m, self.loc("models")) for m in self.strings(table, "models", "models"))
        if "rule-paths" in table:
            kw["rule_paths"] = tuple(
                Located(self.base / p, self.loc("rule-paths")) for p in self.strings(table, "rule-paths", "rule-paths")
            )
        if "exclude" in table:
            kw["exclude"] = tuple(self.strings(table, "exclude", "exclude"))
        if "extend-exclude" in table:
            kw["extend_exclude"] = tuple(self.strings(table, "extend-exclude", "extend-exclude"))
        if "fail-on" in table:
            value = table["fail-on"]
            self.typed(value, lambda v: v in ("error", "warning", "note"), "one of error, warning, note", "fail-on")
            kw["fail_on"] = Severity.parse(value)
        if "project" in table:
            kw["project"] = self.project(table["project"])
        if "rules" in table:
            kw["rules"] = self.rule_levels(table["rules"])
        if "exceptions" in table:
            kw["exceptions"] = tuple(self.exceptions(table["exceptions"]))
        if "clarify" in table:
            kw["clarify"] = tuple(self.clarifications(table["clarify"]))
        if "require-openness" in table:
            kw["require_openness"] = self.openness_requirement(table["require-openness"])
        if "openness" in table:
            value = table["openness"]
            self.typed(value, lambda v: isinstance(v, list) and all(isinstance(i, dict) for i in v),
                       "an array of tables ([[openness]])", "openness")
            kw["openness"] = tuple(Located(v, self.loc("openness", i)) for i, v in enumerate(value))
        return Config(**kw)

    def project(self, value: object) -> dict[str, Located[object]]:
        self.typed(value, lambda v: isinstance(v, dict), "a table", "project")
        assert isinstance(value, dict)
        self.check_keys(value, tuple(_PROJECT_CHECKS), "project")
        facts: dict[str, Located[object]] = {}
        for key, item in value.items():
            check, expected = _PROJECT_CHECKS[key]
            self.typed(item, check, expected, "project", key)
            if key == "distribution":
                for entry in item:
                    if entry not in DISTRIBUTIONS:
                        close = difflib.get_close_matches(entry, DISTRIBUTIONS, n=1)
                        hint = f" (did you mean '{close[0]}'?)" if close else ""
                        raise self.fail(
                            f"unknown distribution '{entry}'{hint}; use any of {', '.join(DISTRIBUTIONS)}",
                            "project", key,
                        )
            if key == "jurisdictions":
                item = [str(j).upper() for j in item]
            facts[key] = Located(item, self.loc("project", key))
        return facts

    def rule_levels(self, value: object) -> dict[str, Located[str]]:
        self.typed(value, lambda v: isinstance(v, dict), "a table", "rules")
        assert isinstance(value, dict)
        levels: dict[str, Located[str]] = {}
        for key, item in value.items():
            self.typed(item, lambda v: v in RULE_LEVELS, "one of error, warning, note, off", "rules", key)
            levels[key] = Located(item, self.loc("rules", key))
        return levels

    def exceptions(self, value: object) -> list[ExceptionEntry]:
        self.typed(value, _table_list, "an array of tables ([[exceptions]])", "exceptions")
        assert isinstance(value, list)
        entries = []
        for index, item in enumerate(value):
            where = ("exceptions", index)
            self.check_keys(item, ("model", "rules", "reason", "approved-by", "expires"), *where)
            model = self.required_str(item, "model", *where)
            reason = self.required_str(item, "reason", *where)
            rules = tuple(self.strings(item, "rules", *where)) if "rules" in item else ()
            approved = item.get("approved-by")
            if approved is not None:
                self.typed(approved, lambda v: isinstance(v, str), "a string", *where, "approved-by")
            expires = item.get("expires")
            if expires is not None:
                self.typed(expires, lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
                           "a date such as 2027-06-30", *where, "expires")
            entries.append(ExceptionEntry(model, rules, reason, self.loc(*where), approved, expires))
        return entries

    def clarifications(self, value: object) -> list[Clarification]:
        self.typed(value, _table_list, "an array of tables ([[clarify]])", "clarify")
        assert isinstance(value, list)
        entries = []
        for index, item in enumerate(value):
            where = ("clarify", index)
            self.check_keys(item, ("model", "license", "reason", "revision"), *where)
            model = self.required_str(item, "model", *where)
            license_ = self.required_str(item, "license", *where)
            _check_expression(license_, self, *where, "license")
            reason = self.required_str(item, "reason", *where)
            revision = item.get("revision")
            if revision is not None:
                self.typed(revision, lambda v: isinstance(v, str), "a string", *where, "revision")
            entries.append(Clarification(model, license_, reason, self.loc(*where), revision))
        return entries

    def openness_requirement(self, value: object) -> dict[str, Located[str]]:
        levels = ", ".join(OPENNESS_LEVELS)
        if isinstance(value, str):
            self.typed(value, lambda v: v in OPENNESS_LEVELS, f"one of {levels}", "require-openness")
            return {"*": Located(value, self.loc("require-openness"))}
        self.typed(value, lambda v: isinstance(v, dict), f"one of {levels}, or a table of model globs", "require-openness")
        assert isinstance(value, dict)
        result = {}
        for glob, level in value.items():  # "none" exempts the models a glob matches
            self.typed(level, lambda v: v in OPENNESS_LEVELS or v == "none", f"one of {levels}, none",
                       "require-openness", glob)
            result["*" if glob == "default" else glob] = Located(level, self.loc("require-openness", glob))
        return result

    def required_str(self, table: Mapping[str, Any], key: str, *path: object) -> str:
        if key not in table:
            raise self.fail(f"missing required key '{key}'", *path)
        value = table[key]
        self.typed(value, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string", *path, key)
        return str(value)


_TOP_KEYS = (
    "allow", "deny", "models", "rule-paths", "exclude", "extend-exclude", "fail-on",
    "project", "rules", "exceptions", "clarify", "require-openness", "openness",
)


def _is_count(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_amount(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0


def _is_str_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, str) for i in v)


def _table_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, dict) for i in v)


_PROJECT_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "commercial": (lambda v: isinstance(v, bool), "true or false"),
    "monthly-active-users": (_is_count, "a whole number >= 0"),
    "daily-active-users": (_is_count, "a whole number >= 0"),
    "annual-revenue-usd": (_is_amount, "a number >= 0"),
    "distribution": (_is_str_list, "a list of strings"),
    "jurisdictions": (_is_str_list, "a list of strings"),
    "fine-tunes": (lambda v: isinstance(v, bool), "true or false"),
    "trains-on-outputs": (lambda v: isinstance(v, bool), "true or false"),
}


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _check_expression(text: str, loader: _Loader, *path: object) -> None:
    from modelcheck.licenses import LicenseParseError, validate_expression

    try:
        validate_expression(text)
    except LicenseParseError as exc:
        raise loader.fail(f"invalid licence expression '{text}': {exc}", *path) from None
    unknown = _unknown_licences(text)
    if unknown:
        name, hint = unknown[0]
        raise loader.fail(
            f"unknown licence '{name}' in '{text}'{hint}; use a Hugging Face licence id, an SPDX id, a name "
            "modelcheck knows, or LicenseRef-<your-name> for a licence of your own",
            *path,
        )


def _unknown_licences(text: str) -> list[tuple[str, str]]:
    """Licence names in ``text`` that modelcheck does not know, each with a did-you-mean hint.

    A typo in ``deny`` would silently let the licence through, so it is an error, not a guess.
    """
    from modelcheck.data_index import load_vocabulary
    from modelcheck.licenses import LicenseParseError, parse_license

    try:
        parsed = parse_license(text)
    except LicenseParseError:
        return []  # reported by validate_expression
    out = []
    for name in parsed.unknown:
        if name.startswith("LicenseRef-"):
            continue
        keys = sorted(e.key for e in load_vocabulary().entries)
        close = difflib.get_close_matches(name.lower(), keys, n=1, cutoff=0.75)
        out.append((name, f" (did you mean '{close[0]}'?)" if close else ""))
    return out
