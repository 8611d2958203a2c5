"""Map TOML keys to the line they are written on (tomllib keeps no positions).

A light line scanner: it tracks ``[table]`` / ``[[array]]`` headers and ``key = value`` lines,
including dotted keys. Multi-line strings are skipped so their contents are not taken for keys.
"""

from __future__ import annotations

import re

KeyPath = tuple[object, ...]  # e.g. ("tool", "modelcheck", "exceptions", 0, "reason")

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=""")
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")


def _split(dotted: str) -> tuple[str, ...]:
    parts = [m.group(1) for m in _PART.finditer(dotted)]
    return tuple(p[1:-1] if p[:1] in "\"'" else p for p in parts)


def key_lines(text: str) -> dict[KeyPath, int]:
    """Every table header and key in ``text`` mapped to its 1-based line."""
    return {path: line for path, (line, _column) in key_positions(text).items()}


def key_positions(text: str) -> dict[KeyPath, tuple[int, int]]:
    """Every table header and key in ``text`` mapped to its 1-based (line, column): the column of
    the header's opening bracket or of the key itself."""
    lines: dict[KeyPath, tuple[int, int]] = {}
    table: KeyPath = ()
    counts: dict[tuple[str, ...], int] = {}
    in_multiline: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_multiline is not None:
            if in_multiline in raw:
                in_multiline = None
            continue
        header = _HEADER.match(raw)
        if header and "=" not in raw.split("#", 1)[0]:
            names = _split(header.group(2))
            if header.group(1) == "[[":
                index = counts.get(names, 0)
                counts[names] = index + 1
                table = names + (index,)
            else:
                table = names
            lines.setdefault(table, (number, header.start(1) + 1))
            continue
        key = _KEY.match(raw)
        if key:
            path = table + _split(key.group(1))
            lines.setdefault(path, (number, key.start(1) + 1))
            rest = raw[key.end():]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_multiline = quote
    return lines


def line_of(lines: dict[KeyPath, int], path: KeyPath) -> int:
    """The line of ``path``, else of its nearest ancestor that has one, else 1."""
    probe = path
    while probe:
        if probe in lines:
            return lines[probe]
        probe = probe[:-1]
    return 1


def position_of(positions: dict[KeyPath, tuple[int, int]], path: KeyPath) -> tuple[int, int]:
    """The (line, column) of ``path``, else of its nearest ancestor that has one, else (1, 1)."""
    probe = path
    while probe:
        if probe in positions:
            return positions[probe]
        probe = probe[:-1]
    return 1, 1
