"""Openness end to end: the JSON field, SARIF/BOM properties and the openness-required policy."""

from __future__ import annotations

import json

from conftest import MakeProject, Run

APP = '''from transformers import AutoModelForCausalLM
chat = AutoModelForCausalLM.from_pretrained("meta-llama/Meta-Llama-3-8B-Instruct")
base = AutoModelForCausalLM.from_pretrained("allenai/OLMo-7B")
'''


def _project(make_project: MakeProject, extra: str = "") -> object:
    return make_project({
        "app.py": APP,
        "pyproject.toml": "[tool.modelcheck]\n" + extra + "\n[tool.modelcheck.project]\ncommercial = false\n"
                          "distribution = [\"internal\"]\n",
    })


def test_json_reports_openness_per_model(make_project: MakeProject, run_cli: Run) -> None:
    root = _project(make_project)
    code, out, _ = run_cli(str(root), "--format", "json")
    models = {m["id"]: m for m in json.loads(out)["models"]}
    assert models["meta-llama/Meta-Llama-3-8B-Instruct"]["openness"]["level"] == "open-weights"
    assert models["allenai/OLMo-7B"]["openness"]["level"] == "open-source"
    assert code == 0


def test_require_open_source_flags_llama_not_olmo(make_project: MakeProject, run_cli: Run) -> None:
    root = _project(make_project, 'require-openness = "open-source"')
    code, out, _ = run_cli(str(root))
    assert code == 1
    lines = [line for line in out.splitlines() if " openness-required " in line]
    assert len(lines) == 1
    assert lines[0].startswith("app.py:2:")
    assert 'meta-llama/Meta-Llama-3-8B-Instruct does not meet require-openness = "open-source"' in lines[0]


def test_openness_rule_honours_severity_override_and_inline_ignore(make_project: MakeProject, run_cli: Run) -> None:
    root = _project(make_project, 'require-openness = "open-source"\n[tool.modelcheck.rules]\nopenness-required = "warning"')
    code, out, _ = run_cli(str(root))
    assert code == 0 and "warning openness-required" in out
    root.joinpath("app.py").write_text(APP.replace('-Instruct")', '-Instruct")  # modelcheck: ignore[openness-required]'))
    code, out, _ = run_cli(str(root))
    assert "openness-required" not in out


def test_bom_and_sarif_carry_openness(make_project: MakeProject, run_cli: Run) -> None:
    root = _project(make_project, 'require-openness = "open-source"')
    _, bom, _ = run_cli("bom", str(root))
    components = {c["name"]: c for c in json.loads(bom)["components"]}
    props = {p["name"]: p["value"] for p in components["OLMo-7B"]["properties"]}
    assert props["modelcheck:openness"] == "open-source"
    _, sarif, _ = run_cli(str(root), "--format", "sarif")
    (result,) = [r for r in json.loads(sarif)["runs"][0]["results"] if r["ruleId"] == "openness-required"]
    assert result["properties"]["openness"] == "open-weights"


def test_local_card_datasets_are_openness_evidence(make_project: MakeProject, run_cli: Run) -> None:
    card = "---\nlicense: apache-2.0\ndatasets:\n  - acme/support-tickets\n---\n# acme model\n"
    root = make_project({
        "models/acme-7b/README.md": card,
        "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("./models/acme-7b")\n',
    })
    _, out, _ = run_cli(str(root), "--format", "json")
    (model,) = [m for m in json.loads(out)["models"] if m["id"] == "models/acme-7b"]
    assert model["license"]["spdx"] == "Apache-2.0"
    assert model["openness"]["components"]["training-data"]["status"] == "documented"


def test_hub_card_datasets_are_openness_evidence(make_project: MakeProject, run_cli: Run, hub: object) -> None:
    from hub_server import FakeHub, Reply

    assert isinstance(hub, FakeHub)
    hub.model("acme/open-7b", Reply(200, {"id": "acme/open-7b", "sha": "b" * 40,
                                          "cardData": {"license": "apache-2.0", "datasets": ["acme/corpus"]}}))
    root = make_project({"app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/open-7b")\n'})
    _, out, _ = run_cli(str(root), "--format", "json")
    (model,) = json.loads(out)["models"]
    assert model["license"]["source"] == "hub"
    assert model["openness"]["components"]["training-data"]["status"] == "documented"
