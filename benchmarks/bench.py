"""Benchmark modelcheck against ripgrep and a bare interpreter, side by side.

Usage: python benchmarks/bench.py [--files 20000] [--runs 5] [--keep DIR] [--git]

It generates a deterministic synthetic ML monorepo (``synth.py``: Python that mostly mentions models
without naming one, notebooks, YAML/JSON/TOML configs, shell scripts, Dockerfiles, Makefiles, model
cards, plus noise files), then alternates runs of
  * ``modelcheck check TREE --offline`` against ``rg`` searching the same tree for the same call names,
    cold (``--no-cache``: every file read and parsed) and warm (unchanged files reuse their results),
  * ``modelcheck check --offline FILE FILE FILE`` (the pre-commit path) against ``python -c pass``,
and prints medians and ratios, plus modelcheck's peak memory (max RSS of the child).
Targets (issue 7): whole tree <= 10x ripgrep, pre-commit path <= 12x a bare interpreter,
peak memory < 300 MB. Results are recorded in docs/performance.md, not asserted in tests.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402

RG_PATTERN = (
    r"from_pretrained|pipeline\(|hf_hub_download|snapshot_download|SentenceTransformer|CrossEncoder|"
    r"InferenceClient|base_model|model_name_or_path|model_id|vllm serve|ollama|huggingface-cli|--model"
)

def check_importable(cwd: Path) -> str:
    """Where the children import modelcheck from (a relative PYTHONPATH would silently fail in
    another working directory, and a failed import exits 1 like a finding)."""
    proc = subprocess.run([sys.executable, "-c", "import modelcheck; print(modelcheck.__file__)"], cwd=cwd,
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"modelcheck is not importable from {cwd}: {proc.stderr.strip()[-300:]}")
    return proc.stdout.strip()


def model_loading_files(tree: Path) -> list[str]:
    """Three files of the tree that load a model: a Python load, a config, a script."""
    wanted = [(".py", b"from_pretrained("), ((".yaml", ".yml"), b"base_model: "), (".sh", b"vllm serve")]
    found: list[str] = []
    for suffix, needle in wanted:
        for path in sorted(tree.rglob("*")):
            if path.suffix in (suffix if isinstance(suffix, tuple) else (suffix,)) and needle in path.read_bytes():
                found.append(str(path))
                break
    if len(found) < 3:
        raise SystemExit(f"the generated tree has too few model-loading files ({found})")
    return found


RESOLVE_CHILD = """
import sys, time
from pathlib import Path
from modelcheck.resolve import ResolveContext, resolve_models
root = Path(sys.argv[1])
requests = [tuple(line.split("\\t")) for line in (root / "requests.tsv").read_text().splitlines()]
context = ResolveContext(root=root, offline=True, lockfile=root / "modelcheck.lock", hf_cache_dir=root / "hf-cache")
start = time.perf_counter()
found = resolve_models([(m, k, None) for m, k in requests], context)
elapsed = time.perf_counter() - start
unresolved = sum(1 for r in found.values() if r.license is None)
print(f"{elapsed * 1000:.1f} {len(requests)} {unresolved}")
"""


def resolution_setup(directory: Path, count: int = 1000) -> None:
    """``count`` look-ups: bundled-index ids and pattern matches, Ollama tags, models pinned in a
    lockfile and models in a local Hugging Face cache (a card per snapshot)."""
    sys.path.insert(0, str(Path(check_importable(directory)).parent.parent))
    from modelcheck.data_index import load_index
    from modelcheck.resolve.lockfile import LockEntry, write_lock

    index = load_index()
    requests = [(p.match.replace("*", f"bench-{i}"), "hub") for i, p in enumerate(index.patterns) if "*" in p.match]
    requests += [(f"{e.tag.split(':')[0]}:latest", "ollama") for e in index.ollama_entries if "*" not in e.tag][:100]
    locked = [f"bench-org/locked-{i}" for i in range(150)]
    write_lock(directory / "modelcheck.lock", [LockEntry(m, "apache-2.0", source="bench") for m in locked])
    cached = [f"bench-org/cached-{i}" for i in range(150)]
    for model in cached:
        repo = directory / "hf-cache" / ("models--" + model.replace("/", "--"))
        (repo / "refs").mkdir(parents=True, exist_ok=True)
        (repo / "refs" / "main").write_text("0" * 40)
        snapshot = repo / "snapshots" / ("0" * 40)
        snapshot.mkdir(parents=True, exist_ok=True)
        (snapshot / "README.md").write_text("---\nlicense: mit\n---\n# A cached model\n")
    requests += [(m, "hub") for m in locked + cached]
    requests += [(hit.model_id, "hub") for hit in index.models[:max(0, count - len(requests))]]  # exact ids
    (directory / "requests.tsv").write_text("\n".join(f"{m}\t{k}" for m, k in requests) + "\n")


def resolution_time(directory: Path, runs: int) -> dict[str, float]:
    """Median time of resolving the set-up look-ups in a fresh process (imports not counted)."""
    times, total, unresolved = [], 0, 0
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", RESOLVE_CHILD, str(directory)], capture_output=True, text=True,
                             check=True).stdout.split()
        times.append(float(out[0]))
        total, unresolved = int(out[1]), int(out[2])
    median = statistics.median(times)
    print(f"resolve {total} references offline (index, lockfile, HF cache): {median:.0f} ms ({unresolved} unresolved)")
    return {"references": total, "median_ms": median, "unresolved": unresolved}


def timed(cmd: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall time of one run and the child's max RSS in KiB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1) or "Error" in proc.stderr:
        raise SystemExit(f"{cmd[:3]} failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before)


def compare(name: str, ours: list[str], baseline: list[str], runs: int, cwd: Path | None = None) -> dict[str, float]:
    ours_t: list[float] = []
    base_t: list[float] = []
    timed(ours, cwd)  # warm the page cache and bytecode
    timed(baseline, cwd)
    for _ in range(runs):
        ours_t.append(timed(ours, cwd)[0])
        base_t.append(timed(baseline, cwd)[0])
    ours_m, base_m = statistics.median(ours_t), statistics.median(base_t)
    print(f"{name}: modelcheck {ours_m * 1000:.0f} ms, baseline {base_m * 1000:.0f} ms, ratio {ours_m / base_m:.1f}x")
    return {"modelcheck_ms": ours_m * 1000, "baseline_ms": base_m * 1000, "ratio": ours_m / base_m}


def peak_rss_mb(cmd: list[str]) -> float:
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
        " stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True)
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="generate into (and keep) this directory")
    parser.add_argument("--git", action="store_true", help="make the tree a git repository")
    args = parser.parse_args()
    if os.environ.get("PYTHONPATH"):  # children run in the tree: make entries absolute
        os.environ["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in os.environ["PYTHONPATH"].split(os.pathsep))
    rg = shutil.which("rg")
    if rg is None:
        raise SystemExit("ripgrep (rg) is needed as the baseline: apt-get install ripgrep")
    tmp = Path(tempfile.mkdtemp(prefix="modelcheck-bench-")) if args.keep is None else args.keep
    tree = tmp / "tree"
    if not tree.exists():
        generate(tree, args.files)
        if args.git:
            subprocess.run(["git", "init", "-q", str(tree)], check=True)
            subprocess.run(["git", "-C", str(tree), "add", "-A"], check=True)
    location = check_importable(tree)
    # an installed package is byte-compiled (pip does it); a checkout under PYTHONDONTWRITEBYTECODE
    # would otherwise recompile every module in every run and measure the compiler
    compileall.compile_dir(str(Path(location).parent), quiet=1)
    print(f"modelcheck from {location}; {os.cpu_count()} CPUs", flush=True)
    script = Path(sys.executable).with_name("modelcheck")  # the console script users and pre-commit run
    entry = [str(script)] if script.is_file() else [sys.executable, "-m", "modelcheck"]
    print(f"running {' '.join(entry)}", flush=True)
    mc = [*entry, "check", "--offline", "--quiet", "--exit-zero"]
    baseline = [rg, "-c", RG_PATTERN, str(tree)]
    results = {
        "files": args.files,
        # cold: every file scanned (--no-cache); warm: unchanged files reuse their cached results
        "whole_tree_cold": compare("whole tree, cold (--no-cache)", [*mc, "--no-cache", str(tree)], baseline, args.runs),
        "whole_tree_warm": compare("whole tree, warm (result cache)", [*mc, str(tree)], baseline, args.runs),
    }
    few = sorted(str(p) for p in tree.rglob("*.py"))[:3]
    results["pre_commit"] = compare("pre-commit (3 files)", [*mc, *few], [sys.executable, "-c", "pass"], args.runs, tree)
    # the same, on files that do load models: resolution, knowledge base and rules are all needed
    loading = model_loading_files(tree)
    results["pre_commit_models"] = compare("pre-commit (3 files loading models)", [*mc, *loading],
                                           [sys.executable, "-c", "pass"], args.runs, tree)
    resolve_dir = tmp / "resolve"
    resolve_dir.mkdir(exist_ok=True)
    resolution_setup(resolve_dir)
    results["resolve_1000"] = resolution_time(resolve_dir, args.runs)
    results["peak_rss_mb"] = peak_rss_mb([*mc, "--no-cache", str(tree)])
    print(f"peak memory (whole tree): {results['peak_rss_mb']:.0f} MB")
    print(json.dumps(results, indent=2))
    if args.keep is None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
