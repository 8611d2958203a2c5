"""Stage 2 helper: inline suppressions written next to a reference (non-Python formats).

Syntax (the same as ``extract/suppress.py`` of the Python extractor):
``# modelcheck: ignore[rule-a, rule-b]`` on the reference's line (YAML, TOML, shell, Dockerfile,
Modelfile, .env), or ``<!-- modelcheck: ignore[rule-a] -->`` in Markdown. A bare
``modelcheck: ignore`` without rule ids suppresses nothing (a blanket silence is refused).
"""

from __future__ import annotations

import re
from typing import Sequence

_MARK = re.compile(r"(?:#|<!--)[^\n]*?modelcheck\s*:\s*ignore\b(\[[^\]]*\])?", re.I)
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")


def ignored_on(line: str) -> frozenset[str]:
    """The rule ids suppressed by a marker on this source line (empty when none)."""
    m = _MARK.search(line)
    if not m or m.group(1) is None:
        return frozenset()
    rules = {r.strip().lower() for r in m.group(1)[1:-1].split(",")}
    return frozenset(r for r in rules if _RULE_ID.match(r))


def ignored_at(lines: Sequence[str], line: int) -> frozenset[str]:
    """Suppressions on 1-based ``line`` of ``lines`` (out of range: none)."""
    if 1 <= line <= len(lines):
        return ignored_on(lines[line - 1])
    return frozenset()
