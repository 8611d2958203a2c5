"""Config loading: every error exits 2 naming file:line, never a traceback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from modelcheck.config import find_config, load_config
from modelcheck.errors import ConfigError
from modelcheck.model import Severity

from conftest import MakeProject, Run


def _pyproject(make_project: MakeProject, body: str) -> Path:
    return make_project({"pyproject.toml": "[project]\nname = 'x'\n\n" + body, "app.py": "x = 1\n"})


def test_full_config_loads(make_project: MakeProject) -> None:
    root = _pyproject(
        make_project,
        """
        [tool.modelcheck]
        allow = ["apache-2.0", "mit"]
        deny = ["cc-by-nc-4.0"]
        models = ["org/declared-model"]
        rule-paths = ["compliance/rules"]
        extend-exclude = ["notebooks/scratch/**"]
        fail-on = "warning"

        [tool.modelcheck.project]
        commercial = true
        monthly-active-users = 2_000_000
        distribution = ["saas"]
        jurisdictions = ["eu", "US"]

        [tool.modelcheck.rules]
        attribution-required = "off"

        [[tool.modelcheck.exceptions]]
        model = "meta-llama/*"
        rules = ["attribution-required"]
        reason = "shown on the About page"
        expires = 2027-06-30

        [[tool.modelcheck.clarify]]
        model = "acme/internal-7b"
        license = "apache-2.0"
        reason = "trained in house"
        """,
    )
    (root / "compliance" / "rules").mkdir(parents=True)
    config = load_config(root / "pyproject.toml")
    assert [a.value for a in config.allow or ()] == ["apache-2.0", "mit"]
    assert config.fail_on is Severity.WARNING
    assert config.project["monthly-active-users"].value == 2_000_000
    assert config.project["jurisdictions"].value == ["EU", "US"]
    assert config.exceptions[0].expires == dt.date(2027, 6, 30)
    assert config.exceptions[0].location.line == 22
    assert config.clarify[0].license == "apache-2.0"
    assert config.models[0].location.line == 8
    assert config.rule_paths[0].value == root / "compliance/rules"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("[tool.modelcheck]\nalow = ['mit']\n", 5, "unknown key 'alow' in [tool.modelcheck] (did you mean 'allow'?)"),
        ("[tool.modelcheck]\nfail-on = 'fatal'\n", 5, "'fail-on' must be one of error, warning, note"),
        ("[tool.modelcheck.project]\ncommercial = 'yes'\n", 5, "'commercial' must be true or false, not a string"),
        ("[tool.modelcheck.project]\nmonthly-active-users = true\n", 5, "must be a whole number >= 0, not a boolean"),
        ("[tool.modelcheck]\ndeny = ['apache-2.0 AND (']\n", 5, "invalid licence expression 'apache-2.0 AND ('"),
        ("[tool.modelcheck]\nallow = 'mit'\n", 5, "'allow' must be a list of strings, not a string"),
        ("[tool.modelcheck]\ndeny = ['cc-by-nc4.0']\n", 5, "unknown licence 'cc-by-nc4.0' in 'cc-by-nc4.0' (did you mean 'cc-by-nc-4.0'?)"),
        ("[[tool.modelcheck.clarify]]\nmodel = 'x'\nlicense = 'mit OR acme-custom'\nreason = 'r'\n", 6,
         "unknown licence 'acme-custom' in 'mit OR acme-custom'"),
        ("[tool.modelcheck.project]\ndistribution = ['sass']\n", 5, "unknown distribution 'sass' (did you mean 'saas'?)"),
        ("[[tool.modelcheck.exceptions]]\nmodel = 'x/*'\n", 4, "missing required key 'reason'"),
        ("[[tool.modelcheck.clarify]]\nmodel = 'x'\nlicense = 'mit'\nreason = ''\n", 7, "'reason' must be a non-empty string"),
        ("[tool.modelcheck]\nallow = [\n", (5, 6), "invalid TOML"),  # tomllib: the open line; tomli (3.10): the end
    ],
)
def test_config_errors_name_file_and_line(
    make_project: MakeProject, body: str, line: int | tuple[int, ...], message: str
) -> None:
    root = _pyproject(make_project, body)
    with pytest.raises(ConfigError) as info:
        load_config(root / "pyproject.toml")
    assert info.value.location is not None
    assert info.value.location.line in (line if isinstance(line, tuple) else (line,))
    assert message in info.value.message


def test_cli_config_error_shows_file_line_col_source_and_caret(make_project: MakeProject, run_cli: Run) -> None:
    root = _pyproject(make_project, "[tool.modelcheck]\nalow = ['mit']\n")
    code, out, err = run_cli(str(root), cwd=root)
    assert code == 2
    assert out == ""
    assert err == (
        "pyproject.toml:5:1: error: unknown key 'alow' in [tool.modelcheck] (did you mean 'allow'?)\n"
        "  |\n"
        "5 | alow = ['mit']\n"
        "  | ^^^^\n"
        "modelcheck: 1 config error in pyproject.toml; nothing was checked\n"
    )


def test_any_alias_and_licenseref_are_accepted(make_project: MakeProject) -> None:
    root = _pyproject(make_project, "[tool.modelcheck]\nallow = ['Apache 2.0', 'llama3.1 OR MIT', 'LicenseRef-acme-internal']\n")
    assert [a.value for a in load_config(root / "pyproject.toml").allow or ()] == [
        "Apache 2.0", "llama3.1 OR MIT", "LicenseRef-acme-internal"]


def test_modelcheck_toml_uses_top_level_keys(make_project: MakeProject) -> None:
    root = make_project({"modelcheck.toml": "fail-on = 'note'\n[project]\ncommercial = false\n"})
    config = load_config(root / "modelcheck.toml")
    assert config.fail_on is Severity.NOTE
    assert config.project["commercial"].value is False


def test_find_config_walks_up_and_skips_pyproject_without_table(make_project: MakeProject) -> None:
    root = make_project(
        {
            "pyproject.toml": "[tool.modelcheck]\nfail-on = 'note'\n",
            "sub/pyproject.toml": "[project]\nname = 'sub'\n",
            "sub/deep/app.py": "x = 1\n",
        }
    )
    assert find_config(root / "sub" / "deep") == root / "pyproject.toml"
    assert find_config(root / "sub" / "deep" / "app.py") == root / "pyproject.toml"
