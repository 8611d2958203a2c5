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


def ignored_on(line: str) -> frozenset[str]:
    """The rule ids suppressed by a marker on this source line (empty when none)."""
    from modelcheck.extract.suppress import parse_comment

    m = _MARK.search(line)
    if not m:
        return frozenset()
    return parse_comment(line[m.start():]) or frozenset()


def ignored_at(lines: Sequence[str], line: int) -> frozenset[str]:
    """Suppressions on 1-based ``line`` of ``lines`` (out of range: none)."""
    if 1 <= line <= len(lines):
        return ignored_on(lines[line - 1])
    return frozenset()
