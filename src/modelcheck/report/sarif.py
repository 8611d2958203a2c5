"""Stage 6 (report): SARIF 2.1.0 for GitHub code scanning. Pure: ``render(result) -> str``.

One result per finding, located at the model reference (repo-relative ``uri`` with
``uriBaseId: %SRCROOT%``). GitHub rejects a whole upload when any result lacks an artifact
location, so a finding without a place falls back to its model's first reference, then to the
config file, then to a placeholder file name without a region.

``partialFingerprints.primaryLocationLineHash`` is ``<hash>:<n>``: the hash covers the rule, the
model, the file and the content at the location (the stripped source line when a line reader is
given, else the reference text as written), never the line number; ``n`` counts identical hashes
in file order. Edits elsewhere that shift lines therefore keep alerts matched.

GitHub's limits are applied with a note in the invocation: at most 25,000 results per run (the most
severe are kept), 1,000 locations per result, 10 MB gzipped.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import quote

from modelcheck import __version__
from modelcheck.model import CheckResult, Finding, Location, Model, RuleInfo
from modelcheck.report._common import (
    SARIF_LEVEL,
    counts,
    finding_location,
    licence_label,
    openness_label,
    model_of,
    models_by_id,
    source_label,
    truncate,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
MAX_RESULTS = 25_000
MAX_LOCATIONS = 1_000
MAX_GZIP_BYTES = 10 * 1024 * 1024
MAX_DESCRIPTION = 1024  # GitHub: shortDescription / fullDescription text
PLACEHOLDER_URI = "pyproject.toml"

# Returns the text of the line at a location (or None); injected by the CLI, which may do I/O.
LineSource = Callable[[Location], "str | None"]


def render(result: CheckResult) -> str:
    """The SARIF log for ``result`` (registry entry; no file access)."""
    return render_sarif(result)


def render_sarif(
    result: CheckResult,
    *,
    line_text: LineSource | None = None,
    max_results: int = MAX_RESULTS,
    max_locations: int = MAX_LOCATIONS,
    max_gzip_bytes: int = MAX_GZIP_BYTES,
) -> str:
    """The SARIF log, with limits as parameters so tests can exercise the truncation."""
    models = models_by_id(result)
    rules, rule_index = _rules(result)
    prints = fingerprints(result, line_text)
    order = sorted(range(len(result.findings)), key=lambda i: -int(result.findings[i].severity))
    keep = min(len(order), max_results)
    while True:
        notes: list[str] = []
        if keep < len(order):
            notes.append(
                f"{len(order) - keep} of {len(order)} results omitted to stay within GitHub's "
                "limits; the least severe were dropped. Run `modelcheck --format json` for all."
            )
        results = [
            _result(result.findings[i], prints[i], models, rule_index, result, max_locations)
            for i in order[:keep]
        ]
        text = json.dumps(_log(result, rules, results, notes), indent=2, ensure_ascii=False) + "\n"
        raw = text.encode("utf-8")
        if len(raw) <= max_gzip_bytes or keep == 0:
            return text
        if len(gzip.compress(raw, compresslevel=6, mtime=0)) <= max_gzip_bytes:
            return text
        keep //= 2


def fingerprints(result: CheckResult, line_text: LineSource | None = None) -> list[str]:
    """``primaryLocationLineHash`` for each finding of ``result`` (same order)."""
    models = models_by_id(result)
    seen: dict[str, int] = {}
    out: list[str] = []
    for finding in result.findings:
        loc = finding_location(finding, models)
        content = _content(finding, loc, model_of(finding, models), line_text)
        key = "\x00".join((finding.rule, (finding.model or "").casefold(), loc.path if loc else "", content))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def _content(finding: Finding, loc: Location | None, model: Model | None, line_text: LineSource | None) -> str:
    if loc is None:
        return ""
    if line_text is not None:
        line = line_text(loc)
        if line is not None:
            return " ".join(line.split())
    if model is not None:
        for ref in model.references:
            if ref.location == loc:
                return ref.text.strip()
    return ""


def _log(result: CheckResult, rules: list[dict[str, object]], results: list[dict[str, object]],
         notes: list[str]) -> dict[str, object]:
    invocation: dict[str, object] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = [
            {"level": "warning", "message": {"text": note}} for note in notes
        ]
    root = Path(result.root)
    if root.is_absolute():
        invocation["workingDirectory"] = {"uri": root.as_uri()}
    properties: dict[str, object] = {
        "filesScanned": result.files_scanned,
        "models": len(result.models),
        "findings": len(result.findings),
        # per level, before any truncation: what the GitHub Action reports as outputs
        "counts": {SARIF_LEVEL[s]: n for s, n in counts(result.findings).items()},
        "failOn": result.fail_on.label,
    }
    if result.index_date:
        properties["indexDate"] = result.index_date
    run: dict[str, object] = {
        "tool": {"driver": {"name": "modelcheck", "version": __version__,
                            "semanticVersion": __version__, "rules": rules}},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": properties,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rules(result: CheckResult) -> tuple[list[dict[str, object]], dict[str, int]]:
    infos: dict[str, RuleInfo] = {rule.id: rule for rule in result.rules}
    for finding in result.findings:  # rules seen only in findings (e.g. scan issues)
        if finding.rule not in infos:
            infos[finding.rule] = RuleInfo(finding.rule, finding.severity, finding.rule, finding.message)
    clauses: dict[str, list[tuple[str, str]]] = {}
    for finding in result.findings:
        pair = (finding.clause or "", finding.url or "")
        bucket = clauses.setdefault(finding.rule, [])
        if pair != ("", "") and pair not in bucket and len(bucket) < 10:
            bucket.append(pair)
    ids = sorted(infos)
    return [_rule(infos[i], clauses.get(i, [])) for i in ids], {rule_id: n for n, rule_id in enumerate(ids)}


def _rule(rule: RuleInfo, clauses: list[tuple[str, str]]) -> dict[str, object]:
    text, markdown = _help(rule, clauses)
    entry: dict[str, object] = {
        "id": rule.id,
        "name": "".join(part.capitalize() for part in rule.id.replace("_", "-").split("-")),
        "shortDescription": {"text": truncate(rule.title or rule.id, MAX_DESCRIPTION)},
        "fullDescription": {"text": truncate(rule.description or rule.title or rule.id, MAX_DESCRIPTION)},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": SARIF_LEVEL[rule.severity]},
        "properties": {"tags": ["licence-compliance", "ml-model"]},
    }
    if rule.url.startswith(("https://", "http://")):
        entry["helpUri"] = rule.url
    return entry


def _help(rule: RuleInfo, clauses: list[tuple[str, str]]) -> tuple[str, str]:
    text = [rule.title or rule.id]
    markdown = [f"**{rule.title or rule.id}**"]
    if rule.description:
        text.append(rule.description)
        markdown.append(rule.description)
    if rule.rationale:
        text.append(f"Why: {rule.rationale}")
        markdown.append(f"**Why:** {rule.rationale}")
    if clauses:
        text.append("Licence clauses: " + "; ".join(_clause_text(c, u) for c, u in clauses))
        markdown.append("**Licence clauses:**\n\n" + "\n".join(f"- {_clause_md(c, u)}" for c, u in clauses))
    if rule.remediation:
        text.append(f"Fix: {rule.remediation}")
        markdown.append(f"**Fix:** {rule.remediation}")
    if rule.url:
        text.append(f"More: {rule.url}")
        markdown.append(f"[More about `{rule.id}`]({rule.url})")
    return "\n\n".join(text), "\n\n".join(markdown)


def _clause_text(clause: str, url: str) -> str:
    return f"{clause} ({url})" if clause and url else clause or url


def _clause_md(clause: str, url: str) -> str:
    return f"[{clause or url}]({url})" if url else clause


def _result(finding: Finding, fingerprint: str, models: dict[str, Model], rule_index: dict[str, int],
            result: CheckResult, max_locations: int) -> dict[str, object]:
    model = model_of(finding, models)
    loc = finding_location(finding, models)
    message = finding.message
    if finding.clause or finding.url:
        message += f" [{_clause_text(finding.clause or '', finding.url or '')}]"
    entry: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index[finding.rule],
        "level": SARIF_LEVEL[finding.severity],
        "message": {"text": message},
        "locations": [_location(loc, result)],
        "partialFingerprints": {"primaryLocationLineHash": fingerprint},
    }
    properties: dict[str, object] = {}
    if finding.model:
        properties["model"] = finding.model
    if model is not None:
        properties["kind"] = model.kind
        properties["licence"] = licence_label(model)
        properties["source"] = source_label(model)
        if model.id in result.openness:
            properties["openness"] = openness_label(result, model.id)
        others = [ref.location for ref in model.references if ref.location != loc]
        room = max(0, max_locations - 1)
        if others and room:
            entry["relatedLocations"] = [
                {"id": n, **_location(other, result), "message": {"text": f"{model.id} is also referenced here"}}
                for n, other in enumerate(others[:room], start=1)
            ]
        if len(others) > room:
            properties["relatedLocationsOmitted"] = len(others) - room
    if finding.clause:
        properties["clause"] = finding.clause
    if finding.url:
        properties["url"] = finding.url
    details = _json_safe(finding.extra.items())
    if details:
        properties["details"] = details
    if properties:
        entry["properties"] = properties
    return entry


def _location(loc: Location | None, result: CheckResult) -> dict[str, object]:
    if loc is None or not loc.path:
        uri = result.config_path or PLACEHOLDER_URI
        return {"physicalLocation": {"artifactLocation": {"uri": quote(uri), "uriBaseId": SRCROOT}}}
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": quote(loc.path), "uriBaseId": SRCROOT},
            "region": {"startLine": max(1, loc.line), "startColumn": max(1, loc.column)},
        }
    }


def _json_safe(items: Iterable[tuple[str, object]]) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in items:
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[str(key)] = value
        elif isinstance(value, (list, tuple)) and all(isinstance(v, (str, int, float, bool)) for v in value):
            out[str(key)] = list(value)
    return out
