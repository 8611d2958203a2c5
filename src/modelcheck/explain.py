"""Presentation of rules: ``modelcheck rules``, ``modelcheck explain RULE`` and the rule docs pages.

Pure functions of ``Rule`` values; the CLI prints what they return.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from modelcheck.conditions import All, Any_, Condition, LicenseFactsLike, Not, Pred
from modelcheck.ruleset import Rule


def format_rule_list(rules: Sequence[Rule]) -> str:
    """One line per rule: id, default severity, kind and title (sorted by id)."""
    rows = sorted(rules, key=lambda r: r.id)
    width = max((len(r.id) for r in rows), default=2)
    lines = [f"{'id'.ljust(width)}  severity  kind       title"]
    for r in rows:
        lines.append(f"{r.id.ljust(width)}  {r.severity.label.ljust(8)}  {r.kind.ljust(9)}  {r.title}")
    return "\n".join(lines) + "\n"


def _arg(value: object) -> str:
    if isinstance(value, tuple):
        if value[:1] == ("path",):
            return str(value[1])
        return "[" + ", ".join(_arg(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)


def condition_lines(cond: Condition, indent: int = 0) -> list[str]:
    """The condition in the rule-file syntax, one predicate per line."""
    pad = "  " * indent
    if isinstance(cond, (All, Any_)):
        word = "all" if isinstance(cond, All) else "any"
        out = [f"{pad}{word}:"]
        for item in cond.items:
            sub = condition_lines(item, indent + 2)
            sub[0] = f"{pad}  - " + sub[0].lstrip()
            out += sub
        return out
    if isinstance(cond, Not):
        return [f"{pad}not:", *condition_lines(cond.item, indent + 1)]
    assert isinstance(cond, Pred)
    return [f"{pad}{cond.path}: {{{cond.op}: {_arg(cond.arg)}}}"]


def _clause_text(rule: Rule) -> str:
    if rule.kind == "builtin":
        return "Policy rule evaluated by modelcheck itself (no licence clause)."
    if not rule.facts:
        return "No licence clause: this rule is about the model's resolution."
    names = ", ".join(f"`{f}`" for f in rule.facts)
    return (
        f"Cites the licence's {names} fact from the knowledge base: each finding names the clause"
        " and links the licence text of the licence that triggered it."
    )


def licences_with_terms(rule: Rule, facts: Mapping[str, LicenseFactsLike]) -> list[str]:
    """One line per licence in the knowledge base that has a fact this rule cites, with its clause."""
    lines = []
    for key in sorted(facts):
        lf = facts[key]
        for name in rule.facts:
            fact = lf.facts.get(name)
            if fact is None:
                continue
            clause, url = fact.get("clause"), fact.get("url")
            summary = str(fact.get("summary") or "").strip()
            lines.append(f"- {lf.name or key} (`{key}`): {clause}, {url}" + (f"\n    {summary}" if summary else ""))
            break
    return lines


def format_explain(rule: Rule, facts: Mapping[str, LicenseFactsLike] | None = None) -> str:
    """The full explanation of a rule (plain text for the terminal); with ``facts``, the licences
    whose terms the rule applies, each with its clause and source."""
    lines = [
        f"{rule.id} ({rule.severity.label}, {rule.kind})",
        rule.title,
        "",
        "What it does:",
        f"  {rule.description}",
        "",
        "Why it matters:",
        f"  {rule.rationale}",
        "",
        "Licence clause:",
        f"  {_clause_text(rule)}",
        "",
        "How to fix:",
        f"  {rule.remediation}",
    ]
    terms = licences_with_terms(rule, facts) if facts else []
    if terms:
        lines += ["", "Licences with this term (clause, source):", *("  " + ln for ln in terms)]
    if rule.when is not None:
        lines += ["", "Condition:", *("  " + ln for ln in condition_lines(rule.when))]
    if rule.example:
        lines += ["", "Example:", *("  " + ln for ln in rule.example.splitlines())]
    if rule.url:
        lines += ["", f"More: {rule.url}"]
    lines += ["", f"Defined at: {rule.defined_at.path}:{rule.defined_at.line}"]
    return "\n".join(lines) + "\n"


def format_doc_page(rule: Rule) -> str:
    """The Markdown docs page ``docs/rules/<id>.md`` (generated; do not edit by hand)."""
    parts = [
        f"# {rule.id}",
        "",
        f"<!-- Generated from {rule.defined_at.path} by `python scripts/gen_rule_docs.py`. -->",
        "",
        f"**{rule.title}**",
        "",
        f"Default severity: `{rule.severity.label}`. Kind: `{rule.kind}`."
        + (f" Since: {rule.since}." if rule.since else ""),
        "",
        "## What it does",
        "",
        rule.description,
        "",
        "## Why it matters",
        "",
        rule.rationale,
        "",
        "## Licence clause",
        "",
        _clause_text(rule),
    ]
    if rule.when is not None:
        parts += ["", "## Condition", "", "```yaml", *condition_lines(rule.when), "```"]
        parts += ["", "## Message", "", f"`{rule.message}`"]
    if rule.example:
        parts += ["", "## Example", "", "```", *rule.example.splitlines(), "```"]
    parts += ["", "## How to fix", "", rule.remediation]
    parts += ["", "Suppress it for one reference with `# modelcheck: ignore[" + rule.id + "]`,"
              " for a model with an `[[tool.modelcheck.exceptions]]` entry (reason required), or"
              f' change its severity with `[tool.modelcheck.rules] {rule.id} = "warning"`.']  # fmt: skip
    if rule.url:
        parts += ["", f"More: <{rule.url}>"]
    return "\n".join(parts) + "\n"
