"""Stage 2 driver: scan a list of files, in worker processes when that pays.

Below ``PARALLEL_MIN`` files (every pre-commit run) the files are scanned in this process; above
it, on Linux, forked children scan interleaved slices (``forkscan``: they start with everything
imported and the list in memory); elsewhere chunks go to a spawn-based ``multiprocessing.Pool``. Results come back in the order of the input, so output is deterministic.
Workers ignore SIGINT; on Ctrl-C the parent cancels pending chunks, stops the workers and
re-raises ``KeyboardInterrupt`` (the CLI turns it into exit 130). ``MODELCHECK_WORKERS`` caps the
number of workers (``1`` = never parallel).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Callable, Sequence

from modelcheck.model import FileScan

CACHE_MIN_FILES = 200  # below this (pre-commit runs) loading the result cache costs more than it saves
PARALLEL_MIN = 1500  # files; below this a pool costs more than it saves
CHUNK = 200  # files per task: large enough to amortise pickling, small enough to balance
MAX_WORKERS = 8


def relative_to(root: Path) -> tuple[str, str]:
    """``(absolute root, root + separator)`` for fast prefix slicing in ``rel_path``."""
    base = os.path.abspath(root)
    return base, base.rstrip(os.sep) + os.sep


def rel_path(path: Path, root: tuple[str, str]) -> str:
    """``path`` relative to the root, POSIX separators (``../`` when outside it; a relative path as given)."""
    text = str(path)
    if text.startswith(root[1]):
        rel = text[len(root[1]):]
    else:
        try:
            rel = os.path.relpath(text, root[0]) if os.path.isabs(text) else text
        except ValueError:  # another drive on Windows
            rel = text
    return rel.replace(os.sep, "/") if os.sep != "/" else rel


# Linux: forked children without multiprocessing (``forkscan``); elsewhere a spawn-based Pool
_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")


def preload() -> None:
    """Import what the workers need (a whole-tree run does this while git lists the files)."""
    if _FORK:
        import modelcheck.forkscan  # noqa: F401
    else:
        import multiprocessing.pool  # noqa: F401


def workers_for(count: int) -> int:
    """How many worker processes to use for ``count`` files (1 = scan in this process)."""
    if count < PARALLEL_MIN:
        return 1
    try:
        limit = int(os.environ.get("MODELCHECK_WORKERS", "0"))
    except ValueError:
        limit = 0
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    wanted = min(cpus, MAX_WORKERS, max(count // CHUNK, 1))
    return max(1, min(wanted, limit) if limit > 0 else wanted)


Job = tuple[str, Sequence[str], Sequence[str]]  # (prefix, names, rels): file i is prefix + names[i]


def _scan_chunk(job: Job) -> list[tuple[int, FileScan]]:
    """Worker: scan the files of ``job``; only non-empty results travel back (with their index)."""
    from modelcheck.extract import scan_file

    prefix, names, rels = job
    out: list[tuple[int, FileScan]] = []
    for i, (name, rel) in enumerate(zip(names, rels)):
        found = scan_file(prefix + name, rel)
        if found.refs or found.evidence or found.issues:
            out.append((i, found))
    return out


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def scan_files(paths: Sequence[Path], root: Path) -> list[FileScan]:
    """The non-empty ``FileScan`` of each file, in input order."""
    found = scan_indexed(paths, root)
    return [found[i] for i in sorted(found)]


def scan_indexed(paths: Sequence[Path], root: Path) -> dict[int, FileScan]:
    """The non-empty ``FileScan`` of each file, keyed by the file's index in ``paths``."""
    base = relative_to(root)
    return scan_jobs("", [str(p) for p in paths], [rel_path(p, base) for p in paths])


def scan_tree(prefix: str, rels: Sequence[str], while_waiting: Callable[[], object] | None = None) -> dict[int, FileScan]:
    """``scan_indexed`` for root-relative names (file i is ``prefix + rels[i]``). When workers do
    the scanning, ``while_waiting`` runs in this process meanwhile (work the next stage needs)."""
    return scan_jobs(prefix, rels, rels, while_waiting)


def scan_jobs(
    prefix: str, names: Sequence[str], rels: Sequence[str], while_waiting: Callable[[], object] | None = None
) -> dict[int, FileScan]:
    workers = workers_for(len(names))
    if workers <= 1:
        return dict(_scan_chunk((prefix, names, rels)))
    if _FORK:
        from modelcheck.forkscan import scan_forked

        return scan_forked(_scan_chunk, prefix, names, rels, workers, while_waiting)
    return _parallel(prefix, names, rels, workers, while_waiting)


def _parallel(
    prefix: str, names: Sequence[str], rels: Sequence[str], workers: int, while_waiting: Callable[[], object] | None
) -> dict[int, FileScan]:
    """Chunks scanned by a ``multiprocessing.Pool`` (results in order). On Ctrl-C or any error the
    pool is terminated and joined before re-raising: no worker outlives the run, and no executor
    thread is left to complain at interpreter exit."""
    import multiprocessing

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    context = multiprocessing.get_context(method)
    starts = range(0, len(names), CHUNK)
    same = names is rels
    jobs: list[Job] = []
    for i in starts:
        chunk = names[i:i + CHUNK]
        jobs.append((prefix, chunk, chunk if same else rels[i:i + CHUNK]))
    pool = context.Pool(processes=workers, initializer=_ignore_sigint)
    try:
        results = pool.imap(_scan_chunk, jobs)
        if while_waiting is not None:
            while_waiting()
        out = {start + i: found for start, chunk_out in zip(starts, results) for i, found in chunk_out}
    except BaseException:
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return out
