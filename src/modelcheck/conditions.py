"""Stage 4 helper: the rule condition language, parsed and validated from YAML.

A condition is ``{all: [...]}``, ``{any: [...]}``, ``{not: ...}`` or a predicate
``{<path>: {<operator>: <argument>}}``. Paths: ``license.<attr|fact>[.<field>]``, ``project.<fact>``,
``ref.<attr>``, ``model.<attr>``. Evaluation (three-valued) is in ``condeval``. See docs/rules.md.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Mapping, Protocol, Union

from modelcheck.errors import RuleFileError
from modelcheck.model import Location
from modelcheck.policy import PROJECT_FACTS
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
MODEL_ATTRS = (
    "id", "kind", "source", "unresolved", "unknown-license", "vague-license", "gated", "conflicted",
)
OPERATORS = ("equals", "in", "exists", "intersects", "matches", "exceeds-threshold")


@frozen
class All:
    items: tuple[Condition, ...]


@frozen
class Any_:
    items: tuple[Condition, ...]


@frozen
class Not:
    item: Condition


@frozen
class Pred:
    path: str
    op: str
    arg: object  # scalar, tuple of scalars, or a path string (``intersects``)
    loc: Location


Condition = Union[All, Any_, Not, Pred]


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
