"""Measure modelcheck's model discovery against hand-checked answer keys.

Usage:
    python benchmarks/discovery_eval.py KEY.toml CHECKOUT [KEY.toml CHECKOUT ...] [--verbose]

Each key (``benchmarks/discovery_key/<repo>.toml``) records a public repository and commit,
which files it covers (``include``/``exclude`` path prefixes and ``suffixes``; ``["*"]`` means
every file some extractor handles: YAML, JSON, TOML, shell, Dockerfile, compose, Makefile,
workflow, Modelfile, .env, card, Python, notebook), the references a careful reader finds there
(``[[expected]]`` path + line + normalised id, optionally ``kind``), references that may be
reported or not (``[[optional]]``, e.g. a directory an earlier step of the same project writes and
a later step loads), and decoys that must not be reported (``[[decoy]]`` path + line + the string
as written). CHECKOUT is a checkout of that repository at that commit; nothing from it is copied
into this repository. Files are listed the way ``modelcheck`` lists them (``files.list_files``)
and scanned with ``extract.scan_file``.

Scores (references are compared on path, line and id, ids case-insensitively):
    recall     = expected references found / expected references
    precision  = reported references that are expected / reported references in the covered
                 files, not counting [[optional]] ones
    decoy rate = decoys reported / decoys
Also counted: references whose ``kind`` differs from the key's, the same reference reported
twice at one location, references whose column does not point at the text, and crashes.
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from modelcheck.extract import scan_file  # noqa: E402
from modelcheck.files import list_files  # noqa: E402
from modelcheck.model import ModelRef  # noqa: E402


@dataclass
class Score:
    name: str
    files: int = 0
    expected: int = 0
    found: int = 0
    reported: int = 0
    correct: int = 0
    decoys: int = 0
    decoys_hit: int = 0
    wrong_kind: int = 0
    duplicates: int = 0
    bad_columns: int = 0
    crashes: int = 0
    notes: list[str] = field(default_factory=list)


def _covered(rel: str, include: tuple[str, ...], exclude: tuple[str, ...], suffixes: tuple[str, ...]) -> bool:
    if not rel.startswith(include) or (exclude and rel.startswith(exclude)):
        return False
    return "*" in suffixes or rel.endswith(suffixes)


def _column_ok(path: Path, ref: ModelRef) -> bool:
    """The column points at the text as written (notebooks count in escaped JSON: skipped)."""
    if path.suffix == ".ipynb" or ref.location.line < 1:
        return True
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        line = lines[ref.location.line - 1]
    except (OSError, IndexError):
        return False
    at = line[ref.location.column - 1:]
    return at.startswith(ref.text) or at.casefold().startswith(ref.id.casefold())


def evaluate(key_path: Path, checkout: Path, verbose: bool) -> Score:
    key = tomllib.loads(key_path.read_text(encoding="utf-8"))
    repo = key["repo"]
    include = tuple(repo.get("include", [""]))
    suffixes = tuple(repo.get("suffixes", [".py", ".ipynb"]))
    exclude = tuple(repo.get("exclude", []))
    checkout = checkout.resolve()
    score = Score(f"{repo['name']}@{repo['commit'][:10]}")
    reported: set[tuple[str, int, str]] = set()
    kinds: dict[tuple[str, int, str], set[str]] = {}
    texts: dict[tuple[str, int], set[str]] = {}
    for path in list_files(checkout, None, None, []):
        rel = path.relative_to(checkout).as_posix()
        if not _covered(rel, include, exclude, suffixes):
            continue
        score.files += 1
        try:
            scan = scan_file(path, rel)
        except Exception:  # noqa: BLE001 - a crash is what we count here
            score.crashes += 1
            score.notes.append(f"CRASH {rel}\n{traceback.format_exc()}")
            continue
        seen_at: set[tuple[int, int, str]] = set()
        for ref in scan.refs:
            k = (rel, ref.location.line, ref.id.casefold())
            reported.add(k)
            kinds.setdefault(k, set()).add(ref.kind)
            texts.setdefault((rel, ref.location.line), set()).update({ref.text.casefold(), ref.id.casefold()})
            at = (ref.location.line, ref.location.column, ref.id.casefold())
            if at in seen_at:
                score.duplicates += 1
                score.notes.append(f"DUPLICATE {ref.location} {ref.id} ({ref.via})")
            seen_at.add(at)
            if not _column_ok(path, ref):
                score.bad_columns += 1
                score.notes.append(f"COLUMN {ref.location} {ref.text!r} ({ref.via})")
    expected = {(e["path"], int(e["line"]), str(e["id"]).casefold()): e for e in key.get("expected", [])}
    optional = {(e["path"], int(e["line"]), str(e["id"]).casefold()) for e in key.get("optional", [])}
    score.expected = len(expected)
    hits = set(expected) & reported
    score.found = len(hits)
    score.correct = len(hits)
    score.reported = len(reported - optional)
    for k in sorted(hits):
        want = expected[k].get("kind")
        if want and kinds[k] != {want}:
            score.wrong_kind += 1
            score.notes.append(f"KIND {k[0]}:{k[1]} {k[2]} reported {sorted(kinds[k])}, key says {want}")
    for decoy in key.get("decoy", []):
        score.decoys += 1
        seen = texts.get((decoy["path"], int(decoy["line"])), set())
        if any(_overlaps(str(decoy["text"]).casefold(), t) for t in seen):
            score.decoys_hit += 1
            score.notes.append(f"DECOY REPORTED {decoy['path']}:{decoy['line']} {decoy['text']}")
    for miss in sorted(set(expected) - reported):
        score.notes.append(f"MISSED {miss[0]}:{miss[1]} {miss[2]}")
    for extra in sorted(reported - set(expected) - optional):
        score.notes.append(f"NOT IN KEY {extra[0]}:{extra[1]} {extra[2]}")
    if verbose:
        for note in score.notes:
            print(f"  {note}")
    return score


def _overlaps(decoy: str, reported: str) -> bool:
    """A reported text or id is the decoy, or a piece of it (``org/name`` of ``org/name:tag``)."""
    return decoy == reported or (len(reported) >= 3 and reported in decoy) or (len(decoy) >= 3 and decoy in reported)


def _pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:5.1f}%" if b else "  n/a"


_SUMMED = ("files", "expected", "found", "reported", "correct", "decoys", "decoys_hit",
           "wrong_kind", "duplicates", "bad_columns", "crashes")


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    args = [a for a in argv if a != "--verbose"]
    if not args or len(args) % 2:
        print(__doc__, file=sys.stderr)
        return 2
    total = Score("TOTAL")
    for key_file, checkout in zip(args[::2], args[1::2]):
        s = evaluate(Path(key_file), Path(checkout), verbose)
        for name in _SUMMED:
            setattr(total, name, getattr(total, name) + getattr(s, name))
        _print(s)
    if len(args) > 2:
        _print(total)
    return 0


def _print(s: Score) -> None:
    print(f"{s.name:45} files {s.files:4}  recall {_pct(s.found, s.expected)} ({s.found}/{s.expected})  "
          f"precision {_pct(s.correct, s.reported)} ({s.correct}/{s.reported})  "
          f"decoys reported {_pct(s.decoys_hit, s.decoys)} ({s.decoys_hit}/{s.decoys})  "
          f"wrong kind {s.wrong_kind}  duplicates {s.duplicates}  bad columns {s.bad_columns}  "
          f"crashes {s.crashes}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
