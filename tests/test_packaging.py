"""The wheel ships the code and the built-in rules; installed non-editable, it runs outside the tree."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True, capture_output=True, text=True,
    )
    return next(out.glob("modelcheck-*.whl"))


def test_wheel_contains_builtin_rules_and_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    rules = [n for n in names if n.startswith("modelcheck/_builtin_rules/") and n.endswith(".yaml")]
    shipped = sorted(p.name for p in (REPO / "rules").glob("*.yaml"))
    assert sorted(Path(n).name for n in rules) == shipped
    assert "modelcheck/cli/__init__.py" in names
    assert {"modelcheck/data/index.toml", "modelcheck/data/licenses.toml"} <= set(names)


def test_installed_wheel_runs_on_example(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    bindir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bindir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env["HF_HUB_OFFLINE"] = "1"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    rules = subprocess.run(
        [str(bindir / "modelcheck"), "rules"], cwd=outside, env=env, capture_output=True, text=True
    )
    assert rules.returncode == 0, rules.stderr
    assert "noncommercial-license" in rules.stdout
    check = subprocess.run(
        [str(bindir / "modelcheck"), str(REPO / "examples" / "chatbot"), "--offline"],
        cwd=outside, env=env, capture_output=True, text=True,
    )
    assert check.returncode == 1, check.stderr
    assert "src/assistant.py:" in check.stdout
    assert "error" in check.stdout
    module = subprocess.run(
        [str(bindir / "python"), "-m", "modelcheck", "--version"], cwd=outside, env=env, capture_output=True, text=True
    )
    assert module.stdout.strip().startswith("modelcheck ")
