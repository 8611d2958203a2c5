"""Openness stage: the ``require-openness`` policy and the built-in rule ``openness-required``.

Config shapes (``[tool.modelcheck]``)::

    require-openness = "open-source"                 # every model
    require-openness = ["open-weights", "mof-class-3"]  # every model, all must hold

    [tool.modelcheck.require-openness]               # per model glob
    default = "open-weights"
    "acme/*" = "open-source"
    "meta-llama/*" = "none"                          # exempt

The most specific pattern wins: an exact id beats any glob, then the glob with the most literal
characters; ``default`` applies when nothing matches. ``check_openness`` returns one error
finding per model that falls short, naming what is missing.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import TYPE_CHECKING, Literal, Mapping, Sequence

from modelcheck.globmatch import glob_match
from modelcheck.errors import ConfigError
from modelcheck.model import Finding, Location, Model, RuleInfo, Severity
from modelcheck.openness.classify import MOF_NAMES, Openness, classify
from modelcheck.openness.export import openness_to_json
from modelcheck.openness.facts import COMPONENTS, OpennessEntry, parse_entry

if TYPE_CHECKING:
    from modelcheck.config import Config

Requirement = Literal["open-weights", "open-source", "mof-class-3", "mof-class-2", "mof-class-1"]
_REQUIREMENTS: dict[str, Requirement] = {
    "open-weights": "open-weights", "open-source": "open-source",
    "mof-class-3": "mof-class-3", "mof-class-2": "mof-class-2", "mof-class-1": "mof-class-1"}
_NONE = frozenset({"none", "off"})
RULE_ID = "openness-required"
DOCS_URL = "https://github.com/modelcheck/modelcheck/blob/main/docs/openness.md"

RULE_INFO = RuleInfo(
    id=RULE_ID,
    severity=Severity.ERROR,
    title="A model is less open than `require-openness` demands",
    description=(
        "The project sets `require-openness` (open-weights, open-source, or a Model Openness "
        "Framework class) and a model it uses does not meet it. The message names what is missing: "
        "a restrictive weights licence, unpublished training code or data, or the MOF components "
        "that are not released under an open licence."),
    rationale=(
        "'Open weights' is not 'open source': most downloadable models ship without training code "
        "or data, and many weights licences restrict use. Projects that promise openness need "
        "to know which of their models actually deliver it."),
    remediation=(
        "Use a model that meets the requirement, relax it for this model with a per-glob entry "
        "in [tool.modelcheck.require-openness], or, when the facts are wrong or missing, declare "
        "them in [[tool.modelcheck.openness]] with sources."),
    url=DOCS_URL,
)


@frozen
class OpennessPolicy:
    """``default`` applies to every model unless a pattern in ``overrides`` is more specific."""

    default: tuple[Requirement, ...] = ()
    overrides: tuple[tuple[str, tuple[Requirement, ...]], ...] = ()
    location: Location | None = None

    def for_model(self, model_id: str) -> tuple[Requirement, ...]:
        low = model_id.lower()
        best: tuple[int, tuple[Requirement, ...]] | None = None
        for pattern, reqs in self.overrides:
            pat = pattern.lower()
            if pat == low:
                return reqs
            if glob_match(low, pat):
                score = sum(ch not in "*?[]" for ch in pat)
                if best is None or score > best[0]:
                    best = (score, reqs)
        return best[1] if best else self.default

    @property
    def active(self) -> bool:
        return bool(self.default) or any(reqs for _, reqs in self.overrides)


def _requirements(value: object, key: str, where: Location) -> tuple[Requirement, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > 5:
        raise ConfigError(f"require-openness: {key} must be a string or a list of strings", where)
    out: list[Requirement] = []
    for item in items:
        text = item.strip().lower() if isinstance(item, str) else ""
        if text in _NONE:
            continue
        if text not in _REQUIREMENTS:
            raise ConfigError(
                f"require-openness: {key} = {item!r}: expected one of "
                f"{', '.join(_REQUIREMENTS)} or \"none\"", where)
        out.append(_REQUIREMENTS[text])
    return tuple(out)


def parse_policy(raw: object, where: Location) -> OpennessPolicy:
    """Parse the ``require-openness`` config value (string, list, or table of globs)."""
    if raw is None:
        return OpennessPolicy(location=where)
    if not isinstance(raw, Mapping):
        return OpennessPolicy(_requirements(raw, "value", where), (), where)
    default: tuple[Requirement, ...] = ()
    overrides: list[tuple[str, tuple[Requirement, ...]]] = []
    for key, value in raw.items():
        if not isinstance(key, str) or not key:
            raise ConfigError("require-openness: keys must be model ids or globs", where)
        if key == "default":
            default = _requirements(value, key, where)
        else:
            overrides.append((key, _requirements(value, key, where)))
    return OpennessPolicy(default, tuple(overrides), where)


def policy_from_config(config: Config) -> OpennessPolicy:
    """The policy from ``Config.require_openness`` (``"*"`` holds the default, as config.py stores it)."""
    default: tuple[Requirement, ...] = ()
    overrides: list[tuple[str, tuple[Requirement, ...]]] = []
    first: Location | None = None
    for glob, located in config.require_openness.items():
        first = first or located.location
        reqs = _requirements(located.value, glob, located.location)
        if glob == "*":
            default = reqs
        else:
            overrides.append((glob, reqs))
    return OpennessPolicy(default, tuple(overrides), first)


def declarations_from_config(config: Config) -> tuple[OpennessEntry, ...]:
    """``[[tool.modelcheck.openness]]`` entries, each keeping its place in the config file."""
    return tuple(parse_entry(e.value, e.location, "config") for e in config.openness)


def classify_models(
    models: Sequence[Model],
    declared: Sequence[OpennessEntry] = (),
    licence_facts: Mapping[str, object] | None = None,
    card_meta: Mapping[str, Mapping[str, object]] | None = None,
) -> dict[str, Openness]:
    """``classify`` every model (for reporters: a field per model)."""
    out: dict[str, Openness] = {}
    for m in models:
        lic = m.resolution.license if m.resolution else None
        out[m.id] = classify(m.id, lic, licence_facts, (card_meta or {}).get(m.id), declared)
    return out


def _missing_for_class(o: Openness, k: int) -> tuple[str, ...]:
    opened = {n for n, c in o.components.items() if c.open}
    if "research-paper" in opened:
        opened.add("technical-report")
    return tuple(n for n, (cls, _) in COMPONENTS.items() if cls >= k and n not in opened)


def shortfall(o: Openness, req: Requirement) -> str | None:
    """None when ``o`` meets ``req``, else what is missing, in words."""
    if o.level == "unknown":
        return "its openness is unknown: " + o.reasons[0] if o.reasons else "its openness is unknown"
    if req == "open-weights":
        return None if o.level in ("open-weights", "open-source") else "its weights are not published"
    if req == "open-source":
        if o.level == "open-source":
            return None
        return f"it is {o.level}, not open source: " + "; ".join(o.missing_for_open_source)
    k = int(req[-1])
    if o.mof_class is not None and o.mof_class <= k:
        return None
    missing = _missing_for_class(o, k)
    have = MOF_NAMES[o.mof_class] if o.mof_class else "no MOF class"
    return f"it meets {have}; {MOF_NAMES[k]} also needs open: {', '.join(missing)}"


def check_openness(
    models: Sequence[Model],
    policy: OpennessPolicy,
    openness: Mapping[str, Openness] | None = None,
    *,
    licence_facts: Mapping[str, object] | None = None,
    declared: Sequence[OpennessEntry] = (),
    card_meta: Mapping[str, Mapping[str, object]] | None = None,
    severity: Severity = Severity.ERROR,
) -> list[Finding]:
    """One ``openness-required`` finding per model that falls short of its requirement(s)."""
    findings: list[Finding] = []
    for model in models:
        reqs = policy.for_model(model.id)
        if not reqs:
            continue
        o = (openness or {}).get(model.id)
        if o is None:
            o = classify_models([model], declared, licence_facts, card_meta)[model.id]
        for req in reqs:
            gap = shortfall(o, req)
            if gap is None:
                continue
            findings.append(Finding(
                rule=RULE_ID, severity=severity,
                message=f"{model.id} does not meet require-openness = \"{req}\": {gap}",
                location=model.first.location if model.first else None, model=model.id,
                url=DOCS_URL,
                extra={"requirement": req, "openness": openness_to_json(o)},
            ))
    return findings
