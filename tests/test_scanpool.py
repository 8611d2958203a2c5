"""The scan driver: worker processes give the same results in the same order as one process,
relative paths are computed right, and Ctrl-C stops a parallel run cleanly (exit 130)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import synth_tree
from modelcheck import scanpool
from modelcheck.files import list_files

ROOT = Path(__file__).resolve().parent.parent


def _tree(root: Path, files: int) -> None:
    synth_tree(root, files, seed=3)


def test_parallel_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, 500)
    paths = list_files(tmp_path, None, None, ())
    monkeypatch.setenv("MODELCHECK_WORKERS", "1")
    one = scanpool.scan_files(paths, tmp_path)
    monkeypatch.setattr(scanpool, "PARALLEL_MIN", 10)
    monkeypatch.setattr(scanpool, "CHUNK", 7)
    monkeypatch.setenv("MODELCHECK_WORKERS", "2")
    assert scanpool.workers_for(len(paths)) == min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2)
    many = scanpool.scan_files(paths, tmp_path)
    assert many == one
    assert sum(len(s.refs) for s in one) > 10


def test_small_runs_stay_in_process() -> None:
    assert scanpool.workers_for(10) == 1
    assert scanpool.workers_for(scanpool.PARALLEL_MIN - 1) == 1


def test_rel_path(tmp_path: Path) -> None:
    base = scanpool.relative_to(tmp_path)
    assert scanpool.rel_path(tmp_path / "a" / "b.py", base) == "a/b.py"
    assert scanpool.rel_path(tmp_path.parent / "x.py", base) == "../x.py"


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
def test_ctrl_c_stops_a_parallel_scan(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    _tree(tree, 4000)
    code = (
        "import sys, time; from modelcheck import scanpool; scanpool.PARALLEL_MIN = 1; scanpool.CHUNK = 5\n"
        "from modelcheck.extract import __init__ as _\n"
        "import modelcheck.extract as ex\n"
        "real = ex.scan_file\n"
        "def slow(path, rel, *a):\n"
        "    time.sleep(0.01)\n"
        "    return real(path, rel, *a)\n"
        "ex.scan_file = slow\n"
        "from modelcheck.cli import main\n"
        "print('started', flush=True)\n"
        "raise SystemExit(main(['check', sys.argv[1], '--offline', '--quiet']))\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), MODELCHECK_WORKERS="2",
               MODELCHECK_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-c", code, str(tree)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "started"
    time.sleep(1.5)  # well into the parallel scan (4000 files x 10 ms)
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail("a parallel scan did not stop on Ctrl-C")
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    time.sleep(0.5)
    leftovers = []
    for pid in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if str(tree).encode() in cmdline:
            leftovers.append(pid)
    assert leftovers == []  # no worker outlives the run


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_a_failing_worker_is_reported_and_reaped() -> None:
    from modelcheck import forkscan

    def boom(job: tuple[str, object, object]) -> list[tuple[int, object]]:
        raise ValueError("boom in a worker")

    with pytest.raises(forkscan.WorkerError, match="boom in a worker"):
        forkscan.scan_forked(boom, "", ["a"] * 10, ["a"] * 10, 2)  # type: ignore[arg-type]
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # every child was reaped


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork")
def test_forked_chunks_cover_every_file_once() -> None:
    from modelcheck import forkscan
    from modelcheck.model import FileScan, Location, ScanIssue

    def mark(job: tuple[str, list[str], list[str]]) -> list[tuple[int, FileScan]]:
        return [(i, FileScan(issues=(ScanIssue("x", Location(rel), "m"),))) for i, rel in enumerate(job[2])]

    names = [f"f{i}" for i in range(101)]
    out = forkscan.scan_forked(mark, "", names, names, 3)  # type: ignore[arg-type]
    assert sorted(out) == list(range(101))
    assert all(out[i].issues[0].location.path == names[i] for i in out)
