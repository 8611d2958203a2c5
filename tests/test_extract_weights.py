"""Weights headers: GGUF (hand-rolled bounded reader), safetensors __metadata__, LFS pointers.
Every file here is real bytes written by the test."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path
from typing import Any

import pytest
from gguf_bytes import gguf, gstr, kv_string, llama_quant_kvs

from modelcheck.extract import scan_file
from modelcheck.model import FileScan


def write(tmp_path: Path, rel: str, data: bytes) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def scan_bytes(tmp_path: Path, rel: str, data: bytes) -> FileScan:
    return scan_file(write(tmp_path, rel, data), rel)


def test_gguf_licence_and_lineage(tmp_path: Path) -> None:
    result = scan_bytes(tmp_path, "weights/support-3b.Q4_K_M.gguf", gguf(llama_quant_kvs()))
    assert [(r.id, r.kind, r.via, str(r.location)) for r in result.refs] == [
        ("weights/support-3b.Q4_K_M.gguf", "gguf", "gguf:file", "weights/support-3b.Q4_K_M.gguf:1:1")
    ]
    (ev,) = result.evidence
    assert ev.source == "gguf"
    assert ev.model == "weights/support-3b.Q4_K_M.gguf"
    assert ev.license == "llama3.2"
    assert ev.license_link == "https://huggingface.co/meta-llama/Llama-3.2-3B/blob/main/LICENSE.txt"
    assert ev.base_models == ("meta-llama/Llama-3.2-3B-Instruct", "acme/support-lora")
    assert ev.aliases == ("acme/support-bot-3b",)
    assert result.issues == ()


def test_gguf_v2_big_endian_and_no_licence(tmp_path: Path) -> None:
    kvs = [struct.pack(">Q", 12) + b"general.name" + struct.pack(">I", 8)
           + struct.pack(">Q", 1) + b"x"]
    result = scan_bytes(tmp_path, "be.gguf", gguf(kvs, version=2, endian=">", tensors=0))
    assert [r.id for r in result.refs] == ["be.gguf"]
    assert result.evidence == () and result.issues == ()


def test_gguf_other_shards_are_skipped(tmp_path: Path) -> None:
    data = gguf([kv_string("general.license", "apache-2.0")])
    first = scan_bytes(tmp_path, "m/model-00001-of-00002.gguf", data)
    second = scan_bytes(tmp_path, "m/model-00002-of-00002.gguf", data)
    assert [e.license for e in first.evidence] == ["apache-2.0"]
    assert second == FileScan()


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"GGUX" + b"\0" * 40, "bad magic"),
        (b"GGUF" + struct.pack("<IQQ", 7, 0, 0), "unsupported GGUF version 7"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1 << 40), "implausible metadata count"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 50) + b"general.x", "too long"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 2) + kv_string("general.license", "mit")[:-2], "truncated"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gstr("general.x") + struct.pack("<I", 77) + b"\0" * 20,
         "unknown value type"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + gstr("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 1 << 60),
         "array larger than the file"),
        (b"GG", "truncated"),
    ],
)
def test_gguf_hostile_headers_become_issues(tmp_path: Path, data: bytes, reason: str) -> None:
    result = scan_bytes(tmp_path, "bad.gguf", data)
    assert result.refs == ()
    assert [i.rule for i in result.issues] == ["unparsable-file"]
    assert reason in result.issues[0].message


def test_gguf_10gb_sparse_file_costs_kilobytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "big.gguf", gguf(llama_quant_kvs()))
    with path.open("r+b") as fh:
        fh.truncate(10 * 1024**3)  # sparse: tensor data "present" but never read
    read_bytes = [0]
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        fh = real_open(self, *args, **kwargs)
        real_read = fh.read

        def read(n: int = -1) -> bytes:
            data: bytes = real_read(n)
            read_bytes[0] += len(data)
            return data

        fh.read = read  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(Path, "open", counting_open)
    start = time.perf_counter()
    result = scan_file(path, "big.gguf")
    assert time.perf_counter() - start < 1.0
    assert [e.license for e in result.evidence] == ["llama3.2"]
    assert 0 < read_bytes[0] < 4096


def _safetensors(meta: dict[str, str] | None, pad: int = 0) -> bytes:
    header: dict[str, object] = {"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}
    if meta is not None:
        header["__metadata__"] = meta
    raw = json.dumps(header).encode()
    raw += b" " * (-len(raw) % 8)
    return struct.pack("<Q", len(raw)) + raw + b"\0" * 16 + b"\0" * pad


def test_safetensors_metadata(tmp_path: Path) -> None:
    meta = {"format": "pt", "license": "apache-2.0", "base_model": "mistralai/Mistral-7B-v0.1"}
    result = scan_bytes(tmp_path, "models/x/model.safetensors", _safetensors(meta))
    assert [(r.id, r.kind, r.via) for r in result.refs] == [
        ("models/x/model.safetensors", "local", "safetensors:file")
    ]
    (ev,) = result.evidence
    assert (ev.source, ev.license, ev.base_models) == ("safetensors", "apache-2.0", ("mistralai/Mistral-7B-v0.1",))


def test_safetensors_modelspec_full_text_licence(tmp_path: Path) -> None:
    meta = {"modelspec.sai_model_spec": "1.0.0", "modelspec.license": "CreativeML Open RAIL++-M License\n\nSection I ..."}
    (ev,) = scan_bytes(tmp_path, "lora.safetensors", _safetensors(meta)).evidence
    assert ev.license is None
    assert ev.license_name == "CreativeML Open RAIL++-M License"


def test_safetensors_without_licence_metadata_says_nothing(tmp_path: Path) -> None:
    assert scan_bytes(tmp_path, "model.safetensors", _safetensors({"format": "pt"})) == FileScan()
    assert scan_bytes(tmp_path, "model2.safetensors", _safetensors(None)) == FileScan()


def test_safetensors_hostile_header(tmp_path: Path) -> None:
    for data in (struct.pack("<Q", 1 << 40) + b"{}", struct.pack("<Q", 4) + b"[1]\n", b"\x01", struct.pack("<Q", 3) + b"{x}"):
        result = scan_bytes(tmp_path, "bad.safetensors", data)
        assert [i.rule for i in result.issues] == ["unparsable-file"], data


def test_lfs_pointers_are_notes(tmp_path: Path) -> None:
    pointer = b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"a" * 64 + b"\nsize 4920000000\n"
    for name in ("w.gguf", "w.safetensors", "pytorch_model.bin", "w.ckpt"):
        result = scan_bytes(tmp_path, name, pointer)
        assert [(i.rule, i.message) for i in result.issues] == [("lfs-pointer", "not inspected: Git LFS pointer")]
        assert result.refs == ()


def test_pickles_are_never_parsed(tmp_path: Path) -> None:
    import pickle

    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    result = scan_bytes(tmp_path, "model.pt", pickle.dumps(Evil()))
    assert result == FileScan()
    assert not marker.exists()
