"""Stage 2: ``.env`` files (``.env``, ``.env.example``, ``*.env``): ``NAME=value`` lines whose
name contains MODEL and whose value looks like a model id (hub, Ollama ``name:tag``, GGUF)."""

from __future__ import annotations

import re

from modelcheck.extract.common import dedupe, env_model, make_ref
from modelcheck.extract.ids import env_default
from modelcheck.model import FileScan, ModelRef

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*")


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    refs: list[ModelRef] = []
    for n, line in enumerate(lines, start=1):
        m = _LINE.match(line)
        if not m:
            continue
        start = m.end()
        raw = line[start:]
        if raw[:1] in ("'", '"'):
            q = raw[0]
            end = raw.find(q, 1)
            value = raw[1:end] if end > 0 else raw[1:]
            start += 1
        else:
            value = re.split(r"\s+#", raw, maxsplit=1)[0].strip()
        value, offset = env_default(value)
        found = env_model(m.group(1), value)
        if found is not None:
            refs.append(make_ref(found, value, rel, n, start + offset + 1, f"env:{m.group(1)}", lines))
    return FileScan(refs=dedupe(refs))
