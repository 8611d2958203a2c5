"""Text reporter: one ``path:line:col: severity rule-id message`` line per finding."""

from __future__ import annotations

from collections import Counter

from modelcheck.model import CheckResult, Finding, Severity

_COLOURS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.NOTE: "\x1b[36m"}
_BOLD, _RESET = "\x1b[1m", "\x1b[0m"


def finding_line(finding: Finding, color: bool = False) -> str:
    where = str(finding.location) if finding.location else "<project>"
    severity = finding.severity.label
    if color:
        where = f"{_BOLD}{where}{_RESET}"
        severity = f"{_COLOURS[finding.severity]}{severity}{_RESET}"
    return f"{where}: {severity} {finding.rule} {finding.message}"


def render(result: CheckResult, color: bool = False) -> str:
    """The findings, one per line (empty string when there are none)."""
    return "".join(finding_line(f, color) + "\n" for f in result.findings)


def summary(result: CheckResult) -> str:
    """A short summary for stderr: models, licences, findings by severity."""
    licences = Counter(
        m.resolution.license.spdx if m.resolution and m.resolution.license else "unresolved" for m in result.models
    )
    counts = Counter(f.severity for f in result.findings)
    model_word = "model" if len(result.models) == 1 else "models"
    parts = [f"{len(result.models)} {model_word} in {result.files_scanned} files scanned"]
    if licences:
        parts.append("licences: " + ", ".join(f"{name} ({n})" for name, n in sorted(licences.items())))
    parts.append(
        ", ".join(f"{counts[s]} {s.label}{'s' if counts[s] != 1 else ''}" for s in sorted(Severity, reverse=True))
    )
    return "; ".join(parts)
