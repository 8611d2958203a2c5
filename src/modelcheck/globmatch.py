"""``fnmatch.fnmatchcase`` without a regex for the shapes data files use.

Index, knowledge-base, openness and rule globs are mostly exact ids, ``prefix*``, ``*suffix`` or
``*part*``; ``fnmatch`` compiles a regex for each pattern it sees (~0.1 ms apiece, hundreds per
run). Those shapes are answered with string tests; any other pattern goes to ``fnmatch``.
"""

from __future__ import annotations

import fnmatch
from functools import lru_cache
from typing import Callable

_SPECIAL = frozenset("*?[")


def glob_match(name: str, pattern: str) -> bool:
    """``fnmatch.fnmatchcase(name, pattern)``: case-sensitive, ``*`` spans ``/``."""
    return _matcher(pattern)(name)


@lru_cache(maxsize=4096)
def _matcher(pattern: str) -> Callable[[str], bool]:
    inner = pattern.strip("*")
    if not _SPECIAL.isdisjoint(inner):
        return lambda name: fnmatch.fnmatchcase(name, pattern)
    lead, trail = pattern.startswith("*"), pattern.endswith("*")  # a run of stars acts as one
    if not inner:
        return (lambda name: True) if lead else inner.__eq__
    if lead and trail:
        return lambda name: inner in name
    if lead:
        return lambda name: name.endswith(inner)
    if trail:
        return lambda name: name.startswith(inner)
    return inner.__eq__
