"""Validate ``[tool.modelcheck.project]``: the facts the rules compare licences against.

Every fact is checked like an enum: numbers must be whole (where counted) and >= 0,
``distribution`` values must be known, and ``jurisdictions`` must name ISO 3166-1 countries (code
or English name), the EU or the EEA; each is stored in its canonical form (``DE``, ``EU``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Mapping

from modelcheck import regions
from modelcheck.config import DISTRIBUTIONS, Located

if TYPE_CHECKING:
    from modelcheck.configcheck import Loader

_TOP_LEVEL = ("allow", "deny", "models", "rule-paths", "exclude", "extend-exclude", "fail-on",
              "rules", "exceptions", "clarify", "require-openness", "openness")


def _is_bool(v: object) -> bool:
    return isinstance(v, bool)


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _is_str_list(v: object) -> bool:
    return isinstance(v, list) and all(isinstance(i, str) for i in v)


_CHECKS: dict[str, tuple[Callable[[object], bool], str]] = {
    "commercial": (_is_bool, "true or false"),
    "monthly-active-users": (_is_number, "a whole number >= 0"),
    "daily-active-users": (_is_number, "a whole number >= 0"),
    "annual-revenue-usd": (_is_number, "a number >= 0"),
    "distribution": (_is_str_list, "a list of strings"),
    "jurisdictions": (_is_str_list, "a list of strings"),
    "fine-tunes": (_is_bool, "true or false"),
    "trains-on-outputs": (_is_bool, "true or false"),
}
_WHOLE = ("monthly-active-users", "daily-active-users")
_REGION_HELP = ("use ISO 3166-1 country codes (DE or DEU) or English country names (Germany), "
                '"EU" or "EEA"')


def check_project(loader: Loader, table: Mapping[str, Any]) -> dict[str, Located[object]]:
    top = "[tool.modelcheck]" if loader.prefix else f"the top level of {loader.shown}"
    loader.check_keys(table, tuple(_CHECKS), "project", elsewhere={k: top for k in _TOP_LEVEL})
    facts: dict[str, Located[object]] = {}
    for key, item in table.items():
        if key not in _CHECKS:
            continue
        check, expected = _CHECKS[key]
        if not loader.typed(item, check, expected, "project", key):
            continue
        value: object = item
        if _is_number(item) and not _number_ok(loader, key, item):
            continue
        if key == "distribution":
            value = _distribution(loader, item)
        elif key == "jurisdictions":
            value = _jurisdictions(loader, item)
        if value is not None:
            facts[key] = Located(value, loader.loc("project", key))
    return facts


def _number_ok(loader: Loader, key: str, value: float) -> bool:
    if key in _WHOLE and not isinstance(value, int):
        loader.error(f"'{key}' must be a whole number >= 0, not {value}", loader.value_at("project", key))
        return False
    if value < 0:
        loader.error(f"'{key}' must be >= 0, not {value}", loader.value_at("project", key))
        return False
    return True


def _distribution(loader: Loader, items: list[str]) -> list[str] | None:
    ok = True
    for entry in items:
        if entry not in DISTRIBUTIONS:
            import difflib

            close = difflib.get_close_matches(entry, DISTRIBUTIONS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            loader.error(f"unknown distribution '{entry}'{hint}; use any of {', '.join(DISTRIBUTIONS)}",
                         loader.item_at(entry, "project", "distribution"))
            ok = False
    return items if ok else None


def _jurisdictions(loader: Loader, items: list[str]) -> list[str] | None:
    """Each entry as its canonical code, duplicates dropped; None (and errors) if one is unknown."""
    out: list[str] = []
    ok = True
    for entry in items:
        code = regions.canonical(entry)
        if code is None:
            close = regions.suggestion(entry)
            hint = f" (did you mean '{close}'?)" if close else ""
            loader.error(f"unknown jurisdiction '{entry}'{hint}; {_REGION_HELP}",
                         loader.item_at(entry, "project", "jurisdictions"))
            ok = False
        elif code not in out:
            out.append(code)
    return out if ok else None
