"""Shared fixtures: write small real projects to tmp_path and run the CLI in-process."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

import pytest

from modelcheck.cli import main

if TYPE_CHECKING:
    from hub_server import FakeHub

MakeProject = Callable[[dict[str, str]], Path]


def synth_tree(root: Path, files: int, seed: int) -> None:
    """A generated ML tree (``benchmarks/synth.py``, the benchmark's generator) under ``root``."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    try:
        from synth import generate  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    generate(root, files, seed=seed)


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Write ``{relative path: text}`` under tmp_path/project and return the project path."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "project"
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test may reach the internet or the developer's caches."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))
    monkeypatch.setenv("MODELCHECK_CACHE_DIR", str(tmp_path / "mc-cache"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("MODELCHECK_SCAN_DOCS", "")  # --include-docs sets it in-process; restored after
    yield


Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``modelcheck`` in-process from ``cwd``; returns (exit code, stdout, stderr)."""

    def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
        old = Path.cwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            code = main(list(args))
        finally:
            os.chdir(old)
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator["FakeHub"]:
    """A real HTTP server on 127.0.0.1 playing the Hugging Face Hub, wired in through HF_ENDPOINT."""
    from hub_server import FakeHub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with FakeHub() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server
