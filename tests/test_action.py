"""The composite action's run steps, executed with bash as GitHub would, without GitHub.

``action.yml`` is parsed, each step's ``${{ }}`` expressions are evaluated here (inputs with their
defaults, earlier steps' outputs, ``github.action_path``), and each ``run:`` script is executed
with ``bash --noprofile --norc -eo pipefail`` and a fresh ``$GITHUB_OUTPUT`` per step, like the
runner. ``uses:`` steps are stood in for: setup-python yields this interpreter; the upload step is
only checked for whether it would run and with which inputs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from integ_repo import REPO, copy_source, pip_install_failure

ACTION = YAML(typ="safe", pure=True).load((REPO / "action.yml").read_text(encoding="utf-8"))
SARIF_SCHEMA = json.loads((REPO / "tests" / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


@dataclass
class Run:
    """What running the action produced."""

    outputs: dict[str, dict[str, str]] = field(default_factory=dict)  # step id -> outputs
    logs: dict[str, str] = field(default_factory=dict)  # step name -> stdout + stderr
    codes: dict[str, int] = field(default_factory=dict)  # step name -> exit code
    uploaded: dict[str, str] | None = None  # upload-sarif `with:` when the step would run
    failed: str | None = None  # first failing step

    def action_outputs(self) -> dict[str, str]:
        return {name: evaluate(spec["value"], self._context({})) for name, spec in ACTION["outputs"].items()}

    def _context(self, inputs: dict[str, str]) -> dict[str, Any]:
        return {"inputs": inputs, "steps": {k: {"outputs": v} for k, v in self.outputs.items()}}


def lookup(path: str, context: dict[str, Any]) -> str:
    node: Any = context
    for part in path.split("."):
        node = node.get(part, "") if isinstance(node, dict) else ""
    return str(node)


def evaluate_expr(expr: str, context: dict[str, Any]) -> Any:
    """The subset of the expression language action.yml uses: contexts, literals, ==, !=, &&, always()."""
    if "&&" in expr:
        return all(evaluate_expr(part.strip(), context) for part in expr.split("&&"))
    for op in ("==", "!="):
        if op in expr:
            left, right = (str(evaluate_expr(side.strip(), context)) for side in expr.split(op, 1))
            return (left == right) if op == "==" else (left != right)
    if expr == "always()":
        return True
    if expr.startswith("'") and expr.endswith("'"):
        return expr[1:-1]
    assert re.fullmatch(r"[a-z_]+(\.[A-Za-z0-9_-]+)+", expr), f"unsupported expression {expr!r}"
    return lookup(expr, context)


def evaluate(text: object, context: dict[str, Any]) -> str:
    if isinstance(text, bool):  # YAML `false` reaches an action as the string "false"
        return str(text).lower()
    return EXPR.sub(lambda m: str(evaluate_expr(m.group(1), context)), str(text))


def run_action(inputs: dict[str, str], workspace: Path, temp: Path, action_path: Path, *,
               stand_ins: dict[str, dict[str, str]] | None = None) -> Run:
    """Run the action's steps in order; ``stand_ins`` replaces a step (by id) with fixed outputs."""
    unknown = set(inputs) - set(ACTION["inputs"])
    assert not unknown, f"not inputs of the action: {unknown}"
    given = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()} | inputs
    run = Run()
    summary = temp / "step_summary.md"
    for number, step in enumerate(ACTION["runs"]["steps"]):
        context = run._context(given) | {"github": {"action_path": str(action_path), "workspace": str(workspace)}}
        step_id = step.get("id", f"step{number}")
        name = step.get("name", step_id)
        if "if" in step:
            condition = step["if"].strip()
            condition = EXPR.fullmatch(condition).group(1) if EXPR.fullmatch(condition) else condition  # type: ignore[union-attr]
            if not evaluate_expr(condition, context):
                continue
        elif run.failed:
            continue  # a failed step skips the rest, except `if: always()` ones
        if stand_ins and step_id in stand_ins:
            run.outputs[step_id] = stand_ins[step_id]
            continue
        if "uses" in step:
            with_ = {k: evaluate(v, context) for k, v in (step.get("with") or {}).items()}
            if step["uses"].startswith("actions/setup-python@"):
                assert with_["update-environment"] == "false"
                run.outputs[step_id] = {"python-path": sys.executable}
            elif step["uses"].startswith("github/codeql-action/upload-sarif@"):
                run.uploaded = with_
            else:
                raise AssertionError(f"unexpected action {step['uses']}")
            continue
        assert step["shell"] == "bash"
        # no ${{ }} in the script text itself: inputs come through env (script-injection safe)
        assert not EXPR.search(step["run"]), f"{name}: expression spliced into run script"
        output = temp / f"output-{number}"
        output.write_text("", encoding="utf-8")
        script = temp / f"step-{number}.sh"
        script.write_text(step["run"], encoding="utf-8")
        env = dict(os.environ)
        env.update({k: evaluate(v, context) for k, v in (step.get("env") or {}).items()})
        env.update({"GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(workspace),
                    "GITHUB_ACTION_PATH": str(action_path), "RUNNER_TEMP": str(temp), "GITHUB_ACTIONS": "true"})
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=workspace,
                              env=env, capture_output=True, text=True, timeout=600)
        run.logs[name] = proc.stdout + proc.stderr
        run.codes[name] = proc.returncode
        run.outputs[step_id] = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines() if line)
        if proc.returncode != 0 and run.failed is None:
            run.failed = name
    return run


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Run the real install step once (pip installs a copy of this source tree into a venv)."""
    base = tmp_path_factory.mktemp("action-install")
    action_path = copy_source(base / "action")
    temp = base / "runner-temp"
    temp.mkdir()
    workspace = base / "ws"
    workspace.mkdir()
    only_install: dict[str, dict[str, str]] = {"run": {}}  # stand in for the later steps: only setup-python and install run here
    run = run_action({}, workspace, temp, action_path, stand_ins=only_install)
    install = next(name for name in run.logs if "Install" in name)
    if run.codes[install] != 0:
        if pip_install_failure(run.logs[install]):
            pytest.skip(f"pip cannot reach a package index to install modelcheck: {run.logs[install][-400:]}")
        raise AssertionError(run.logs[install])
    assert "modelcheck 0." in run.logs[install]
    return run.outputs["install"]


def project(root: Path, *, commercial: bool) -> Path:
    (root / "src").mkdir(parents=True)
    (root / "pyproject.toml").write_text(textwrap.dedent(f"""\
        [project]
        name = "demo"
        version = "0.1.0"

        [tool.modelcheck.project]
        commercial = {str(commercial).lower()}
        distribution = ["internal"]
        """), encoding="utf-8")
    (root / "src" / "app.py").write_text(textwrap.dedent("""\
        from transformers import AutoModelForCausalLM

        summariser = AutoModelForCausalLM.from_pretrained("CohereForAI/c4ai-command-r-v01")
        """), encoding="utf-8")
    return root


def test_findings_fail_after_outputs_summary_and_upload(tmp_path: Path, installed: dict[str, str]) -> None:
    ws = project(tmp_path / "ws", commercial=True)
    temp = tmp_path / "temp"
    temp.mkdir()
    run = run_action({"args": "--offline"}, ws, temp, REPO, stand_ins={"install": installed})
    assert run.codes["Run modelcheck"] == 0, run.logs["Run modelcheck"]
    outputs = run.action_outputs()
    assert outputs["exit-code"] == "1"
    assert (outputs["errors"], outputs["warnings"]) == ("1", "0")
    sarif_path = Path(outputs["sarif-file"])
    assert sarif_path == temp / "modelcheck.sarif"
    doc = json.loads(sarif_path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(doc)
    (result,) = doc["runs"][0]["results"]
    assert result["ruleId"] == "noncommercial-license"
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "src/app.py"
    # annotations in the log (format: github), the summary in the step-summary file, once
    assert "::error file=src/app.py,line=3," in run.logs["Run modelcheck"]
    summary = (temp / "step_summary.md").read_text(encoding="utf-8")
    assert summary.count("## ❌ modelcheck failed") == 1 and "CohereForAI/c4ai-command-r-v01" in summary
    # the upload runs although the check failed, then the verdict step fails the job
    assert run.uploaded == {"sarif_file": str(sarif_path), "category": "modelcheck"}
    assert run.failed == "Verdict" and run.codes["Verdict"] == 1


def test_clean_project_passes(tmp_path: Path, installed: dict[str, str]) -> None:
    ws = project(tmp_path / "ws", commercial=False)
    temp = tmp_path / "temp"
    temp.mkdir()
    inputs = {"args": "--offline", "format": "text", "upload-sarif": "false", "sarif-file": str(tmp_path / "out/m.sarif")}
    run = run_action(inputs, ws, temp, REPO, stand_ins={"install": installed})
    assert run.failed is None, run.logs
    outputs = run.action_outputs()
    assert outputs["exit-code"] == "0" and outputs["errors"] == "0"
    assert outputs["sarif-file"] == str(tmp_path / "out/m.sarif")
    assert run.uploaded is None
    assert "::" not in run.logs["Run modelcheck"].replace("::error", "")  # text format: no annotations
    assert (temp / "step_summary.md").read_text(encoding="utf-8").startswith("## ✅ modelcheck passed")


def test_inputs_reach_modelcheck(tmp_path: Path, installed: dict[str, str]) -> None:
    ws = project(tmp_path / "ws", commercial=True)
    temp = tmp_path / "temp"
    temp.mkdir()
    inputs = {"args": "--offline  --exit-zero", "summary": "false", "fail-on": "warning", "config": "pyproject.toml",
              "format": "json"}
    run = run_action(inputs, ws, temp, REPO, stand_ins={"install": installed})
    assert run.failed is None, run.logs
    outputs = run.action_outputs()
    assert (outputs["exit-code"], outputs["errors"]) == ("0", "1")  # --exit-zero passed through, counts kept
    assert '"noncommercial-license"' in run.logs["Run modelcheck"]  # the json format went to the log
    assert not (temp / "step_summary.md").exists()


def test_bad_inputs_and_config_errors_fail_the_run_step(tmp_path: Path, installed: dict[str, str]) -> None:
    ws = project(tmp_path / "ws", commercial=True)
    temp = tmp_path / "temp"
    temp.mkdir()
    run = run_action({"fail-on": "critical"}, ws, temp, REPO, stand_ins={"install": installed})
    assert run.failed == "Run modelcheck" and run.codes["Run modelcheck"] == 2
    assert "::error title=modelcheck action::fail-on must be" in run.logs["Run modelcheck"]
    assert run.uploaded is None  # nothing to upload
    run = run_action({"config": "missing.toml", "args": "--offline"}, ws, temp, REPO, stand_ins={"install": installed})
    assert run.failed == "Run modelcheck" and run.action_outputs()["exit-code"] == "2"
    assert run.action_outputs()["sarif-file"] == "" and run.uploaded is None


def test_action_metadata() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) >= {"path", "config", "fail-on", "format", "upload-sarif", "python-version",
                                     "version", "args"}
    assert set(ACTION["outputs"]) >= {"sarif-file", "errors", "warnings", "notes"}
    upload = next(s for s in ACTION["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif"))
    assert "always()" in upload["if"]
