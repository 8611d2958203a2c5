"""Stage 4 helper: the rule condition language (parse from YAML, evaluate in three-valued logic).

A condition is ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}`` or a predicate
``{<path>: {<operator>: <argument>}}``. Paths: ``license.<attr|fact>[.<field>]``, ``project.<fact>``,
``ref.<attr>``, ``model.<attr>``. An undeclared ``project`` fact makes a predicate *unknown*;
``all``/``any``/``not`` follow Kleene logic and carry the names of the missing facts.
See docs/rules.md. Nothing here evaluates Python.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Mapping, Protocol, Union

from modelcheck.errors import RuleFileError
from modelcheck.model import Location, Model, ModelRef
from modelcheck.policy import EU_MEMBERS, PROJECT_FACTS, ProjectFacts
from modelcheck.yamlnodes import YNode


class LicenseFactsLike(Protocol):
    """What the engine reads from a knowledge-base entry (``modelcheck.facts.LicenseFacts``)."""

    @property
    def key(self) -> str: ...
    @property
    def name(self) -> str | None: ...
    @property
    def family(self) -> str | None: ...
    @property
    def url(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def facts(self) -> Mapping[str, Mapping[str, object]]: ...


LICENSE_ATTRS = ("key", "family", "name", "url", "category")
LICENSE_FACTS = (
    "commercial", "user-threshold", "revenue-threshold", "output-training", "use-restrictions",
    "attribution", "notice", "derivative-naming", "hosting", "jurisdiction", "share-alike",
    "no-derivatives", "licence-copy", "output-use", "governing-law", "registration",
    "licensee-exclusion", "safety-circumvention", "derivatives", "latest-version",
)  # fmt: skip
REF_ATTRS = ("role", "kind", "via")
MODEL_ATTRS = ("id", "kind", "source", "unresolved", "unknown-license", "gated", "conflicted")
OPERATORS = ("equals", "in", "exists", "intersects", "matches", "exceeds-threshold")
THRESHOLD_METRICS: Mapping[str, str] = {
    "mau": "monthly-active-users",
    "dau": "daily-active-users",
    "revenue": "annual-revenue-usd",
    "revenue-usd": "annual-revenue-usd",
    "annual-revenue-usd": "annual-revenue-usd",
}


@dataclass(frozen=True, slots=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Condition


@dataclass(frozen=True, slots=True)
class Pred:
    path: str
    op: str
    arg: object  # scalar, tuple of scalars, or a path string (``intersects``)
    loc: Location


Condition = Union[All, Any_, Not, Pred]


@dataclass(frozen=True, slots=True)
class Subject:
    """What a condition is evaluated against: one model (and reference) under one licence key."""

    model: Model
    project: ProjectFacts
    ref: ModelRef | None = None
    license: LicenseFactsLike | None = None
    license_facts: Mapping[str, Mapping[str, object]] | None = None  # facts after `models` filtering
    license_models: tuple[str, ...] = ()  # ids (model or bases) that carry this licence key
    unknown_keys: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tri:
    """A three-valued result; ``missing`` names the undeclared project facts behind an unknown."""

    value: bool | None
    missing: frozenset[str] = frozenset()


TRUE, FALSE = Tri(True), Tri(False)


# --------------------------------------------------------------------------- parsing


def _suggest(word: str, options: tuple[str, ...] | list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def parse_condition(node: YNode) -> Condition:
    """Parse a YAML condition; raise ``RuleFileError`` at the offending ``file:line``."""
    if not isinstance(node.value, dict) or len(node.value) != 1:
        raise RuleFileError(
            "a condition is a mapping with one key: all, any, not, or a path like 'license.category'",
            node.loc,
        )
    ((key, value),) = node.value.items()
    kloc = node.keys[key] if node.keys else node.loc
    if key in ("all", "any"):
        if not isinstance(value.value, list) or not value.value:
            raise RuleFileError(f"'{key}' takes a non-empty list of conditions", value.loc)
        items = tuple(parse_condition(v) for v in value.value)
        return All(items) if key == "all" else Any_(items)
    if key == "not":
        return Not(parse_condition(value))
    _check_path(key, kloc)
    if not isinstance(value.value, dict) or len(value.value) != 1:
        raise RuleFileError(f"'{key}' takes one operator: {', '.join(OPERATORS)}", value.loc)
    ((op, arg),) = value.value.items()
    oloc = value.keys[op] if value.keys else value.loc
    if op not in OPERATORS:
        raise RuleFileError(f"unknown operator {op!r}{_suggest(op, OPERATORS)}", oloc)
    return Pred(key, op, _check_arg(key, op, arg), oloc)


def _check_path(path: str, loc: Location) -> None:
    root, _, rest = path.partition(".")
    if root == "license":
        head, _, tail = rest.partition(".")
        if head in LICENSE_ATTRS and not tail:
            return
        if head in LICENSE_FACTS and "." not in tail:
            return
        known = LICENSE_ATTRS + LICENSE_FACTS
        raise RuleFileError(f"unknown licence fact {head!r}{_suggest(head, known)}", loc)
    table: Mapping[str, tuple[str, ...]] = {
        "project": tuple(PROJECT_FACTS), "ref": REF_ATTRS, "model": MODEL_ATTRS,
    }  # fmt: skip
    if root not in table:
        hint = _suggest(root, ["license", "project", "ref", "model"])
        raise RuleFileError(f"unknown path {path!r}: it must start with license., project., ref. or model.{hint}", loc)  # noqa: E501
    if rest not in table[root]:
        options = [f"{root}.{name}" for name in table[root]]
        raise RuleFileError(f"unknown field {path!r}{_suggest(path, options)}", loc)


def _scalar_ok(v: object) -> bool:
    return v is None or isinstance(v, (str, int, float, bool))


def _check_arg(path: str, op: str, arg: YNode) -> object:
    v = arg.value
    if op == "exists":
        if not isinstance(v, bool):
            raise RuleFileError("'exists' takes true or false", arg.loc)
        return v
    if op == "equals":
        if not _scalar_ok(v):
            raise RuleFileError("'equals' takes a single value", arg.loc)
        return v
    if op == "exceeds-threshold":
        if v is not True or not path.startswith("license.") or path.count(".") != 1:
            raise RuleFileError("'exceeds-threshold: true' applies to a licence threshold fact, e.g. 'license.user-threshold'", arg.loc)  # noqa: E501
        return True
    if op == "matches" and v == "model":
        return "model"
    if op == "intersects" and isinstance(v, str):
        _check_path(v, arg.loc)
        return ("path", v)
    if isinstance(v, str) and op == "matches":
        return (v,)
    if not isinstance(v, list) or not all(_scalar_ok(x.value) for x in v):
        raise RuleFileError(f"'{op}' takes a list of values", arg.loc)
    return tuple(x.value for x in v)


def uses(cond: Condition, root: str) -> bool:
    """True when ``cond`` reads any path under ``root`` (license, project, ref, model)."""
    if isinstance(cond, (All, Any_)):
        return any(uses(c, root) for c in cond.items)
    if isinstance(cond, Not):
        return uses(cond.item, root)
    arg_path = cond.arg[1] if isinstance(cond.arg, tuple) and cond.arg[:1] == ("path",) else ""
    return cond.path.startswith(root + ".") or str(arg_path).startswith(root + ".")


# --------------------------------------------------------------------------- evaluation


def evaluate(cond: Condition, subject: Subject) -> Tri:
    """Evaluate ``cond`` in Kleene logic (false wins in ``all``, true wins in ``any``)."""
    if isinstance(cond, All):
        results = [evaluate(c, subject) for c in cond.items]
        if any(r.value is False for r in results):
            return FALSE
        unknown = [r for r in results if r.value is None]
        return Tri(None, frozenset().union(*(r.missing for r in unknown))) if unknown else TRUE
    if isinstance(cond, Any_):
        results = [evaluate(c, subject) for c in cond.items]
        if any(r.value is True for r in results):
            return TRUE
        unknown = [r for r in results if r.value is None]
        return Tri(None, frozenset().union(*(r.missing for r in unknown))) if unknown else FALSE
    if isinstance(cond, Not):
        r = evaluate(cond.item, subject)
        return r if r.value is None else Tri(not r.value)
    return _predicate(cond, subject)


_MISSING = object()


def lookup(path: str, s: Subject) -> tuple[object, str | None]:
    """The value at ``path`` (``_MISSING`` when absent) and the undeclared project fact, if any."""
    root, _, rest = path.partition(".")
    if root == "project":
        value = s.project.get(rest)
        return (_MISSING, rest) if value is None else (value, None)
    if root == "license":
        head, _, tail = rest.partition(".")
        if s.license is None:
            return _MISSING, None
        if head in LICENSE_ATTRS:
            attr = getattr(s.license, head)
            return (_MISSING if attr is None else attr), None
        fact = (s.license_facts if s.license_facts is not None else s.license.facts).get(head)
        if fact is None:
            return _MISSING, None
        return (fact.get(tail, _MISSING) if tail else fact), None
    if root == "ref":
        value = getattr(s.ref, rest, None) if s.ref is not None else None
        return (_MISSING if value is None else value), None
    return _model_attr(rest, s), None


def _model_attr(name: str, s: Subject) -> object:
    res = s.model.resolution
    if name == "id":
        return s.model.id
    if name == "kind":
        return s.model.kind
    if name == "source":
        return _MISSING if res is None or res.source is None else res.source
    if name == "unresolved":
        return res is None or res.license is None
    if name == "unknown-license":
        return bool(s.unknown_keys)
    if name == "gated":
        return _MISSING if res is None or res.gated is None else res.gated
    return bool(res is not None and res.conflicts)  # conflicted


def _norm(v: object) -> object:
    return v.casefold() if isinstance(v, str) else v


def _eq(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return _norm(a) == _norm(b)


def _strings(v: object) -> set[str]:
    items = [v] if isinstance(v, str) else list(v) if isinstance(v, (list, tuple, set, frozenset)) else []  # noqa: E501
    out = {str(x).casefold() for x in items}
    eu = {c.casefold() for c in EU_MEMBERS}
    if out & eu:
        out.add("eu")
    if "eu" in out:
        out |= eu
    return out


def _predicate(p: Pred, s: Subject) -> Tri:
    value, missing = lookup(p.path, s)
    if p.op == "exists":
        return Tri((value is not _MISSING) == p.arg)
    if missing is not None:
        return Tri(None, frozenset({missing}))
    if value is _MISSING:
        return FALSE
    if p.op == "equals":
        return Tri(_eq(value, p.arg))
    if p.op == "in":
        assert isinstance(p.arg, tuple)
        return Tri(any(_eq(value, a) for a in p.arg))
    if p.op == "intersects":
        assert isinstance(p.arg, tuple)
        other: object = p.arg
        if p.arg[:1] == ("path",):
            other, other_missing = lookup(str(p.arg[1]), s)
            if other_missing is not None:
                return Tri(None, frozenset({other_missing}))
            if other is _MISSING:
                return FALSE
        return Tri(bool(_strings(value) & _strings(other)))
    if p.op == "matches":
        if p.arg == "model":
            globs, names = _strings(value), {m.casefold() for m in (s.model.id, *s.license_models)}
        else:
            globs, names = {str(a).casefold() for a in p.arg}, _strings(value)  # type: ignore[attr-defined]  # noqa: E501
        return Tri(any(fnmatch.fnmatchcase(n, g) for n in names for g in globs))
    return _exceeds(value, s)


def threshold_fact(fact: Mapping[str, object]) -> tuple[str, float, bool] | None:
    """(project fact key, limit, inclusive) of a threshold fact, or None when malformed."""
    metric = str(fact.get("metric", "revenue" if "limit-usd" in fact else "")).casefold()
    limit = fact.get("limit", fact.get("limit-usd"))
    key = THRESHOLD_METRICS.get(metric)
    if key is None or not isinstance(limit, (int, float)) or isinstance(limit, bool):
        return None
    return key, float(limit), fact.get("inclusive") is True


def _exceeds(fact: object, s: Subject) -> Tri:
    if not isinstance(fact, Mapping):
        return FALSE
    parsed = threshold_fact(fact)
    if parsed is None:
        return FALSE
    key, limit, inclusive = parsed
    declared = s.project.get(key)
    if declared is None:
        return Tri(None, frozenset({key}))
    if not isinstance(declared, (int, float)) or isinstance(declared, bool):
        return FALSE
    return Tri(declared >= limit if inclusive else declared > limit)
