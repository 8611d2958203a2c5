"""Stage 2: GGUF weights. A hand-written, bounded reader of the GGUF header (magic, version 2/3,
counts, typed KV pairs); only ``general.*`` keys are kept, other values are skipped, reading
stops at the end of the KV section and never touches tensor data. Every count and length is
checked against the file size and a hard cap, so a 10 GB file costs kilobytes.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from typing import BinaryIO

from modelcheck.extract.ids import hub_id_from_url
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef

MAX_KV = 1 << 20  # metadata entries
MAX_KEY = 65_535  # bytes (spec limit)
MAX_STRING = 16 << 20  # one string value
MAX_HEADER = 256 << 20  # bytes walked in total
MAX_KEEP_ARRAY = 256  # elements of a kept (general.*) array
_SCALAR = {0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"}
_SHARD = re.compile(r"-(\d{5})-of-\d{5}\.gguf$", re.I)


class GGUFError(ValueError):
    """A file that is not a readable GGUF header."""


class _Reader:
    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh, self.size, self.pos, self.endian = fh, size, 0, "<"

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > self.size or self.pos + n > MAX_HEADER:
            raise GGUFError("truncated or oversized header")
        data = self.fh.read(n)
        if len(data) != n:
            raise GGUFError("truncated header")
        self.pos += n
        return data

    def skip(self, n: int) -> None:
        if n < 0 or self.pos + n > self.size or self.pos + n > MAX_HEADER:
            raise GGUFError("truncated or oversized header")
        self.fh.seek(n, 1)
        self.pos += n

    def unpack(self, fmt: str) -> int | float | bool:
        value: int | float | bool = struct.unpack(self.endian + fmt, self.take(struct.calcsize(fmt)))[0]
        return value

    def u64(self) -> int:
        return int(self.unpack("Q"))

    def string(self, cap: int, keep: bool = True) -> str:
        n = self.u64()
        if n > cap:
            raise GGUFError(f"string of {n} bytes is too long")
        if not keep:
            self.skip(n)
            return ""
        return self.take(n).decode("utf-8", "replace")

    def value(self, vtype: int, keep: bool, depth: int = 0) -> object:
        if vtype in _SCALAR:
            fmt = _SCALAR[vtype]
            if not keep:
                self.skip(struct.calcsize(fmt))
                return None
            return self.unpack(fmt)
        if vtype == 8:
            return self.string(MAX_STRING, keep)
        if vtype == 9:
            if depth > 2:
                raise GGUFError("array nesting too deep")
            etype = int(self.unpack("I"))
            count = self.u64()
            min_size = struct.calcsize(_SCALAR[etype]) if etype in _SCALAR else 8
            if count * min_size > self.size - self.pos:
                raise GGUFError("array larger than the file")
            if etype in _SCALAR and not keep:
                self.skip(count * min_size)
                return None
            items = []
            for k in range(count):
                item = self.value(etype, keep and k < MAX_KEEP_ARRAY, depth + 1)
                if keep and k < MAX_KEEP_ARRAY:
                    items.append(item)
            return items if keep else None
        raise GGUFError(f"unknown value type {vtype}")


def read_general(path: Path) -> dict[str, object]:
    """The ``general.*`` metadata of a GGUF file (raises GGUFError / OSError)."""
    with path.open("rb") as fh:
        size = path.stat().st_size
        r = _Reader(fh, size)
        if r.take(4) != b"GGUF":
            raise GGUFError("not a GGUF file (bad magic)")
        raw_version = r.take(4)
        version = struct.unpack("<I", raw_version)[0]
        if version & 0xFFFF == 0 and version != 0:
            r.endian = ">"
            version = struct.unpack(">I", raw_version)[0]
        if version not in (2, 3):
            raise GGUFError(f"unsupported GGUF version {version}")
        r.u64()  # tensor count: tensor infos are never read
        n_kv = r.u64()
        if n_kv > MAX_KV or n_kv * 13 > size:
            raise GGUFError(f"implausible metadata count {n_kv}")
        kv: dict[str, object] = {}
        for _ in range(n_kv):
            key = r.string(MAX_KEY)
            vtype = int(r.unpack("I"))
            keep = key.startswith("general.")
            value = r.value(vtype, keep)
            if keep:
                kv[key] = value
        return kv


def extract(path: Path, rel: str) -> FileScan:
    """A GGUF file is a model the project ships: a kind-gguf reference plus its licence evidence."""
    shard = _SHARD.search(path.name)
    if shard and int(shard.group(1)) != 1:
        return FileScan()  # only the first shard carries general.* metadata
    kv = read_general(path)
    loc = Location(rel, 1, 1)
    ref = ModelRef(id=rel, text=rel, kind="gguf", location=loc, via="gguf:file")

    def text(key: str) -> str | None:
        value = kv.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    bases: list[str] = []
    count = kv.get("general.base_model.count")
    for i in range(min(int(count), 64) if isinstance(count, int) else 0):
        hub = hub_id_from_url(text(f"general.base_model.{i}.repo_url") or "")
        if hub is None:
            org, name = text(f"general.base_model.{i}.organization"), text(f"general.base_model.{i}.name")
            hub = f"{org}/{name}" if org and name and " " not in org + name else None
        if hub and hub not in bases:
            bases.append(hub)
    aliases = tuple(
        h for h in (hub_id_from_url(text(k) or "") for k in ("general.repo_url", "general.source.repo_url")) if h
    )
    if not (text("general.license") or text("general.license.name") or text("general.license.link") or bases):
        return FileScan(refs=(ref,))
    evidence = LicenseEvidence(
        model=rel,
        source="gguf",
        location=loc,
        license=text("general.license"),
        license_name=text("general.license.name"),
        license_link=text("general.license.link"),
        base_models=tuple(bases),
        aliases=aliases,
    )
    return FileScan(refs=(ref,), evidence=(evidence,))
