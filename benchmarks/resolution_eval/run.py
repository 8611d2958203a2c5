"""Benchmark: offline licence resolution of popular Hugging Face models (issue 4).

Resolves every id in the evaluation lists of this folder (every ``*.toml``: ``popular_models.toml``,
``models_nontext.toml``, ...; or only ``--list FILE``) without network, using the full resolver
(``modelcheck.resolve.resolve_models`` with ``offline=True``) when it is available and
otherwise the bundled index directly (``modelcheck.data_index.load_index``). Prints the
counts of correct, unresolved and WRONG resolutions and lists the wrong ones.

A resolution is correct when its licence keys equal the expected keys (order-free), or,
for an entry with ``expect = ""`` (the card declares no licence), when it stays
unresolved. Run from the repository root:

    PYTHONPATH=src python benchmarks/resolution_eval/run.py [--list FILE ...] [--index-only] [-v]

Exit status: 0 when correct >= 95 % and wrong <= 3, else 1.
"""

from __future__ import annotations

import argparse
from collections import Counter
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))  # run from a checkout without installing

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Case:
    id: str
    expect: str
    source: str
    note: str = ""


def load_cases(path: Path) -> list[Case]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Case(m["id"], m.get("expect", ""), m.get("source", ""), m.get("note", "")) for m in doc["model"]]


def keyset(expression: str) -> frozenset[str]:
    from modelcheck.data_index import license_keys

    return frozenset(k.casefold() for k in license_keys(expression))


def index_resolver() -> Callable[[str], frozenset[str] | None]:
    from modelcheck.data_index import load_index

    index = load_index()

    def resolve(model_id: str) -> frozenset[str] | None:
        hit = index.lookup(model_id)
        return keyset(hit.license) if hit is not None else None

    return resolve


def full_resolver() -> Callable[[str], frozenset[str] | None] | None:
    """The pipeline's resolver in offline mode, or None when this checkout does not have it."""
    import dataclasses

    try:
        from modelcheck.resolve import ResolveContext, resolve_models
    except ImportError:
        return None
    try:  # modelcheck's records (modelcheck.record), else an older checkout's dataclasses
        from modelcheck.record import fields as record_fields

        names = set(record_fields(ResolveContext))
    except ImportError:
        names = {f.name for f in dataclasses.fields(ResolveContext)}
    if not {"index", "hf_cache_dir", "cache_dir"} <= names:  # the first-slice stub, not the resolver
        return None
    root = Path(tempfile.mkdtemp(prefix="mc-eval-"))  # an empty project: no evidence, no lock file
    empty_cache = root / "hf-cache"
    empty_cache.mkdir()
    extra: dict[str, Any] = {"hf_cache_dir": empty_cache, "cache_dir": root / "cache"}
    ctx = ResolveContext(root=root, offline=True, **extra)

    def resolve(model_id: str) -> frozenset[str] | None:
        res = resolve_models([(model_id, "hub")], ctx)[model_id]
        if res.license is None:
            return None
        return frozenset(k.casefold() for k in res.license.keys)

    return resolve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", type=Path, action="append", help="an evaluation list (repeatable); default: every *.toml here")
    parser.add_argument("--index-only", action="store_true", help="use the bundled index, not the resolver")
    parser.add_argument("-v", "--verbose", action="store_true", help="also list the unresolved ids")
    args = parser.parse_args(argv)

    lists = args.list or sorted(HERE.glob("*.toml"))
    cases = [case for path in lists for case in load_cases(path)]
    counts = Counter(case.id.casefold() for case in cases)
    dupes = sorted(i for i, n in counts.items() if n > 1)
    if dupes:  # one id in two lists would be counted twice (and the lists could disagree)
        print(f"error: ids listed more than once: {', '.join(dupes)}", file=sys.stderr)
        return 2
    resolver = None if args.index_only else full_resolver()
    how = "resolve_models(offline=True)"
    if resolver is None:
        resolver, how = index_resolver(), "bundled index (load_index().lookup)"

    correct: list[Case] = []
    unresolved: list[Case] = []
    wrong: list[tuple[Case, frozenset[str]]] = []
    for case in cases:
        got = resolver(case.id)
        want = keyset(case.expect) if case.expect else None
        if got == want:
            correct.append(case)
        elif got is None:
            unresolved.append(case)
        else:
            wrong.append((case, got))

    total = len(cases)
    share = 100.0 * len(correct) / total if total else 0.0
    print(f"resolver: {how}")
    print(f"lists: {', '.join(path.name for path in lists)}")
    print(f"models: {total}  correct: {len(correct)} ({share:.1f}%)  unresolved: {len(unresolved)}  WRONG: {len(wrong)}")
    for case, got in wrong:
        print(f"  WRONG {case.id}: got {' + '.join(sorted(got))}, expected {case.expect or '(unresolved)'}"
              f" [{case.source}]")
    if args.verbose:
        for case in unresolved:
            print(f"  unresolved {case.id} (expected {case.expect or '-'}) [{case.source}]")
    return 0 if share >= 95.0 and len(wrong) <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
