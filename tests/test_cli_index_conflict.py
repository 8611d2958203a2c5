"""A local copy of a model whose metadata names another licence than the bundled index's entry
for the same id is reported (license-conflict), not silently believed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MakeProject, Run

LOAD = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{model}")\n'


def _models(out: str) -> dict[str, dict[str, object]]:
    return {m["id"]: m for m in json.loads(out)["models"]}


def _findings(out: str, rule: str) -> list[dict[str, object]]:
    return [f for f in json.loads(out)["findings"] if f["rule"] == rule]


def test_project_card_disagreeing_with_the_index_is_a_conflict(make_project: MakeProject, run_cli: Run) -> None:
    model = "meta-llama/Llama-3.1-8B-Instruct"  # the bundled index: Llama 3.1 Community License
    root = make_project({
        "models/llama/README.md": f"---\nmodel_name: {model}\nlicense: apache-2.0\n---\n# local copy\n",
        "app.py": LOAD.format(model=model),
    })
    _, out, _ = run_cli(str(root), "--format", "json", "--exit-zero")
    resolution = _models(out)[model]["resolution"]
    assert isinstance(resolution, dict) and resolution["source"] == "project"
    (conflict,) = resolution["conflicts"]
    assert "Apache-2.0" in conflict and "bundled-index" in conflict
    (finding,) = _findings(out, "license-conflict")
    assert model in str(finding["message"])


def test_agreeing_or_unindexed_local_copies_are_quiet(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "models/mistral/README.md": "---\nmodel_name: mistralai/Mistral-7B-v0.1\nlicense: apache-2.0\n---\n",
        "models/acme/README.md": "---\nmodel_name: acme/private-7b\nlicense: mit\n---\n",
        "app.py": LOAD.format(model="mistralai/Mistral-7B-v0.1") + LOAD.format(model="acme/private-7b"),
    })
    _, out, _ = run_cli(str(root), "--format", "json", "--exit-zero")
    assert _findings(out, "license-conflict") == []
    assert {m: v["resolution"]["source"] for m, v in _models(out).items()} == {  # type: ignore[index]
        "mistralai/Mistral-7B-v0.1": "project", "acme/private-7b": "project"}


def test_hf_cache_card_disagreeing_with_the_index_is_a_conflict(
    tmp_path: Path, make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from test_resolve_cache import make_cached

    model = "mistralai/Mistral-7B-v0.1"  # the bundled index: Apache-2.0
    cache = tmp_path / "hub"
    make_cached(cache, model, {"README.md": "---\nlicense: cc-by-nc-4.0\n---\n"})
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    root = make_project({"app.py": LOAD.format(model=model)})
    _, out, _ = run_cli(str(root), "--format", "json", "--exit-zero")
    resolution = _models(out)[model]["resolution"]
    assert isinstance(resolution, dict) and resolution["source"] == "hf-cache"
    assert len(resolution["conflicts"]) == 1 and "bundled-index" in resolution["conflicts"][0]
