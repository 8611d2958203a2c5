"""In-process CLI tests: exit codes, streams, formats."""

from __future__ import annotations

import json

import pytest

from modelcheck import __version__

from conftest import MakeProject, Run

APP = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/private-model")\n'


def test_version(run_cli: Run) -> None:
    code, out, _ = run_cli("--version")
    assert (code, out) == (0, f"modelcheck {__version__}\n")


def test_unresolved_model_fails_closed(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP})
    code, out, err = run_cli(str(root))
    assert code == 1
    assert out.startswith("app.py:2:32: error unresolved-license ")
    assert "acme/private-model" in out
    assert "1 model in 1 files scanned" in err


def test_exit_zero_and_quiet(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP})
    code, out, err = run_cli(str(root), "--exit-zero", "--quiet")
    assert code == 0
    assert "unresolved-license" in out
    assert err == ""


def test_clean_project_exits_0(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": "print('no models here')\n"})
    code, out, err = run_cli(str(root))
    assert (code, out) == (0, "")
    assert "0 models" in err


def test_check_is_the_default_command_and_explicit(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP})
    assert run_cli("check", str(root))[:2] == run_cli(str(root))[:2]


def test_explicit_files_only(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"a.py": APP, "b.py": APP.replace("private-model", "other-model")})
    code, out, _ = run_cli("b.py", cwd=root)
    assert code == 1
    assert "b.py:2:32" in out
    assert "a.py" not in out


def test_json_contract(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": APP})
    code, out, _ = run_cli(str(root), "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["schema_version"] == 1
    assert doc["tool"] == {"name": "modelcheck", "version": __version__}
    (model,) = doc["models"]
    assert model["id"] == "acme/private-model"
    assert model["kind"] == "hub"
    assert model["license"] is None
    assert model["references"][0] == {
        "path": "app.py", "line": 2, "column": 32, "text": "acme/private-model", "via": "transformers.from_pretrained",
    }
    (finding,) = doc["findings"]
    assert finding["rule"] == "unresolved-license"
    assert (finding["path"], finding["line"], finding["column"]) == ("app.py", 2, 32)
    assert doc["summary"]["findings"] == {"error": 1, "warning": 0, "note": 0}


@pytest.mark.parametrize("args", [["--format", "yaml"], ["--fail-on", "fatal"], ["--no-such-flag"]])
def test_usage_errors_exit_2(make_project: MakeProject, run_cli: Run, args: list[str]) -> None:
    root = make_project({"app.py": APP})
    code, out, err = run_cli(str(root), *args)
    assert code == 2
    assert out == ""
    assert err.startswith("modelcheck") and ": error: " in err and err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_path_exits_2(run_cli: Run) -> None:
    code, _, err = run_cli("does/not/exist")
    assert code == 2
    assert err == "modelcheck: error: does/not/exist: no such file or directory\n"


def test_fail_on_warning_from_cli(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": "x = 1\n"})
    assert run_cli(str(root), "--fail-on", "note")[0] == 0


def test_force_color(make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project({"app.py": APP})
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run_cli(str(root))
    assert "\x1b[31merror\x1b[0m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run_cli(str(root))
    assert "\x1b[" not in out


def test_explain_unknown_rule_suggests(run_cli: Run) -> None:
    code, _, err = run_cli("explain", "noncommercial-licence")
    assert code == 2
    assert "did you mean 'noncommercial-license'?" in err


EXACT_APP = '''from transformers import AutoModel

summariser = AutoModel.from_pretrained("CohereForAI/c4ai-command-r-v01")
private = AutoModel.from_pretrained("acme/private-model")
'''
EXACT_CONFIG = '[tool.modelcheck]\n\n[tool.modelcheck.project]\ncommercial = true\ndistribution = ["saas"]\n'


def test_text_output_exact(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": EXACT_APP, "pyproject.toml": EXACT_CONFIG})
    code, out, err = run_cli(str(root), "--offline")
    assert code == 1
    assert out == (
        "app.py:3:41: warning attribution-required CohereForAI/c4ai-command-r-v01 is licensed under Creative Commons"
        " Attribution-NonCommercial 4.0, which requires attribution when distributed or offered as a service"
        " (§3(a) Attribution): credit the licensor as the licence describes; add it to your product, documentation"
        " or NOTICE file (see `modelcheck notice`)\n"
        "app.py:3:41: error noncommercial-license CohereForAI/c4ai-command-r-v01 is licensed under Creative Commons"
        " Attribution-NonCommercial 4.0, which does not allow commercial use (§2(a)(1) License grant; §1(i)"
        " NonCommercial); replace the model, obtain a commercial licence from the licensor, or set commercial ="
        " false if the project is not commercial\n"
        "app.py:4:38: error unresolved-license acme/private-model: no licence could be determined (hub: offline"
        " (--offline); bundled-index: not in the bundled index (2026-11-27)); record it with a"
        " [[tool.modelcheck.clarify]] entry (model, license, reason) or keep the model card or LICENSE file next to"
        " the weights\n"
    )
    assert err == "2 models in 2 files scanned; licences: CC-BY-NC-4.0 (1), unresolved (1); 2 errors, 1 warning, 0 notes\n"


def test_fail_on_and_exit_zero_exact(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({
        "app.py": 'from transformers import AutoModel\nm = AutoModel.from_pretrained("meta-llama/Llama-3.1-8B-Instruct")\n',
        "pyproject.toml": '[tool.modelcheck.project]\ncommercial = true\ndistribution = ["saas"]\n'
                          "monthly-active-users = 1000\n",
    })
    code, out, _ = run_cli(str(root), "--offline", "--quiet")
    assert code == 0  # only warnings: attribution and use restrictions
    assert [line.split(" ")[1:3] for line in out.splitlines()] == [
        ["warning", "attribution-required"], ["warning", "use-restrictions"]]
    assert run_cli(str(root), "--offline", "--quiet", "--fail-on", "warning")[0] == 1
    assert run_cli(str(root), "--offline", "--quiet", "--fail-on", "warning", "--exit-zero")[0] == 0


def test_api_models_are_listed_not_unresolved(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": 'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o", messages=[])\n'})
    code, out, _ = run_cli(str(root), "--offline", "--format", "json")
    doc = json.loads(out)
    assert [(m["id"], m["kind"]) for m in doc["models"]] == [("openai:gpt-4o", "api")]
    assert doc["findings"] == []
    assert code == 0


def test_explain_lists_the_licences_and_clauses_a_rule_applies(run_cli: Run) -> None:
    code, out, _ = run_cli("explain", "revenue-threshold")
    assert code == 0
    assert out.startswith("revenue-threshold (error, condition)\n")
    assert "Licences with this term (clause, source):" in out
    assert "(`stabilityai-ai-community`): §III" in out


def test_resolve_json_keeps_requested_ids_in_order(run_cli: Run) -> None:
    code, out, _ = run_cli("resolve", "--offline", "--format", "json", "gpt-4o", "bert-base-uncased",
                           "meta-llama/Llama-3.1-8B@main", "acme/nothing-here")
    doc = json.loads(out)
    assert set(doc) == {"schema_version", "tool", "models"}
    assert [(m["id"], m["kind"], m["references"]) for m in doc["models"]] == [
        ("gpt-4o", "api", []), ("bert-base-uncased", "hub", []), ("meta-llama/Llama-3.1-8B@main", "hub", []),
        ("acme/nothing-here", "hub", [])]
    assert doc["models"][1]["license"]["spdx"] == "Apache-2.0"
    assert doc["models"][2]["license"]["hf"] == "llama3.1"
    assert doc["models"][3]["license"] is None
    assert code == 1  # one model could not be resolved


def test_several_directories_are_walked_with_the_configs_excludes(make_project: MakeProject, run_cli: Run) -> None:
    load = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/{}")\n'
    root = make_project({
        "pyproject.toml": "[tool.modelcheck]\nexclude = []\n",  # replaces the defaults: build/ is scanned
        "a/build/gen.py": load.format("in-build"),
        "b/app.py": load.format("in-app"),
    })
    _, out, _ = run_cli("a", "b", "--offline", "--format", "json", cwd=root)
    assert sorted(m["id"] for m in json.loads(out)["models"]) == ["acme/in-app", "acme/in-build"]
