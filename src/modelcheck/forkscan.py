"""Stage 2 driver on Linux: scan a file list in forked children, without multiprocessing.

Children are forked with the list already in their memory (nothing to send). Work is shared out
through a pipe of chunk numbers written before the fork: each child reads the next number (a
4-byte read from a pipe is atomic) until the pipe is empty, so a child that draws cheap files
takes more chunks. Each child writes its non-empty results back as one pickle of modelcheck's own
records on its own pipe (never file contents). Compared with ``multiprocessing.Pool`` this saves
its import (~15 ms), its handler threads and a round trip per chunk. Children ignore SIGINT and
leave with ``os._exit``; on Ctrl-C or any failure the parent stops and reaps every child before
re-raising, so no worker outlives the run. A child that fails reports its error, which the
parent raises.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import traceback
from typing import Any, Callable, Sequence

from modelcheck.model import FileScan

CHUNK = 50  # files per task: small, so that the children finish together
MAX_CHUNKS = 1024  # task numbers go into a pipe before the fork: 4 KiB, within any pipe's capacity
Scan = Callable[[tuple[str, Sequence[str], Sequence[str]]], list[tuple[int, FileScan]]]


class WorkerError(RuntimeError):
    """A scanning child failed (its traceback is the message)."""


def scan_forked(
    scan: Scan, prefix: str, names: Sequence[str], rels: Sequence[str], workers: int,
    while_waiting: Callable[[], object] | None = None,
) -> dict[int, FileScan]:
    """``scan`` over chunks of ``names`` in ``workers`` children; results keyed by index in ``names``."""
    chunk = max(CHUNK, -(-len(names) // MAX_CHUNKS))
    count = -(-len(names) // chunk)
    tasks, feed = os.pipe()
    os.write(feed, b"".join(struct.pack("<I", i) for i in range(count)))  # <= 4 KiB: never blocks
    os.close(feed)  # before forking: children see the end of the tasks, not a writer that may come
    children: list[list[int]] = []  # [pid, read end of its pipe]; -1 once reaped / closed
    try:
        for _ in range(workers):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: never returns
                os.close(read)
                _child(scan, prefix, names, rels, chunk, tasks, write)
            children.append([pid, read])
            os.close(write)
        os.close(tasks)
        tasks = -1
        if while_waiting is not None:
            while_waiting()
        out: dict[int, FileScan] = {}
        for child in children:
            read, child[1] = child[1], -1  # _read_all closes it, whatever happens
            data = _read_all(read)
            _, status = os.waitpid(child[0], 0)
            child[0] = -1
            code = os.waitstatus_to_exitcode(status)
            message: tuple[str, Any] = pickle.loads(data) if data else ("error", f"no result (exit {code})")
            if message[0] != "ok":
                raise WorkerError(f"a scan worker failed: {message[1]}")
            found: list[tuple[int, FileScan]] = message[1]
            out.update(found)
        return out
    finally:
        if tasks >= 0:
            os.close(tasks)
        _stop(children)


def _child(scan: Scan, prefix: str, names: Sequence[str], rels: Sequence[str], chunk: int, tasks: int,
           write: int) -> None:
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            found: list[tuple[int, FileScan]] = []
            while len(task := os.read(tasks, 4)) == 4:
                start = struct.unpack("<I", task)[0] * chunk
                part = scan((prefix, names[start:start + chunk], rels[start:start + chunk]))
                found.extend((start + i, result) for i, result in part)
            message: tuple[str, object] = ("ok", found)
        except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
            message, status = ("error", traceback.format_exc(limit=8)), 1
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(write, view):]
    except BaseException:  # noqa: BLE001 - nothing left to report to
        status = 1
    finally:
        os._exit(status)


def _read_all(fd: int) -> bytes:
    parts = []
    try:
        while chunk := os.read(fd, 1 << 20):
            parts.append(chunk)
    finally:
        os.close(fd)
    return b"".join(parts)


def _stop(children: list[list[int]]) -> None:
    """Stop and reap the children not reaped yet (after an error or Ctrl-C)."""
    for pid, read in children:
        if read >= 0:
            try:
                os.close(read)
            except OSError:
                pass
        if pid > 0:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for pid, _ in children:
        if pid > 0:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
