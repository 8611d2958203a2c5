"""Stage 4: apply the rules to the resolved models and scan issues -> sorted findings.

One finding per model, rule and licence key, located at the model's first reference that does not
suppress the rule inline; the other references are listed in ``extra["locations"]``. A result that
depends on an undeclared project fact is reported one severity lower, saying what to declare.
``[[exceptions]]`` then suppress findings (expired ones stop suppressing and are reported), and
entries that matched nothing are reported as ``unused-exception``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Mapping, Sequence

from modelcheck.record import replace
from modelcheck.globmatch import glob_match
from modelcheck import engine, messages
from modelcheck.condeval import Subject, Tri
from modelcheck.condeval import evaluate as eval_condition
from modelcheck.conditions import LicenseFactsLike, uses
from modelcheck.errors import ConfigError, raise_all
from modelcheck.licexpr import Effective, effective, load_vocabulary
from modelcheck.model import Finding, Model, ModelRef, ScanIssue, Severity
from modelcheck.policy import Exception_, Policy
from modelcheck.ruleset import Rule

WILDCARDS = frozenset({"*", "all"})
_LOWER = {Severity.ERROR: Severity.WARNING, Severity.WARNING: Severity.NOTE, Severity.NOTE: Severity.NOTE}  # noqa: E501


def _load_facts() -> Mapping[str, LicenseFactsLike]:
    from modelcheck.facts import load_facts

    return load_facts()


def validate_policy(policy: Policy, rules: Sequence[Rule]) -> None:
    """Rule ids named by exceptions and severity overrides must exist (ConfigError at their line;
    several: ConfigErrors)."""
    import difflib

    ids = sorted(r.id for r in rules)
    named = [(o.rule, o.location) for o in policy.severities]
    named += [(r, e.location) for e in policy.exceptions for r in e.rules if r not in WILDCARDS]
    errors = []
    for rule, loc in named:
        if rule not in ids:
            close = difflib.get_close_matches(rule, ids, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            errors.append(ConfigError(f"unknown rule id {rule!r}{hint}; see `modelcheck rules`", loc))
    raise_all(errors)  # every unknown id at once


def _suppressed(ref: ModelRef | None, rule: str) -> bool:
    return ref is not None and bool(ref.ignored & (WILDCARDS | {rule}))


def _restrict(lf: LicenseFactsLike, carriers: tuple[str, ...]) -> dict[str, Mapping[str, object]]:
    """The licence's facts minus those whose ``models`` globs match none of ``carriers``."""
    names = [c.casefold() for c in carriers]
    out: dict[str, Mapping[str, object]] = {}
    for name, fact in lf.facts.items():
        globs = fact.get("models") if isinstance(fact, Mapping) else None
        if isinstance(globs, (list, tuple)):  # an empty list matches no model
            if not any(glob_match(n, str(g).casefold()) for n in names for g in globs):
                continue
        out[name] = fact
    return out


def _unknown_keys(model: Model, eff: Effective, facts: Mapping[str, LicenseFactsLike]) -> tuple[str, ...]:  # noqa: E501
    res = model.resolution
    if res is None or res.license is None:
        return ()
    unknown = [k for k in eff.keys if k not in facts]
    return tuple(unknown) if unknown or res.license.keys else (res.license.spdx,)


def _vague_keys(unknown: tuple[str, ...]) -> tuple[str, ...]:
    """The unknown keys that name a family or placeholder ("other", "gpl"), not one licence."""
    from modelcheck.data_index import load_vocabulary as load_entries

    vocab = load_entries()
    return tuple(k for k in unknown if (e := vocab.lookup(k)) is not None and e.vague)


def _subjects(rule: Rule, model: Model, eff: Effective, policy: Policy,
              facts: Mapping[str, LicenseFactsLike], ref: ModelRef | None) -> dict[str, Subject]:  # fmt: skip
    """One subject per licence key when the rule reads licence facts, else a single one ("")."""
    unknown = _unknown_keys(model, eff, facts)
    vague = _vague_keys(unknown)
    base = Subject(model, policy.project, ref, unknown_keys=unknown, vague_keys=vague)
    assert rule.when is not None
    if not uses(rule.when, "license"):
        return {"": base}
    out: dict[str, Subject] = {}
    for key in eff.keys:
        lf = facts.get(key)
        carriers = eff.carriers.get(key, (model.id,))
        restricted = _restrict(lf, carriers) if lf is not None else {}
        out[key] = Subject(model, policy.project, ref, lf, restricted, carriers, unknown, vague)
    return out


def _combine(results: Mapping[str, Tri], eff: Effective) -> dict[str, Tri]:
    """Which keys fire: every alternative must fire (the user may pick any alternative)."""
    if "" in results:
        return dict(results) if results[""].value is not False else {}
    overall: bool | None = True
    for alt in eff.alternatives:
        vals = [results[k].value for k in alt if k in results]
        alt_value = True if True in vals else (None if None in vals else False)
        if alt_value is False:
            return {}
        if alt_value is None:
            overall = None
    wanted = (True,) if overall else (True, None)
    return {k: r for k, r in results.items() if r.value in wanted}


def _condition_findings(rule: Rule, model: Model, eff: Effective, policy: Policy,
                        facts: Mapping[str, LicenseFactsLike], severity: Severity) -> list[Finding]:  # fmt: skip
    assert rule.when is not None
    refs: list[ModelRef | None] = [r for r in model.references if not _suppressed(r, rule.id)]
    if not model.references:
        refs = [None]
    if not refs:
        return []
    per_ref = uses(rule.when, "ref")
    fired: dict[str, list[tuple[ModelRef | None, Tri, Subject]]] = {}
    for ref in refs if per_ref else refs[:1]:
        subjects = _subjects(rule, model, eff, policy, facts, ref)
        results = {k: eval_condition(rule.when, s) for k, s in subjects.items()}
        for key, tri in _combine(results, eff).items():
            fired.setdefault(key, []).append((ref, tri, subjects[key]))
    out = []
    for key, hits in fired.items():
        strong = [h for h in hits if h[1].value is True] or hits
        ref0, tri, subject = strong[0]
        where = [h[0] for h in strong] if per_ref else refs
        vals = messages.values(subject, rule.facts)
        text = messages.render(rule.message, vals)
        sev = severity
        extra: dict[str, object] = {"locations": [str(r.location) for r in where[1:] if r is not None]}  # noqa: E501
        if key:
            extra["license"] = key
        if tri.value is None:
            sev = _LOWER[severity]
            text += messages.undeclared_hint(tri.missing)
            extra["undeclared"] = sorted(tri.missing)
        clause = vals.get("clause")
        loc = ref0.location if ref0 is not None else None
        out.append(Finding(rule.id, sev, text, loc, model.id, clause, vals.get("url") or rule.url or None, extra))  # noqa: E501
    return out


def evaluate(models: Sequence[Model], issues: Sequence[ScanIssue], policy: Policy,
             rules: Sequence[Rule], today: _dt.date, *,
             facts: Mapping[str, LicenseFactsLike] | None = None,
             vocabulary: Mapping[str, str] | None = None,
             extra: Sequence[Finding] = ()) -> list[Finding]:  # fmt: skip
    """All findings, sorted by ``Finding.sort_key``. Raises ``ConfigError`` for unknown rule ids.

    ``extra`` are findings of builtin rules computed by other stages (``openness-required``):
    they get the configured severity, inline suppressions and exceptions like any other.
    """
    validate_policy(policy, rules)
    resolved = any(m.resolution is not None and m.resolution.license is not None for m in models)
    if facts is None:  # the knowledge base and vocabulary cost ~20 ms: only load them when needed
        facts = _load_facts() if resolved else {}
    if vocabulary is None:
        vocabulary = load_vocabulary() if resolved else {}
    severities = {r.id: policy.severity_for(r.id, r.severity) for r in rules}
    env = engine.Env(policy, facts, vocabulary, severities)
    raw: list[Finding] = []
    used_allow: set[int] = set()
    present = {m.id.casefold() for m in models}
    for model in models:
        if _reported_at_base(model, present):
            continue
        eff = effective(model, vocabulary)
        for rule in rules:
            severity = severities[rule.id]
            if rule.kind == "condition" and severity is not None:
                raw += _condition_findings(rule, model, eff, policy, facts, severity)
        found = engine.allow_deny(model, eff, env, used_allow)
        found += engine.base_conflict(model, env) + engine.license_changed(model, env)
        raw += [g for f in found if (g := _relocate(f, model)) is not None]
    raw += engine.issue_findings(issues, env)
    raw += _extra_findings(extra, models, severities)
    out = _apply_exceptions(raw, policy.exceptions, today, env)
    for i, entry in enumerate(policy.allow or ()):
        if i not in used_allow:
            f = engine.policy_finding(
                "unused-exception", env,
                f"allow entry {entry.license!r} matched no model's licence; remove it or fix the"
                " licence name", entry.location,
            )  # fmt: skip
            out += [f] if f else []
    return sorted(out, key=Finding.sort_key)


def _reported_at_base(model: Model, present: set[str]) -> bool:
    """A local model that only inherits its bases' terms, when those bases are themselves checked:
    its findings would repeat theirs word for word, so they are reported once, at the base."""
    res = model.resolution
    if res is None or res.source != "base-model" or not res.base_models:
        return False
    return all(b.casefold() in present for b in res.base_models)


def _extra_findings(extra: Sequence[Finding], models: Sequence[Model],
                    severities: Mapping[str, Severity | None]) -> list[Finding]:  # fmt: skip
    by_id = {m.id: m for m in models}
    out: list[Finding] = []
    for finding in extra:
        severity = severities.get(finding.rule, finding.severity)
        if severity is None:  # the rule is "off"
            continue
        finding = replace(finding, severity=severity)
        model = by_id.get(finding.model or "")
        relocated = _relocate(finding, model) if model is not None else finding
        if relocated is not None:
            out.append(relocated)
    return out


def _relocate(finding: Finding, model: Model) -> Finding | None:
    """Move an engine finding to the first reference that does not suppress it (None: all do)."""
    refs = [r for r in model.references if not _suppressed(r, finding.rule)]
    if model.references and not refs:
        return None
    extra = {**finding.extra, "locations": [str(r.location) for r in refs[1:]]}
    return replace(finding, location=refs[0].location if refs else None, extra=extra)


def _exception_matches(exc: Exception_, finding: Finding) -> bool:
    if finding.model is None or finding.rule in ("expired-exception", "unused-exception"):
        return False
    if exc.rules and finding.rule not in exc.rules and not WILDCARDS & set(exc.rules):
        return False
    return glob_match(finding.model.casefold(), exc.model.casefold())


def _apply_exceptions(raw: list[Finding], exceptions: Sequence[Exception_], today: _dt.date,
                      env: engine.Env) -> list[Finding]:  # fmt: skip
    used: set[int] = set()
    out: list[Finding] = []
    for finding in raw:
        matching = [i for i, e in enumerate(exceptions) if _exception_matches(e, finding)]
        used.update(matching)
        if any(not exceptions[i].expired(today) for i in matching):
            continue
        out.append(finding)
    for i, exc in enumerate(exceptions):
        rules = ", ".join(exc.rules) or "all rules"
        if exc.expired(today):
            f = engine.policy_finding(
                "expired-exception", env,
                f"exception for {exc.model!r} ({rules}) expired on {exc.expires}; its findings are"
                f" reported again: review it and extend 'expires' or remove it (reason: {exc.reason})",
                exc.location,
            )  # fmt: skip
        elif i not in used:
            f = engine.policy_finding(
                "unused-exception", env,
                f"exception for {exc.model!r} ({rules}) matched no finding; remove it or fix its"
                " model glob or rules", exc.location,
            )  # fmt: skip
        else:
            continue
        out += [f] if f else []
    return out
