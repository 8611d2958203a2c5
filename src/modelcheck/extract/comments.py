"""Stage 2 helper: inline suppressions written next to a reference.

Syntax (shared with the Python extractor): ``# modelcheck: ignore[rule-a, rule-b]`` on the
reference's line (YAML, TOML, shell, Dockerfile, Modelfile, .env), or
``<!-- modelcheck: ignore[rule-a] -->`` in Markdown. ``ignore`` without a list (or ``ignore[*]``)
suppresses every rule: it is returned as ``frozenset({"*"})``.
"""

from __future__ import annotations

import re
from typing import Sequence

_MARK = re.compile(r"(?:#|<!--)\s*modelcheck:\s*ignore(?:\[([^\]]*)\])?")


def ignored_on(line: str) -> frozenset[str]:
    """The rule ids suppressed by a marker on this source line (empty when none)."""
    m = _MARK.search(line)
    if not m:
        return frozenset()
    if m.group(1) is None:
        return frozenset({"*"})
    rules = {r.strip() for r in m.group(1).split(",") if r.strip()}
    return frozenset(rules or {"*"})


def ignored_at(lines: Sequence[str], line: int) -> frozenset[str]:
    """Suppressions on 1-based ``line`` of ``lines`` (out of range: none)."""
    if 1 <= line <= len(lines):
        return ignored_on(lines[line - 1])
    return frozenset()
