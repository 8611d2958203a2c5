"""Stage 2: JSON files. A small iterative, position-aware JSON reader (depth and size bounded)
turns a document into ``Leaf`` values; ``config.json`` (transformers), ``adapter_config.json``
(PEFT) and ``model_index.json`` (diffusers) make their directory a local model whose base is
``_name_or_path`` / ``base_model_name_or_path``; other config-like JSON gets the key rules.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import PurePosixPath
from typing import Sequence

from modelcheck.extract.common import dedupe, make_ref
from modelcheck.extract.configkeys import may_have_refs, refs_from_leaves
from modelcheck.extract.ids import ModelId, model_id
from modelcheck.extract.leaves import MAX_DEPTH, MAX_NODES, Leaf, PathItem
from modelcheck.model import FileScan, LicenseEvidence, Location, ModelRef, ScanIssue

_WS = re.compile(r"[ \t\r\n]*")
_STRING = re.compile(r'"(?:[^"\\\x00-\x1f]|\\.)*"', re.S)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
MODEL_DIR_FILES = {"config.json": "_name_or_path", "adapter_config.json": "base_model_name_or_path",
                   "model_index.json": "_name_or_path"}


class JsonError(Exception):
    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse_leaves(text: str) -> list[Leaf]:
    """Every string value in ``text`` as a Leaf (1-based positions after the opening quote)."""
    starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def where(off: int) -> tuple[int, int]:
        ln = bisect.bisect_right(starts, off)
        return ln, off - starts[ln - 1] + 1

    out: list[Leaf] = []
    # frame: [kind, path, key-or-index, pending leaves, siblings]
    stack: list[tuple[str, tuple[PathItem, ...], list[object], list[Leaf], dict[str, str]]] = []
    i, n, nodes = 0, len(text), 0
    expect_value = True
    path: tuple[PathItem, ...] = ()
    while True:
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if i >= n:
            if stack or expect_value:
                raise JsonError("unexpected end of JSON", n)
            return out
        nodes += 1
        if nodes > MAX_NODES:
            raise JsonError("too many JSON values", i)
        ch = text[i]
        if expect_value:
            if ch in "{[":
                if len(stack) >= MAX_DEPTH:
                    raise JsonError("nesting too deep", i)
                stack.append(("obj" if ch == "{" else "arr", path, [None if ch == "{" else 0], [], {}))
                i += 1
                j = _WS.match(text, i).end()  # type: ignore[union-attr]
                if j < n and text[j] == ("}" if ch == "{" else "]"):
                    expect_value = False
                    continue
                if ch == "{":
                    i = _key(text, i, stack)
                    path = stack[-1][1] + (str(stack[-1][2][0]),)
                else:
                    path = stack[-1][1] + (0,)
                continue
            m = _STRING.match(text, i)
            if m:
                value = json.loads(m.group(0))
                ln, co = where(i + 1)
                leaf = Leaf(path, value, ln, co, "quoted")
                if stack and stack[-1][0] == "obj":
                    stack[-1][3].append(leaf)
                    stack[-1][4][str(stack[-1][2][0]).lower()] = value
                else:
                    out.append(leaf)
                i, expect_value = m.end(), False
                continue
            m = _SCALAR.match(text, i)
            if not m:
                raise JsonError("invalid JSON value", i)
            i, expect_value = m.end(), False
            continue
        if not stack:
            raise JsonError("extra data after JSON value", i)
        kind, ppath, slot, pending, sib = stack[-1]
        close = "}" if kind == "obj" else "]"
        if ch == close:
            stack.pop()
            out.extend(Leaf(x.path, x.value, x.line, x.col, x.style, dict(sib)) for x in pending)
            i += 1
            expect_value = False
            continue
        if ch != ",":
            raise JsonError(f"expected ',' or '{close}'", i)
        i += 1
        if kind == "obj":
            i = _key(text, i, stack)
            path = ppath + (str(slot[0]),)
        else:
            slot[0] = int(slot[0]) + 1  # type: ignore[call-overload]
            path = ppath + (int(slot[0]),)  # type: ignore[call-overload]
        expect_value = True


def _key(text: str, i: int, stack: list[tuple[str, tuple[PathItem, ...], list[object], list[Leaf], dict[str, str]]]) -> int:
    i = _WS.match(text, i).end()  # type: ignore[union-attr]
    m = _STRING.match(text, i)
    if not m:
        raise JsonError("expected a string key", i)
    stack[-1][2][0] = json.loads(m.group(0))
    i = _WS.match(text, m.end()).end()  # type: ignore[union-attr]
    if i >= len(text) or text[i] != ":":
        raise JsonError("expected ':'", i)
    return i + 1


# generated manifests of other package managers: they name packages, never models
_NOT_SCANNED = frozenset({"package-lock.json", "npm-shrinkwrap.json", "composer.lock", "pipfile.lock"})


def is_config_json(name: str) -> bool:
    """Every JSON file but package-manager lock files is a candidate: a name such as ``train.json``
    says nothing about whether it names a model, so the byte gate (``may_have_refs``) and the size
    limit (``file-too-large``, a visible finding) decide, never the file name."""
    return name.lower() not in _NOT_SCANNED


def extract(text: str, rel: str) -> FileScan:
    lines = text.splitlines()
    if not text.strip() or not may_have_refs(text):
        return FileScan()
    try:
        leaves = parse_leaves(text)
    except (JsonError, ValueError, RecursionError) as exc:
        line = text.count("\n", 0, getattr(exc, "offset", 0)) + 1
        return FileScan(issues=(ScanIssue("unparsable-file", Location(rel, line), f"not valid JSON: {exc}"),))
    name = PurePosixPath(rel).name
    if name in MODEL_DIR_FILES:
        return _model_dir(leaves, rel, name, lines)
    return FileScan(refs=dedupe(refs_from_leaves(leaves, rel, lines, "json")))


def _model_dir(leaves: list[Leaf], rel: str, name: str, lines: Sequence[str]) -> FileScan:
    top = {leaf.path[0]: leaf for leaf in leaves if len(leaf.path) == 1}
    key = MODEL_DIR_FILES[name]
    marker = {"config.json": ("model_type", "architectures", "_name_or_path", "transformers_version"),
              "adapter_config.json": ("peft_type", "base_model_name_or_path"),
              "model_index.json": ("_class_name", "_diffusers_version")}[name]
    if not any(m in top for m in marker) and not any(leaf.path and leaf.path[0] in marker for leaf in leaves):
        return FileScan()
    directory = str(PurePosixPath(rel).parent)
    role = "adapter" if name == "adapter_config.json" else None
    refs: list[ModelRef] = [make_ref(ModelId("local", directory), directory, rel, 1, 1, f"json:{name}", lines, role)]
    bases: tuple[str, ...] = ()
    leaf = top.get(key)
    if leaf is not None:
        found = model_id(leaf.value, bare=True)
        if found is not None and found.kind == "hub":  # a local path there is someone else's disk
            refs.append(make_ref(found, leaf.value, rel, leaf.line, leaf.col, f"json:{key}", lines, "base"))
            bases = (found.id,)
    evidence = LicenseEvidence(model=directory, source="config-json", location=Location(rel, 1, 1), base_models=bases)
    return FileScan(refs=tuple(refs), evidence=(evidence,))
