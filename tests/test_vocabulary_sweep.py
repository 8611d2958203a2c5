"""No silent pass (issue #12): every licence id of the vocabulary either has facts or fails the gate.

One real project clarifies one model to each key of ``data/licenses.toml`` and runs the whole
pipeline in-process (offline, commercial, weights distributed, fine-tuned)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import MakeProject, Run
from modelcheck.data_index import load_vocabulary
from modelcheck.facts import load_facts

ENTRIES = load_vocabulary().entries  # the bundled data/licenses.toml
KEYS = [e.key for e in ENTRIES]
VAGUE = {e.key for e in ENTRIES if e.vague}
# Definite keys whose facts another branch adds (the facts audit); drop a key once it has facts.
PENDING = {"falcon-mamba-license"}
NONCOMMERCIAL = [
    "opt-175b-license", "fair-noncommercial-research-license", "intel-research", "h-research",
    "exaone", "coqui-public-model-license", "health-ai-developer-foundations",
]
PROJECT = """\
[project]
name = "sweep"

[tool.modelcheck.project]
commercial = true
distribution = ["weights"]
fine-tunes = true
"""


def _project(make_project: MakeProject, keys: list[str]) -> tuple[Path, dict[str, str]]:
    ids = {f"sweep/model-{i}": key for i, key in enumerate(keys)}
    clar = "".join(
        f'\n[[tool.modelcheck.clarify]]\nmodel = "{mid}"\nlicense = "{key}"\nreason = "sweep"\n'
        for mid, key in ids.items()
    )
    code = "from transformers import AutoModel\n" + "".join(
        f'AutoModel.from_pretrained("{mid}")\n' for mid in ids
    )
    return make_project({"pyproject.toml": PROJECT + clar, "app.py": code}), ids


def _findings(run_cli: Run, root: Path) -> tuple[int, dict[str, list[tuple[str, str]]]]:
    code, out, err = run_cli(str(root), "--offline", "--format", "json")
    assert code in (0, 1), err
    doc = json.loads(out)
    by_model: dict[str, list[tuple[str, str]]] = {m["id"]: [] for m in doc["models"]}
    for f in doc["findings"]:
        by_model.setdefault(f.get("model") or "", []).append((f["rule"], f["severity"]))
    return code, by_model


def test_every_definite_licence_has_facts() -> None:
    kb = load_facts()
    missing = {k for k in KEYS if k not in VAGUE and k not in kb}
    assert missing <= PENDING, f"vocabulary keys without facts: {sorted(missing - PENDING)}"
    assert not PENDING & VAGUE


def test_no_vocabulary_key_passes_silently(make_project: MakeProject, run_cli: Run) -> None:
    root, ids = _project(make_project, KEYS)
    _, by_model = _findings(run_cli, root)
    kb = load_facts()
    assert set(ids) <= set(by_model), "every clarified model is in the inventory"
    for mid, key in ids.items():
        found = by_model[mid]
        gaps = [(r, s) for r, s in found if r in ("unknown-license", "vague-license")]
        assert all(s == "error" for _, s in gaps), f"{key}: {found}"
        if key not in kb:  # no facts: the gate must fail on this model
            assert gaps, f"{key} has no facts and no error: {found}"
            expected = "vague-license" if key in VAGUE else "unknown-license"
            assert [r for r, _ in gaps] == [expected], f"{key}: {found}"
        else:
            assert not gaps, f"{key} has facts but is reported as unknown: {found}"


@pytest.mark.parametrize("key", sorted((PENDING | VAGUE) - set(load_facts())))
def test_a_licence_without_facts_alone_fails_the_gate(key: str, make_project: MakeProject, run_cli: Run) -> None:
    root, _ = _project(make_project, [key])
    code, by_model = _findings(run_cli, root)
    assert code == 1, by_model


def test_vague_message_says_how_to_settle_it(make_project: MakeProject, run_cli: Run) -> None:
    root, _ = _project(make_project, ["other"])
    code, out, _ = run_cli(str(root), "--offline")
    assert code == 1
    assert "error vague-license" in out
    assert "[[tool.modelcheck.clarify]]" in out and "modelcheck lock" in out and "license_link" in out


@pytest.mark.parametrize("key", NONCOMMERCIAL)
def test_noncommercial_licence_fails_a_commercial_project(key: str, make_project: MakeProject, run_cli: Run) -> None:
    root, ids = _project(make_project, [key])
    code, by_model = _findings(run_cli, root)
    assert code == 1
    (mid,) = ids
    assert ("noncommercial-license", "error") in by_model[mid], by_model


def test_moonshot_display_duty_is_an_attribution(make_project: MakeProject, run_cli: Run) -> None:
    root, ids = _project(make_project, ["moonshot-modified-mit"])
    _, by_model = _findings(run_cli, root)
    (mid,) = ids
    rules = {r for r, _ in by_model[mid]}
    assert "attribution-required" in rules and "noncommercial-license" not in rules
