"""A local adapter named beside its base carries the base's terms (config lineage)."""

from __future__ import annotations

import json

from conftest import MakeProject, Run

CONFIG = """### model
model_name_or_path: meta-llama/Meta-Llama-3-8B-Instruct
adapter_name_or_path: saves/llama3-8b/lora/sft
### export
export_dir: saves/merged
"""
PROJECT = '[tool.modelcheck.project]\ncommercial = true\ndistribution = ["weights"]\nfine-tunes = true\n' \
          'trains-on-outputs = true\nmonthly-active-users = 10\n'


def test_adapter_inherits_base_licence_and_is_reported_once(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"merge.yaml": CONFIG, "pyproject.toml": PROJECT})
    code, out, _ = run_cli(str(root), "--offline", "--format", "json")
    doc = json.loads(out)
    models = {m["id"]: m for m in doc["models"]}
    adapter = models["saves/llama3-8b/lora/sft"]
    assert adapter["kind"] == "local"
    assert adapter["license"]["keys"] == ["llama3"] and adapter["license"]["source"] == "base-model"
    assert "saves/merged" not in models  # an output, not a dependency
    rules = {(f["rule"], f["model"]) for f in doc["findings"]}
    assert ("output-training", "meta-llama/Meta-Llama-3-8B-Instruct") in rules
    assert not any(model == "saves/llama3-8b/lora/sft" for _, model in rules)
    assert code == 1


def test_inherited_licence_is_shown_with_its_source(make_project: MakeProject, run_cli: Run) -> None:
    config = CONFIG.replace("meta-llama/Meta-Llama-3-8B-Instruct", "meta-llama/Llama-2-7b-hf")
    root = make_project({"merge.yaml": config, "pyproject.toml": PROJECT})
    _, out, _ = run_cli("list", str(root), "--offline")
    (row,) = [line for line in out.splitlines() if line.startswith("saves/llama3-8b/lora/sft")]
    assert "LicenseRef-scancode-llama-2-license-2023" in row and "base-model" in row


def test_ambiguous_bases_are_not_linked(make_project: MakeProject, run_cli: Run) -> None:
    config = CONFIG + "---\nmodel_name_or_path: Qwen/Qwen2.5-7B-Instruct\n"
    root = make_project({"merge.yaml": config})
    _, out, _ = run_cli(str(root), "--offline", "--format", "json")
    models = {m["id"]: m for m in json.loads(out)["models"]}
    assert models["saves/llama3-8b/lora/sft"]["license"] is None
