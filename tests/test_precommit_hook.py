"""The pre-commit hook, run for real with ``pre-commit try-repo`` against a git copy of this tree.

try-repo always builds its hook environment in a fresh temporary store (it ignores
PRE_COMMIT_HOME), so each call pip-installs the hook (~15 s): there are exactly two calls, one
failing and one passing. The git copy is made once per session; PRE_COMMIT_HOME still points into
a temporary directory so nothing touches the developer's cache. The whole-project hook shares the
entry command, which is exercised in-process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from integ_repo import REPO, copy_source, git, pip_install_failure
from modelcheck.extract import BY_NAME, BY_PREFIX, BY_SUFFIX, extractors_for_name

HOOKS = YAML(typ="safe", pure=True).load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
BY_ID = {hook["id"]: hook for hook in HOOKS}


@pytest.fixture(scope="session")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A committed git copy of the working tree, and a private PRE_COMMIT_HOME."""
    base = tmp_path_factory.mktemp("precommit")
    repo = copy_source(base / "hook-repo")
    git("init", "-q", "-b", "main", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-q", "-m", "snapshot for try-repo", cwd=repo)
    return repo, base / "pre-commit-home"


def try_repo(hook_repo: tuple[Path, Path], target: Path, hook: str) -> subprocess.CompletedProcess[str]:
    repo, home = hook_repo
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never", NO_COLOR="1")
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(repo), hook, "--all-files",
                           "--verbose"], cwd=target, env=env, capture_output=True, text=True, timeout=900)
    log = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in log or "error: subprocess-exited-with-error" in log:
        if pip_install_failure(log):
            pytest.skip(f"pip cannot install modelcheck's dependencies here (no package index): {log[-400:]}")
        raise AssertionError(log)
    return proc


def target_repo(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=root)
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    git("add", "-A", cwd=root)
    return root


PYPROJECT = """\
    [project]
    name = "shop-assistant"
    version = "1.0.0"

    [tool.modelcheck.project]
    commercial = true
    """


def test_fails_on_a_violating_file(hook_repo: tuple[Path, Path], tmp_path: Path) -> None:
    target = target_repo(tmp_path / "bad", {
        "pyproject.toml": PYPROJECT,
        "src/summarise.py": """\
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained("CohereForAI/c4ai-command-r-v01")
            """,
        "Makefile": "serve:\n\tvllm serve mosaicml/mpt-7b-chat\n",
        ".env": "MODEL_ID=facebook/opt-125m\n",
        "notes.txt": "not a file the hook looks at\n",
    })
    proc = try_repo(hook_repo, target, "modelcheck")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 1, log
    assert re.search(r"modelcheck \(model licence compliance\)\.+Failed", log), log
    assert "src/summarise.py:3:" in log and "noncommercial-license" in log
    # Makefiles and .env files reach the hook (they were left out of its selection once)
    assert "Makefile:2:" in log and "mosaicml/mpt-7b-chat" in log, log
    assert ".env:1:" in log and "facebook/opt-125m" in log, log


def test_passes_on_a_clean_file(hook_repo: tuple[Path, Path], tmp_path: Path) -> None:
    target = target_repo(tmp_path / "good", {
        "pyproject.toml": PYPROJECT,
        "src/embed.py": """\
            from transformers import AutoModel

            model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
            """,
    })
    proc = try_repo(hook_repo, target, "modelcheck")
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert re.search(r"modelcheck \(model licence compliance\)\.+Passed", log), log


def test_project_hook_entry_scans_the_tree(tmp_path: Path, run_cli: Any) -> None:
    hook = BY_ID["modelcheck-project"]
    assert hook["pass_filenames"] is False and hook["files"] == BY_ID["modelcheck"]["files"]
    target = target_repo(tmp_path / "proj", {
        "pyproject.toml": PYPROJECT,
        "src/summarise.py": 'm = AutoModelForCausalLM.from_pretrained("CohereForAI/c4ai-command-r-v01")\n',
    })
    program, *args = hook["entry"].split()
    assert program == "modelcheck"
    code, out, _ = run_cli(*args, cwd=target)
    assert code == 1 and "src/summarise.py:1:" in out and "noncommercial-license" in out


@pytest.mark.parametrize("name", [
    "app.py", "nb/explore.ipynb", "configs/train.yaml", "cfg.YML", "config.json", "pyproject.toml",
    "setup.cfg", "scripts/serve.sh", "Dockerfile", "docker/Dockerfile.gpu", "Containerfile", "Modelfile",
    "ollama/chat.modelfile", "models/x/README.md", "weights/q4.GGUF", "model.safetensors", "m.onnx",
    "LICENSE", "models/x/LICENSE.txt",
])
def test_files_selected(name: str) -> None:
    assert re.search(BY_ID["modelcheck"]["files"], name), name


@pytest.mark.parametrize("name", ["image.png", "data.csv", "main.rs", "README", "notes.txt"])
def test_files_not_selected(name: str) -> None:
    assert not re.search(BY_ID["modelcheck"]["files"], name), name


def registry_samples() -> list[str]:
    """A file name for every kind the extractor registry reads (suffixes, exact names, prefixes)."""
    names = [f"dir/file{suffix}" for suffix in BY_SUFFIX] + [f"dir/{name}" for name in BY_NAME]
    names += [f"dir/{prefix}example" for prefix in BY_PREFIX]
    names += [f"dir/{name.upper()}" for name in BY_NAME] + ["Makefile", "GNUmakefile", ".env", "train.json"]
    return names


@pytest.mark.parametrize("name", registry_samples())
def test_hook_selects_every_kind_the_scanner_reads(name: str) -> None:
    assert extractors_for_name(name.rsplit("/", 1)[-1]) or name.endswith(".json"), f"not a scanned kind: {name}"
    for hook in HOOKS:
        assert re.search(hook["files"], name), f"{hook['id']} leaves out {name}, which the scanner reads"


def test_manifest_is_valid() -> None:
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hook = BY_ID["modelcheck"]
    assert hook["language"] == "python" and "--offline" in hook["entry"] and hook["pass_filenames"] is True
    assert "types" not in hook and "types_or" not in hook  # they would AND away the weight files
