"""The licence knowledge base: the shipped data says what the licences say, and the loader rejects bad data."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from modelcheck.facts import (
    CATEGORIES,
    FACT_NAMES,
    FactsError,
    LicenseFacts,
    fact_applies,
    load_facts,
    threshold_triggered,
)

KB = load_facts()

EXPECTED_KEYS = {
    "llama-license", "llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4", "gemma",
    "bigscience-bloom-rail-1.0", "bigscience-openrail-m", "creativeml-openrail-m", "bigcode-openrail-m",
    "openrail++", "openrail", "deepfloyd-if-license", "falcon-180b-license", "falcon-llm-license",
    "tongyi-qianwen", "tongyi-qianwen-research", "qwen", "qwen-research", "deepseek-license",
    "stabilityai-ai-community", "sai-nc-community", "flux-1-dev-non-commercial-license", "mrl", "mnpl",
    "nvidia-open-model-license", "databricks-open-model-license", "grok2-community",
    "baichuan", "falcon-2-11b-license", "apple-amlr", "apple-ascl", "ai2-impact-license-low-risk",
    "ai2-impact-license-medium-risk", "ai2-impact-license-high-risk", "openmdw-1.0",
    "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0",
    "cc-by-nc-nd-4.0", "cc-by-3.0", "cc-by-nc-3.0", "cc-by-sa-3.0", "apache-2.0", "mit", "bsd-2-clause",
    "bsd-3-clause", "gpl-2.0", "gpl-3.0", "lgpl-3.0", "agpl-3.0", "mpl-2.0",
}


def strings(value: object) -> tuple[str, ...]:
    assert isinstance(value, tuple) and all(isinstance(v, str) for v in value)
    return value


def fact(key: str, name: str) -> dict[str, object]:
    found = KB[key].get(name)
    assert found is not None, f"{key} has no {name} fact"
    return dict(found)


# ------------------------------------------------------------------ the shipped data as a whole

def test_every_expected_licence_is_present() -> None:
    assert EXPECTED_KEYS <= set(KB)


def test_every_fact_has_clause_url_and_summary() -> None:
    count = 0
    for key, lic in KB.items():
        assert lic.url.startswith("https://"), key
        assert lic.category in CATEGORIES
        for name, table in lic.facts.items():
            count += 1
            assert name in FACT_NAMES
            assert isinstance(table["clause"], str) and table["clause"].strip(), (key, name)
            assert isinstance(table["url"], str) and table["url"].startswith("https://"), (key, name)
            summary = table["summary"]
            assert isinstance(summary, str) and 10 < len(summary) <= 600, (key, name)
    assert count > 150


def test_output_training_requirements_point_at_existing_facts() -> None:
    for key, lic in KB.items():
        training = lic.get("output-training") or {}
        for other in strings(training.get("requires", ())):
            assert lic.get(other) is not None, f"{key}: output-training requires missing {other}"


def test_every_non_commercial_category_says_commercial_false() -> None:
    for key, lic in KB.items():
        commercial = lic.get("commercial")
        if lic.category in ("non-commercial", "research-only"):
            assert commercial is not None and commercial["allowed"] is False, key
        elif commercial is not None and lic.category in ("permissive", "copyleft", "public-domain"):
            assert commercial["allowed"] is True, key


def test_keys_match_the_licence_vocabulary_when_present() -> None:
    vocabulary = Path(__file__).resolve().parents[1] / "src" / "modelcheck" / "data" / "licenses.toml"
    if not vocabulary.exists():
        pytest.skip("data/licenses.toml not merged yet")
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    keys = {entry["key"] for entry in tomllib.loads(vocabulary.read_text(encoding="utf-8"))["license"]}
    assert set(KB) - keys == set()


def test_facts_are_read_only_and_cached() -> None:
    assert load_facts() is KB
    with pytest.raises(TypeError):
        KB["llama2"].facts["commercial"]["allowed"] = False  # type: ignore[index]


# ------------------------------------------------------------------ Llama

def test_llama2_and_llama3_forbid_output_training_and_31_onwards_allow_it() -> None:
    assert fact("llama2", "output-training")["allowed"] == "no"
    assert fact("llama3", "output-training")["allowed"] == "no"
    assert "Llama 2" in str(fact("llama2", "output-training")["except"])
    for key in ("llama3.1", "llama3.2", "llama3.3", "llama4"):
        training = fact(key, "output-training")
        assert training["allowed"] == "conditional"
        assert set(strings(training["requires"])) == {"derivative-naming", "attribution"}


def test_llama_attribution_and_naming() -> None:
    assert "attribution" not in KB["llama2"].facts
    assert fact("llama3", "attribution")["text"] == "Built with Meta Llama 3"
    assert fact("llama3", "derivative-naming")["prefix"] == "Llama 3"
    for key in ("llama3.1", "llama3.2", "llama3.3", "llama4"):
        assert fact(key, "attribution")["text"] == "Built with Llama"
        assert fact(key, "derivative-naming")["prefix"] == "Llama"
        assert str(fact(key, "notice")["text"]).startswith(f"Llama {key[5:]} is licensed under")


@pytest.mark.parametrize(
    ("key", "date"),
    [("llama2", "2023-07-18"), ("llama3", "2024-04-18"), ("llama3.1", "2024-07-23"),
     ("llama3.2", "2024-09-25"), ("llama3.3", "2024-12-06"), ("llama4", "2025-04-05"),
     ("databricks-open-model-license", "2024-03-27")],
)
def test_700m_mau_threshold_is_exclusive_snapshot(key: str, date: str) -> None:
    threshold = fact(key, "user-threshold")
    assert threshold["metric"] == "mau"
    assert threshold["limit"] == 700_000_000
    assert threshold["inclusive"] is False
    assert threshold["reference-date"] == date
    assert not threshold_triggered(threshold, 700_000_000)
    assert threshold_triggered(threshold, 700_000_001)


def test_llama32_jurisdiction_only_matches_vision_models() -> None:
    lic = KB["llama3.2"]
    assert fact("llama3.2", "jurisdiction")["excluded"] == ("EU",)
    for vision in ("meta-llama/Llama-3.2-11B-Vision", "meta-llama/Llama-3.2-90B-Vision-Instruct",
                   "unsloth/Llama-3.2-11B-Vision-Instruct-bnb-4bit", "meta-llama/Llama-Guard-3-11B-Vision"):
        assert lic.applies("jurisdiction", vision), vision
    for text_only in ("meta-llama/Llama-3.2-1B", "meta-llama/Llama-3.2-3B-Instruct", "llama3.2:3b"):
        assert not lic.applies("jurisdiction", text_only), text_only


def test_llama4_jurisdiction_matches_every_model_and_llama33_none() -> None:
    assert KB["llama4"].applies("jurisdiction", "meta-llama/Llama-4-Scout-17B-16E-Instruct")
    assert KB["llama4"].applies("jurisdiction", "meta-llama/Llama-4-Maverick-17B-128E")
    assert not KB["llama3.3"].applies("jurisdiction", "meta-llama/Llama-3.3-70B-Instruct")
    assert not KB["llama3.1"].applies("jurisdiction", "meta-llama/Llama-3.1-8B")  # no such fact


# ------------------------------------------------------------------ other families

def test_qwen_thresholds_apply_to_commercial_use_at_any_time() -> None:
    for key in ("tongyi-qianwen", "qwen"):
        threshold = fact(key, "user-threshold")
        assert (threshold["metric"], threshold["limit"], threshold["inclusive"]) == ("mau", 100_000_000, False)
        assert threshold["scope"] == "commercial-use"
        assert "reference-date" not in threshold
    assert fact("tongyi-qianwen", "output-training")["allowed"] == "no"
    assert fact("tongyi-qianwen-research", "output-training")["allowed"] == "no"
    assert fact("qwen", "output-training")["allowed"] == "conditional"
    assert fact("qwen", "attribution")["text"] == "Built with Qwen"
    assert fact("qwen", "attribution")["alternatives"] == ("Improved using Qwen",)
    assert fact("qwen-research", "commercial")["allowed"] is False


def test_baichuan_dau_threshold_is_inclusive() -> None:
    threshold = fact("baichuan", "user-threshold")
    assert (threshold["metric"], threshold["limit"], threshold["inclusive"]) == ("dau", 1_000_000, True)
    assert threshold_triggered(threshold, 1_000_000)
    assert not threshold_triggered(threshold, 999_999)
    assert "cloud-service-provider" in strings(fact("baichuan", "licensee-exclusion")["excluded"])


def test_stability_community_revenue_threshold_and_terms() -> None:
    revenue = fact("stabilityai-ai-community", "revenue-threshold")
    assert (revenue["limit-usd"], revenue["inclusive"], revenue["period"]) == (1_000_000, True, "annual")
    assert not threshold_triggered(revenue, 999_999)
    assert threshold_triggered(revenue, 1_000_000)
    assert fact("stabilityai-ai-community", "output-training")["allowed"] == "no"
    assert fact("stabilityai-ai-community", "attribution")["text"] == "Powered by Stability AI"
    assert fact("stabilityai-ai-community", "registration")["required"] is True
    hosting = fact("sai-nc-community", "hosting")
    assert (hosting["api"], hosting["saas"]) == (True, True)


def test_hosting_and_output_terms() -> None:
    assert fact("falcon-180b-license", "hosting")["api"] is True
    assert "hosting" not in KB["falcon-llm-license"].facts
    assert fact("flux-1-dev-non-commercial-license", "output-use")["commercial"] is True
    assert fact("flux-1-dev-non-commercial-license", "output-training")["allowed"] == "no"
    assert fact("mrl", "output-use")["commercial"] is False
    assert fact("databricks-open-model-license", "output-training")["allowed"] == "no"
    assert fact("grok2-community", "output-training")["confidence"] == "low"
    assert fact("nvidia-open-model-license", "safety-circumvention")["consequence"] == "termination"


def test_pass_on_use_restrictions() -> None:
    for key in ("gemma", "bigscience-openrail-m", "creativeml-openrail-m", "openrail++", "bigcode-openrail-m",
                "bigscience-bloom-rail-1.0", "deepseek-license", "falcon-180b-license", "falcon-2-11b-license"):
        assert fact(key, "use-restrictions")["pass-on"] is True, key
    assert "military" in strings(fact("deepseek-license", "use-restrictions")["restricted-uses"])
    assert "malware" in strings(fact("bigcode-openrail-m", "use-restrictions")["restricted-uses"])
    assert "medical-advice" not in strings(fact("deepseek-license", "use-restrictions")["restricted-uses"])


def test_creative_commons_terms() -> None:
    assert fact("cc-by-nc-4.0", "commercial")["allowed"] is False
    assert fact("cc-by-4.0", "commercial")["allowed"] is True
    assert "share-alike" in KB["cc-by-sa-4.0"].facts and "share-alike" in KB["cc-by-nc-sa-3.0"].facts
    assert "share-alike" not in KB["cc-by-4.0"].facts
    assert "no-derivatives" in KB["cc-by-nd-4.0"].facts and "no-derivatives" in KB["cc-by-nc-nd-3.0"].facts
    assert KB["cc0-1.0"].category == "public-domain"
    assert fact("agpl-3.0", "share-alike")["scope"] == "network"


# ------------------------------------------------------------------ loader validation (real files in tmp_path)

GOOD = """
["x-1.0"]
family = "fam"
name = "X licence"
url = "https://example.org/x"
category = "restricted"

["x-1.0".user-threshold]
metric = "mau"
limit = 10
inclusive = true
reference-date = 2024-01-31
clause = "§2"
url = "https://example.org/x"
summary = "A threshold for testing."

["x-1.0".jurisdiction]
excluded = ["EU"]
models = ["org/*-Vision*"]
clause = "§3"
url = "https://example.org/x"
summary = "A regional exclusion for testing."
"""


def write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_loader_reads_a_valid_file(tmp_path: Path) -> None:
    write(tmp_path, "fam.toml", GOOD)
    kb = load_facts(tmp_path)
    lic = kb["x-1.0"]
    assert isinstance(lic, LicenseFacts)
    assert (lic.family, lic.name, lic.category) == ("fam", "X licence", "restricted")
    assert fact_applies(lic.facts["user-threshold"], "anything")
    assert lic.facts["user-threshold"]["reference-date"] == "2024-01-31"  # TOML date normalised to text
    assert lic.applies("jurisdiction", "ORG/Thing-Vision-Instruct")
    assert not lic.applies("jurisdiction", "org/thing-text")
    assert not lic.applies("hosting", "org/thing-text")


@pytest.mark.parametrize(
    ("mutation", "message", "line"),
    [
        (('clause = "§2"\n', ""), "missing 'clause'", 8),
        (('inclusive = true', 'inclusive = "yes"'), "inclusive must be true or false", 11),
        (("[\"x-1.0\".jurisdiction]", "[\"x-1.0\".jurisdictions]"), "unknown fact 'jurisdictions'", 17),
        (('excluded = ["EU"]', 'excluded = ["EU"]\nregion = "EU"'), "unknown field 'region'", 19),
        (('limit = 10', 'limit = -1'), "limit must be a non-negative integer", 10),
        (('reference-date = 2024-01-31', 'reference-date = "2024-02-30"'), "not a valid date", 12),
        (('category = "restricted"', 'category = "free"'), "category must be one of", 6),
        (('family = "fam"', 'family = "other"'), "does not match file name", 3),
        (('name = "X licence"\n', ''), "missing 'name'", 2),
        (('["x-1.0"]', '["X 1.0"]'), "must be lower-case", 2),
    ],
)
def test_loader_rejects_bad_data_with_file_and_line(tmp_path: Path, mutation: tuple[str, str], message: str, line: int) -> None:
    old, new = mutation
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    if old.startswith('["x-1.0"]'):
        text = text.replace('["x-1.0".', '["X 1.0".')
    write(tmp_path, "fam.toml", text)
    with pytest.raises(FactsError) as info:
        load_facts(tmp_path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"fam.toml:{line}:"), str(info.value)


def test_loader_rejects_unknown_required_fact_and_duplicates(tmp_path: Path) -> None:
    bad = GOOD + '\n["x-1.0".output-training]\nallowed = "conditional"\nrequires = ["fame"]\nclause = "§4"\nurl = "https://e.org"\nsummary = "Needs fame, which is no fact."\n'
    write(tmp_path / "a", "fam.toml", bad)
    with pytest.raises(FactsError, match="'fame' is not a fact name"):
        load_facts(tmp_path / "a")
    write(tmp_path / "b", "fam.toml", GOOD)
    write(tmp_path / "b", "other.toml", GOOD.replace('family = "fam"', 'family = "other"'))
    with pytest.raises(FactsError, match="defined in two files"):
        load_facts(tmp_path / "b")
    tagged = GOOD + '\n["x-1.0".use-restrictions]\npass-on = true\nrestricted-uses = ["gambling"]\nclause = "A"\nurl = "https://e.org"\nsummary = "An unknown tag for testing."\n'
    write(tmp_path / "d", "fam.toml", tagged)
    with pytest.raises(FactsError, match="unknown tag 'gambling'"):
        load_facts(tmp_path / "d")
    write(tmp_path / "c", "fam.toml", "[broken")
    with pytest.raises(FactsError, match="invalid TOML"):
        load_facts(tmp_path / "c")


def test_empty_models_list_matches_nothing() -> None:
    assert not fact_applies({"models": ()}, "any/model")
    assert fact_applies({}, "any/model")
