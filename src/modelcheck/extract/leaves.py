"""Stage 2 helper: the position-carrying view of a parsed config document.

YAML, JSON and TOML readers all turn a document into ``Leaf`` values (one per string scalar)
so that one set of key rules (``configkeys``) applies to every format.
"""

from __future__ import annotations

from modelcheck.record import field, frozen
from typing import Mapping

MAX_DEPTH = 64  # deeper values are not visited
MAX_NODES = 200_000  # a document with more scalars is scanned only this far

PathItem = str | int


@frozen
class Leaf:
    """A string scalar with its key path and the 1-based position of its first character.

    ``style`` is "plain", "quoted" (position already after the quote) or "block" (position of
    the ``|``/``>`` indicator; the text starts on the next line). ``siblings`` are the other
    string scalars of the same mapping, keyed by lower-cased key.
    """

    path: tuple[PathItem, ...]
    value: str
    line: int
    col: int
    style: str = "plain"
    siblings: Mapping[str, str] = field(default_factory=dict)
    doc: int = 0

    @property
    def key(self) -> str:
        """The nearest mapping key ("" for a top-level list item)."""
        for item in reversed(self.path):
            if isinstance(item, str):
                return item
        return ""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(p for p in self.path if isinstance(p, str))

    @property
    def in_list(self) -> bool:
        return bool(self.path) and isinstance(self.path[-1], int)
