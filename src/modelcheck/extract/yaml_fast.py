"""Stage 2: a fast reader for the plain subset of YAML most configs are written in.

``fast_leaves(text)`` returns the same ``Leaf`` values as ``yaml_file.leaves`` over ruamel's
parse, or None when the text leaves the subset it understands: block mappings and lists, plain
keys, plain scalars whose type is certain (strings, decimal integers and floats, true/false,
null) and simple quoted strings, comments, one leading ``---``. Anything else (flow collections,
anchors, tags, block or multi-line scalars, escapes, tabs, several documents, ambiguous scalars
such as ``3e-4``, ``yes`` or dates, duplicate keys) goes to ruamel, so the result never differs.
Parsing ruamel's way costs ~2.5 ms for a small config; this costs ~0.1 ms.
"""

from __future__ import annotations

import re
from typing import Union

from modelcheck.extract.leaves import MAX_DEPTH, Leaf, PathItem

MAX_LINES = 20_000
MAX_INDENT = 1000  # as ``yaml_file.MAX_INDENT``: deeper files are reported, not read
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_.\-/]*)[ ]*:(?: +|$)")
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?")
_NOT_STRING = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False,
               "null": None, "Null": None, "NULL": None, "~": None}
_RISKY_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", ".inf", ".nan", "<<", "="})
# a letter no YAML number, date or special float can contain (``2Gi``, ``1h`` are strings)
_NUMBERLESS = re.compile(r"[g-np-su-wyG-NP-SU-WY]")  # not hex digits, x, o, b, e, t, z
_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")


class _Unsupported(Exception):
    pass


Scalar = Union[str, int, float, bool, None]


class _Node:
    """A mapping or a list under construction; values are _Node or (scalar, line, col, style)."""

    def __init__(self, kind: str, indent: int) -> None:
        self.kind, self.indent = kind, indent
        self.items: list[tuple[PathItem, object]] = []
        self.keys: set[str] = set()
        self.key_lines: dict[str, int] = {}


def _scalar(raw: str, line: int, col: int) -> tuple[Scalar, int, int, str]:
    """Value text (comment already removed) -> (value, line, col, style)."""
    text = raw.rstrip(" ")
    if not text:
        return None, line, col, "plain"
    first = text[0]
    if first in "\"'":
        body = text[1:-1] if len(text) >= 2 and text[-1] == first else None
        if body is None or first in body or "\\" in body:
            raise _Unsupported
        return body, line, col + 1, "quoted"
    if not _PLAIN_START.match(first) and not (first == "-" and len(text) > 1 and text[1] not in " -"):
        raise _Unsupported
    if ": " in text or text.endswith(":") or " #" in text or "\t" in text:
        raise _Unsupported
    if text in _NOT_STRING:
        return _NOT_STRING[text], line, col, "plain"
    if _INT.fullmatch(text) and not (len(text.lstrip("+-")) > 1 and text.lstrip("+-").startswith("0")):
        return int(text), line, col, "plain"
    if _FLOAT.fullmatch(text):
        return float(text), line, col, "plain"
    if text.lower() in _RISKY_WORDS or (first in "+-." and len(text) > 1 and (text[1].isdigit() or text[1] in ".iInN")):
        raise _Unsupported  # signed numbers, .inf/.nan, YAML 1.1 booleans: ruamel decides
    if first.isdigit() and not _NUMBERLESS.search(text):
        raise _Unsupported  # 1e5, 0x1F, 1_000, dates, 1.2.3: ruamel decides
    return text, line, col, "plain"


def _split_comment(body: str) -> str:
    at = body.find(" #")
    return body if at < 0 else body[:at]


def _closes(node: _Node, indent: int, dash: bool) -> bool:
    """Does a line at ``indent`` end ``node``? (A list may sit at its key's indent.)"""
    return indent < node.indent or (indent == node.indent and (node.kind == "list") != dash)


def _parse(lines: list[str]) -> _Node | None:
    root: _Node | None = None
    stack: list[_Node] = []
    pending: tuple[_Node, str | int] | None = None  # a key (or list slot) still waiting for its value
    started = False
    for n, raw in enumerate(lines, start=1):
        stripped = raw.strip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in raw or "\r" in raw:
            raise _Unsupported
        if stripped in ("---", "...") or raw.startswith(("---", "...", "%")):
            if started or stripped != "---":
                raise _Unsupported
            started = True
            continue
        started = True
        indent = len(raw) - len(raw.lstrip(" "))
        if indent > MAX_INDENT:
            raise _Unsupported  # ruamel's path reports the nesting as too deep
        col = indent
        content = _split_comment(raw[indent:]).rstrip(" ")
        dash = content == "-" or content.startswith("- ")
        while stack and pending is None and _closes(stack[-1], indent, dash):
            stack.pop()
        if pending is not None:
            owner, slot = pending
            if indent > owner.indent or (dash and indent == owner.indent and owner.kind == "map"):
                child = _Node("list" if dash else "map", indent)
                owner.items.append((slot, child))
                stack.append(child)
            else:
                owner.items.append((slot, (None, 0, 0, "plain")))
                while stack and _closes(stack[-1], indent, dash):
                    stack.pop()
            pending = None
        if root is None:
            root = _Node("list" if dash else "map", indent)
            stack = [root]
        if not stack:
            raise _Unsupported
        node = stack[-1]
        if dash:
            if node.kind != "list" or indent != node.indent:
                raise _Unsupported
            rest = content[1:].lstrip(" ")
            col = indent + (len(content) - len(rest))
            slot = len(node.items)
            if not rest:
                pending = (node, slot)
                continue
            if rest.startswith("- "):
                raise _Unsupported
            key = _KEY.match(rest)
            if key is None:
                node.items.append((slot, _scalar(rest, n, col + 1)))
                continue
            child = _Node("map", col)  # ``- key: value``: a mapping whose keys sit at ``col``
            node.items.append((slot, child))
            stack.append(child)
            node, content, indent = child, rest, col
        elif node.kind != "map" or indent != node.indent:
            raise _Unsupported
        key = _KEY.match(content)
        if key is None or key.group(1) in _NOT_STRING or key.group(1).lower() in _RISKY_WORDS:
            raise _Unsupported
        name = key.group(1)
        if name in node.keys:
            raise _Unsupported  # ruamel refuses duplicate keys: let it report them
        node.keys.add(name)
        node.key_lines[name] = n
        value = content[key.end():]
        if not value:
            pending = (node, name)
            continue
        node.items.append((name, _scalar(value, n, indent + key.end() + 1)))
    if pending is not None:
        pending[0].items.append((pending[1], (None, 0, 0, "plain")))
    return root


def _parse_text(text: str) -> _Node | None:
    """The parsed tree (None for an empty document); raises ``_Unsupported`` outside the subset."""
    lines = text.split("\n")
    if len(lines) > MAX_LINES or text.startswith("\ufeff"):
        raise _Unsupported
    return _parse(lines)


def fast_leaves(text: str) -> list[Leaf] | None:
    """Leaves of ``text`` when it is in the plain subset (see the module docstring), else None."""
    try:
        root = _parse_text(text)
    except _Unsupported:
        return None
    out: list[Leaf] = []
    if root is not None:
        _walk(root, (), 0, out)
    return out


def fast_mapping(text: str) -> tuple[dict[str, object], dict[str, int]] | None:
    """A plain document's top-level mapping as Python values (what ruamel's parse compares equal
    to) and the 1-based line of each top-level key; ``({}, {})`` for an empty document; None when
    the text leaves the subset or is not a mapping (model card front matter, ``extract.card``)."""
    try:
        root = _parse_text(text)
        if root is None:
            return {}, {}
        value = _python(root, 0) if root.kind == "map" else None
    except _Unsupported:  # includes nesting deeper than MAX_DEPTH: the ruamel path reports it
        return None
    return (value, dict(root.key_lines)) if isinstance(value, dict) else None


def _python(node: _Node, depth: int) -> object:
    if depth > MAX_DEPTH:
        raise _Unsupported
    items: list[tuple[PathItem, object]] = []
    for key, value in node.items:
        if isinstance(value, _Node):
            items.append((key, _python(value, depth + 1)))
        else:
            assert isinstance(value, tuple)
            items.append((key, value[0]))
    return dict(items) if node.kind == "map" else [v for _, v in items]


def _walk(node: _Node, path: tuple[PathItem, ...], depth: int, out: list[Leaf]) -> None:
    if depth > MAX_DEPTH:
        return
    sib = {}
    if node.kind == "map":
        sib = {str(k).lower(): v[0] for k, v in node.items if isinstance(v, tuple) and isinstance(v[0], str)}
    for key, value in node.items:
        sub = path + (key,)
        if isinstance(value, _Node):
            if value.items:
                _walk(value, sub, depth + 1, out)
            continue
        assert isinstance(value, tuple)
        scalar, line, col, style = value
        if isinstance(scalar, str):
            out.append(Leaf(sub, scalar, line, col, style, sib if node.kind == "map" else {}, 0))
