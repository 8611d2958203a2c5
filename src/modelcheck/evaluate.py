"""Stage 4 (first slice): two hard-coded rules. Replaced by the rule engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from modelcheck.config import Config
from modelcheck.model import Finding, Model, RuleInfo, ScanIssue, Severity


@dataclass(frozen=True, slots=True)
class Rule:
    info: RuleInfo


def load_rules(config: Config) -> list[Rule]:
    return [
        Rule(RuleInfo("unresolved-license", Severity.ERROR, "Licence could not be determined", "")),
        Rule(RuleInfo("noncommercial-license", Severity.ERROR, "Non-commercial licence in a commercial project", "")),
    ]


def evaluate(models: Sequence[Model], issues: Sequence[ScanIssue], config: Config, rules: Sequence[Rule]) -> list[Finding]:
    findings = []
    commercial = config.project.get("commercial")
    for model in models:
        res = model.resolution
        loc = model.first.location if model.first else None
        if res is None or res.license is None:
            findings.append(Finding("unresolved-license", Severity.ERROR,
                                    f"licence of {model.id} could not be determined: {res.reason if res else ''}", loc, model.id))
        elif commercial is not None and commercial.value and "cc-by-nc-4.0" in res.license.keys:
            findings.append(Finding("noncommercial-license", Severity.ERROR,
                                    f"{model.id} is licensed {res.license.spdx}, which forbids commercial use", loc, model.id))
    return findings
