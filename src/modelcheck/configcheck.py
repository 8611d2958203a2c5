"""Validate a parsed ``[tool.modelcheck]`` table into a ``Config``, collecting every error.

A fail-closed gate must not guess: an unknown key, a wrong type, an unknown enum value, a
licence, region or model id it does not know is a ``ConfigError`` at ``file:line:col`` (the
column of the offending key or value, with the width to underline), and all errors of the file
are raised together (``errors.raise_all``) so one run shows everything to fix.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from pathlib import Path
from typing import Any, Callable, Mapping

from modelcheck.config import (
    DISTRIBUTIONS,
    OPENNESS_LEVELS,
    RULE_LEVELS,
    Clarification,
    Config,
    ExceptionEntry,
    Located,
)
from modelcheck.errors import ConfigError, raise_all
from modelcheck.model import Location, Severity
from modelcheck.positions import KeyPath, position_of

_TOKEN = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'|\[[^\]]*\]?|\{[^}]*\}?|[^\s,#\]}]+""")
_FAIL_ON = ("error", "warning", "note")

TOP_KEYS = (
    "allow", "deny", "models", "rule-paths", "exclude", "extend-exclude", "fail-on",
    "project", "rules", "exceptions", "clarify", "require-openness", "openness",
)
_EXCEPTION_KEYS = ("model", "rules", "reason", "approved-by", "expires")
_CLARIFY_KEYS = ("model", "license", "reason", "revision")


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _type_name(value: object) -> str:
    names = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "an array",
             dict: "a table", _dt.date: "a date", _dt.datetime: "a date-time", _dt.time: "a time"}
    return names.get(type(value), type(value).__name__)


def _shown(value: object) -> str:
    """A wrong value as the message quotes it: strings and numbers as written, others by type."""
    if isinstance(value, str):
        return repr(value) if "'" not in value else f'"{value}"'
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _type_name(value)


class Loader:
    """One config file's validation; ``errors`` collects what is wrong, ``build`` raises them."""

    def __init__(self, shown: str, text: str, positions: dict[KeyPath, tuple[int, int]], prefix: KeyPath,
                 base: Path) -> None:
        self.shown = shown
        self.lines = text.splitlines()
        self.positions = positions
        self.prefix = prefix
        self.base = base
        self.errors: list[ConfigError] = []

    # ------------------------------------------------------------ positions

    def loc(self, *path: object) -> Location:
        line, column = position_of(self.positions, self.prefix + path)
        return Location(self.shown, line, column)

    def key_at(self, *path: object) -> tuple[Location, int]:
        """The key (or table header) at ``path``, and its width."""
        full = self.prefix + path
        loc = self.loc(*path)
        if full in self.positions and path and isinstance(path[-1], str):
            return loc, len(path[-1])
        return loc, self._width(loc, r"\[\[?[^\]]*\]?\]?|[^\s=]+")

    def value_at(self, *path: object) -> tuple[Location, int]:
        """The value written for the key at ``path`` (the key itself when it cannot be found)."""
        found = self._after_equals(path)
        if found is None:
            return self.key_at(*path)
        line, start = found
        token = _TOKEN.match(self.lines[line - 1], start)
        width = len(token.group(0)) if token else 1
        return Location(self.shown, line, start + 1), width

    def item_at(self, item: str, *path: object) -> tuple[Location, int]:
        """The quoted string ``item`` inside the array at ``path`` (up to 200 lines on)."""
        found = self._after_equals(path)
        if found is None:
            return self.key_at(*path)
        line, start = found
        for number in range(line, min(line + 200, len(self.lines)) + 1):
            raw = self.lines[number - 1]
            begin = start if number == line else 0
            for quoted in (f'"{item}"', f"'{item}'"):
                index = raw.find(quoted, begin)
                if index >= 0:
                    return Location(self.shown, number, index + 1), len(quoted)
        return self.value_at(*path)

    def _after_equals(self, path: tuple[object, ...]) -> tuple[int, int] | None:
        full = self.prefix + path
        if full not in self.positions:
            return None
        line, column = self.positions[full]
        raw = self.lines[line - 1] if line <= len(self.lines) else ""
        equals = raw.find("=", column - 1)
        if equals < 0:
            return None
        start = equals + 1
        while start < len(raw) and raw[start] in " \t":
            start += 1
        return line, start

    def _width(self, loc: Location, pattern: str) -> int:
        raw = self.lines[loc.line - 1] if 0 < loc.line <= len(self.lines) else ""
        match = re.compile(pattern).match(raw, loc.column - 1)
        return len(match.group(0).rstrip()) if match else 1

    # ------------------------------------------------------------ reporting

    def error(self, message: str, where: tuple[Location, int]) -> None:
        self.errors.append(ConfigError(message, where[0], where[1]))

    def table_name(self, *path: object) -> str:
        names = [str(p) for p in (*self.prefix, *path) if not isinstance(p, int)]
        return f"[{'.'.join(names)}]" if names else f"the top level of {Path(self.shown).name}"

    def check_keys(self, table: Mapping[str, Any], allowed: tuple[str, ...], *path: object,
                   elsewhere: Mapping[str, str] | None = None) -> None:
        for key in table:
            if key in allowed:
                continue
            hint = _suggest(key, allowed)
            if elsewhere and key in elsewhere:
                hint = f" ({key} belongs in {elsewhere[key]})"
            self.error(f"unknown key '{key}' in {self.table_name(*path)}{hint}", self.key_at(*path, key))

    def typed(self, value: object, check: Callable[[object], bool], expected: str, *path: object) -> bool:
        if check(value):
            return True
        self.error(f"'{path[-1]}' must be {expected}, not {_type_name(value)}", self.value_at(*path))
        return False

    def choice(self, value: object, choices: tuple[str, ...], *path: object, extra: str = "") -> bool:
        """``value`` must be one of ``choices``; the message names the wrong value and the closest."""
        if isinstance(value, str) and value in choices:
            return True
        hint = _suggest(value, choices) if isinstance(value, str) else ""
        self.error(f"'{path[-1]}' must be one of {', '.join(choices)}{extra}, not {_shown(value)}{hint}",
                   self.value_at(*path))
        return False

    def strings(self, table: Mapping[str, Any], key: str, *path: object) -> list[str] | None:
        value = table[key]
        ok = self.typed(value, lambda v: isinstance(v, list) and all(isinstance(i, str) for i in v),
                        "a list of strings", *path, key)
        return list(value) if ok else None

    def required_str(self, table: Mapping[str, Any], key: str, *path: object) -> str:
        if key not in table:
            self.error(f"missing required key '{key}' in this {self.table_name(*path)} entry", self.key_at(*path))
            return ""
        value = table[key]
        self.typed(value, lambda v: isinstance(v, str) and v.strip() != "", "a non-empty string", *path, key)
        return str(value)

    # ------------------------------------------------------------ the tables

    def build(self, table: Mapping[str, Any], path: Path) -> Config:
        from modelcheck.config_project import check_project

        project_table = "[project]" if not self.prefix else "[tool.modelcheck.project]"
        self.check_keys(table, TOP_KEYS, elsewhere={k: project_table for k in _PROJECT_KEYS})
        kw: dict[str, Any] = {"path": path, "display_path": self.shown}
        for key in ("allow", "deny"):
            if key in table and (items := self.strings(table, key, key)) is not None:
                for item in items:
                    check_expression(item, self, self.item_at(item, key))
                kw[key] = tuple(Located(i, self.loc(key)) for i in items)
        if "models" in table:
            kw["models"] = self.models(table)
        if "rule-paths" in table:
            kw["rule_paths"] = self.rule_paths(table)
        for key, name in (("exclude", "exclude"), ("extend-exclude", "extend_exclude")):
            if key in table and (items := self.strings(table, key, key)) is not None:
                kw[name] = tuple(items)
        if "fail-on" in table and self.choice(table["fail-on"], _FAIL_ON, "fail-on"):
            kw["fail_on"] = Severity.parse(table["fail-on"])
        if "project" in table and self.typed(table["project"], lambda v: isinstance(v, dict), "a table", "project"):
            kw["project"] = check_project(self, table["project"])
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
            if self.typed(value, _table_list, "an array of tables ([[openness]])", "openness"):
                kw["openness"] = tuple(Located(v, self.loc("openness", i)) for i, v in enumerate(value))
        raise_all(self.errors)
        return Config(**kw)

    def models(self, table: Mapping[str, Any]) -> tuple[Located[str], ...]:
        from modelcheck.model_arg import model_arg_problem

        items = self.strings(table, "models", "models") or []
        out = []
        for item in items:
            where = self.item_at(item, "models")
            problem = model_arg_problem(item)
            if problem:
                self.error(f"models: {problem}", where)
                continue
            loc = where[0]
            inside = Location(loc.path, loc.line, loc.column + 1) if where[1] > len(item) else loc
            out.append(Located(item, inside))  # declared models point inside the quotes, like scanned ones
        return tuple(out)

    def rule_paths(self, table: Mapping[str, Any]) -> tuple[Located[Path], ...]:
        items = self.strings(table, "rule-paths", "rule-paths") or []
        out = []
        for item in items:
            where = self.item_at(item, "rule-paths")
            target = self.base / item
            if not target.exists():
                self.error(f"rule path '{item}' does not exist (looked for {target})", where)
            elif not target.is_dir() and target.suffix not in (".yaml", ".yml"):
                self.error(f"rule path '{item}' is neither a folder nor a .yaml rule file", where)
            out.append(Located(target, where[0]))
        return tuple(out)

    def rule_levels(self, value: object) -> dict[str, Located[str]]:
        if not self.typed(value, lambda v: isinstance(v, dict), "a table", "rules"):
            return {}
        assert isinstance(value, dict)
        levels: dict[str, Located[str]] = {}
        for key, item in value.items():
            if self.choice(item, RULE_LEVELS, "rules", key):
                levels[key] = Located(item, self.loc("rules", key))
        return levels

    def exceptions(self, value: object) -> list[ExceptionEntry]:
        if not self.typed(value, _table_list, "an array of tables ([[exceptions]])", "exceptions"):
            return []
        assert isinstance(value, list)
        entries = []
        for index, item in enumerate(value):
            where = ("exceptions", index)
            self.check_keys(item, _EXCEPTION_KEYS, *where)
            model = self.required_str(item, "model", *where)
            reason = self.required_str(item, "reason", *where)
            rules = self.exception_rules(item, model, *where)
            approved = item.get("approved-by")
            if approved is not None:
                self.typed(approved, lambda v: isinstance(v, str), "a string", *where, "approved-by")
            expires = item.get("expires")
            if expires is not None:
                self.typed(expires, lambda v: isinstance(v, _dt.date) and not isinstance(v, _dt.datetime),
                           "a date such as 2027-06-30", *where, "expires")
            entries.append(ExceptionEntry(model, rules, reason, self.loc(*where), approved, expires))
        return entries

    def exception_rules(self, item: Mapping[str, Any], model: str, *where: object) -> tuple[str, ...]:
        """``rules`` of an exception: required and non-empty; every rule only as ``["*"]``."""
        how = ('list the rule ids it suppresses, e.g. rules = ["noncommercial-license"], or write '
               'rules = ["*"] to suppress every rule for this model')
        if "rules" not in item:
            self.error(f"exception for '{model}' has no 'rules': {how}", self.key_at(*where))
            return ()
        rules = self.strings(item, "rules", *where)
        if rules is None:
            return ()
        if not rules:
            self.error(f"'rules' is empty: {how}", self.value_at(*where, "rules"))
        for rule in rules:
            if not rule.strip():
                self.error(f"'rules' holds an empty rule id: {how}", self.item_at(rule, *where, "rules"))
        return tuple(rules)

    def clarifications(self, value: object) -> list[Clarification]:
        if not self.typed(value, _table_list, "an array of tables ([[clarify]])", "clarify"):
            return []
        assert isinstance(value, list)
        entries = []
        for index, item in enumerate(value):
            where = ("clarify", index)
            self.check_keys(item, _CLARIFY_KEYS, *where)
            model = self.required_str(item, "model", *where)
            license_ = self.required_str(item, "license", *where)
            if license_:
                check_expression(license_, self, self.value_at(*where, "license"))
            reason = self.required_str(item, "reason", *where)
            revision = item.get("revision")
            if revision is not None:
                self.typed(revision, lambda v: isinstance(v, str), "a string", *where, "revision")
            entries.append(Clarification(model, license_, reason, self.loc(*where), revision))
        return entries

    def openness_requirement(self, value: object) -> dict[str, Located[str]]:
        if isinstance(value, str):
            if self.choice(value, OPENNESS_LEVELS, "require-openness"):
                return {"*": Located(value, self.loc("require-openness"))}
            return {}
        levels = ", ".join(OPENNESS_LEVELS)
        if not self.typed(value, lambda v: isinstance(v, dict), f"one of {levels}, or a table of model globs",
                          "require-openness"):
            return {}
        assert isinstance(value, dict)
        result = {}
        for glob, level in value.items():  # "none" exempts the models a glob matches
            if self.choice(level, (*OPENNESS_LEVELS, "none"), "require-openness", glob):
                result["*" if glob == "default" else glob] = Located(level, self.loc("require-openness", glob))
        return result


_PROJECT_KEYS = ("commercial", "monthly-active-users", "daily-active-users", "annual-revenue-usd",
                 "distribution", "jurisdictions", "fine-tunes", "trains-on-outputs")


def _table_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, dict) for i in v)


def check_expression(text: str, loader: Loader, where: tuple[Location, int]) -> None:
    """A licence expression in the config must parse and name only licences modelcheck knows."""
    from modelcheck.licenses import LicenseParseError, validate_expression

    try:
        validate_expression(text)
    except LicenseParseError as exc:
        loader.error(f"invalid licence expression '{text}': {exc}", where)
        return
    for name, hint in _unknown_licences(text):
        loader.error(
            f"unknown licence '{name}' in '{text}'{hint}; use a Hugging Face licence id, an SPDX id, a name "
            "modelcheck knows, or LicenseRef-<your-name> for a licence of your own",
            where,
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
