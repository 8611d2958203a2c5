"""Model-card front matter (README.md) as licence evidence."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import scan

CARD = """\ufeff
---
library_name: peft
license: other
license_name: llama3.1
license_link: LICENSE
base_model:
- meta-llama/Llama-3.1-8B
- mistralai/Mistral-7B-v0.1
base_model_relation: merge
model_name: support-merge
---
# Support merge

Uses `meta-llama/Llama-3.1-8B` (prose is not scanned).
"""


def test_card_evidence(tmp_path: Path) -> None:
    result = scan(tmp_path, "models/support/README.md", CARD)
    assert result.refs == ()
    (ev,) = result.evidence
    assert ev.model == "models/support"
    assert ev.source == "model-card"
    assert (ev.location.path, ev.location.line) == ("models/support/README.md", 4)
    assert (ev.license, ev.license_name, ev.license_link) == ("other", "llama3.1", "LICENSE")
    assert ev.base_models == ("meta-llama/Llama-3.1-8B", "mistralai/Mistral-7B-v0.1")
    assert ev.aliases == ("support-merge",)


def test_root_card_and_list_licence(tmp_path: Path) -> None:
    result = scan(tmp_path, "README.md", "---\nlicense: [mit, apache-2.0]\n---\n")
    (ev,) = result.evidence
    assert (ev.model, ev.license, ev.location.line) == (".", "mit, apache-2.0", 2)


def test_readme_without_card_is_ignored(tmp_path: Path) -> None:
    assert scan(tmp_path, "README.md", "# Project\nlicense: mit\n") == scan(tmp_path, "a/README.md", "---\ntitle: x\n---\n")
    assert scan(tmp_path, "README.md", "# Project\n").evidence == ()
    assert scan(tmp_path, "docs/README.md", "---\ntags: [a]\n---\n").evidence == ()


def test_bad_front_matter_is_an_issue(tmp_path: Path) -> None:
    result = scan(tmp_path, "README.md", "---\nlicense: [mit\n---\n")
    assert [i.rule for i in result.issues] == ["unparsable-file"]
