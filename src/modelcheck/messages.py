"""Stage 4 helper: render finding messages from rule templates.

Placeholders are ``{name}`` or ``{name|fallback}``; the names are checked when the rule file is
loaded (``ruleset.PLACEHOLDERS``, ``{fact.<field>}``, ``{project.<fact>}``).
"""

from __future__ import annotations

import re
from typing import Mapping

from modelcheck.condeval import Subject, threshold_fact
from modelcheck.policy import PROJECT_FACTS

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_METRIC_TEXT = {
    "monthly-active-users": "monthly active users",
    "daily-active-users": "daily active users",
    "annual-revenue-usd": "USD of annual revenue",
}
HOW_TO_DECLARE = {
    "commercial": "commercial = true or false",
    "monthly-active-users": "monthly-active-users = <number>",
    "daily-active-users": "daily-active-users = <number>",
    "annual-revenue-usd": "annual-revenue-usd = <number>",
    "distribution": 'distribution = ["internal", "saas", "api", "on-device", "weights"] (those that apply)',  # noqa: E501
    "jurisdictions": 'jurisdictions = ["US", "DE", ...] (region codes; EU members count as "EU")',
    "fine-tunes": "fine-tunes = true or false",
    "trains-on-outputs": "trains-on-outputs = true or false",
}


def show(value: object) -> str:
    """A value as it reads in a message (numbers with thousands separators, lists joined)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(sorted(show(v) for v in value))
    return str(value)


def threshold_text(fact: Mapping[str, object]) -> str:
    """'more than 700,000,000 monthly active users', '1,000,000 daily active users or more'."""
    parsed = threshold_fact(fact)
    if parsed is None:
        return "the licence's threshold"
    key, limit, inclusive = parsed
    amount = f"{show(limit)} {_METRIC_TEXT[key]}"
    return f"{amount} or more" if inclusive else f"more than {amount}"


def values(subject: Subject, fact_names: tuple[str, ...]) -> dict[str, str]:
    """Placeholder values for a subject; ``fact_names`` are the rule's clause-bearing facts."""
    model, res, lf = subject.model, subject.model.resolution, subject.license
    facts = subject.license_facts or {}
    fact = next((facts[n] for n in fact_names if n in facts), None)
    out: dict[str, str] = {
        "model": model.id,
        "expression": res.license.spdx if res is not None and res.license is not None else "?",
        "reason": (res.reason if res is not None else "") or "no source named a licence",
        "conflicts": "; ".join(res.conflicts) if res is not None else "",
        "role": (subject.ref.role or "") if subject.ref is not None else "",
        "unknown": ", ".join(subject.unknown_keys),
        "vague": ", ".join(subject.vague_keys),
    }
    if lf is not None:
        out["license"] = lf.name or lf.key
        out["license_key"] = lf.key
        if lf.url:
            out["url"] = lf.url
    if fact is not None:
        for field, val in fact.items():
            out[f"fact.{field}"] = show(val)
        if "clause" in fact:
            out["clause"] = str(fact["clause"])
        if "url" in fact:
            out["url"] = str(fact["url"])
        if "summary" in fact:
            out["summary"] = str(fact["summary"])
        parsed = threshold_fact(fact)
        if parsed is not None:
            out["threshold"] = threshold_text(fact)
            declared = subject.project.get(parsed[0])
            if declared is not None:
                out["declared"] = f"{parsed[0]} = {show(declared)}"
    for key in PROJECT_FACTS:
        declared = subject.project.get(key)
        if declared is not None:
            out[f"project.{key}"] = show(declared)
    return out


_DEFAULTS = {"clause": "see the licence terms", "license": "its licence", "declared": "not declared"}


def render(template: str, vals: Mapping[str, str]) -> str:
    """Fill ``{name}`` / ``{name|fallback}``; unknown values use the fallback (or a neutral text)."""

    def one(m: re.Match[str]) -> str:
        name, bar, fallback = m.group(1).partition("|")
        value = vals.get(name)
        if value:
            return value
        return fallback if bar else _DEFAULTS.get(name, "?" if not name.startswith("project.") else "undeclared")  # noqa: E501

    return " ".join(_PLACEHOLDER.sub(one, template).split())


def undeclared_hint(missing: frozenset[str]) -> str:
    """The sentence appended to a finding whose result depends on undeclared project facts."""
    parts = "; ".join(HOW_TO_DECLARE.get(m, m) for m in sorted(missing))
    names = ", ".join(sorted(missing))
    return (
        f" [undeclared: this depends on {names}, which the project does not declare; set {parts}"
        " in [tool.modelcheck.project]]"
    )
