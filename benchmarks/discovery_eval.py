"""Measure modelcheck's model discovery against hand-checked answer keys.

Usage:
    python benchmarks/discovery_eval.py KEY.toml CHECKOUT [KEY.toml CHECKOUT ...] [--verbose]

Each key (``benchmarks/discovery_key/<repo>.toml``) records a public repository and commit,
which files it covers (``include`` path prefixes and ``suffixes``), the references a careful
reader finds there (``[[expected]]`` path + line + normalised id) and decoys that must not be
reported (``[[decoy]]`` path + line + the string as written). CHECKOUT is a checkout of that
repository at that commit; nothing from it is copied into this repository.

Scores (references are compared on path, line and id, ids case-insensitively):
    recall     = expected references found / expected references
    precision  = reported references that are expected / reported references in the covered files
    decoy rate = decoys reported / decoys
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from modelcheck.extract import is_candidate, scan_file  # noqa: E402


@dataclass
class Score:
    name: str
    expected: int = 0
    found: int = 0
    reported: int = 0
    correct: int = 0
    decoys: int = 0
    decoys_hit: int = 0


def evaluate(key_path: Path, checkout: Path, verbose: bool) -> Score:
    key = tomllib.loads(key_path.read_text(encoding="utf-8"))
    repo = key["repo"]
    include = tuple(repo.get("include", [""]))
    suffixes = tuple(repo.get("suffixes", [".py", ".ipynb"]))
    exclude = tuple(repo.get("exclude", []))
    reported: set[tuple[str, int, str]] = set()
    texts: dict[tuple[str, int], set[str]] = {}
    for path in sorted(checkout.rglob("*")):
        rel = path.relative_to(checkout).as_posix()
        if not path.is_file() or not rel.startswith(include) or rel.startswith(exclude):
            continue
        if not rel.endswith(suffixes) or not is_candidate(path) or "/." in f"/{rel}":
            continue
        for ref in scan_file(path, rel).refs:
            reported.add((rel, ref.location.line, ref.id.casefold()))
            texts.setdefault((rel, ref.location.line), set()).update({ref.text.casefold(), ref.id.casefold()})
    expected = {(e["path"], int(e["line"]), str(e["id"]).casefold()) for e in key.get("expected", [])}
    score = Score(f"{repo['name']}@{repo['commit'][:10]}", expected=len(expected), reported=len(reported))
    score.found = len(expected & reported)
    score.correct = len(reported & expected)
    for decoy in key.get("decoy", []):
        score.decoys += 1
        seen = texts.get((decoy["path"], int(decoy["line"])), set())
        if str(decoy["text"]).casefold() in seen:
            score.decoys_hit += 1
            if verbose:
                print(f"  DECOY REPORTED {decoy['path']}:{decoy['line']} {decoy['text']}")
    if verbose:
        for miss in sorted(expected - reported):
            print(f"  MISSED {miss[0]}:{miss[1]} {miss[2]}")
        for extra in sorted(reported - expected):
            print(f"  NOT IN KEY {extra[0]}:{extra[1]} {extra[2]}")
    return score


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a"


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if a != "--verbose"]
    if not args or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    total = Score("TOTAL")
    for key_file, checkout in zip(args[::2], args[1::2]):
        s = evaluate(Path(key_file), Path(checkout), verbose)
        for field in ("expected", "found", "reported", "correct", "decoys", "decoys_hit"):
            setattr(total, field, getattr(total, field) + getattr(s, field))
        _print(s)
    if len(args) > 2:
        _print(total)
    return 0


def _print(s: Score) -> None:
    print(f"{s.name:45} recall {_pct(s.found, s.expected)} ({s.found}/{s.expected})  "
          f"precision {_pct(s.correct, s.reported)} ({s.correct}/{s.reported})  "
          f"decoys reported {_pct(s.decoys_hit, s.decoys)} ({s.decoys_hit}/{s.decoys})")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
