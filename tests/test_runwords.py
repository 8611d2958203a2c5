"""``RunWords.present`` must say exactly what a plain ``word in text`` test says, whatever it has
remembered from earlier texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelcheck.extract import runwords
from modelcheck.extract.runwords import RunWords

WORDS = (b"model", b"llm", b"openai", b"from_pretrained", b"hf", b"ckpt", b"engine_2")
ALPHABET = b"modelopenaifrom_pretrainedhfckptengine2 .-:/\n\t\x80\xc3"
texts = st.binary(max_size=300).map(lambda b: bytes(ALPHABET[x % len(ALPHABET)] for x in b).lower())


@settings(max_examples=300, deadline=None)
@given(st.lists(texts, min_size=1, max_size=8))
def test_present_is_plain_substring_search(batch: list[bytes]) -> None:
    finder = RunWords(WORDS)
    for text in batch + batch:  # the second pass answers from what the first one remembered
        assert set(finder.present(text)) == {w for w in WORDS if w in text}


def test_words_across_punctuation_are_not_found() -> None:
    finder = RunWords((b"hf_hub",))
    assert not finder.present(b"hf-hub: hf.hub")
    assert finder.present(b"x = hf_hub_download(y)") == {b"hf_hub"}


def test_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runwords, "MAX_REMEMBERED", 10)
    finder = RunWords((b"model",))
    text = b" ".join(b"name%d" % i for i in range(100)) + b" my_model"
    assert finder.present(text) == {b"model"}
    assert finder.present(text) == {b"model"}  # still right once nothing more is remembered
    assert len(finder._without) + len(finder._with) <= 10 + 101


def test_words_must_be_plain() -> None:
    with pytest.raises(ValueError):
        RunWords((b"hf-hub",))
