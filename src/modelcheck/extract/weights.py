"""Stage 2: weights files, read by their own bounded header readers (never unpickled).

GGUF -> ``gguf``; safetensors -> the JSON header's ``__metadata__`` (licence and lineage keys);
a Git LFS pointer with a weights suffix -> a ``lfs-pointer`` note; pickles (``.bin``, ``.pt``,
``.pth``, ``.ckpt``) and ONNX are only checked for being LFS pointers.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

from modelcheck.extract import gguf
from modelcheck.extract.ids import model_id
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue

LFS_MAGIC = b"version https://git-lfs.github.com/spec/v1"
MAX_SAFETENSORS_HEADER = 16 << 20  # real headers are kilobytes; parsed JSON costs ~10x its size in memory
SUFFIXES = (".gguf", ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx")
_LICENSE_KEYS = ("license", "modelspec.license", "license_name")
_BASE_KEYS = ("base_model", "modelspec.base_model", "base_model_name_or_path")


def extract(path: Path, rel: str) -> FileScan:
    loc = Location(rel, 1, 1)
    try:
        with path.open("rb") as fh:
            head = fh.read(len(LFS_MAGIC))
        if head == LFS_MAGIC:
            return FileScan(issues=(ScanIssue("lfs-pointer", loc, "not inspected: Git LFS pointer"),))
        suffix = path.suffix.lower()
        if suffix == ".gguf":
            return gguf.extract(path, rel)
        if suffix == ".safetensors":
            return _safetensors(path, rel)
        return FileScan()
    except OSError as exc:
        return FileScan(issues=(ScanIssue("unreadable-file", loc, f"could not read file: {exc.strerror or exc}"),))
    except (gguf.GGUFError, ValueError, UnicodeDecodeError, RecursionError) as exc:
        kind = "GGUF" if path.suffix.lower() == ".gguf" else "safetensors"
        return FileScan(issues=(ScanIssue("unparsable-file", loc, f"not a valid {kind} header: {exc}"),))


def read_safetensors_metadata(path: Path) -> dict[str, str]:
    """``__metadata__`` of a safetensors file (raises ValueError / OSError)."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        raw = fh.read(8)
        if len(raw) != 8:
            raise ValueError("file too short")
        (n,) = struct.unpack("<Q", raw)
        if n > MAX_SAFETENSORS_HEADER or n > size - 8:
            raise ValueError(f"header length {n} is implausible")
        header = json.loads(fh.read(n).decode("utf-8"))
    if not isinstance(header, dict):
        raise ValueError("header is not a JSON object")
    meta = header.get("__metadata__") or {}
    if not isinstance(meta, dict):
        raise ValueError("__metadata__ is not an object")
    return {str(k): v for k, v in meta.items() if isinstance(v, str)}


def _safetensors(path: Path, rel: str) -> FileScan:
    meta = read_safetensors_metadata(path)
    raw_license = next((meta[k].strip() for k in _LICENSE_KEYS if meta.get(k, "").strip()), None)
    license_value, license_name = raw_license, meta.get("license_name") or None
    if raw_license and ("\n" in raw_license or len(raw_license) > 80):  # full text: keep an excerpt
        license_value = None
        license_name = raw_license.strip().splitlines()[0][:200]
    bases: list[str] = []
    for key in _BASE_KEYS + ("modelspec.merged_from",):
        for part in meta.get(key, "").split(","):
            found = model_id(part.strip())
            if found is not None and found.kind == "hub" and found.id not in bases:
                bases.append(found.id)
    if not (license_value or license_name or bases):
        return FileScan()  # e.g. transformers' {"format": "pt"}: nothing to say
    loc = Location(rel, 1, 1)
    ref = ModelRef(id=rel, text=rel, kind="local", location=loc, via="safetensors:file")
    evidence = LicenseEvidence(
        model=rel, source="safetensors", location=loc, license=license_value, license_name=license_name,
        license_link=meta.get("license_link") or None, base_models=tuple(bases),
    )
    return FileScan(refs=(ref,), evidence=(evidence,))
