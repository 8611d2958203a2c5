"""Stage 4 helper: the ``kind: builtin`` rules whose logic is code, not a condition.

Allow/deny lists, base-model conflicts, licence changes and scan issues. Each function returns
raw findings (severity already configured); ``evaluate`` applies suppressions and sorting.
"""

from __future__ import annotations

from modelcheck.record import frozen
from typing import Mapping, Sequence

from modelcheck.conditions import LicenseFactsLike
from modelcheck.data_index import normalise
from modelcheck.licexpr import Effective
from modelcheck.model import Finding, Location, Model, ScanIssue, Severity
from modelcheck.policy import ListEntry, Policy

PERMISSIVE = ("permissive", "public-domain")


@frozen
class Env:
    """Shared read-only inputs of the engine rules."""

    policy: Policy
    facts: Mapping[str, LicenseFactsLike]
    vocabulary: Mapping[str, str]
    severities: Mapping[str, Severity | None]  # configured severity per rule id (None = off)


def entry_matches(entry: str, key: str, env: Env) -> bool:
    """Does an allow/deny entry (any alias form) denote the knowledge-base ``key``?"""
    word = normalise(entry)
    if word == normalise(key) or env.vocabulary.get(word) == key:
        return True
    lf = env.facts.get(key)
    return lf is not None and lf.name is not None and normalise(lf.name) == word


def _where(entry: ListEntry) -> str:
    return f" ({entry.location.path}:{entry.location.line})" if entry.location else ""


def _finding(rule: str, env: Env, message: str, model: Model, **extra: object) -> Finding | None:
    severity = env.severities.get(rule)
    if severity is None:
        return None
    ref = model.first
    return Finding(rule, severity, message, ref.location if ref else None, model.id, extra=extra)


def _expression(model: Model) -> str:
    res = model.resolution
    return res.license.spdx if res is not None and res.license is not None else "?"


def allow_deny(model: Model, eff: Effective, env: Env, used: set[int]) -> list[Finding]:
    """``license-not-allowed`` and ``license-denied``; adds matched allow entries' indexes to ``used``."""
    out: list[Finding] = []
    if not eff.alternatives:
        return out
    allow, deny = env.policy.allow or (), env.policy.deny
    for i, entry in enumerate(allow):
        if any(entry_matches(entry.license, k, env) for k in eff.keys):
            used.add(i)

    def allowed(key: str) -> bool:
        return any(entry_matches(e.license, key, env) for e in allow)

    listed = env.policy.allow is not None
    if listed and not any(alt and all(allowed(k) for k in alt) for alt in eff.alternatives):
        bad = sorted({k for alt in eff.alternatives for k in alt if not allowed(k)}) or ["?"]
        where = _where(allow[0]) if allow else ""
        f = _finding(
            "license-not-allowed", env,
            f"{model.id} is licensed {_expression(model)}; {', '.join(bad)} is not in the allow list"
            f"{where}: replace the model, allow the licence after review, or add an"
            " [[exceptions]] entry with a reason",
            model, licenses=bad,
        )  # fmt: skip
        out += [f] if f else []
    if deny:
        hits = [[e for e in deny for k in alt if entry_matches(e.license, k, env)] for alt in eff.alternatives]  # noqa: E501
        if all(hits):
            entry = hits[0][0]
            f = _finding(
                "license-denied", env,
                f"{model.id} is licensed {_expression(model)}, which includes {entry.license!r} from"
                f" the deny list{_where(entry)}: replace the model or add an [[exceptions]] entry"
                " with a reason",
                model, denied=entry.license,
            )  # fmt: skip
            out += [f] if f else []
    return out


def base_conflict(model: Model, env: Env) -> list[Finding]:
    """``base-model-conflict``: a base's non-permissive licence key missing from the model's own."""
    res = model.resolution
    if res is None or res.license is None:
        return []
    own = {k.casefold() for k in res.license.keys}
    out: list[Finding] = []
    for base in res.base_chain:
        if base.license is None:
            continue
        extra = [k for k in base.license.keys if k.casefold() not in own]
        restrictive = [k for k in extra if (lf := env.facts.get(k)) is None or lf.category not in PERMISSIVE]  # noqa: E501
        if restrictive:
            f = _finding(
                "base-model-conflict", env,
                f"{model.id} is licensed {res.license.spdx} but derives from {base.model}, licensed"
                f" {base.license.spdx}; the base's terms ({', '.join(restrictive)}) still apply to"
                " this model, so comply with both or record the decision with"
                " [[tool.modelcheck.clarify]]",
                model, base=base.model, base_license=base.license.spdx,
            )  # fmt: skip
            out += [f] if f else []
            break
    return out


def license_changed(model: Model, env: Env) -> list[Finding]:
    """``license-changed``: a lockfile recorded a different licence than the one resolved now."""
    res = model.resolution
    if res is None or res.license is None or res.source == "lockfile":
        return []
    current = {res.license.spdx.casefold(), *(k.casefold() for k in res.license.keys)}
    if res.license.hf:
        current.add(res.license.hf.casefold())
    for attempt in res.attempts:
        if attempt.source != "lockfile" or attempt.outcome != "found" or not attempt.detail:
            continue
        old = attempt.detail.strip()
        if old.casefold() in current or env.vocabulary.get(normalise(old)) in res.license.keys:
            continue
        where = f" (recorded at {attempt.evidence})" if attempt.evidence else ""
        f = _finding(
            "license-changed", env,
            f"{model.id}: the licence changed from {old}{where} to {res.license.spdx}; review the"
            " new terms, then update the lockfile or pin the reviewed revision",
            model, previous=old, current=res.license.spdx,
        )  # fmt: skip
        return [f] if f else []
    return []


def issue_findings(issues: Sequence[ScanIssue], env: Env) -> list[Finding]:
    """Scan issues become findings of their rule (unknown rule ids default to warning)."""
    out = []
    for issue in issues:
        severity = env.severities.get(issue.rule, Severity.WARNING)
        if severity is not None:
            out.append(Finding(issue.rule, severity, issue.message, issue.location))
    return out


def policy_finding(rule: str, env: Env, message: str, location: Location | None) -> Finding | None:
    """A finding about the policy itself (expired or unused entries), located in the config."""
    severity = env.severities.get(rule)
    return None if severity is None else Finding(rule, severity, message, location)
