"""Model card front matter read by the fast reader gives exactly what the ruamel path gives."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelcheck.extract import card
from modelcheck.model import FileScan

VALUES = ["mit", "apache-2.0", "other", "llama3.1", "'quoted value'", '"double"', "1.10", "2", "true", "null", "",
          "meta-llama/Llama-3.1-8B", "x # comment", "yes", "3e-4", "2024-01-01", "[a, b]", "{a: 1}", "|", "&a x", "*a"]
KEYS = ["license", "license_name", "license_link", "base_model", "model_name", "datasets", "tags", "language",
        "pipeline_tag", "library_name"]


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    for key in draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=6, unique=True)):
        if draw(st.booleans()):
            lines.append(f"{key}: {draw(st.sampled_from(VALUES))}")
        else:
            lines.append(f"{key}:")
            pad = draw(st.sampled_from(["", "  "]))
            lines += [f"{pad}- {draw(st.sampled_from(VALUES))}" for _ in range(draw(st.integers(1, 3)))]
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["# a comment", "", "  nested: value"])))
    return "---\n" + "\n".join(lines) + "\n---\n# Model\n\ntext\n"


def _ruamel_only(text: str, monkeypatch: pytest.MonkeyPatch) -> FileScan:
    with monkeypatch.context() as patch:
        patch.setattr(card, "fast_mapping", lambda body: None)
        return card.extract(text, "models/x/README.md")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=front_matter())
def test_fast_and_ruamel_paths_agree(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert card.extract(text, "models/x/README.md") == _ruamel_only(text, monkeypatch)


def test_fast_path_is_taken_for_plain_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "---\nlicense: apache-2.0\nbase_model:\n- meta-llama/Llama-3.1-8B\ndatasets:\n  - org/data\n---\n# x\n"
    calls: list[str] = []
    monkeypatch.setattr(card, "load_documents", lambda body: calls.append(body) or [])
    found = card.extract(text, "m/README.md")
    assert calls == []
    ev = found.evidence[0]
    assert (ev.license, ev.base_models, ev.datasets, ev.location.line) == (
        "apache-2.0", ("meta-llama/Llama-3.1-8B",), ("org/data",), 2)


def test_front_matter_deeper_than_the_fast_reader_goes_to_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nesting past MAX_DEPTH must not escape as an exception: the ruamel path decides."""
    nested = "".join(" " * i + f"k{i}:\n" for i in range(70)) + " " * 70 + "x: 1\n"
    text = "---\nlicense: mit\n" + nested + "---\n# Model\n"
    assert card.extract(text, "models/x/README.md") == _ruamel_only(text, monkeypatch)
