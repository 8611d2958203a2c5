"""Stage 2 (extract) helper: inline suppression comments, shared by every extractor.

``# modelcheck: ignore[rule-a, rule-b]`` on a reference's line suppresses those rules for that
reference (``ModelRef.ignored``). A bare ``# modelcheck: ignore`` (no rule ids) is refused: it
becomes a ``bare-ignore`` ScanIssue at that line, so a blanket silence never goes unnoticed.

Python feeds real comment tokens (``collect``); line-based formats (YAML, shell, TOML,
Dockerfile) can use ``hash_comments`` to find ``#`` comments first.
"""

from __future__ import annotations

import re
from modelcheck.record import field, frozen
from typing import Iterable, Mapping

from modelcheck.model import Location, ScanIssue

_DIRECTIVE = re.compile(r"modelcheck\s*:\s*ignore\b(\[[^\]]*\])?", re.IGNORECASE)
_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,80}$")
BARE = frozenset[str]()  # returned by ``parse_comment`` for a directive without valid rule ids


@frozen
class Suppressions:
    """Rule ids suppressed per line, and ``bare-ignore`` issues met while collecting them."""

    by_line: Mapping[int, frozenset[str]] = field(default_factory=dict)
    issues: tuple[ScanIssue, ...] = ()

    def for_line(self, line: int) -> frozenset[str]:
        return self.by_line.get(line, frozenset())


def parse_comment(comment: str) -> frozenset[str] | None:
    """Rule ids named by a ``modelcheck: ignore[...]`` directive in ``comment``.

    None when the comment holds no directive; an empty set when it is bare (or names no valid id).
    """
    match = _DIRECTIVE.search(comment)
    if match is None:
        return None
    if match.group(1) is None:
        return BARE
    ids = (part.strip().lower() for part in match.group(1)[1:-1].split(","))
    return frozenset(i for i in ids if _RULE_ID.match(i))


def collect(comments: Iterable[tuple[int, int, str]], rel: str) -> Suppressions:
    """Build suppressions from ``(line, column, comment text)`` triples (1-based positions)."""
    by_line: dict[int, frozenset[str]] = {}
    issues: list[ScanIssue] = []
    for line, column, text in comments:
        ids = parse_comment(text)
        if ids is None:
            continue
        if not ids:
            issues.append(
                ScanIssue(
                    "bare-ignore",
                    Location(rel, line, column),
                    "`modelcheck: ignore` must name the rules it suppresses, "
                    "e.g. `# modelcheck: ignore[rule-id]`; this one is refused",
                )
            )
            continue
        by_line[line] = by_line.get(line, frozenset()) | ids
    return Suppressions(by_line, tuple(issues))


def hash_comments(text: str) -> list[tuple[int, int, str]]:
    """``#`` comments of a line-based file: a ``#`` at line start or after whitespace, outside quotes.

    Approximate by design (quotes are tracked per line); enough for YAML, TOML, shell, Dockerfile.
    """
    found: list[tuple[int, int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "modelcheck" not in line.lower():
            continue
        quote: str | None = None
        for index, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = None
            elif char in "'\"":
                quote = char
            elif char == "#" and (index == 0 or line[index - 1].isspace()):
                found.append((number, index + 1, line[index:]))
                break
    return found
