"""JSON (position-aware reader, model directories) and TOML extraction."""

from __future__ import annotations

import json
from pathlib import Path

from extract_helpers import assert_positions, found, ids, scan

from modelcheck.extract.json_file import parse_leaves

CONFIG = """\
{
  "_name_or_path": "meta-llama/Llama-3.1-8B-Instruct",
  "architectures": [
    "LlamaForCausalLM"
  ],
  "model_type": "llama",
  "torch_dtype": "bfloat16",
  "transformers_version": "4.44.0"
}
"""


def test_transformers_config_json(tmp_path: Path) -> None:
    result = scan(tmp_path, "models/support-ft/config.json", CONFIG)
    assert found(result) == [
        ("models/support-ft", 1, 1, "json:config.json", None),
        ("meta-llama/Llama-3.1-8B-Instruct", 2, 21, "json:_name_or_path", "base"),
    ]
    assert result.refs[0].kind == "local"
    (evidence,) = result.evidence
    assert (evidence.model, evidence.source, evidence.base_models) == (
        "models/support-ft", "config-json", ("meta-llama/Llama-3.1-8B-Instruct",)
    )


def test_adapter_config_json(tmp_path: Path) -> None:
    text = json.dumps({"base_model_name_or_path": "mistralai/Mistral-7B-v0.1", "peft_type": "LORA", "r": 16}, indent=2)
    result = scan(tmp_path, "adapters/a1/adapter_config.json", text)
    assert [(r.id, r.role, r.kind) for r in result.refs] == [
        ("adapters/a1", "adapter", "local"),
        ("mistralai/Mistral-7B-v0.1", "base", "hub"),
    ]


def test_config_json_with_local_name_or_path_and_unrelated_config(tmp_path: Path) -> None:
    text = '{"_name_or_path": "/home/me/ckpt/step-500", "model_type": "bert"}'
    assert ids(scan(tmp_path, "m/config.json", text)) == ["m"]
    # a web app's config.json is not a model directory
    assert scan(tmp_path, "config.json", '{"port": 8080, "name": "app"}') == scan(tmp_path, "x/config.json", "{}")
    assert scan(tmp_path, "config.json", '{"port": 8080}').refs == ()


def test_generic_json_settings(tmp_path: Path) -> None:
    text = (
        '{"llm": {"model": "Qwen/Qwen2.5-7B-Instruct", "base_url": "http://localhost:8000/v1"},\n'
        ' "datasets": [{"path": "org/data", "model": "x/y"}],\n'
        ' "containers": [{"args": ["--model", "google/gemma-2-2b-it"],\n'
        '                 "env": [{"name": "EMBEDDING_MODEL", "value": "BAAI/bge-m3"}]}]}\n'
    )
    result = scan(tmp_path, "app_settings.json", text)
    assert_positions(text, result)
    assert ids(result) == ["Qwen/Qwen2.5-7B-Instruct", "google/gemma-2-2b-it", "BAAI/bge-m3"]
    assert ids(scan(tmp_path, "results.json", text)) == ids(result)  # any JSON name is read (issue 12)


def test_json_reader_positions_and_errors(tmp_path: Path) -> None:
    leaves = parse_leaves('{"a": ["x", {"b": "y\\u00e9"}], "c": 1.5e3, "d": true, "e": null}')
    assert [(leaf.path, leaf.value, leaf.col) for leaf in leaves] == [(("a", 0), "x", 9), (("a", 1, "b"), "yé", 20)]
    for bad in ('{"model": ', '{"model" 1}', '["model", ' + "[" * 100 + "]" * 100 + "]", '{"model": 1} x', "{'model': 1}"):
        result = scan(tmp_path, "bad_config.json", bad)
        assert [i.rule for i in result.issues] == ["unparsable-file"], bad
    assert scan(tmp_path, "empty_config.json", "  \n").issues == ()


SETTINGS_TOML = """\
[tool.modelcheck]
models = ["declared/not-mine"]

[llm]
provider = "ollama"
model = "llama3.1:8b"

[embeddings]
model_name = 'BAAI/bge-small-en-v1.5'
dataset = "org/data"

[[servers]]
args = ["--model", "Qwen/Qwen2.5-7B-Instruct"]
"""


def test_toml_settings(tmp_path: Path) -> None:
    result = scan(tmp_path, "settings.toml", SETTINGS_TOML)
    assert_positions(SETTINGS_TOML, result)
    assert found(result) == [
        ("llama3.1:8b", 6, 10, "toml:model", None),
        ("BAAI/bge-small-en-v1.5", 9, 15, "toml:model_name", None),
        ("Qwen/Qwen2.5-7B-Instruct", 13, 21, "toml:args:--model", None),
    ]


def test_toml_errors_and_modelcheck_toml(tmp_path: Path) -> None:
    result = scan(tmp_path, "bad.toml", "a = 1\nmodel = \n")
    assert [(i.rule, i.location.line) for i in result.issues] == [("unparsable-file", 2)]
    assert scan(tmp_path, "modelcheck.toml", 'model = "org-a/b"\n').refs == ()
    # nothing any rule could match: not even parsed
    assert scan(tmp_path, "unrelated.toml", "a = \n") == scan(tmp_path, "unrelated.yaml", "a: [\n")


def test_json_of_any_name_is_scanned(make_project: "MakeProject", run_cli: "Run") -> None:
    """train.json used to be skipped silently (only names with config/settings/args/params were read)."""
    root = make_project({
        "train.json": '{"model_name_or_path": "meta-llama/Llama-3.1-8B"}',
        "model_configs/nllb-clip.json": '{"text_cfg": {"hf_model_name": "facebook/nllb-200-distilled-600M"}}',
        "web/package-lock.json": '{"name": "x", "packages": {"node_modules/org/name": {"version": "1.0.0"}}}',
    })
    for args in (("list", str(root), "--offline"), ("list", str(root / "train.json"), "--offline")):
        code, out, err = run_cli(*args)
        assert "meta-llama/Llama-3.1-8B" in out, out + err
    code, out, _ = run_cli("list", str(root), "--offline", "--no-cache")
    assert "package-lock" not in out
