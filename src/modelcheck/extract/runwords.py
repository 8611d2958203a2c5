"""Which of a fixed set of words occur in a text, found through the text's identifier-like runs.

A word made only of ``[a-z0-9_]`` occurs in a lower-cased text exactly when it occurs inside one
maximal run of those characters, and code repeats its runs (names, keywords) within a file and
across files. So instead of one scan of the whole text per word, a text is split into its distinct
runs once, runs already known to hold no word are dropped with one set difference, and only runs
not seen before are tested word by word. The per-process memory of runs is bounded.
"""

from __future__ import annotations

import re
from typing import AbstractSet, Iterable

# bytes other than [a-z0-9_] -> space: ``low.translate(RUNS).split()`` are the runs of ``low``
RUNS = bytes(c if 48 <= c <= 57 or 97 <= c <= 122 or c == 95 else 32 for c in range(256))
WORD = re.compile(rb"[a-z0-9_]+")
MAX_REMEMBERED = 400_000  # runs kept per process (~30 MB at most); beyond, new runs are tested each time
_NONE: frozenset[bytes] = frozenset()


class RunWords:
    """``present(low)``: the words (of those given) that occur in ``low`` (ASCII lower case)."""

    def __init__(self, words: Iterable[bytes]) -> None:
        self.words = tuple(dict.fromkeys(words))
        bad = [w for w in self.words if not WORD.fullmatch(w)]
        if bad:
            raise ValueError(f"not made of [a-z0-9_]: {bad!r}")
        self._any = re.compile(b"|".join(re.escape(w) for w in sorted(self.words, key=len, reverse=True)))
        self._without: set[bytes] = set()  # runs holding none of the words
        self._with: dict[bytes, tuple[bytes, ...]] = {}  # run -> the words inside it

    def present(self, low: bytes) -> AbstractSet[bytes]:
        runs = set(low.translate(RUNS).split()) - self._without  # iterates the (small) left side
        if not runs:
            return _NONE
        found: set[bytes] = set()
        new: list[bytes] = []
        for run in runs:
            words = self._with.get(run)
            if words is None:
                new.append(run)
            else:
                found.update(words)
        if new:
            found.update(self._learn(new))
        return found

    def _learn(self, runs: list[bytes]) -> set[bytes]:
        joined = b" ".join(runs)
        # new runs are mostly plain names: one regex pass says so before any per-word test
        candidates = [w for w in self.words if w in joined] if self._any.search(joined) else []
        remember = len(self._without) + len(self._with) < MAX_REMEMBERED
        found: set[bytes] = set()
        for run in runs:
            words = tuple(w for w in candidates if w in run) if candidates else ()
            found.update(words)
            if remember:
                if words:
                    self._with[run] = words
                else:
                    self._without.add(run)
        return found
