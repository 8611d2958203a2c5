"""Stage 2: Ollama Modelfiles (``Modelfile``, ``*.Modelfile``, ``Modelfile.*``).

``FROM`` (the first one) is the base: a library tag (kind ollama), ``hf.co/org/repo:quant``
(kind hub, quant as filename) or a GGUF file / safetensors directory relative to the Modelfile
(kind gguf / local, id relative to the project root). ``ADAPTER`` is an adapter. Each
``LICENSE`` block is licence evidence for the ``FROM`` model.
"""

from __future__ import annotations

import posixpath
import re

from modelcheck.extract.common import dedupe, make_ref
from modelcheck.extract.ids import ModelId, model_id, ollama_id
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef

_INSTR = re.compile(r"^\s*([A-Za-z]+)\s+(.*)$")
_SPDX_TITLES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Apache License,?\s+Version 2\.0", re.I), "Apache-2.0"),
    (re.compile(r"^\s*MIT License|Permission is hereby granted, free of charge", re.I), "MIT"),
    (re.compile(r"Attribution-NonCommercial 4\.0 International", re.I), "CC-BY-NC-4.0"),
    (re.compile(r"Attribution-ShareAlike 4\.0 International", re.I), "CC-BY-SA-4.0"),
    (re.compile(r"^\s*(?:Creative Commons\s+)?Attribution 4\.0 International", re.I), "CC-BY-4.0"),
)
_SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


def classify_from(value: str, rel: str) -> ModelId | None:
    """Classify a FROM/ADAPTER value of the Modelfile at ``rel``."""
    value = value.strip().strip('"')
    if re.match(r"^(?:https?://)?(?:hf\.co|huggingface\.co)/", value):
        return model_id(value)
    low = value.lower()
    if value.startswith(("./", "../", "/", "~")) or low.endswith((".gguf", ".safetensors", ".bin")):
        if value.startswith(("/", "~")):
            path = value
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(rel), value))
        return ModelId("gguf" if low.endswith(".gguf") else "local", path)
    return ollama_id(value)


def license_id(text: str) -> str | None:
    """An SPDX id when the licence text obviously is one (a bare id, or a well-known title)."""
    stripped = text.strip()
    if "\n" not in stripped and _SPDX_ID.match(stripped) and len(stripped) <= 40:
        return stripped
    head = stripped[:400]
    for pattern, spdx in _SPDX_TITLES:
        if pattern.search(head):
            return spdx
    return None


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    refs: list[ModelRef] = []
    licenses: list[tuple[int, str]] = []
    base: ModelId | None = None
    n = 0
    while n < len(lines):
        line = lines[n]
        n += 1
        m = _INSTR.match(line)
        if not m or line.lstrip().startswith("#"):
            continue
        instr, arg = m.group(1).upper(), m.group(2)
        start_line = n
        if arg.lstrip().startswith('"""'):  # multi-line value
            body = arg.lstrip()[3:]
            parts = [body]
            while '"""' not in parts[-1] and n < len(lines):
                parts.append(lines[n])
                n += 1
            arg = "\n".join(parts).split('"""', 1)[0]
        if instr in ("FROM", "ADAPTER"):
            value = arg.split("#", 1)[0].strip() if not arg.startswith('"') else arg.strip().strip('"')
            found = classify_from(value, rel)
            if found is None or (instr == "FROM" and base is not None):
                continue
            col = line.find(value) + 1
            role = "adapter" if instr == "ADAPTER" else "base"
            refs.append(make_ref(found, value, rel, start_line, col, f"modelfile:{instr}", lines, role))
            if instr == "FROM":
                base = found
        elif instr == "LICENSE":
            licenses.append((start_line, arg.strip().strip('"')))
    evidence = tuple(
        LicenseEvidence(
            model=base.id if base is not None else rel,
            source="modelfile",
            location=Location(rel, ln, 1),
            license=license_id(body),
            license_name=_first_line(body),
            aliases=(rel,) if base is not None else (),
        )
        for ln, body in licenses
        if body.strip()
    )
    return FileScan(refs=dedupe(refs), evidence=evidence)


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return None
