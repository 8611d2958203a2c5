"""Resolution stage: human-readable lines for ``modelcheck resolve`` (pure)."""

from __future__ import annotations

from modelcheck.model import Resolution, SourceAttempt
from modelcheck.resolve.lineage import base_conflicts


def _summary(res: Resolution) -> str:
    if res.license is None:
        return f"{res.model}: unresolved ({res.reason})" if res.source != "api" else f"{res.model}: {res.reason}"
    keys = ", ".join(res.license.keys + res.license.unknown)
    text = f"{res.model}: {res.license.spdx}"
    if keys and keys != res.license.spdx:
        text += f" [{keys}]"
    text += f" (from {res.source}"
    if res.revision:
        text += f" @ {res.revision[:12]}"
    return text + ")"


def _attempt(a: SourceAttempt) -> str:
    line = f"  {a.source}: {a.outcome}"
    if a.detail:
        line += f": {a.detail}"
    if a.evidence:
        line += f" [{a.evidence}]"
    return line


def explain_resolution(res: Resolution) -> list[str]:
    """The licence, each source tried and what it said, lineage and conflicts."""
    lines = [_summary(res)]
    lines.extend(_attempt(a) for a in res.attempts)
    if res.license is not None and res.license.unknown:
        lines.append(f"  unknown licence name(s): {', '.join(res.license.unknown)}")
    if res.gated:
        lines.append("  gated on the Hub: access must be requested and its terms accepted")
    for conflict in res.conflicts:
        lines.append(f"  conflict: {conflict}")
    for base in res.base_chain:
        if base.license is not None:
            lines.append(f"  base {base.model}: {base.license.spdx} (from {base.source})")
        else:
            lines.append(f"  base {base.model}: unresolved ({base.reason})")
    for message in base_conflicts(res):
        lines.append(f"  base conflict: {message}")
    return lines
