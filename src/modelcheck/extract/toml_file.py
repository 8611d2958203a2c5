"""Stage 2: TOML files (app settings, tool configs). Parsed with tomllib/tomli; positions come
from an index of where each key's string value is written. ``[tool.modelcheck]`` and
``modelcheck.toml`` are configuration (declared models are read by ``config``), so skipped.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any, Iterator, Sequence

from modelcheck.extract.common import dedupe
from modelcheck.extract.configkeys import may_have_refs, refs_from_leaves
from modelcheck.extract.leaves import MAX_DEPTH, MAX_NODES, Leaf, PathItem
from modelcheck.model import FileScan, Location, ScanIssue

_AT = re.compile(r"at line (\d+), column (\d+)")


def _loads(text: str) -> dict[str, Any]:
    from modelcheck.tomlload import loads

    return loads(text)


def _locate(lines: Sequence[str], value: str, key: str, start: int) -> tuple[int, int]:
    """Where ``value`` is written as a string literal, preferring a line naming ``key``."""
    candidates: list[tuple[int, int]] = []
    if not value:
        return 1, 1
    for q in ('"', "'"):
        needle = q + value.replace("\\", "\\\\").replace('"', '\\"') if q == '"' else q + value
        for ln in range(start, len(lines) + 1):
            at = lines[ln - 1].find(needle)
            if at >= 0:
                candidates.append((ln, at + 2))
                if key and re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", lines[ln - 1]):
                    return ln, at + 2
                break
    return min(candidates) if candidates else (1, 1)


def leaves(data: dict[str, Any], lines: Sequence[str]) -> Iterator[Leaf]:
    budget = [MAX_NODES]
    cursor = [1]

    def walk(node: Any, path: tuple[PathItem, ...], depth: int) -> Iterator[Leaf]:
        if depth > MAX_DEPTH:
            return
        items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        sib = {str(k).lower(): v for k, v in items if isinstance(v, str)} if isinstance(node, dict) else {}
        for key, value in items:
            budget[0] -= 1
            if budget[0] <= 0:
                return
            sub = path + (key,)
            if isinstance(value, str):
                name = key if isinstance(key, str) else next((p for p in reversed(path) if isinstance(p, str)), "")
                line, col = _locate(lines, value, name, cursor[0])
                if (line, col) == (1, 1):
                    line, col = _locate(lines, value, name, 1)
                cursor[0] = line
                yield Leaf(sub, value, line, col, "quoted", sib)
            elif isinstance(value, (dict, list)):
                yield from walk(value, sub, depth + 1)

    yield from walk(data, (), 0)


def extract(text: str, rel: str) -> FileScan:
    if PurePosixPath(rel).name in ("modelcheck.toml", ".modelcheck.toml"):
        return FileScan()
    if not may_have_refs(text):
        return FileScan()
    try:
        data = _loads(text)
    except ValueError as exc:
        m = _AT.search(str(exc))
        line, col = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        return FileScan(issues=(ScanIssue("unparsable-file", Location(rel, line, col), f"not valid TOML: {exc}"),))
    tool = data.get("tool")
    if isinstance(tool, dict):
        tool.pop("modelcheck", None)
    lines = text.splitlines()
    return FileScan(refs=dedupe(refs_from_leaves(leaves(data, lines), rel, lines, "toml")))
