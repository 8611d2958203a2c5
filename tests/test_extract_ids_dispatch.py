"""Model-id classification helpers, inline suppression markers and extractor dispatch."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.extract import extractors_for, is_candidate
from modelcheck.extract.comments import ignored_on
from modelcheck.extract.ids import BARE_HUB_IDS, ModelId, classify, env_default, model_id, ollama_id


@pytest.mark.parametrize(
    "value, expected",
    [
        ("meta-llama/Llama-3.1-8B", ModelId("hub", "meta-llama/Llama-3.1-8B")),
        ("hf.co/bartowski/X-GGUF:Q4_K_M", ModelId("hub", "bartowski/X-GGUF", filename="Q4_K_M")),
        ("https://huggingface.co/org/n/resolve/v1.0/w.gguf", ModelId("hub", "org/n", "w.gguf", "v1.0")),
        ("hf://Qwen/Qwen2-7B", ModelId("hub", "Qwen/Qwen2-7B")),
        ("hf-hub:timm/vit_base_patch16_224.augreg_in21k", ModelId("hub", "timm/vit_base_patch16_224.augreg_in21k")),
        ("checkpoints/meta-llama/Llama-3.2-1B", ModelId("hub", "meta-llama/Llama-3.2-1B")),
        ("./models/x.gguf", ModelId("gguf", "models/x.gguf")),
        ("saves/llama3-8b/lora/sft", ModelId("local", "saves/llama3-8b/lora/sft")),
        ("models/Mistral-7B", ModelId("local", "models/Mistral-7B")),
        ("gpt2", ModelId("hub", "gpt2")),
        ("apps/v1", None),
        ("nvidia.com/gpu", None),
        ("application/json", None),
        ("https://huggingface.co/datasets/a/b", None),
        ("https://github.com/org/repo", None),
        ("path/to/model", None),
        ("<model>", None),
        ("your-org/model", None),
        ("configs/zero3.json", None),
        ("gpt-4o", None),
        ("two words/x", None),
    ],
)
def test_model_id(value: str, expected: ModelId | None) -> None:
    assert model_id(value, bare=True) == expected


def test_bare_ids_need_the_flag() -> None:
    assert "bert-base-uncased" in BARE_HUB_IDS
    assert model_id("bert-base-uncased") is None
    assert model_id("bert-base-uncased", bare=True) == ModelId("hub", "bert-base-uncased")
    assert model_id("mistral", bare=True) is None


def test_ollama_and_env_default() -> None:
    assert ollama_id("llama3.2") == ModelId("ollama", "llama3.2:latest")
    assert ollama_id("llama3.2:3b") == ModelId("ollama", "llama3.2:3b")
    assert ollama_id("hf.co/a/b:Q8_0") == ModelId("hub", "a/b", filename="Q8_0")
    assert ollama_id("--help") is None
    assert env_default("${MODEL:-org/x}") == ("org/x", 9)
    assert env_default("${MODEL:org/x}") == ("org/x", 8)
    assert env_default("org/x") == ("org/x", 0)
    assert classify("meta-llama/Llama-3.1-8B") == ("hub", "meta-llama/Llama-3.1-8B")  # unchanged


def test_suppression_markers() -> None:
    assert ignored_on("model: a/b  # modelcheck: ignore[rule-a, rule-b]") == frozenset({"rule-a", "rule-b"})
    assert ignored_on("x <!-- modelcheck: ignore[r] -->") == frozenset({"r"})
    assert ignored_on("# modelcheck: ignore") == frozenset()  # bare: refused, suppresses nothing
    assert ignored_on("#  ModelCheck : ignore[Rule-A]") == frozenset({"rule-a"})
    assert ignored_on("model: a/b  # a comment") == frozenset()


@pytest.mark.parametrize(
    "name, extractor",
    [
        ("Dockerfile", "extract_dockerfile"), ("docker/Dockerfile.cuda", "extract_dockerfile"),
        ("ollama.Dockerfile", "extract_dockerfile"), ("Containerfile", "extract_dockerfile"),
        ("Modelfile", "extract_modelfile"), ("m/llama.Modelfile", "extract_modelfile"),
        ("Modelfile.q4", "extract_modelfile"), ("Makefile", "extract_makefile"), ("rules.mk", "extract_makefile"),
        (".env", "extract_envfile"), (".env.example", "extract_envfile"), ("prod.env", "extract_envfile"),
        ("docker-compose.gpu.yml", "extract_yaml_file"), (".github/workflows/ci.yml", "extract_yaml_file"),
        ("x/config.json", "extract_json_file"), ("adapter_config.json", "extract_json_file"),
        ("settings.toml", "extract_toml_file"), ("run.sh", "extract_shell_file"), ("m/README.md", "extract_card"),
        ("w.gguf", "_weights"), ("w.safetensors", "_weights"),
    ],
)
def test_dispatch(name: str, extractor: str) -> None:
    assert [e.__name__ for e in extractors_for(Path(name))] == [extractor]


def test_not_candidates() -> None:
    for name in ("package-lock.json", "web/npm-shrinkwrap.json", "docs/guide.md", "notes.txt", "Modelfile.md", "image.png"):
        assert not is_candidate(Path(name)), name
    for name in ("package.json", "results.json", "train.json", "data/x.JSON"):  # any other JSON: the byte gate decides
        assert is_candidate(Path(name)), name
    assert [e.__name__ for e in extractors_for(Path("modelfile.py"))] == ["_python"]
