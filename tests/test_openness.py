"""Openness: classification of the seed systems, the require-openness policy, declared facts."""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from modelcheck.config import load_config
from modelcheck.errors import ConfigError
from modelcheck.model import License, Location, Model, ModelRef, Resolution
from modelcheck.openness import (
    COMPONENTS, Openness, OpennessPolicy, bundled, check_openness, classify, classify_models,
    declarations_from_config, openness_properties, openness_summary, openness_to_json,
    parse_declarations, parse_policy, policy_from_config)
from modelcheck.openness.facts import parse_data
from modelcheck.openness.licences import is_open, is_restrictive


def lic(*keys: str, spdx: str | None = None) -> License:
    return License(spdx=spdx or " AND ".join(f"LicenseRef-{k}" for k in keys), keys=keys)


def model(mid: str, license: License | None = None, line: int = 3) -> Model:
    ref = ModelRef(mid, mid, "hub", Location("train.py", line, 5), "transformers.from_pretrained")
    res = Resolution(mid, "hub", license, "bundled-index" if license else None)
    return Model(mid, "hub", (ref,), res)


# ------------------------------------------------------------------ seed systems


def test_llama3_is_open_weights_with_restricted_licence_not_open_source() -> None:
    o = classify("meta-llama/Meta-Llama-3-8B-Instruct", lic("llama3"),
                 {"llama3": {"category": "restricted"}})
    assert o.level == "open-weights"
    assert o.mof_class is None
    assert o.components["weights"].licence == "llama3"
    assert not o.components["weights"].open
    assert o.components["training-code"].status == "closed"
    assert o.components["training-data"].status == "closed"
    assert any("llama3 restricts use" in b for b in o.missing_for_open_source)
    assert "weights" in o.missing_for_next
    assert o.facts == "Llama 3"


def test_llama3_restrictive_without_knowledge_base_by_fallback_table() -> None:
    o = classify("meta-llama/Meta-Llama-3-8B", lic("llama3"), None)
    assert o.level == "open-weights"
    assert any("restricts use" in b for b in o.missing_for_open_source)


def test_mistral_7b_apache_weights_but_no_training_code_or_data() -> None:
    o = classify("mistralai/Mistral-7B-v0.1", lic("apache-2.0", spdx="Apache-2.0"),
                 {"apache-2.0": {"category": "permissive"}})
    assert o.level == "open-weights"
    w = o.components["weights"]
    assert (w.status, w.licence, w.open) == ("open", "apache-2.0", True)
    assert o.components["training-code"].status == "closed"
    assert o.components["training-data"].status == "closed"
    assert "training code not published" in o.missing_for_open_source
    assert o.mof_class is None
    assert o.missing_for_next == ("data-card", "technical-report")


def test_bloom_rail_with_documented_data_is_not_open_source() -> None:
    o = classify("bigscience/bloom", lic("bigscience-bloom-rail-1.0"))
    assert o.level == "open-weights"
    assert o.components["training-data"].status == "documented"
    assert o.components["checkpoints"].status == "public"
    assert any("bigscience-bloom-rail-1.0 restricts use" in b for b in o.missing_for_open_source)
    assert o.osi == "would-pass-with-licence-change"
    assert o.mof_class is None and "weights" in o.missing_for_next


def test_gpt2_code_and_weights_published_training_data_not() -> None:
    o = classify("openai-community/gpt2", lic("mit", spdx="MIT"))
    assert o.level == "open-weights"
    assert o.components["weights"].open
    assert o.components["inference-code"].open
    assert o.components["training-code"].status == "closed"
    assert o.components["training-data"].status == "closed"
    assert any("training data neither" in b for b in o.missing_for_open_source)


def test_olmo_is_open_source_and_mof_class_1() -> None:
    o = classify("allenai/OLMo-7B", lic("apache-2.0", spdx="Apache-2.0"))
    assert o.level == "open-source"
    assert o.mof_class == 1
    assert o.mof_label == "Class I (Open Science)"
    assert o.missing_for_next == () and o.missing_for_open_source == ()
    assert o.components["training-data"].licence == "odc-by"
    assert o.osi == "passed"


def test_pythia_is_open_source_but_class_2_because_the_pile_has_no_open_licence() -> None:
    o = classify("EleutherAI/pythia-1.4b")
    assert o.level == "open-source"
    assert o.mof_class == 2
    assert o.missing_for_next == ("training-data",)


@pytest.mark.parametrize("mid, level, mof", [
    ("EleutherAI/gpt-neox-20b", "open-source", 3),
    ("ibm-granite/granite-4.0-micro", "open-weights", 3),
    ("LLM360/Amber", "open-source", 1),
    ("bigcode/starcoder2-15b", "open-weights", None),
    ("google-t5/t5-base", "open-source", None),
    ("openai/whisper-large-v3", "open-weights", None),
    ("openai:gpt-4o", "closed", None),
])
def test_other_families(mid: str, level: str, mof: int | None) -> None:
    o = classify(mid)
    assert (o.level, o.mof_class) == (level, mof)


def test_resolved_licence_wins_over_family_facts() -> None:
    # Qwen2.5: Apache family with a research-licensed 3B in the middle.
    assert classify("Qwen/Qwen2.5-7B-Instruct").components["weights"].licence == "apache-2.0"
    assert classify("Qwen/Qwen2.5-3B-Instruct").components["weights"].licence == "qwen-research"
    o = classify("mistralai/Ministral-8B-Instruct-2410", lic("mrl"))
    assert o.level == "open-weights" and o.components["weights"].origin == "licence"
    assert any("mrl restricts use" in b for b in o.missing_for_open_source)


def test_or_expression_takes_the_open_choice() -> None:
    o = classify("acme/dual", lic("apache-2.0", "llama3", spdx="Apache-2.0 OR LicenseRef-llama3"))
    assert o.components["weights"].open
    assert not any("restricts" in b for b in o.missing_for_open_source)
    o = classify("acme/both", lic("apache-2.0", "llama3", spdx="Apache-2.0 AND LicenseRef-llama3"))
    assert not o.components["weights"].open


@dataclass(frozen=True)
class FactsLike:
    category: str


def test_category_from_knowledge_base_beats_fallback() -> None:
    assert is_restrictive("acme-model-licence", {"acme-model-licence": FactsLike("non-commercial")})
    assert not is_restrictive("acme-model-licence", None)
    lists = bundled().licences
    # a key the fallback calls restrictive is open if the knowledge base says permissive and it is listed
    assert not is_open("cc-by-nc-4.0", lists)
    assert is_open("apache-2.0", lists, {"apache-2.0": {"category": "permissive"}})
    assert not is_open("apache-2.0", lists, {"apache-2.0": {"category": "proprietary"}})


# ------------------------------------------------------------------ unknown models and evidence


def test_unknown_model_is_unknown_and_says_what_to_declare() -> None:
    o = classify("acme/secret-model")
    assert o.level == "unknown"
    assert o.mof_class is None and o.facts is None
    assert set(o.undeclared) == set(COMPONENTS)
    assert "[[tool.modelcheck.openness]]" in o.reasons[0]
    assert 'model = "acme/secret-model"' in o.reasons[0]
    [f] = check_openness([model("acme/secret-model")], OpennessPolicy(("open-weights",)))
    assert "unknown" in f.message and "declare" in f.message


def test_unknown_model_with_a_licence_is_open_weights_and_says_facts_are_missing() -> None:
    o = classify("acme/published", lic("apache-2.0", spdx="Apache-2.0"))
    assert o.level == "open-weights"
    assert any("no openness facts recorded" in r for r in o.reasons)
    assert "training code unknown (declare it)" in o.missing_for_open_source


def test_card_datasets_upgrade_unknown_training_data_to_documented_only() -> None:
    o = classify("acme/published", lic("apache-2.0", spdx="Apache-2.0"),
                 card_meta={"datasets": ["allenai/dolma", 3]})
    assert o.components["training-data"].status == "documented"
    assert o.components["training-data"].origin == "card"
    assert o.components["model-card"].status in ("public", "open")
    assert o.level == "open-weights"  # training code still unknown: no overclaiming
    # facts that say closed are not overridden by a card's datasets list
    m = classify("mistralai/Mistral-7B-v0.1", card_meta={"datasets": ["foo/bar"]})
    assert m.components["training-data"].status == "closed"


def write_config(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_declared_facts_from_config_make_an_unknown_model_open_source(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, """\
        [tool.modelcheck]
        require-openness = "open-source"

        [[tool.modelcheck.openness]]
        model = "acme/chat-*"
        weights = { status = "public", licence = "apache-2.0" }
        inference-code = "public"
        inference-code-licence = "mit"
        training-code = { status = "public", licence = "apache-2.0", url = "https://example.org/train" }
        training-data = "documented"
        sources = ["https://example.org/release-notes"]
        """))
    declared = declarations_from_config(cfg)
    assert declared[0].location is not None and declared[0].location.line >= 4
    o = classify("acme/chat-7b", None, None, None, declared)
    assert o.level == "open-source", o.reasons
    assert o.components["training-code"].origin == "config"
    assert "https://example.org/release-notes" in o.sources
    policy = policy_from_config(cfg)
    assert check_openness([model("acme/chat-7b")], policy, declared=declared) == []
    [f] = check_openness([model("acme/other")], policy, declared=declared)
    assert f.rule == "openness-required"


def test_declared_facts_override_bundled_per_component() -> None:
    [entry] = parse_declarations([{"model": "mistralai/Mistral-7B-v0.1", "training-code": "public",
                                   "training-code-licence": "apache-2.0", "training-data": "documented"}],
                                 Location("modelcheck.toml", 7))
    o = classify("mistralai/Mistral-7B-v0.1", declared=[entry])
    assert o.level == "open-source"
    assert o.components["inference-code"].origin == "bundled"


def test_bad_declaration_is_a_config_error_with_location() -> None:
    where = Location("modelcheck.toml", 12)
    with pytest.raises(ConfigError, match="training-data = 'sort of'") as exc:
        parse_declarations([{"model": "acme/x", "training-data": "sort of"}], where)
    assert str(exc.value).startswith("modelcheck.toml:12:")
    with pytest.raises(ConfigError, match="unknown key"):
        parse_declarations([{"model": "acme/x", "trainig-data": "public"}], where)
    with pytest.raises(ConfigError, match="needs `model`"):
        parse_declarations([{"weights": "public"}], where)


# ------------------------------------------------------------------ the policy rule

ZOO = [
    model("meta-llama/Meta-Llama-3-8B", lic("llama3"), 1),
    model("mistralai/Mistral-7B-v0.1", lic("apache-2.0", spdx="Apache-2.0"), 2),
    model("allenai/OLMo-7B", lic("apache-2.0", spdx="Apache-2.0"), 3),
    model("EleutherAI/pythia-1b", lic("apache-2.0", spdx="Apache-2.0"), 4),
    model("EleutherAI/gpt-neox-20b", lic("apache-2.0", spdx="Apache-2.0"), 5),
    model("ibm-granite/granite-4.0-micro", lic("apache-2.0", spdx="Apache-2.0"), 6),
    model("openai:gpt-4o", None, 7),
    model("acme/unknown", None, 8),
]


@pytest.mark.parametrize("requirement, failing", [
    ("open-weights", {"openai:gpt-4o", "acme/unknown"}),
    ("open-source", {"meta-llama/Meta-Llama-3-8B", "mistralai/Mistral-7B-v0.1",
                     "ibm-granite/granite-4.0-micro", "openai:gpt-4o", "acme/unknown"}),
    ("mof-class-3", {"meta-llama/Meta-Llama-3-8B", "mistralai/Mistral-7B-v0.1", "openai:gpt-4o",
                     "acme/unknown"}),
    ("mof-class-2", {"meta-llama/Meta-Llama-3-8B", "mistralai/Mistral-7B-v0.1", "openai:gpt-4o",
                     "acme/unknown", "EleutherAI/gpt-neox-20b", "ibm-granite/granite-4.0-micro"}),
    ("mof-class-1", {m.id for m in ZOO} - {"allenai/OLMo-7B"}),
])
def test_requirement_levels(requirement: str, failing: set[str]) -> None:
    policy = parse_policy(requirement, Location("pyproject.toml", 3))
    findings = check_openness(ZOO, policy)
    assert {f.model for f in findings} == failing
    for f in findings:
        assert f.rule == "openness-required" and f.severity.label == "error"
        assert f.location is not None and f.location.path == "train.py"
        assert f.extra["requirement"] == requirement
        json.dumps(f.extra)


def test_messages_name_what_is_missing() -> None:
    by_model = {f.model: f.message for f in check_openness(ZOO, parse_policy("open-source", Location("p", 1)))}
    assert "training code not published" in by_model["mistralai/Mistral-7B-v0.1"]
    assert "llama3 restricts use" in by_model["meta-llama/Meta-Llama-3-8B"]
    assert "weights are not published" not in by_model["openai:gpt-4o"]  # level closed, OSAID blockers
    by_model = {f.model: f.message for f in check_openness(ZOO, parse_policy("mof-class-2", Location("p", 1)))}
    assert "Class II (Open Tooling) also needs open: evaluation" in by_model["EleutherAI/gpt-neox-20b"]
    assert "training-code" in by_model["ibm-granite/granite-4.0-micro"]
    weights = {f.model: f.message for f in check_openness(ZOO, parse_policy("open-weights", Location("p", 1)))}
    assert "weights are not published" in weights["openai:gpt-4o"]


def test_per_glob_override_most_specific_wins(tmp_path: Path) -> None:
    cfg = load_config(write_config(tmp_path, """\
        [tool.modelcheck.require-openness]
        default = "open-source"
        "meta-llama/*" = "open-weights"
        "EleutherAI/*" = "mof-class-1"
        "EleutherAI/pythia-*" = "mof-class-2"
        "EleutherAI/gpt-neox-20b" = "mof-class-3"
        "acme/*" = "none"
        """))
    policy = policy_from_config(cfg)
    assert policy.for_model("meta-llama/Meta-Llama-3-8B") == ("open-weights",)
    assert policy.for_model("EleutherAI/pythia-1b") == ("mof-class-2",)
    assert policy.for_model("eleutherai/GPT-NEOX-20B") == ("mof-class-3",)
    assert policy.for_model("EleutherAI/gpt-j-6b") == ("mof-class-1",)
    assert policy.for_model("acme/unknown") == ()
    failing = {f.model for f in check_openness(ZOO, policy)}
    assert failing == {"mistralai/Mistral-7B-v0.1", "ibm-granite/granite-4.0-micro", "openai:gpt-4o"}


def test_policy_table_exemption_and_lists() -> None:
    policy = parse_policy({"default": "open-source", "acme/*": "none",
                           "allenai/*": ["open-source", "mof-class-1"]}, Location("p", 1))
    assert policy.for_model("acme/unknown") == ()
    assert policy.for_model("allenai/OLMo-7B") == ("open-source", "mof-class-1")
    assert "acme/unknown" not in {f.model for f in check_openness(ZOO, policy)}
    with pytest.raises(ConfigError, match="expected one of"):
        parse_policy("fully-open", Location("pyproject.toml", 9))
    assert not parse_policy(None, Location("p", 1)).active


def test_precomputed_openness_is_used() -> None:
    computed = classify_models(ZOO)
    assert set(computed) == {m.id for m in ZOO}
    fake = {m.id: computed["allenai/OLMo-7B"] for m in ZOO}
    assert check_openness(ZOO, parse_policy("mof-class-1", Location("p", 1)), fake) == []


# ------------------------------------------------------------------ reporters and data


def test_json_and_properties_for_reporters() -> None:
    o = classify("bigscience/bloom", lic("bigscience-bloom-rail-1.0"))
    data = openness_to_json(o)
    assert json.loads(json.dumps(data)) == data
    assert data["level"] == "open-weights" and data["mof_class"] is None
    assert data["components"]["training-data"]["status"] == "documented"  # type: ignore[index]
    props = dict(openness_properties(o))
    assert props["modelcheck:openness"] == "open-weights"
    assert props["modelcheck:openness:mof-class"] == "none"
    assert openness_summary(classify("allenai/OLMo-7B")) == "open-source; MOF class I"


def test_bundled_data_covers_forty_families_with_sources() -> None:
    data = bundled()
    assert len(data.entries) >= 40
    for entry in data.entries:
        assert entry.sources, entry.name
        for url in entry.sources + tuple(c.url for c in entry.components.values() if c.url):
            assert url.startswith("https://"), (entry.name, url)
        w = entry.components.get("weights")
        if w is not None and w.licence is not None:
            assert is_open(w.licence, data.licences) or is_restrictive(w.licence), (entry.name, w.licence)


@pytest.mark.parametrize("mid, name", [
    ("meta-llama/Llama-3.1-8B-Instruct", "Llama 3.1"),
    ("meta-llama/Llama-3.2-11B-Vision-Instruct", "Llama 3.2"),
    ("meta-llama/Llama-Guard-3-8B", "Meta Llama (other releases)"),
    ("mistralai/Mixtral-8x7B-Instruct-v0.1", "Mixtral"),
    ("google/gemma-2-9b-it", "Gemma 2"),
    ("Qwen/Qwen2.5-72B-Instruct", "Qwen2.5 72B (Qwen licence)"),
    ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "DeepSeek-R1 distills"),
    ("deepseek-ai/DeepSeek-V3", "DeepSeek-V3"),
    ("tiiuae/falcon-180B-chat", "Falcon 180B"),
    ("allenai/OLMo-2-1124-7B", "OLMo 2"),
    ("llama3.1:8b", "Llama 3.1"),
    ("stabilityai/stable-diffusion-xl-base-1.0", "Stable Diffusion XL"),
])
def test_specific_entries_are_not_shadowed(mid: str, name: str) -> None:
    assert classify(mid).facts == name


def test_data_parser_rejects_bad_files() -> None:
    with pytest.raises(ConfigError, match="licences"):
        parse_data("[meta]\ndate = 'x'\n")
    good = '[licences]\nosi = ["mit"]\nopen-data = ["cc0-1.0"]\nopen-content = ["cc0-1.0"]\n'
    with pytest.raises(ConfigError, match="weights"):
        parse_data(good + '[[model]]\nmatch = "a/b"\nweights = "maybe"\n')
    parsed = parse_data(good + '[[model]]\nmatch = "a/*"\nweights = { status = "public", licence = "MIT" }\nsources = ["https://x"]\n')
    o = classify("a/b", data=parsed)
    assert isinstance(o, Openness) and o.components["weights"].open
