"""Stage 6 (report): GitHub Actions workflow commands (annotations). Pure: ``render(result) -> str``.

GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job) and drops
the rest silently. So findings are emitted most severe first, at most 10 of each kind, and when
any were held back the last notice says how many and where to find them (job summary, SARIF).
"""

from __future__ import annotations

from modelcheck.model import CheckResult, Finding, Location, Model, RuleInfo, Severity
from modelcheck.report._common import (
    by_severity,
    counts,
    finding_location,
    licence_label,
    model_of,
    models_by_id,
    rules_by_id,
    source_label,
)

PER_KIND = 10  # annotations of one kind GitHub shows per step
COMMAND: dict[Severity, str] = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (actions/toolkit ``escapeData``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (actions/toolkit ``escapeProperty``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, *, file: str | None = None, line: int | None = None,
            col: int | None = None, title: str | None = None) -> str:
    """One workflow command line, e.g. ``::error file=a.py,line=3,col=1,title=t::message``."""
    props = [
        f"{key}={escape_property(str(value))}"
        for key, value in (("file", file), ("line", line), ("col", col), ("title", title))
        if value is not None
    ]
    return f"::{kind}{' ' + ','.join(props) if props else ''}::{escape_data(message)}"


def render(result: CheckResult) -> str:
    """Annotations for the findings of ``result``, capped per kind, most severe first."""
    models = models_by_id(result)
    rules = rules_by_id(result)
    ordered = by_severity(result.findings)
    total = counts(ordered)
    held = sum(max(0, n - PER_KIND) for n in total.values())
    # the overflow notice itself must fit under the notice cap
    limits = {s: PER_KIND for s in Severity}
    if held:
        limits[Severity.NOTE] = PER_KIND - 1
        held = sum(max(0, total[s] - limits[s]) for s in Severity)
    shown = {s: 0 for s in Severity}
    lines: list[str] = []
    for finding in ordered:
        if shown[finding.severity] >= limits[finding.severity]:
            continue
        shown[finding.severity] += 1
        lines.append(_annotation(finding, models, rules, result.config_path))
    if held:
        parts = [f"{total[s] - shown[s]} {s.label}{'s' if total[s] - shown[s] != 1 else ''}"
                 for s in sorted(Severity, reverse=True) if total[s] > shown[s]]
        lines.append(command(
            "notice",
            f"{held} more finding{'s' if held != 1 else ''} not shown as annotations ({', '.join(parts)}): "
            "GitHub shows at most 10 of each kind per step. See the job summary or the SARIF report "
            "(code scanning) for the full list.",
            title="modelcheck: more findings",
        ))
    return "".join(line + "\n" for line in lines)


def _annotation(finding: Finding, models: dict[str, Model], rules: dict[str, RuleInfo],
                config_path: str | None) -> str:
    loc: Location | None = finding_location(finding, models)
    rule = rules.get(finding.rule)
    title = f"{rule.title} ({finding.rule})" if rule and rule.title else f"modelcheck: {finding.rule}"
    message = finding.message
    model = model_of(finding, models)
    if model is not None:
        message += f"\nModel {model.id}: licence {licence_label(model)}, source {source_label(model)}"
    if finding.clause or finding.url:
        message += "\nClause: " + " ".join(part for part in (finding.clause, finding.url) if part)
    if rule is not None and rule.remediation:
        message += f"\nFix: {rule.remediation}"
    kind = COMMAND[finding.severity]
    if loc is not None and loc.path:
        return command(kind, message, file=loc.path, line=max(1, loc.line), col=max(1, loc.column), title=title)
    return command(kind, message, file=config_path, title=title)
