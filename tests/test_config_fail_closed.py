"""Issue 12: config paths that used to end in a silent exit 0 (or a confusing message), run for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import MakeProject, Run

VISION = ('from transformers import AutoModelForVision2Seq\n'
          'm = AutoModelForVision2Seq.from_pretrained("meta-llama/Llama-3.2-11B-Vision-Instruct")\n')


def facts(jurisdiction: str) -> str:
    return f'[tool.modelcheck.project]\ncommercial = true\njurisdictions = ["{jurisdiction}"]\n'


@pytest.mark.parametrize("value", ["Germany", "DEU", "de", "DE", "EU", "European Union", "france", "IRL"])
def test_country_names_and_codes_fire_the_eu_restriction(make_project: MakeProject, run_cli: Run, value: str) -> None:
    root = make_project({"app.py": VISION, "pyproject.toml": facts(value)})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 1, out + err
    assert "app.py:2:" in out and "error jurisdiction-restriction" in out


@pytest.mark.parametrize("value", ["US", "USA", "United States", "JP"])
def test_countries_outside_the_eu_do_not_fire(make_project: MakeProject, run_cli: Run, value: str) -> None:
    root = make_project({"app.py": VISION, "pyproject.toml": facts(value)})
    _, out, err = run_cli(".", "--offline", cwd=root)
    assert "jurisdiction-restriction" not in out, out + err


@pytest.mark.parametrize(("value", "hint"), [("Europe", "'EU'"), ("XX", None), ("Germny", "'Germany'")])
def test_unknown_jurisdiction_exits_2_with_line_and_suggestion(
        make_project: MakeProject, run_cli: Run, value: str, hint: str | None) -> None:
    root = make_project({"app.py": VISION, "pyproject.toml": facts(value)})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 2 and out == ""
    assert err.startswith(f"pyproject.toml:3:18: error: unknown jurisdiction '{value}'"), err
    if hint:
        assert f"did you mean {hint}" in err.splitlines()[0]
    assert "^" in err and "nothing was checked" in err


NC = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("CohereForAI/c4ai-command-r-v01")\n'


@pytest.mark.parametrize("rules", ["", "rules = []\n"])
def test_exception_without_rules_is_a_config_error(make_project: MakeProject, run_cli: Run, rules: str) -> None:
    config = ('[tool.modelcheck.project]\ncommercial = true\n\n[[tool.modelcheck.exceptions]]\n'
              f'model = "*"\nreason = "TODO"\n{rules}')
    root = make_project({"app.py": NC, "pyproject.toml": config})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 2 and out == "", out + err
    assert err.startswith("pyproject.toml:"), err
    assert 'rules = ["*"]' in err.splitlines()[0]


def test_all_rules_only_as_an_explicit_star(make_project: MakeProject, run_cli: Run) -> None:
    config = ('[tool.modelcheck.project]\ncommercial = true\n\n[[tool.modelcheck.exceptions]]\n'
              'model = "CohereForAI/*"\nreason = "licensed commercially from Cohere"\nrules = ["*"]\n')
    root = make_project({"app.py": NC, "pyproject.toml": config})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 0, out + err
    assert "noncommercial-license" not in out


def test_every_config_error_is_reported_at_once_with_source_and_caret(make_project: MakeProject, run_cli: Run) -> None:
    config = ('[tool.modelcheck]\nfail-on = "errors"\ncommercial = true\nrule-paths = ["nonexistent"]\n'
              'models = ["not a model id!!"]\n\n[tool.modelcheck.project]\nmonthly-active-users = -5\n'
              '\n[tool.modelcheck.rules]\nattribution-required = "of"\n')
    root = make_project({"app.py": NC, "pyproject.toml": config})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 2 and out == ""
    lines = [line for line in err.splitlines() if line.startswith("pyproject.toml:")]
    assert lines[0] == ("pyproject.toml:2:11: error: 'fail-on' must be one of error, warning, note, not 'errors' "
                        "(did you mean 'error'?)")
    assert lines[1].startswith("pyproject.toml:3:1: error:") and "[tool.modelcheck.project]" in lines[1]
    assert lines[2].startswith("pyproject.toml:4:15: error: rule path 'nonexistent' does not exist")
    assert lines[3].startswith("pyproject.toml:5:11: error:") and "'not a model id!!' is not a model id" in lines[3]
    assert lines[4] == "pyproject.toml:8:24: error: 'monthly-active-users' must be >= 0, not -5"
    assert lines[5].startswith("pyproject.toml:11:") and "not 'of'" in lines[5]
    assert len(lines) == 6
    assert '2 | fail-on = "errors"' in err and "^^^^^^^^" in err
    assert "6 config errors in pyproject.toml" in err


def test_modelcheck_toml_with_a_copied_tool_header_is_understood(make_project: MakeProject, run_cli: Run) -> None:
    root = make_project({"app.py": VISION, "modelcheck.toml": "[tool.modelcheck]\n" + facts("FR")})
    code, out, err = run_cli(".", "--offline", cwd=root)
    assert code == 1, out + err
    assert "jurisdiction-restriction" in out


def test_missing_jurisdiction_fact_reads_well(make_project: MakeProject, run_cli: Run, tmp_path: Path) -> None:
    root = make_project({"app.py": VISION, "pyproject.toml": "[tool.modelcheck.project]\ncommercial = true\n"})
    _, out, _ = run_cli(".", "--offline", cwd=root)
    line = next(x for x in out.splitlines() if "jurisdiction-restriction" in x)  # fires, lowered: fact not declared
    assert line.startswith("app.py:2:45: warning jurisdiction-restriction")
    assert "project jurisdictions: not declared" in line and "jurisdictions undeclared" not in line


def test_paths_of_two_projects_are_not_judged_under_one_policy(tmp_path: Path, run_cli: Run) -> None:
    """p1 has no policy, p6 is commercial: one run over both must not judge p6 by p1's config."""
    for name, config in (("p1", "[project]\nname = 'p1'\n"), ("p6", "[tool.modelcheck.project]\ncommercial = true\n")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "pyproject.toml").write_text(config)
        (tmp_path / name / "a.py").write_text(NC)
    code, out, err = run_cli("p1/a.py", "p6/a.py", "--offline", cwd=tmp_path)
    assert code == 2 and out == ""
    assert err.startswith("modelcheck: error: p1/a.py and p6/a.py belong to projects with different configs (no config, p6/pyproject.toml)"), err
    code, out, _ = run_cli("p6/a.py", "--offline", cwd=tmp_path)  # one project at a time works
    assert code == 1 and "noncommercial-license" in out
    # files of one project together are fine
    (tmp_path / "p6" / "b.py").write_text(NC)
    code, out, _ = run_cli("p6/a.py", "p6/b.py", "--offline", cwd=tmp_path)
    assert code == 1 and "noncommercial-license" in out
