"""Licence knowledge base (used by stage 4, evaluate): load and validate ``data/facts/*.toml``.

Each file holds one licence family; each top-level table is one licence key (the same keys as
the vocabulary in ``data/licenses.toml``). The schema is described in ``docs/knowledge-base.md``
and enforced here: every fact carries ``clause``, ``url`` and ``summary``; fact names and their
fields are a closed set; field types are checked. A bad data file raises ``FactsError`` with
``file:line``.
"""

from __future__ import annotations

import datetime as _dt
import re
from modelcheck.record import field, frozen
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Callable, Mapping

from modelcheck.globmatch import glob_match
from modelcheck.errors import ModelcheckError
from modelcheck.model import Location
from modelcheck.positions import key_lines, line_of

from modelcheck.datacache import parse_toml

DATA_DIR = Path(__file__).parent / "data" / "facts"
MAX_FILE_BYTES = 1_000_000
MAX_FILES = 200

CATEGORIES = (
    "permissive", "copyleft", "weak-copyleft", "public-domain", "restricted",
    "non-commercial", "research-only", "proprietary",
)
CONFIDENCE = ("high", "medium", "low")
RESTRICTED_USES = (
    "illegal", "minors", "disinformation", "pii-harm", "undisclosed-machine-generated", "defamation",
    "impersonation", "automated-legal-decisions", "social-scoring", "exploit-vulnerable",
    "discrimination", "medical-advice", "justice-law-enforcement", "malware", "military",
    "surveillance", "biometrics", "inappropriate-content",
)

# Field kinds: "str", "bool", "int", "date" (ISO string or TOML date, stored as "YYYY-MM-DD"),
# "str-list", or a tuple of allowed strings.
Kind = object
_COMMON: dict[str, tuple[Kind, bool]] = {
    "clause": ("str", True),
    "url": ("str", True),
    "summary": ("str", True),
    "confidence": (CONFIDENCE, False),
    "note": ("str", False),
    "models": ("str-list", False),
}

FACTS: dict[str, dict[str, tuple[Kind, bool]]] = {
    "commercial": {
        "allowed": ("bool", True),
        "scope": (("any", "research", "non-commercial", "non-production"), False),
    },
    "user-threshold": {
        "metric": (("mau", "dau"), True),
        "limit": ("int", True),
        "inclusive": ("bool", True),
        "reference-date": ("date", False),
        "period": ("str", False),
        "scope": (("all-use", "commercial-use"), False),
        "affiliates": ("bool", False),
        "end-users-exempt": ("bool", False),
        "consequence": ("str", False),
    },
    "revenue-threshold": {
        "limit-usd": ("int", True),
        "inclusive": ("bool", True),
        "period": (("annual",), False),
        "affiliates": ("bool", False),
        "end-users-exempt": ("bool", False),
        "consequence": ("str", False),
    },
    "output-training": {
        "allowed": (("yes", "no", "conditional"), True),
        "target": ("str", False),
        "except": ("str", False),
        "requires": ("str-list", False),
        "propagates": ("bool", False),
    },
    "output-use": {"commercial": ("bool", True)},
    "use-restrictions": {
        "pass-on": ("bool", True),
        "policy": ("str", False),
        "policy-url": ("str", False),
        "updatable": ("bool", False),
        "restricted-uses": ("str-list", False),
    },
    "attribution": {"text": ("str", False), "alternatives": ("str-list", False), "when": ("str", False)},
    "notice": {"text": ("str", True), "file": ("str", False)},
    "derivative-naming": {"prefix": ("str", True), "when": ("str", False)},
    "hosting": {"api": ("bool", True), "saas": ("bool", True)},
    "jurisdiction": {
        "excluded": ("str-list", True),
        "modality": (("multimodal",), False),
        "end-users-exempt": ("bool", False),
    },
    "governing-law": {"law": ("str", True), "courts": ("str", False)},
    "share-alike": {"scope": (("adaptations", "file", "library", "work", "network"), False)},
    "no-derivatives": {},
    "licence-copy": {"required": ("bool", True), "mark-changes": ("bool", False)},
    "registration": {"required": ("bool", True), "when": (("commercial", "any"), False), "contact": ("str", False)},
    "licensee-exclusion": {"excluded": ("str-list", True), "scope": (("all-use", "commercial-use"), False)},
    "safety-circumvention": {"consequence": (("prohibited", "termination"), True)},
    "derivatives": {"inherit": ("bool", True), "distillation": ("bool", False)},
    "latest-version": {"required": ("bool", True)},
}
FACT_NAMES: tuple[str, ...] = tuple(FACTS)

_TOP: dict[str, tuple[Kind, bool]] = {
    "family": ("str", True),
    "name": ("str", True),
    "url": ("str", True),
    "category": (CATEGORIES, True),
    "note": ("str", False),
}
_KEY = re.compile(r"^[a-z0-9][a-z0-9.+_-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class FactsError(ModelcheckError):
    """A malformed knowledge-base file (a bug in the shipped data or a user-supplied directory)."""


_Fail = Callable[[str], FactsError]


@frozen
class LicenseFacts:
    """What the knowledge base knows about one licence key. ``facts`` are the raw fact tables."""

    key: str
    family: str
    name: str
    url: str
    category: str
    facts: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    note: str = ""

    def get(self, name: str) -> Mapping[str, object] | None:
        """The fact table called ``name`` (a name from ``FACT_NAMES``), or None when absent."""
        return self.facts.get(name)

    def applies(self, name: str, model_id: str) -> bool:
        """True when fact ``name`` exists and its ``models`` globs (if any) match ``model_id``."""
        fact = self.facts.get(name)
        return fact is not None and fact_applies(fact, model_id)


def fact_applies(fact: Mapping[str, object], model_id: str) -> bool:
    """Whether a fact bites for ``model_id``: no ``models`` key = every model; else a glob must match.

    Globs are matched case-insensitively against the whole id (``*`` crosses ``/``).
    An empty ``models`` list matches no model.
    """
    globs = fact.get("models")
    if globs is None:
        return True
    assert isinstance(globs, tuple)
    lowered = model_id.lower()
    return any(glob_match(lowered, str(g).lower()) for g in globs)


def threshold_triggered(fact: Mapping[str, object], value: int) -> bool:
    """Whether ``value`` reaches a threshold fact (``limit`` or ``limit-usd``, honouring ``inclusive``)."""
    limit = fact.get("limit", fact.get("limit-usd"))
    assert isinstance(limit, int)
    return value >= limit if fact.get("inclusive") else value > limit


@lru_cache(maxsize=8)
def load_facts(directory: Path | None = None) -> dict[str, LicenseFacts]:
    """Load every ``*.toml`` in ``directory`` (default: the bundled knowledge base), keyed by licence.

    The result is cached; treat it as read-only.
    """
    root = DATA_DIR if directory is None else directory
    files = sorted(p for p in root.iterdir() if p.suffix == ".toml") if root.is_dir() else []
    if len(files) > MAX_FILES:
        raise FactsError(f"{root}: more than {MAX_FILES} knowledge-base files")
    result: dict[str, LicenseFacts] = {}
    for path in files:
        for key, facts in _load_file(path).items():
            if key in result:
                raise FactsError(f"licence key {key!r} is defined in two files", Location(path.name))
            result[key] = facts
    return result


def _load_file(path: Path) -> dict[str, LicenseFacts]:
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise FactsError(f"file larger than {MAX_FILE_BYTES} bytes", Location(path.name))
    text = raw.decode("utf-8")

    def fail(message: str, keypath: tuple[object, ...] = ()) -> FactsError:  # lines found only for an error
        return FactsError(message, Location(path.name, line_of(key_lines(text), keypath)))

    try:
        data = parse_toml(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError
        raise FactsError(f"invalid TOML: {exc}", Location(path.name)) from None
    out: dict[str, LicenseFacts] = {}
    for key, table in data.items():
        if not _KEY.match(key):
            raise fail(f"licence key {key!r} must be lower-case letters, digits and . + _ -", (key,))
        if not isinstance(table, dict):
            raise fail(f"{key!r} must be a table", (key,))
        top: dict[str, object] = {}
        facts: dict[str, Mapping[str, object]] = {}
        for name, value in table.items():
            if isinstance(value, dict):
                if name not in FACTS:
                    raise fail(f"{key}: unknown fact {name!r} (known: {', '.join(FACT_NAMES)})", (key, name))
                facts[name] = _check_fact(key, name, value, fail)
            elif name in _TOP:
                top[name] = _check(_TOP[name][0], value, f"{key}.{name}", _bind(fail, (key, name)))
            else:
                raise fail(f"{key}: unknown key {name!r}", (key, name))
        for name, (_, required) in _TOP.items():
            if required and name not in top:
                raise fail(f"{key}: missing {name!r}", (key,))
        if top["family"] != path.stem:
            raise fail(f"{key}: family {top['family']!r} does not match file name {path.stem!r}", (key, "family"))
        out[key] = LicenseFacts(
            key=key, family=str(top["family"]), name=str(top["name"]), url=str(top["url"]),
            category=str(top["category"]), facts=MappingProxyType(facts), note=str(top.get("note", "")),
        )
    return out


def _bind(fail: Callable[[str, tuple[object, ...]], FactsError], keypath: tuple[object, ...]) -> _Fail:
    return lambda message: fail(message, keypath)


def _check_fact(
    key: str, name: str, table: dict[str, object], fail: Callable[[str, tuple[object, ...]], FactsError]
) -> Mapping[str, object]:
    spec = {**_COMMON, **FACTS[name]}
    checked: dict[str, object] = {}
    for fname, value in table.items():
        if fname not in spec:
            raise fail(f"{key}.{name}: unknown field {fname!r} (allowed: {', '.join(spec)})", (key, name, fname))
        checked[fname] = _check(spec[fname][0], value, f"{key}.{name}.{fname}", _bind(fail, (key, name, fname)))
    for fname, (_, required) in spec.items():
        if required and fname not in checked:
            raise fail(f"{key}.{name}: missing {fname!r}", (key, name))
    requires = checked.get("requires", ())
    assert isinstance(requires, tuple)
    for other in requires:
        if other not in FACTS:
            raise fail(f"{key}.{name}.requires: {other!r} is not a fact name", (key, name, "requires"))
    uses = checked.get("restricted-uses", ())
    assert isinstance(uses, tuple)
    for tag in uses:
        if tag not in RESTRICTED_USES:
            raise fail(f"{key}.{name}.restricted-uses: unknown tag {tag!r}", (key, name, "restricted-uses"))
    return MappingProxyType(checked)


def _check(kind: Kind, value: object, where: str, fail: _Fail) -> object:
    if isinstance(kind, tuple):
        if not isinstance(value, str) or value not in kind:
            raise fail(f"{where} must be one of {', '.join(kind)}, not {value!r}")
        return value
    if kind == "str":
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{where} must be a non-empty string")
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise fail(f"{where} must be true or false")
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise fail(f"{where} must be a non-negative integer")
        return value
    if kind == "date":
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return value.isoformat()
        if isinstance(value, str) and _DATE.match(value):
            try:
                _dt.date.fromisoformat(value)
            except ValueError:
                raise fail(f"{where} is not a valid date: {value!r}") from None
            return value
        raise fail(f"{where} must be a date YYYY-MM-DD")
    if kind == "str-list":
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(f"{where} must be a list of strings")
        return tuple(value)
    raise AssertionError(kind)  # pragma: no cover
