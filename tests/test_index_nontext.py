"""The non-text-LLM evaluation list (benchmarks/resolution_eval/models_nontext.toml) against the bundled index.

Every id on that list was read on its own Hugging Face page (2026-12-07); the index must give exactly the
expected licence for each, and leave unresolved the ones whose card declares no licence (or a licence the
vocabulary has no key for). Family rules must not swallow the siblings whose licence differs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from modelcheck.data_index import license_keys, load_index

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_LIST = Path(__file__).resolve().parents[1] / "benchmarks" / "resolution_eval" / "models_nontext.toml"


def _cases() -> list[dict[str, str]]:
    cases: list[dict[str, str]] = tomllib.loads(_LIST.read_text(encoding="utf-8"))["model"]
    return cases


def test_the_list_is_sizeable_and_sourced() -> None:
    cases = _cases()
    assert len(cases) >= 50
    for case in cases:
        assert case["source"] in {"hub-page", "family"}, case["id"]
        assert case["evidence"].startswith("https://huggingface.co/"), case["id"]


def test_every_listed_model_resolves_as_its_card_says() -> None:
    index = load_index()
    wrong = []
    for case in _cases():
        hit = index.lookup(case["id"])
        got = frozenset(k.casefold() for k in license_keys(hit.license)) if hit is not None else None
        want = frozenset(k.casefold() for k in license_keys(case["expect"])) if case["expect"] else None
        if got != want:
            wrong.append((case["id"], hit.license if hit else None, case["expect"]))
    assert wrong == []


@pytest.mark.parametrize(
    ("model_id", "expected"),
    [
        ("facebook/nllb-200-distilled-600M", "cc-by-nc-4.0"),
        ("facebook/mms-tts-deu", "cc-by-nc-4.0"),  # a family member not read one by one
        ("facebook/musicgen-stereo-small", "cc-by-nc-4.0"),
        ("Helsinki-NLP/opus-mt-en-de", "cc-by-4.0"),  # opus-mt licences differ per pair ...
        ("Helsinki-NLP/opus-mt-de-en", "apache-2.0"),
        ("depth-anything/Depth-Anything-V2-Small-hf", "apache-2.0"),  # ... and so do Depth Anything V2 sizes
        ("depth-anything/Depth-Anything-V2-Large-hf", "cc-by-nc-4.0"),
    ],
)
def test_family_members(model_id: str, expected: str) -> None:
    hit = load_index().lookup(model_id)
    assert hit is not None and hit.license == expected


@pytest.mark.parametrize(
    "model_id",
    [
        "Helsinki-NLP/opus-mt-zh-en",  # no rule for opus-mt: each pair has its own card
        "depth-anything/Depth-Anything-V2-Metric-Outdoor-Large-hf",  # sizes differ: no family rule
        "facebook/mbart-large-50-many-to-many-mmt",  # the card declares no licence
    ],
)
def test_no_rule_where_the_family_licence_differs(model_id: str) -> None:
    assert load_index().lookup(model_id) is None
