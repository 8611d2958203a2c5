"""File selection: git listing, walk fallback, excludes, symlinks, explicit paths."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck import files
from modelcheck.files import _exclusion_test, is_excluded, list_files


def touch(root: Path, *rels: str) -> None:
    for rel in rels:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x: 1\n")


def rels(root: Path, paths: list[Path]) -> list[str]:
    return [p.relative_to(root.resolve()).as_posix() for p in paths]


LAYOUT = (
    "train.yaml", "src/app.py", "notes.txt", "Dockerfile", "deploy/Modelfile", ".env.example",
    "node_modules/pkg/config.yaml", ".venv/lib/x.py", "build/out.yaml", "sub/__pycache__/m.py",
    "configs/deep/a.yml", "weights/m.gguf", "docs/index.md", "docs/README.md",
)


def test_walk_default_excludes_and_candidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, *LAYOUT)
    monkeypatch.setattr(files, "_git_files", lambda root, meanwhile=None: None)
    assert rels(tmp_path, list_files(tmp_path, None, None, [])) == [
        ".env.example", "Dockerfile", "configs/deep/a.yml", "deploy/Modelfile", "docs/README.md",
        "src/app.py", "train.yaml", "weights/m.gguf",
    ]


def test_exclude_replaces_and_extend_adds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, *LAYOUT)
    monkeypatch.setattr(files, "_git_files", lambda root, meanwhile=None: None)
    got = rels(tmp_path, list_files(tmp_path, None, ["configs/**", "*.gguf"], []))
    assert "node_modules/pkg/config.yaml" in got and "build/out.yaml" in got
    assert "configs/deep/a.yml" not in got and "weights/m.gguf" not in got
    got = rels(tmp_path, list_files(tmp_path, None, None, ["docs/", "/train.yaml"]))
    assert "docs/README.md" not in got and "train.yaml" not in got and "node_modules/pkg/config.yaml" not in got


def test_glob_semantics() -> None:
    assert is_excluded("a/b/node_modules/x.yml", ["node_modules"])
    assert is_excluded("configs/a/b.yml", ["configs/**"])
    assert not is_excluded("x/configs/a.yml", ["/configs"])
    assert is_excluded("x/configs/a.yml", ["**/configs"])
    assert is_excluded("m/w.gguf", ["*.gguf"])
    assert not is_excluded("m/w.gguf.txt", ["*.gguf"])
    assert is_excluded("a/test_1.yaml", ["a/test_?.yaml"])
    assert is_excluded("a/x.yaml", ["a/[xy].yaml"])


def test_symlink_loops_and_dangling_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "_git_files", lambda root, meanwhile=None: None)
    touch(tmp_path, "a/config.yaml")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    touch(outside, "secret.yaml")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")  # directory loop
    os.symlink(outside, tmp_path / "out-dir")  # directory outside the tree
    os.symlink(outside / "secret.yaml", tmp_path / "out-file.yaml")  # file outside the tree
    os.symlink(tmp_path / "missing.yaml", tmp_path / "dangling.yaml")
    os.symlink(tmp_path / "a" / "config.yaml", tmp_path / "inside-link.yaml")
    assert rels(tmp_path, list_files(tmp_path, None, None, [])) == ["a/config.yaml", "inside-link.yaml"]
    shutil.rmtree(outside)


def test_explicit_paths_honour_excludes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, *LAYOUT)
    monkeypatch.chdir(tmp_path)
    explicit = [Path("train.yaml"), Path("notes.txt"), tmp_path / "build/out.yaml", Path("missing.yaml"),
                Path("src/app.py")]
    assert rels(tmp_path, list_files(tmp_path, explicit, None, ["src/**"])) == ["train.yaml"]


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_tracked_and_untracked_not_ignored(tmp_path: Path) -> None:
    touch(tmp_path, "tracked.yaml", "untracked.yml", "ignored/config.yaml", "skip.yaml", "build/b.yaml")
    (tmp_path / ".gitignore").write_text("ignored/\nskip.yaml\n")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_SYSTEM": os.devnull}
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True, env=env)
    subprocess.run(["git", "-C", str(tmp_path), "add", "tracked.yaml"], check=True, env=env)
    assert rels(tmp_path, list_files(tmp_path, None, None, [])) == ["tracked.yaml", "untracked.yml"]


def test_git_failure_falls_back_to_walk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    touch(tmp_path, "a.yaml")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))  # git cannot be found
    assert rels(tmp_path, list_files(tmp_path, None, None, [])) == ["a.yaml"]


_PARTS = st.sampled_from(["build", "docs", ".git", "a", "b.yaml", "node_modules", "x y", "cfg"])
_PATTERNS = st.one_of(
    _PARTS, _PARTS.map(lambda p: p + "/"), _PARTS.map(lambda p: "/" + p), st.just("*.yaml"),
    st.just("docs/**"), st.just("**/cfg"), st.just("a/b.yaml"), st.just(" "), st.just("b?yaml"),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PATTERNS, max_size=5), st.lists(_PARTS, min_size=1, max_size=4).map("/".join))
def test_fast_exclusion_test_agrees_with_is_excluded(patterns: list[str], rel: str) -> None:
    assert _exclusion_test(tuple(patterns))(rel) == is_excluded(rel, patterns)


_NAME_PARTS = st.sampled_from(["a", ".", "/", "py", "yaml", "YML", "json", "Dockerfile", "dockerfile.", "Modelfile",
                               "env", ".env", "config", "adapter_config", "README", "md", "x.b", "toml", "gguf"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_NAME_PARTS, min_size=1, max_size=6).map("".join))
def test_fast_candidate_test_agrees_with_is_candidate(rel: str) -> None:
    from modelcheck import extract

    parts = [p for p in rel.split("/") if p not in ("", ".", "..")]  # git and the walk give normal paths
    rel = "/".join(parts) or "a"
    assert files._candidate_test()(rel) == extract.is_candidate(Path(rel))
