"""The per-file result cache: reused while a file is unchanged, never trusted otherwise."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from modelcheck import scancache
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue
from modelcheck.scancache import cache_file, scan_from_json, scan_to_json

from conftest import MakeProject, Run

APP = 'from transformers import AutoModel\nm = AutoModel.from_pretrained("{}")\n'


def test_round_trip_keeps_every_field() -> None:
    scan = FileScan(
        refs=(ModelRef("org/m", "org/m", "hub", Location("a.py", 2, 5), "x.from_pretrained", "base", "main",
                       "q4.gguf", frozenset({"rule-a"})),),
        evidence=(LicenseEvidence("models/x", "model-card", Location("models/x/README.md", 3, 1), "mit", "n",
                                  "https://l", ("org/base",), ("alias",), ("org/data",)),),
        issues=(ScanIssue("unparsable-file", Location("b.yaml", 7, 2), "bad"),),
    )
    assert scan_from_json(json.loads(json.dumps(scan_to_json(scan)))) == scan


@pytest.fixture
def project(make_project: MakeProject, monkeypatch: pytest.MonkeyPatch) -> Path:
    from modelcheck import scanpool

    monkeypatch.setattr(scanpool, "CACHE_MIN_FILES", 2)
    return make_project({f"m{i}.py": APP.format(f"acme/model-{i}") for i in range(3)})


def _ids(run_cli: Run, root: Path, *args: str) -> list[str]:
    _, out, _ = run_cli(str(root), "--offline", "--format", "json", *args)
    return [m["id"] for m in json.loads(out)["models"]]


def test_cache_is_reused_for_unchanged_files_only(project: Path, run_cli: Run) -> None:
    assert _ids(run_cli, project) == ["acme/model-0", "acme/model-1", "acme/model-2"]
    path = cache_file(project)
    data = json.loads(path.read_text())
    assert sorted(data["files"]) == ["m0.py", "m1.py", "m2.py"]
    # plant a result for m0.py with its current stamp: a reused entry is visible in the output
    data["files"]["m0.py"][2]["refs"][0][0] = "acme/from-the-cache"
    path.write_text(json.dumps(data))
    assert "acme/from-the-cache" in _ids(run_cli, project)
    assert "acme/from-the-cache" not in _ids(run_cli, project, "--no-cache")
    # a changed file is scanned again
    (project / "m0.py").write_text(APP.format("acme/edited-model") + "\n")
    assert _ids(run_cli, project)[0] == "acme/edited-model"


def test_deleted_files_leave_the_cache(project: Path, run_cli: Run) -> None:
    _ids(run_cli, project)
    os.remove(project / "m2.py")
    assert _ids(run_cli, project) == ["acme/model-0", "acme/model-1"]
    assert sorted(json.loads(cache_file(project).read_text())["files"]) == ["m0.py", "m1.py"]


@pytest.mark.parametrize("content", ["{not json", '{"fingerprint": "other", "files": {}}', '[1, 2]'])
def test_corrupt_or_foreign_cache_is_a_miss(project: Path, run_cli: Run, content: str) -> None:
    path = cache_file(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    assert _ids(run_cli, project) == ["acme/model-0", "acme/model-1", "acme/model-2"]
    assert json.loads(path.read_text())["fingerprint"] == scancache.code_fingerprint()


@pytest.mark.parametrize("parallel", [False, True])
def test_cached_run_equals_uncached_run_with_empty_files_between(
    make_project: MakeProject, run_cli: Run, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    from modelcheck import scanpool

    monkeypatch.setattr(scanpool, "CACHE_MIN_FILES", 2)
    if parallel:
        monkeypatch.setattr(scanpool, "PARALLEL_MIN", 2)
        monkeypatch.setattr(scanpool, "CHUNK", 3)
    files = {}
    for i in range(12):
        files[f"a{i:02d}.py"] = APP.format(f"acme/model-{i}") if i % 3 == 0 else "x = 1\n"
    root = make_project(files)

    def report(*args: str) -> dict[str, object]:
        _, out, _ = run_cli(str(root), "--offline", "--format", "json", *args)
        return json.loads(out)  # type: ignore[no-any-return]

    cold = report("--no-cache")
    first, second = report(), report()
    assert cold == first == second
    refs = {m["id"]: m["references"][0]["path"] for m in cold["models"]}  # type: ignore[index]
    assert refs == {f"acme/model-{i}": f"a{i:02d}.py" for i in range(0, 12, 3)}
    assert len(json.loads(cache_file(root).read_text())["files"]) == 12
