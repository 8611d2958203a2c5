"""Hostile files: a project full of traps still scans, finds the good references beside them, and
exits 0 or 1 (never a usage error, never a traceback). Nothing scanned is imported, executed or
unpickled; no YAML tag builds an object; FIFOs and sockets never block the scan."""

from __future__ import annotations

import json
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest

from gguf_bytes import gguf, kv_string
from modelcheck.cli import main
from modelcheck.extract import scan_file

MARKER = "modelcheck-hostile-marker"


class _Payload:
    """Unpickling this runs ``touch MARKER`` (the pickle is written, never loaded)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture
def guard() -> Iterator[None]:
    """Fail (instead of hanging) if a scan blocks, e.g. on a FIFO."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("scan blocked")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(120)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _sparse(path: Path, size: int, head: bytes = b"") -> None:
    with path.open("wb") as fh:
        fh.write(head)
        fh.truncate(size)


def _billion_laughs() -> str:
    lines = ['a0: &a0 ["model", "model", "model", "model", "model", "model", "model", "model", "model", "model"]']
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append("model: *a9")
    return "\n".join(lines) + "\n"


def build_project(root: Path, marker: Path) -> None:
    # the good references the scan must still find
    (root / "good").mkdir(parents=True)
    (root / "good" / "app.py").write_text('from transformers import AutoModel\nm = AutoModel.from_pretrained("acme/good-python")\n')
    (root / "good" / "serve.sh").write_text("#!/bin/sh\nvllm serve acme/good-shell --port 8000\n")
    (root / "good" / "train.yaml").write_text("base_model: acme/good-yaml\n")
    (root / "good" / "latin1.py").write_bytes(
        '# café crème\nfrom transformers import AutoModel\nm = AutoModel.from_pretrained("acme/good-latin1")\n'.encode("latin-1")
    )
    h = root / "hostile"
    h.mkdir()
    # GGUF: truncated, absurd counts and lengths
    full = gguf([kv_string("general.license", "mit"), kv_string("general.name", "x")])
    (h / "truncated.gguf").write_bytes(full[:40])
    (h / "count.gguf").write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 1, 2**63) + b"\0" * 64)
    (h / "length.gguf").write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 2**62) + b"general.x")
    array = struct.pack("<Q", 9) + b"general.a" + struct.pack("<IIQ", 9, 8, 2**60)
    (h / "array.gguf").write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + array)
    _sparse(h / "oversized.gguf", 3 * 2**30, full)
    # safetensors: a header length of 2**63, and a huge sparse file with a plausible one
    (h / "bomb.safetensors").write_bytes(struct.pack("<Q", 2**63) + b"{}")
    _sparse(h / "huge.safetensors", 3 * 2**30, struct.pack("<Q", 2**40))
    # YAML: billion laughs, object-building tags, 100k-deep nesting
    (h / "laughs.yaml").write_text(_billion_laughs())
    (h / "tags.yaml").write_text(
        f'model: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"base_model: !!python/object/new:subprocess.check_output [[touch, {marker}]]\n"
        "tokenizer: !!python/name:os.system\n"
    )
    (h / "anchors.yaml").write_text("a: &a x\nb: &a y\nmodel: acme/anchored-model\n")  # ruamel warns
    (h / "deep.yaml").write_text("model: " + "[" * 100_000 + "]" * 100_000 + "\n")
    deep = "".join(" " * i + f"model{i}:\n" for i in range(0, 2400, 2)) + " " * 2400 + "model: acme/deep\n"
    (h / "deep_indent.yaml").write_text(deep)
    # JSON: 100k-deep nesting in a config file the JSON extractor reads
    (h / "deep_config.json").write_text('{"model_name_or_path": ' + "[" * 100_000 + "]" * 100_000 + "}")
    # notebooks: deep nesting and garbage
    (h / "deep.ipynb").write_text('{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    # pickles: a payload that would create the marker if anything unpickled it
    payload = pickle.dumps(_Payload(marker))
    for name in ("weights.bin", "model.pt", "model.pth", "model.ckpt", "data.pkl"):
        (h / name).write_bytes(payload)
    # binary bytes with a .py suffix (NULs, invalid UTF-8) and a huge sparse Python file
    (h / "binary.py").write_bytes(bytes(range(256)) * 8 + b"from_pretrained(\x00\xff)")
    _sparse(h / "huge.py", 3 * 2**30)
    # links: loops, a dangling link, a directory loop
    os.symlink("loop_b.py", h / "loop_a.py")
    os.symlink("loop_a.py", h / "loop_b.py")
    os.symlink("missing.py", h / "dangling.py")
    os.symlink("..", h / "parent_loop")
    # entries that cannot be read: a FIFO (would block a plain open) and a socket
    os.mkfifo(h / "fifo.py")
    # a chmod 000 file (readable anyway when running as root)
    locked = h / "locked.py"
    locked.write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/locked")\n')
    locked.chmod(0)


def _socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, sockets and symlinks")
def test_hostile_project_scans_and_finds_the_good_references(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], guard: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / MARKER
    root = tmp_path / "project"
    build_project(root, marker)
    sock = _socket(root / "hostile" / "sock.py")
    monkeypatch.setenv("MODELCHECK_CACHE_DIR", str(tmp_path / "cache"))
    try:
        code = main(["check", str(root), "--offline", "--format", "json"])
    finally:
        sock.close()
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err
    assert "Warning" not in err  # a scanned file never makes a library print
    assert not marker.exists()
    doc = json.loads(out)
    ids = {m["id"] for m in doc["models"]}
    assert {"acme/good-python", "acme/good-shell", "acme/good-yaml", "acme/good-latin1"} <= ids
    issues = {(f["rule"], f["path"]) for f in doc["findings"] if f["rule"] in
              ("unreadable-file", "unparsable-file", "file-too-large")}
    for name in ("truncated.gguf", "count.gguf", "length.gguf", "array.gguf", "bomb.safetensors", "huge.safetensors"):
        assert ("unparsable-file", f"hostile/{name}") in issues, name
    assert ("file-too-large", "hostile/huge.py") in issues
    assert ("unreadable-file", "hostile/fifo.py") in issues
    assert ("unreadable-file", "hostile/sock.py") in issues
    assert ("unparsable-file", "hostile/deep.yaml") in issues
    assert ("unparsable-file", "hostile/deep_config.json") in issues
    assert ("unparsable-file", "hostile/deep_indent.yaml") in issues
    if os.geteuid() != 0:
        assert ("unreadable-file", "hostile/locked.py") in issues


def _finding_paths(doc: dict[str, object]) -> set[str]:
    findings = doc["findings"]
    assert isinstance(findings, list)
    return {f["path"] for f in findings if f.get("path")}


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks")
def test_links_in_a_git_checkout(tmp_path: Path, capsys: pytest.CaptureFixture[str], guard: None,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/in-git")\n')
    os.symlink("b.py", root / "a.py")
    os.symlink("a.py", root / "b.py")
    os.symlink("gone.py", root / "dangling.py")
    os.symlink(".", root / "self")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    (root / "deleted.py").write_text("x = 1\n")
    subprocess.run(["git", "-C", str(root), "add", "deleted.py"], check=True)
    (root / "deleted.py").unlink()  # tracked but gone
    monkeypatch.setenv("MODELCHECK_CACHE_DIR", str(tmp_path / "cache"))
    code = main(["check", str(root), "--offline", "--format", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and "Traceback" not in err and "internal error" not in err
    doc = json.loads(out)
    assert [m["id"] for m in doc["models"]] == ["acme/in-git"]
    assert not {"a.py", "b.py", "dangling.py", "deleted.py"} & _finding_paths(doc)


def test_yaml_tags_build_nothing_and_bombs_stay_small(tmp_path: Path) -> None:
    from modelcheck.extract import yaml_file

    marker = tmp_path / MARKER
    docs = yaml_file.load_documents(f'model: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert not marker.exists()
    assert type(docs[0]["model"]).__module__.startswith("ruamel")  # a plain tagged container, no os.system call
    path = tmp_path / "laughs.yaml"
    path.write_text(_billion_laughs())
    scan = scan_file(path, "laughs.yaml")  # aliases are visited once: 10 lists, not 10**10 strings
    assert scan.refs == ()


def test_pickles_are_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / MARKER
    for name in ("w.bin", "w.pt", "w.pth", "w.ckpt"):
        (tmp_path / name).write_bytes(pickle.dumps(_Payload(marker)))
        assert scan_file(tmp_path / name, name).refs == ()
    assert not marker.exists()


def test_undecodable_text_is_scanned_with_replacement(tmp_path: Path) -> None:
    path = tmp_path / "run.sh"
    path.write_bytes(b"#!/bin/sh\n# \xff\xfe broken \xc3\n\xe9t\xe9\nvllm serve acme/bytes-model\n")
    assert [r.id for r in scan_file(path, "run.sh").refs] == ["acme/bytes-model"]
    utf16 = tmp_path / "app.py"
    utf16.write_bytes('m = AutoModel.from_pretrained("acme/utf16")\n'.encode("utf-16"))
    assert scan_file(utf16, "app.py").refs == ()  # garbage to a UTF-8 reader, but no crash


def test_a_file_that_cannot_be_opened_is_a_finding(tmp_path: Path, guard: None) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    scan = scan_file(fifo, "pipe.yaml")
    assert [i.rule for i in scan.issues] == ["unreadable-file"]
    if os.geteuid() != 0:
        locked = tmp_path / "locked.py"
        locked.write_text("x = 1\n")
        locked.chmod(0)
        assert [i.rule for i in scan_file(locked, "locked.py").issues] == ["unreadable-file"]


def test_interrupted_writes_leave_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelcheck.resolve import httpcache, lockfile

    lock = tmp_path / "modelcheck.lock"
    lock.write_text("version = 1\n")

    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        lockfile.atomic_write(lock, "version = 1\n# half of a new lock ...")
    assert lock.read_text() == "version = 1\n"  # the old content, whole
    cache = httpcache.ResponseCache(tmp_path / "cache")
    with pytest.raises(KeyboardInterrupt):
        cache.put("https://huggingface.co/api/models/acme/x", "ok", {"id": "acme/x"})
    assert cache.get("https://huggingface.co/api/models/acme/x") is None
    leftovers = [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name != "modelcheck.lock"]
    assert leftovers == []  # no temp files left behind
