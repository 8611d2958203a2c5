"""JSON reporter: the stable, versioned machine contract (schema_version 1, see README)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Mapping

from modelcheck import __version__
from modelcheck.model import CheckResult, Finding, Model, ModelRef, Resolution, Severity

SCHEMA_VERSION = 1


def tool() -> dict[str, str]:
    return {"name": "modelcheck", "version": __version__}


def reference_json(ref: ModelRef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "path": ref.location.path,
        "line": ref.location.line,
        "column": ref.location.column,
        "text": ref.text,
        "via": ref.via,
    }
    if ref.role:
        out["role"] = ref.role
    if ref.revision:
        out["revision"] = ref.revision
    if ref.filename:
        out["filename"] = ref.filename
    return out


def license_json(res: Resolution | None) -> dict[str, Any] | None:
    if res is None or res.license is None:
        return None
    lic = res.license
    return {
        "spdx": lic.spdx,
        "hf": lic.hf,
        "name": lic.name,
        "url": lic.url,
        "keys": list(lic.keys),
        "source": res.source,
        "evidence": res.evidence,
        "revision": res.revision,
    }


def resolution_json(res: Resolution | None) -> dict[str, Any] | None:
    if res is None:
        return None
    return {
        "source": res.source,
        "reason": res.reason or None,
        "attempts": [
            {"source": a.source, "outcome": a.outcome, "detail": a.detail, "evidence": a.evidence, "revision": a.revision}
            for a in res.attempts
        ],
        "base_models": list(res.base_models),
        "base_chain": [
            {"id": b.model, "license": b.license.spdx if b.license else None, "source": b.source} for b in res.base_chain
        ],
        "conflicts": list(res.conflicts),
        "gated": res.gated,
    }


def model_json(model: Model, openness: Mapping[str, object] | None = None) -> dict[str, Any]:
    return {
        "id": model.id,
        "kind": model.kind,
        "references": [reference_json(r) for r in model.references],
        "license": license_json(model.resolution),
        "resolution": resolution_json(model.resolution),
        "openness": dict(openness) if openness is not None else None,
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    loc = finding.location
    out: dict[str, Any] = {
        "rule": finding.rule,
        "severity": finding.severity.label,
        "model": finding.model,
        "path": loc.path if loc else None,
        "line": loc.line if loc else None,
        "column": loc.column if loc else None,
        "message": finding.message,
    }
    if finding.clause:
        out["clause"] = finding.clause
    if finding.url:
        out["url"] = finding.url
    return out


def summary_json(result: CheckResult) -> dict[str, Any]:
    counts = Counter(f.severity for f in result.findings)
    licences = Counter(
        m.resolution.license.spdx if m.resolution and m.resolution.license else "unresolved" for m in result.models
    )
    return {
        "files_scanned": result.files_scanned,
        "models": len(result.models),
        "licenses": dict(sorted(licences.items())),
        "findings": {s.label: counts[s] for s in sorted(Severity, reverse=True)},
        "fail_on": result.fail_on.label,
        "index_date": result.index_date,
    }


def render(result: CheckResult) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": tool(),
        "models": [model_json(m, result.openness.get(m.id)) for m in result.models],
        "findings": [finding_json(f) for f in result.findings],
        "summary": summary_json(result),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
