"""Stage 6 (report): helpers shared by the reporters. Pure functions over ``CheckResult``."""

from __future__ import annotations

from typing import Iterable

from modelcheck.model import CheckResult, Finding, Location, Model, RuleInfo, Severity

SARIF_LEVEL: dict[Severity, str] = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "note",
}


def models_by_id(result: CheckResult) -> dict[str, Model]:
    """Models keyed by id (exact and case-folded, since hub ids compare case-insensitively)."""
    table: dict[str, Model] = {}
    for model in result.models:
        table.setdefault(model.id.casefold(), model)
        table[model.id] = model
    return table


def model_of(finding: Finding, models: dict[str, Model]) -> Model | None:
    """The model a finding is about, if any."""
    if finding.model is None:
        return None
    return models.get(finding.model) or models.get(finding.model.casefold())


def finding_location(finding: Finding, models: dict[str, Model]) -> Location | None:
    """Where a finding points: its own location, else the first reference of its model."""
    if finding.location is not None:
        return finding.location
    model = model_of(finding, models)
    if model is not None and model.first is not None:
        return model.first.location
    return None


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; the input order (``Finding.sort_key``) is kept within a severity."""
    return sorted(findings, key=lambda f: -int(f.severity))


def licence_label(model: Model) -> str:
    """The licence as a short string: the SPDX-style expression, or why it is unknown."""
    res = model.resolution
    if res is None:
        return "unresolved"
    if res.license is None:
        return "unresolved" + (f" ({res.reason})" if res.reason else "")
    return res.license.spdx


def source_label(model: Model) -> str:
    """Where the licence came from: ``source (evidence)``, or ``-``."""
    res = model.resolution
    if res is None or res.source is None:
        return "-"
    return f"{res.source} ({res.evidence})" if res.evidence else res.source


def rules_by_id(result: CheckResult) -> dict[str, RuleInfo]:
    return {rule.id: rule for rule in result.rules}


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """Number of findings per severity (every severity present, possibly 0)."""
    table = {severity: 0 for severity in Severity}
    for finding in findings:
        table[finding.severity] += 1
    return table


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def openness_label(result: CheckResult, model_id: str) -> str:
    """``open-source (MOF I)``, ``open-weights``, ``unknown``: the model's openness in a few words."""
    info = result.openness.get(model_id)
    if not info:
        return "-"
    level = str(info.get("level") or "unknown")
    mof = info.get("mof_class")
    return f"{level} (MOF {_ROMAN.get(mof, mof)})" if isinstance(mof, int) else level


_ROMAN = {1: "I", 2: "II", 3: "III"}
