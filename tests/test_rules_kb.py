"""The built-in rules against the shipped knowledge base (data/facts) and vocabulary."""

from __future__ import annotations

import datetime as dt

import pytest

from modelcheck.evaluate import evaluate
from modelcheck.model import Finding, License, Location, Model, ModelRef, Resolution, Severity
from modelcheck.policy import ListEntry, Policy, ProjectFacts
from modelcheck.ruleset import load_rules

RULES = load_rules()


def model(model_id: str, spdx: str, key: str) -> Model:
    ref = ModelRef(model_id, model_id, "hub", Location("app.py", 3, 5), "test")
    res = Resolution(model_id, "hub", License(spdx, (key,)), "bundled-index")
    return Model(model_id, "hub", (ref,), res)


def found(m: Model, rule: str, policy: Policy) -> list[Finding]:
    return [f for f in evaluate([m], [], policy, RULES, dt.date(2026, 11, 27)) if f.rule == rule]


def check(m: Model, rule: str, **project: object) -> list[Finding]:
    return found(m, rule, Policy(project=ProjectFacts(**project)))  # type: ignore[arg-type]


LLAMA31 = model("meta-llama/Llama-3.1-8B-Instruct", "LicenseRef-scancode-llama-3.1-license-2024", "llama3.1")  # noqa: E501
DBRX = model("databricks/dbrx-instruct", "LicenseRef-dbrx", "databricks-open-model-license")
QWEN = model("Qwen/Qwen1.5-7B-Chat", "LicenseRef-tongyi-qianwen", "tongyi-qianwen")
BAICHUAN = model("baichuan-inc/Baichuan2-13B-Chat", "LicenseRef-baichuan", "baichuan")
SD35 = model("stabilityai/stable-diffusion-3.5-large", "LicenseRef-sai", "stabilityai-ai-community")


@pytest.mark.parametrize("m", [LLAMA31, DBRX])
def test_700m_mau_boundary(m: Model) -> None:
    assert not check(m, "user-threshold", monthly_active_users=700_000_000)
    (f,) = check(m, "user-threshold", monthly_active_users=700_000_001)
    assert f.severity is Severity.ERROR and f.clause and f.url


def test_qwen_threshold_applies_to_commercial_use() -> None:
    assert check(QWEN, "user-threshold", monthly_active_users=100_000_001, commercial=True)
    assert not check(QWEN, "user-threshold", monthly_active_users=100_000_001, commercial=False)
    assert not check(QWEN, "user-threshold", monthly_active_users=100_000_000, commercial=True)
    (f,) = check(QWEN, "user-threshold", monthly_active_users=200_000_000)
    assert f.severity is Severity.WARNING and f.extra["undeclared"] == ["commercial"]


def test_baichuan_1m_dau_triggers() -> None:
    (f,) = check(BAICHUAN, "user-threshold", daily_active_users=1_000_000, commercial=True)
    assert f.severity is Severity.ERROR
    assert not check(BAICHUAN, "user-threshold", daily_active_users=999_999, commercial=True)


def test_stability_revenue_exactly_1m_triggers() -> None:
    assert check(SD35, "revenue-threshold", annual_revenue_usd=1_000_000)
    assert not check(SD35, "revenue-threshold", annual_revenue_usd=999_999)


def test_llama32_vision_but_not_text_models_in_the_eu() -> None:
    vision = model("meta-llama/Llama-3.2-11B-Vision-Instruct", "LicenseRef-llama3.2", "llama3.2")
    text = model("meta-llama/Llama-3.2-3B-Instruct", "LicenseRef-llama3.2", "llama3.2")
    assert check(vision, "jurisdiction-restriction", jurisdictions=frozenset({"DE"}))
    assert not check(text, "jurisdiction-restriction", jurisdictions=frozenset({"DE"}))
    assert not check(text, "jurisdiction-restriction")  # not even a "declare it" warning
    scout = model("meta-llama/Llama-4-Scout-17B-16E-Instruct", "LicenseRef-llama4", "llama4")
    assert check(scout, "jurisdiction-restriction", jurisdictions=frozenset({"EU"}))


def test_falcon_180b_hosting() -> None:
    m = model("tiiuae/falcon-180B-chat", "LicenseRef-falcon-180b", "falcon-180b-license")
    assert check(m, "hosting-restriction", distribution=frozenset({"api"}))
    assert not check(m, "hosting-restriction", distribution=frozenset({"internal"}))


def test_noncommercial_and_attribution() -> None:
    m = model("CohereLabs/c4ai-command-r-v01", "CC-BY-NC-4.0", "cc-by-nc-4.0")
    (f,) = check(m, "noncommercial-license", commercial=True)
    assert "NonCommercial" in (f.clause or "")
    (a,) = check(LLAMA31, "attribution-required", distribution=frozenset({"saas"}))
    assert "Built with Llama" in a.message


def test_allow_list_with_the_shipped_vocabulary() -> None:
    pol = Policy(allow=(ListEntry("Llama 3.1 Community License Agreement"),))
    assert not found(LLAMA31, "license-not-allowed", pol)
    assert found(LLAMA31, "license-not-allowed", Policy(allow=(ListEntry("Apache 2.0"),)))
    mixed = model("a/b", "MIT OR LicenseRef-scancode-llama-3.1-license-2024", "mit")
    mixed = Model(mixed.id, "hub", mixed.references, Resolution("a/b", "hub", License(
        "MIT OR LicenseRef-scancode-llama-3.1-license-2024", ("mit", "llama3.1")), "bundled-index"))
    assert not found(mixed, "license-not-allowed", Policy(allow=(ListEntry("The MIT License"),)))


def test_llama_acceptable_use_policy_must_be_passed_on() -> None:
    from modelcheck.facts import load_facts

    facts = load_facts()
    for key in ("llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"):
        assert facts[key].facts["use-restrictions"]["pass-on"] is True, key


def test_falcon_180b_hosting_bars_api_not_saas() -> None:
    from modelcheck.facts import load_facts

    hosting = load_facts()["falcon-180b-license"].facts["hosting"]
    assert (hosting["api"], hosting["saas"]) == (True, False)
