"""Tests for the bundled licence vocabulary and model index (modelcheck.data_index)."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import pytest

from modelcheck.data_index import (
    license_keys,
    load_index,
    load_vocabulary,
    normalise,
)
from modelcheck.errors import ConfigError

from conftest import MakeProject, Run

# Every licence id of the Hugging Face hub list (hub-docs, 2026-08-22).
HUB_IDS = (
    "apache-2.0 mit openrail bigscience-openrail-m creativeml-openrail-m bigscience-bloom-rail-1.0 "
    "bigcode-openrail-m afl-3.0 artistic-2.0 bsl-1.0 bsd bsd-2-clause bsd-3-clause bsd-3-clause-clear "
    "c-uda cc cc0-1.0 cc-by-2.0 cc-by-2.5 cc-by-3.0 cc-by-4.0 cc-by-sa-3.0 cc-by-sa-4.0 cc-by-nc-2.0 "
    "cc-by-nc-3.0 cc-by-nc-4.0 cc-by-nd-4.0 cc-by-nc-nd-3.0 cc-by-nc-nd-4.0 cc-by-nc-sa-2.0 "
    "cc-by-nc-sa-3.0 cc-by-nc-sa-4.0 cdla-sharing-1.0 cdla-permissive-1.0 cdla-permissive-2.0 wtfpl "
    "ecl-2.0 epl-1.0 epl-2.0 etalab-2.0 eupl-1.1 eupl-1.2 agpl-3.0 gfdl gpl gpl-2.0 gpl-3.0 lgpl "
    "lgpl-2.1 lgpl-3.0 isc h-research intel-research lppl-1.3c ms-pl apple-ascl apple-amlr mpl-2.0 "
    "odc-by odbl openmdw-1.0 openmdw-1.1 openrail++ osl-3.0 postgresql ofl-1.1 ncsa unlicense zlib "
    "pddl lgpl-lr deepfloyd-if-license fair-noncommercial-research-license llama2 llama3 llama3.1 "
    "llama3.2 llama3.3 llama4 grok2-community gemma unknown other"
).split()


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


MINI_INDEX = """
[meta]
date = "2026-01-01"
[[model]]
id = "Org/Exact-3B"
license = "other-licence"
url = "https://example.org/exact"
[[pattern]]
match = "Org/Family-*"
license = "apache-2.0"
except = ["Org/Family-*3B*", "org/family-72b*"]
url = "https://example.org/family"
checked = "2025-12-31"
[[pattern]]
match = "Org/Family-Coder-*"
license = "mit"
url = "https://example.org/coder"
[[ollama]]
tag = "fam"
upstream = "Org/Family-7B-Instruct"
license = "apache-2.0"
url = "https://ollama.com/library/fam"
[[ollama]]
tag = "fam:3b*"
upstream = "Org/Family-3B-Instruct"
license = "research"
url = "https://ollama.com/library/fam"
"""


# ---------------------------------------------------------------- bundled data files


def test_bundled_files_load_and_are_cached() -> None:
    vocab, index = load_vocabulary(), load_index()
    assert load_vocabulary() is vocab and load_index() is index
    assert len(vocab.entries) >= 100
    datetime.date.fromisoformat(index.date)


def test_every_hub_licence_id_is_in_the_vocabulary() -> None:
    vocab = load_vocabulary()
    missing = [i for i in HUB_IDS if vocab.get(i) is None]
    assert missing == []
    assert all(vocab.get(i).hub for i in HUB_IDS)  # type: ignore[union-attr]
    assert {e.key for e in vocab.entries if e.hub} == set(HUB_IDS)


def test_every_index_licence_key_is_in_the_vocabulary_and_decisive() -> None:
    vocab, index = load_vocabulary(), load_index()
    expressions = (
        [(m.model_id, m.license) for m in index.models]
        + [(p.match, p.license) for p in index.patterns]
        + [(o.tag, o.license) for o in index.ollama_entries]
    )
    for where, expression in expressions:
        keys = license_keys(expression)
        assert keys, where
        for key in keys:
            entry = vocab.get(key)
            assert entry is not None, f"{where}: unknown licence key {key!r}"
            assert not entry.vague, f"{where}: vague key {key!r} settles nothing"


def test_aliases_are_unique_across_entries() -> None:
    seen: dict[str, str] = {}
    for entry in load_vocabulary().entries:
        for spelling in {normalise(s) for s in (entry.key, entry.spdx, entry.name, *entry.aliases)}:
            assert seen.setdefault(spelling, entry.key) == entry.key, spelling


def test_no_duplicate_model_ids_and_enough_models() -> None:
    index = load_index()
    ids = [m.model_id.casefold() for m in index.models]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 300
    assert len(index.patterns) >= 20 and len(index.ollama_entries) >= 40


def test_entries_carry_sources_and_dates() -> None:
    vocab, index = load_vocabulary(), load_index()
    for entry in vocab.entries:
        if entry.spdx.startswith("LicenseRef-"):
            assert entry.url and entry.url.startswith("https://"), entry.key
        assert entry.spdx.startswith(("LicenseRef-scancode-", "LicenseRef-modelcheck-")) or "LicenseRef" not in entry.spdx
    for hit in index.models:
        assert hit.url.startswith("https://"), hit.model_id
        datetime.date.fromisoformat(hit.checked)
    for pattern in index.patterns:
        assert pattern.url.startswith("https://") and "*" in pattern.match
    for entry_ in index.ollama_entries:
        assert entry_.url.startswith("https://ollama.com/library/")


def test_spdx_ids_are_known_to_license_expression() -> None:
    from license_expression import get_spdx_licensing

    licensing = get_spdx_licensing()
    not_yet_in_the_bundled_list = {"OpenMDW-1.0"}  # SPDX added it on 2026-01-22
    for entry in load_vocabulary().entries:
        if entry.spdx.startswith("LicenseRef-") or entry.spdx in not_yet_in_the_bundled_list:
            continue
        assert licensing.validate(entry.spdx).errors == [], entry.spdx


def test_family_ids_are_vague() -> None:
    vocab = load_vocabulary()
    for key in ("other", "unknown", "openrail", "bsd", "cc", "gpl", "lgpl", "gfdl"):
        assert vocab.get(key).vague, key  # type: ignore[union-attr]
    assert not vocab.get("apache-2.0").vague  # type: ignore[union-attr]


# ---------------------------------------------------------------- vocabulary lookup


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Apache 2.0", "apache-2.0"),
        ("Apache-2.0", "apache-2.0"),
        ("apache license 2.0", "apache-2.0"),
        ("Apache License, Version 2.0", "apache-2.0"),
        ("MIT License", "mit"),
        ("mit", "mit"),
        ("llama 3.1", "llama3.1"),
        ("Llama_3.3", "llama3.3"),
        ("llama-2-community-license", "llama2"),
        ("CC BY-NC 4.0", "cc-by-nc-4.0"),
        ("deepseek", "deepseek-license"),
        ("deepseek-license", "deepseek-license"),
        ("tongyi-qianwen-license-agreement", "tongyi-qianwen"),
        ("open-mdw", "openmdw-1.0"),
        ("apple-sample-code-license", "apple-ascl"),
        ("gemma-terms-of-use", "gemma"),
        ("stable-video-diffusion-community", "stabilityai-ai-community"),
        ("LicenseRef-scancode-llama-3.2-license-2024", "llama3.2"),
        ("  BigScience BLOOM RAIL 1.0 ", "bigscience-bloom-rail-1.0"),
    ],
)
def test_lookup_spellings(spelling: str, key: str) -> None:
    entry = load_vocabulary().lookup(spelling)
    assert entry is not None and entry.key == key


def test_lookup_misses_and_exact_get() -> None:
    vocab = load_vocabulary()
    assert vocab.lookup("no-such-licence") is None and vocab.lookup("") is None
    assert vocab.get("Apache 2.0") is None  # get() wants the key itself
    assert vocab.get("LLAMA3.1").key == "llama3.1"  # type: ignore[union-attr]


def test_llama_versions_never_collapse() -> None:
    vocab = load_vocabulary()
    keys = {vocab.lookup(f"llama {v}").key for v in ("2", "3", "3.1", "3.2", "3.3", "4")}  # type: ignore[union-attr]
    assert keys == {"llama2", "llama3", "llama3.1", "llama3.2", "llama3.3", "llama4"}


# ---------------------------------------------------------------- index lookup semantics


def test_patterns_honour_exceptions_and_specificity(tmp_path: Path) -> None:
    index = load_index(write(tmp_path, "index.toml", MINI_INDEX))
    hit = index.lookup("org/family-7b-instruct")
    assert hit is not None and (hit.license, hit.matched_by, hit.checked) == ("apache-2.0", "pattern", "2025-12-31")
    assert index.lookup("Org/Family-3B-Instruct") is None  # excepted
    assert index.lookup("Org/Family-72B") is None  # excepted, case-insensitively
    assert index.lookup("Org/Family-Coder-7B").license == "mit"  # type: ignore[union-attr]  # longest match wins
    exact = index.lookup("ORG/EXACT-3B")
    assert exact is not None and exact.matched_by == "exact" and exact.checked == "2026-01-01"
    assert index.lookup("Other/Thing") is None


def test_ollama_tags(tmp_path: Path) -> None:
    index = load_index(write(tmp_path, "index.toml", MINI_INDEX))
    assert index.ollama("fam").model_id == "Org/Family-7B-Instruct"  # type: ignore[union-attr]
    assert index.ollama("fam:latest").license == "apache-2.0"  # type: ignore[union-attr]
    assert index.ollama("FAM:3b-q4_K_M").license == "research"  # type: ignore[union-attr]
    assert index.ollama("library/fam:7b").matched_by == "ollama"  # type: ignore[union-attr]
    assert index.ollama("other:7b") is None


def test_bundled_patterns_honour_exceptions() -> None:
    index = load_index()
    assert index.lookup("Qwen/Qwen2.5-14B-Instruct-AWQ").license == "apache-2.0"  # type: ignore[union-attr]
    assert index.lookup("Qwen/Qwen2.5-Omni-3B") is None  # 3B sizes are carved out of the Apache pattern
    assert index.lookup("Qwen/Qwen2.5-Math-72B-Instruct") is None
    assert index.lookup("Qwen/Qwen2-VL-72B-Instruct") is None
    assert index.lookup("facebook/opt-iml-1.3b") is None


# ---------------------------------------------------------------- spot checks on tricky models


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("meta-llama/Llama-2-7b-chat-hf", "llama2"),
        ("meta-llama/Meta-Llama-3-8B-Instruct", "llama3"),
        ("meta-llama/Llama-3.1-8B-Instruct", "llama3.1"),
        ("meta-llama/Meta-Llama-3.1-70B-Instruct", "llama3.1"),
        ("meta-llama/Llama-3.2-1B", "llama3.2"),
        ("meta-llama/Llama-3.2-11B-Vision-Instruct", "llama3.2"),
        ("meta-llama/Llama-3.3-70B-Instruct", "llama3.3"),
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama4"),
        ("codellama/CodeLlama-7b-Instruct-hf", "llama2"),
        ("Qwen/Qwen-7B-Chat", "tongyi-qianwen"),
        ("Qwen/Qwen-1_8B-Chat", "tongyi-qianwen-research"),
        ("Qwen/Qwen2-72B-Instruct", "tongyi-qianwen"),
        ("Qwen/Qwen2-7B-Instruct", "apache-2.0"),
        ("Qwen/Qwen2.5-3B-Instruct", "qwen-research"),
        ("Qwen/Qwen2.5-72B-Instruct", "qwen"),
        ("Qwen/Qwen2.5-7B-Instruct", "apache-2.0"),
        ("Qwen/Qwen2.5-Coder-3B-Instruct", "qwen-research"),
        ("Qwen/Qwen3-8B", "apache-2.0"),
        ("deepseek-ai/DeepSeek-R1", "mit"),
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "mit AND llama3.1"),
        ("deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "mit AND llama3.3"),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "mit AND apache-2.0"),
        ("deepseek-ai/DeepSeek-Coder-V2-Instruct", "deepseek-license"),
        ("microsoft/phi-1_5", "mit"),
        ("microsoft/phi-2", "mit"),
        ("microsoft/phi-4", "mit"),
        ("tiiuae/falcon-40b", "apache-2.0"),
        ("tiiuae/falcon-7b-instruct", "apache-2.0"),
        ("tiiuae/falcon-180B", "falcon-180b-license"),
        ("tiiuae/Falcon3-7B-Instruct", "falcon-llm-license"),
        ("mistralai/Mistral-7B-Instruct-v0.3", "apache-2.0"),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "apache-2.0"),
        ("mistralai/Codestral-22B-v0.1", "mnpl"),
        ("mistralai/Ministral-8B-Instruct-2410", "mrl"),
        ("mistralai/Mistral-Large-Instruct-2407", "mrl"),
        ("facebook/opt-1.3b", "opt-175b-license"),
        ("google/gemma-2-9b-it", "gemma"),
        ("google/gemma-3-27b-it", "gemma"),
        ("google/gemma-4-E4B-it", "apache-2.0"),
        ("google/medgemma-4b-it", "health-ai-developer-foundations"),
        ("CompVis/stable-diffusion-v1-4", "creativeml-openrail-m"),
        ("runwayml/stable-diffusion-v1-5", "creativeml-openrail-m"),
        ("stabilityai/stable-diffusion-2-1", "openrail++"),
        ("stabilityai/stable-diffusion-xl-base-1.0", "openrail++"),
        ("stabilityai/stable-diffusion-3-medium", "stabilityai-ai-community"),
        ("stabilityai/stable-diffusion-3.5-large", "stabilityai-ai-community"),
        ("black-forest-labs/FLUX.1-dev", "flux-1-dev-non-commercial-license"),
        ("black-forest-labs/FLUX.1-schnell", "apache-2.0"),
        ("openai/whisper-large-v3", "apache-2.0"),
        ("openai/whisper-large-v3-turbo", "mit"),
        ("openai/clip-vit-base-patch32", "mit"),
        ("bigscience/bloom", "bigscience-bloom-rail-1.0"),
        ("bigcode/starcoder", "bigcode-openrail-m"),
        ("bigcode/starcoder2-15b", "bigcode-openrail-m"),
        ("CohereForAI/c4ai-command-r-v01", "cc-by-nc-4.0"),
        ("CohereLabs/aya-expanse-8b", "cc-by-nc-4.0"),
        ("databricks/dbrx-instruct", "databricks-open-model-license"),
        ("sentence-transformers/all-MiniLM-L6-v2", "apache-2.0"),
        ("BAAI/bge-small-en-v1.5", "mit"),
        ("allenai/OLMo-2-1124-7B", "apache-2.0"),
    ],
)
def test_tricky_models(model_id: str, expected: str) -> None:
    hit = load_index().lookup(model_id)
    assert hit is not None, model_id
    assert hit.license == expected


def test_reuploads_carry_their_base() -> None:
    index = load_index()
    for repo in ("TheBloke/Llama-2-7B-Chat-GGUF", "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "unsloth/Llama-3.3-70B-Instruct-GGUF"):
        hit = index.lookup(repo)
        assert hit is not None and hit.base, repo
        base = index.lookup(hit.base[0])
        assert base is not None and base.license == hit.license, repo


@pytest.mark.parametrize(
    ("name", "upstream", "expected"),
    [
        ("llama3.1", "meta-llama/Llama-3.1-8B-Instruct", "llama3.1"),
        ("llama3.1:70b-instruct-q4_0", "meta-llama/Llama-3.1-70B-Instruct", "llama3.1"),
        ("llama3.2:1b", "meta-llama/Llama-3.2-1B-Instruct", "llama3.2"),
        ("llama3", "meta-llama/Meta-Llama-3-8B-Instruct", "llama3"),
        ("qwen2.5:3b", "Qwen/Qwen2.5-3B-Instruct", "qwen-research"),
        ("qwen2.5:72b-instruct", "Qwen/Qwen2.5-72B-Instruct", "qwen"),
        ("qwen2.5:latest", "Qwen/Qwen2.5-7B-Instruct", "apache-2.0"),
        ("deepseek-r1:70b", "deepseek-ai/DeepSeek-R1-Distill-Llama-70B", "mit AND llama3.3"),
        ("nomic-embed-text", "nomic-ai/nomic-embed-text-v1.5", "apache-2.0"),
        ("codestral:22b", "mistralai/Codestral-22B-v0.1", "mnpl"),
    ],
)
def test_bundled_ollama_names(name: str, upstream: str, expected: str) -> None:
    hit = load_index().ollama(name)
    assert hit is not None and (hit.model_id, hit.license) == (upstream, expected)


def test_ollama_names_with_tag_dependent_licences_are_not_guessed() -> None:
    index = load_index()
    assert index.ollama("qwen") is None  # Qwen 1.5 default (4b) licence unverified
    assert index.ollama("deepseek-r1:8b") is None  # upstream of this tag changed over time


# ---------------------------------------------------------------- malformed data


def test_duplicate_alias_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "licenses.toml",
        '[[license]]\nkey = "a"\nspdx = "MIT"\nname = "A"\naliases = ["Same Thing"]\n'
        '[[license]]\nkey = "b"\nspdx = "ISC"\nname = "B"\naliases = ["same_thing"]\n',
    )
    with pytest.raises(ConfigError, match="already names 'a'"):
        load_vocabulary(path)


def test_duplicate_model_id_and_missing_fields_are_rejected(tmp_path: Path) -> None:
    dup = '[meta]\ndate = "2026-01-01"\n' + '[[model]]\nid = "A/B"\nlicense = "mit"\nurl = "https://x"\n' * 2
    with pytest.raises(ConfigError, match="duplicate model id"):
        load_index(write(tmp_path, "dup.toml", dup.replace('"A/B"', '"a/b"', 1)))
    with pytest.raises(ConfigError, match="'license' must be"):
        load_index(write(tmp_path, "nolic.toml", '[meta]\ndate = "2026-01-01"\n[[model]]\nid = "A/B"\nurl = "https://x"\n'))
    with pytest.raises(ConfigError, match="date"):
        load_index(write(tmp_path, "nodate.toml", "[[model]]\n"))


def test_invalid_toml_reports_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.toml", "[meta\n")
    with pytest.raises(ConfigError) as info:
        load_index(path)
    assert str(info.value).startswith(f"{path}:1:1: invalid TOML")  # file:line:col, as every config error


def test_license_keys() -> None:
    assert license_keys("mit AND llama3.1") == ("mit", "llama3.1")
    assert license_keys("(apache-2.0 OR mit) and openrail++") == ("apache-2.0", "mit", "openrail++")


# ---------------------------------------------------------------- coverage of popular models (issue 4)


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("jinaai/jina-embeddings-v3", "cc-by-nc-4.0"),  # non-commercial, unlike v2
        ("jinaai/jina-embeddings-v2-base-en", "apache-2.0"),
        ("jinaai/jina-clip-v2", "cc-by-nc-4.0"),
        ("pyannote/speaker-diarization-3.1", "mit"),
        ("pyannote/segmentation-3.0", "mit"),
        ("BAAI/bge-m3", "mit"),
        ("BAAI/bge-reranker-base", "mit"),
        ("BAAI/bge-reranker-v2-m3", "apache-2.0"),  # the v2 reranker is Apache, the embedders MIT
        ("intfloat/e5-large-v2", "mit"),
        ("intfloat/e5-large", "mit"),  # MTEB metadata says apache-2.0; the card says mit
        ("intfloat/multilingual-e5-large", "mit"),
        ("thenlper/gte-base", "mit"),
        ("Alibaba-NLP/gte-multilingual-base", "apache-2.0"),
        ("openai/whisper-small", "apache-2.0"),  # Hub cards: apache-2.0 (the GitHub code is MIT)
        ("openai/whisper-large-v3-turbo", "mit"),
        ("distil-whisper/distil-large-v3", "mit"),
        ("Systran/faster-whisper-large-v3", "mit"),
        ("facebook/bart-large", "apache-2.0"),
        ("facebook/bart-large-cnn", "mit"),  # the fine-tunes differ from the base
        ("facebook/bart-large-mnli", "mit"),
        ("microsoft/deberta-v3-base", "mit"),
        ("FacebookAI/roberta-large-mnli", "mit"),
        ("albert/albert-base-v2", "apache-2.0"),
        ("dslim/bert-base-NER", "mit"),
        ("cross-encoder/ms-marco-MiniLM-L-12-v2", "apache-2.0"),
        ("sentence-transformers/LaBSE", "apache-2.0"),
        ("Salesforce/blip-image-captioning-large", "bsd-3-clause"),
        ("Salesforce/blip2-opt-2.7b", "mit"),
        ("Salesforce/SFR-Embedding-Mistral", "cc-by-nc-4.0"),
        ("nvidia/NV-Embed-v2", "cc-by-nc-4.0"),
        ("laion/CLIP-ViT-H-14-laion2B-s32B-b79K", "mit"),
        ("google/siglip-so400m-patch14-384", "apache-2.0"),
        ("facebook/dinov2-base", "apache-2.0"),
        ("facebook/sam-vit-base", "apache-2.0"),
        ("facebook/detr-resnet-50", "apache-2.0"),
        ("llava-hf/llava-1.5-7b-hf", "llama2"),  # Vicuna / Llama 2 base
        ("llava-hf/llava-v1.6-mistral-7b-hf", "apache-2.0"),  # Mistral base
        ("meta-llama/Llama-Guard-3-8B", "llama3.1"),
        ("meta-llama/Llama-Guard-3-1B", "llama3.2"),
        ("EleutherAI/gpt-neo-125m", "mit"),  # GPT-Neo is MIT ...
        ("EleutherAI/gpt-neox-20b", "apache-2.0"),  # ... GPT-NeoX and GPT-J are Apache
        ("EleutherAI/gpt-j-6b", "apache-2.0"),
        ("HuggingFaceTB/SmolLM2-360M-Instruct", "apache-2.0"),
        ("google/embeddinggemma-300m", "gemma"),
        ("ibm-granite/granite-3.3-8b-instruct", "apache-2.0"),
    ],
)
def test_popular_models_resolve_offline(model_id: str, expected: str) -> None:
    hit = load_index().lookup(model_id)
    assert hit is not None, model_id
    assert hit.license == expected


@pytest.mark.parametrize(
    "model_id",
    [
        "cardiffnlp/twitter-roberta-base-sentiment",  # card declares no licence
        "ProsusAI/finbert",  # card declares no licence
        "stabilityai/sdxl-turbo",  # card and repo LICENSE disagree (docs/index-sources.md)
        "sentence-transformers/clip-ViT-B-32",  # carved out of the sentence-transformers rule
        "sentence-transformers/embeddinggemma-300m-medical",  # Gemma-based: not Apache
        "ibm-granite/granite-timeseries-ttm-r2",  # not covered by the Granite rule
        "Salesforce/blip-diffusion",
        "facebook/dinov3-vitb16-pretrain-lvd1689m",  # DINOv3 licence, not DINOv2's Apache
        "timm/vit_base_patch16_224.augreg2_in21k_ft_in1k",  # timm: exact entries only
    ],
)
def test_models_without_a_verified_licence_stay_unresolved(model_id: str) -> None:
    assert load_index().lookup(model_id) is None


def test_popular_model_benchmark_list_resolves() -> None:
    """The benchmark list (benchmarks/resolution_eval) must resolve >= 95% correctly and never wrongly."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "resolution_eval" / "popular_models.toml"
    cases = tomllib.loads(path.read_text(encoding="utf-8"))["model"]
    assert len(cases) >= 250
    index = load_index()
    correct, wrong = 0, []
    for case in cases:
        hit = index.lookup(case["id"])
        want = {k.casefold() for k in license_keys(case["expect"])}
        got = {k.casefold() for k in license_keys(hit.license)} if hit is not None else set()
        if got == want:
            correct += 1
        elif hit is not None:
            wrong.append((case["id"], hit.license, case["expect"]))
    assert wrong == []
    assert correct / len(cases) >= 0.95


# ---------------------------------------------------------------- licence families of the knowledge base (index2)


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("baichuan-inc/Baichuan2-7B-Chat", "baichuan"),
        ("baichuan-inc/Baichuan2-13B-Chat-4bits", "baichuan"),
        ("baichuan-inc/Baichuan2-7B-Intermediate-Checkpoints", "baichuan"),  # family rule
        ("apple/OpenELM-3B-Instruct", "apple-amlr"),  # relabelled from the sample-code licence in 2025
        ("apple/OpenELM-1_1B", "apple-amlr"),
        ("apple/DepthPro-hf", "apple-amlr"),
        ("apple/DCLM-7B", "apple-ascl"),  # DCLM keeps the sample-code licence
        ("apple/FastVLM-1.5B", "apple-amlr"),
        ("apple/aimv2-large-patch14-224", "apple-amlr"),
        ("apple/DFN5B-CLIP-ViT-H-14-378", "apple-amlr"),
        ("DeepFloyd/IF-I-XL-v1.0", "deepfloyd-if-license"),
        ("DeepFloyd/IF-II-M-v1.0", "deepfloyd-if-license"),
        ("nvidia/Nemotron-4-340B-Instruct", "nvidia-open-model-license"),
        ("nvidia/Nemotron-4-340B-Reward", "nvidia-open-model-license"),
        ("nvidia/Mistral-NeMo-Minitron-8B-Instruct", "nvidia-open-model-license"),
        ("nvidia/Cosmos-1.0-Diffusion-14B-Video2World", "nvidia-open-model-license"),
        ("nvidia/Llama-3.1-Nemotron-70B-Instruct-HF", "llama3.1"),  # Llama-based Nemotron keeps Llama
        ("stabilityai/stable-video-diffusion-img2vid-xt", "stabilityai-ai-community"),
        ("stabilityai/stable-audio-open-1.0", "stabilityai-ai-community"),
        ("stabilityai/stablelm-2-12b", "stabilityai-ai-community"),
        ("stabilityai/stable-code-3b", "sai-nc-community"),
        ("stabilityai/stable-cascade", "sai-nc-community"),
        ("allenai/tulu-2-dpo-70b", "ai2-impact-license-low-risk AND llama2"),
        ("allenai/tulu-2-7b", "ai2-impact-license-low-risk AND llama2"),
        ("tiiuae/falcon-11B", "falcon-2-11b-license"),
        ("tiiuae/falcon-11B-vlm", "falcon-2-11b-license"),
        ("huggyllama/llama-7b", "llama-license"),
        ("huggyllama/llama-65b", "llama-license"),
        ("lmsys/vicuna-13b-v1.5", "llama2"),
        ("01-ai/Yi-34B", "apache-2.0"),
        ("01-ai/Yi-1.5-9B-Chat", "apache-2.0"),
        ("mosaicml/mpt-7b", "apache-2.0"),
        ("mosaicml/mpt-7b-instruct", "apache-2.0"),  # relicensed from CC-BY-SA-3.0
        ("mosaicml/mpt-7b-chat", "cc-by-nc-sa-4.0"),
        ("Snowflake/snowflake-arctic-instruct", "apache-2.0"),
        ("google/recurrentgemma-2b-it", "gemma"),
        ("google/paligemma-3b-mix-224", "gemma"),
        ("google/shieldgemma-2b", "gemma"),
        ("deepseek-ai/deepseek-math-7b-instruct", "deepseek-license"),
        ("deepseek-ai/deepseek-vl2-small", "deepseek-license"),
        ("deepseek-ai/Janus-Pro-7B", "deepseek-license"),  # card says mit (the code); weights LICENSE-MODEL
        ("deepseek-ai/deepseek-coder-33b-base", "deepseek-license"),
        ("deepseek-ai/DeepSeek-V2.5-1210", "deepseek-license"),
        ("xai-org/grok-1", "apache-2.0"),
        ("xai-org/grok-2", "grok2-community"),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "apache-2.0"),
        ("mistralai/Mistral-Large-Instruct-2411", "mrl"),
        ("mistralai/Codestral-22B-v0.1", "mnpl"),
        ("Ultralytics/YOLOv8", "agpl-3.0"),
        ("ultralyticsplus/yolov8m", "agpl-3.0"),
    ],
)
def test_knowledge_base_families_resolve(model_id: str, expected: str) -> None:
    hit = load_index().lookup(model_id)
    assert hit is not None, model_id
    assert hit.license == expected


def test_every_restrictive_knowledge_base_family_has_a_model() -> None:
    """Each licence family with real terms (thresholds, non-commercial, research-only) names a model."""
    index = load_index()
    used = {k for m in index.models for k in license_keys(m.license)}
    families = {
        "baichuan", "apple-amlr", "apple-ascl", "deepfloyd-if-license", "nvidia-open-model-license",
        "stabilityai-ai-community", "sai-nc-community", "ai2-impact-license-low-risk", "falcon-2-11b-license",
        "falcon-llm-license", "falcon-180b-license", "llama-license", "llama2", "llama3", "llama3.1",
        "llama3.2", "llama3.3", "llama4", "grok2-community", "mrl", "mnpl", "deepseek-license", "gemma",
        "tongyi-qianwen", "tongyi-qianwen-research", "qwen", "qwen-research", "databricks-open-model-license",
        "flux-1-dev-non-commercial-license", "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "agpl-3.0",
    }
    assert families - used == set()


@pytest.mark.parametrize(
    "model_id",
    [
        "baichuan-inc/Baichuan-13B-Chat",  # Baichuan 1: its own licence, not Baichuan 2's
        "01-ai/Yi-VL-34B",  # carved out of the Yi rule (not verified)
        "stabilityai/sd-turbo",  # card vs LICENSE.md disagree
        "stabilityai/stablelm-2-1_6b",  # not verified after the 2024 licence change
        "nvidia/Cosmos-Reason1-7B",  # only Cosmos 1.0 is covered
        "lllyasviel/sd-controlnet-canny",  # 'openrail' is a family id: never in the index
    ],
)
def test_family_rules_do_not_overreach(model_id: str) -> None:
    assert load_index().lookup(model_id) is None


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Community License for Baichuan 2 Model", "baichuan"),
        ("baichuan2-community-license", "baichuan"),
        ("stable-audio-community", "stabilityai-ai-community"),
        ("stable-cascade-nc-community", "sai-nc-community"),
        ("stability-ai-non-commercial-research-community-license", "sai-nc-community"),
        ("Apple Machine Learning Research Model License Agreement", "apple-amlr"),
        ("apple-sample-code-license", "apple-ascl"),
    ],
)
def test_card_slugs_of_the_new_families(spelling: str, key: str) -> None:
    entry = load_vocabulary().lookup(spelling)
    assert entry is not None and entry.key == key


def test_baichuan2_at_one_million_daily_users_is_a_finding(make_project: MakeProject, run_cli: Run) -> None:
    """End to end, offline: the index resolves Baichuan 2 and its DAU threshold fires."""
    root = make_project({
        "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("baichuan-inc/Baichuan2-13B-Chat")\n'
                  'd = AutoModel.from_pretrained("DeepFloyd/IF-I-XL-v1.0")\n',
        "pyproject.toml": "[tool.modelcheck.project]\ncommercial = true\ndaily-active-users = 1000000\n",
    })
    code, out, _ = run_cli(str(root), "--offline")
    assert code == 1
    assert "error user-threshold baichuan-inc/Baichuan2-13B-Chat" in out
    assert "error noncommercial-license DeepFloyd/IF-I-XL-v1.0" in out
    assert "unresolved-license" not in out
