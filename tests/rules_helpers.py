"""Test helpers for the rule engine: a stand-in facts loader and Model builders."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from modelcheck.evaluate import evaluate
from modelcheck.model import Finding, License, Location, Model, ModelRef, Resolution, ScanIssue
from modelcheck.policy import Policy, ProjectFacts
from modelcheck.ruleset import Rule, load_rules

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

FACTS_FILE = Path(__file__).parent / "fixtures" / "facts" / "standin.toml"
TODAY = dt.date(2026, 11, 27)


@dataclass(frozen=True)
class StandinFacts:
    """Same shape as modelcheck.facts.LicenseFacts."""

    key: str
    family: str | None
    name: str | None
    url: str | None
    category: str | None
    facts: Mapping[str, Mapping[str, object]] = field(default_factory=dict)


def load_standin_facts(path: Path = FACTS_FILE) -> dict[str, StandinFacts]:
    data = tomllib.loads(path.read_text("utf-8"))
    out = {}
    for key, table in data.items():
        tops = {k: table.get(k) for k in ("family", "name", "url", "category")}
        facts = {k: v for k, v in table.items() if isinstance(v, dict)}
        out[key] = StandinFacts(key, **tops, facts=facts)
    return out


FACTS = load_standin_facts()
RULES = load_rules()
VOCAB = {"mit": "mit", "apache-2.0": "apache-2.0", "licenseref-scancode-llama-3.1": "llama3.1",
         "llama-3.1": "llama3.1", "llama3.1": "llama3.1", "cc-by-nc-4.0": "cc-by-nc-4.0"}
# (keys are data_index.normalise() spellings, as licexpr.load_vocabulary builds them)


def ref(model_id: str, path: str = "train.py", line: int = 1, **kw: object) -> ModelRef:
    return ModelRef(id=model_id, text=model_id, kind="hub", location=Location(path, line, 1),
                    via="test", **kw)  # type: ignore[arg-type]


def lic(spdx: str, *keys: str) -> License:
    return License(spdx=spdx, keys=keys or (spdx.lower(),))


def res(model_id: str, license: License | None, **kw: object) -> Resolution:
    return Resolution(model=model_id, kind="hub", license=license,
                      source="bundled-index" if license else None, **kw)  # type: ignore[arg-type]


def model(model_id: str, spdx: str | None, *keys: str, refs: Sequence[ModelRef] | None = None,
          bases: Sequence[Resolution] = (), **kw: object) -> Model:
    license = lic(spdx, *keys) if spdx is not None else None
    references = tuple(refs) if refs is not None else (ref(model_id),)
    r = res(model_id, license, base_chain=tuple(bases), **kw)
    return Model(id=model_id, kind="hub", references=references, resolution=r)


def run(models: Sequence[Model], project: ProjectFacts | None = None, *,
        issues: Sequence[ScanIssue] = (), policy: Policy | None = None,
        rules: Sequence[Rule] = RULES, today: dt.date = TODAY) -> list[Finding]:
    pol = policy if policy is not None else Policy(project=project or ProjectFacts())
    return evaluate(models, issues, pol, rules, today, facts=FACTS, vocabulary=VOCAB)


def ids(findings: Sequence[Finding]) -> list[str]:
    return [f.rule for f in findings]


def only(findings: Sequence[Finding], rule: str) -> list[Finding]:
    return [f for f in findings if f.rule == rule]
