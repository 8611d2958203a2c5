"""Stage 4 helper: evaluate parsed conditions in three-valued (Kleene) logic.

A predicate on an undeclared ``project`` fact is *unknown*; ``all`` is false as soon as one item
is false, ``any`` true as soon as one is true, and unknown results carry the names of the missing
facts so the finding can say what to declare. Nothing here evaluates Python.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Mapping

from modelcheck.globmatch import glob_match
from modelcheck.conditions import LICENSE_ATTRS, All, Any_, Condition, LicenseFactsLike, Not, Pred
from modelcheck.model import Model, ModelRef
from modelcheck.policy import EEA_MEMBERS, EU_MEMBERS, ProjectFacts

THRESHOLD_METRICS: Mapping[str, str] = {
    "mau": "monthly-active-users",
    "dau": "daily-active-users",
    "revenue": "annual-revenue-usd",
    "revenue-usd": "annual-revenue-usd",
    "annual-revenue-usd": "annual-revenue-usd",
}


@frozen
class Subject:
    """What a condition is evaluated against: one model (and reference) under one licence key."""

    model: Model
    project: ProjectFacts
    ref: ModelRef | None = None
    license: LicenseFactsLike | None = None
    license_facts: Mapping[str, Mapping[str, object]] | None = None  # facts after `models` filtering
    license_models: tuple[str, ...] = ()  # ids (model or bases) that carry this licence key
    unknown_keys: tuple[str, ...] = ()
    vague_keys: tuple[str, ...] = ()  # the unknown keys that are family/placeholder ids ("other")


@frozen
class Tri:
    """A three-valued result; ``missing`` names the undeclared project facts behind an unknown."""

    value: bool | None
    missing: frozenset[str] = frozenset()


TRUE, FALSE = Tri(True), Tri(False)


def evaluate(cond: Condition, subject: Subject) -> Tri:
    """Evaluate ``cond`` in Kleene logic (false wins in ``all``, true wins in ``any``)."""
    if isinstance(cond, (All, Any_)):
        decisive = isinstance(cond, Any_)  # the value that settles the combination on its own
        results = [evaluate(c, subject) for c in cond.items]
        if any(r.value is decisive for r in results):
            return Tri(decisive)
        unknown = [r for r in results if r.value is None]
        return Tri(None, frozenset().union(*(r.missing for r in unknown))) if unknown else Tri(not decisive)
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
    if name == "vague-license":
        return bool(s.vague_keys)
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
    if "eea" in out:  # the EEA covers the EU (not the other way round: NO is not in the EU)
        out |= {c.casefold() for c in EEA_MEMBERS} | {"eu"}
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
        return Tri(any(glob_match(n, g) for n in names for g in globs))
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
