"""``glob_match`` answers exactly as ``fnmatch.fnmatchcase``."""

from __future__ import annotations

import fnmatch

from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck.globmatch import glob_match

PIECES = st.sampled_from(["*", "**", "?", "[ab]", "[!a]", "a", "b", "/", "-", ".", "meta-llama/", "llama-3", "A"])
patterns = st.lists(PIECES, max_size=6).map("".join)
names = st.lists(st.sampled_from(["a", "b", "/", "-", ".", "meta-llama/", "llama-3", "A", "*", "?", "\n"]),
                 max_size=8).map("".join)


@settings(max_examples=1500, deadline=None)
@given(names, patterns)
def test_same_answer_as_fnmatchcase(name: str, pattern: str) -> None:
    assert glob_match(name, pattern) == fnmatch.fnmatchcase(name, pattern)


def test_common_shapes() -> None:
    assert glob_match("meta-llama/llama-3.1-8b", "meta-llama/llama-3*")
    assert not glob_match("meta-llama/llama-2-7b", "meta-llama/llama-3*")
    assert glob_match("org/x-gguf", "*-gguf") and glob_match("org/x", "org/x") and glob_match("a/b", "*")
    assert glob_match("org/llama-x", "*llama*") and not glob_match("org/x", "*llama*")
