"""Stage 2 gate for YAML, after the word gate: skip files whose trigger words only label
sections of numbers.

ML configs are full of ``model:`` sections holding hyper-parameters (``hidden_size: 768``), and
parsing YAML is the slow part of a scan. A key rule (``configkeys``) needs a *string* scalar under
or beside a trigger word. This line-level test says "parse" unless every line that holds a
trigger word is a plain ``key:`` with nothing after it whose indented block holds only plain keys
with numbers, booleans or nulls. Anything it does not understand (flow collections, quotes,
anchors, tags, block scalars, complex keys, a value on the same line) means "parse".
"""

from __future__ import annotations

import re
from typing import Iterable

_KEY_ONLY = re.compile(rb"^[ ]*(?:-[ ]+)*[A-Za-z0-9_.-]+[ ]*:[ ]*(?:#.*)?$")
_NON_STRING = re.compile(
    rb"^[ ]*(?:-[ ]+)*(?:[A-Za-z0-9_.-]+[ ]*:[ ]*)?"
    rb"(?:[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|true|false|True|False|TRUE|FALSE|null|Null|NULL|~)?"
    rb"[ ]*(?:#.*)?$"
)
_BLOCK_OR_QUOTE = re.compile(rb"[|>][-+0-9]*[ ]*(?:#.*)?$|\"|'")


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" "))


def yaml_may_match(data: bytes, words: tuple[bytes, ...]) -> bool:
    """False only when no key rule could see a string scalar near one of ``words``."""
    lines = data.split(b"\n")
    multiline: bool | None = None  # computed when a commented-out word needs it
    for i in _lines_with(data.lower(), words):
        line = lines[i].rstrip(b"\r")
        if line.lstrip(b" ").startswith(b"#"):
            if multiline is None:
                multiline = any(_BLOCK_OR_QUOTE.search(x.rstrip(b"\r").lower()) for x in lines)
            if not multiline:
                continue  # a comment (no block scalar or quoted scalar could make it a value)
        if not _KEY_ONLY.match(line) or b"\t" in line:
            return True
        if not _numbers_below(lines, i):
            return True
    return False


def word_offsets(low: bytes, words: Iterable[bytes]) -> set[int]:
    """Where any of ``words`` starts in ``low``: one ``find`` loop per word over the text instead
    of one test per word and line (a word never spans a line break)."""
    hits: set[int] = set()
    for word in words:
        at = low.find(word)
        while at >= 0:
            hits.add(at)
            at = low.find(word, at + 1)
    return hits


def _lines_with(low: bytes, words: tuple[bytes, ...]) -> list[int]:
    """Indexes of the lines holding a word, in order."""
    return sorted({low.count(b"\n", 0, at) for at in word_offsets(low, words)})


def _numbers_below(lines: list[bytes], i: int) -> bool:
    """True when the block under the key on line ``i`` holds only numbers, booleans and nulls."""
    base = _indent(lines[i])
    for raw in lines[i + 1:]:
        line = raw.rstrip(b"\r")
        stripped = line.strip(b" ")
        if not stripped or stripped.startswith(b"#"):
            continue
        if line in (b"---", b"...") or line.startswith((b"--- ", b"%")):
            return True  # a new document: be conservative
        indent = _indent(line)
        if indent < base or (indent == base and not stripped.startswith(b"-")):
            return True
        if b"\t" in line or not _NON_STRING.match(line):
            return False
    return True
