"""The local Hugging Face cache source, on caches built in tmp_path with the real layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelcheck.resolve import ResolveContext, resolve_models
from modelcheck.resolve.hfcache import hf_hub_cache, read_cached_model
from resolve_standin import INDEX, VOCAB

SHA = "a" * 40
OLD = "b" * 40


def make_cached(cache: Path, model_id: str, files: dict[str, str], sha: str = SHA, ref: str | None = "main") -> Path:
    org, name = model_id.split("/")
    repo = cache / f"models--{org}--{name}"
    snap = repo / "snapshots" / sha
    snap.mkdir(parents=True, exist_ok=True)
    blobs = repo / "blobs"
    blobs.mkdir(exist_ok=True)
    for rel, text in files.items():
        blob = blobs / f"{abs(hash((sha, rel))):x}"
        blob.write_text(text, encoding="utf-8")
        (snap / rel).symlink_to(blob)  # snapshots hold symlinks into blobs/, as huggingface_hub writes them
    if ref:
        (repo / "refs").mkdir(exist_ok=True)
        (repo / "refs" / ref).write_text(sha)
    return snap


def ctx(tmp_path: Path, cache: Path) -> ResolveContext:
    return ResolveContext(root=tmp_path, vocabulary=VOCAB, index=INDEX, offline=True, hf_cache_dir=cache)


LLAMA_TEXT = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\nterms...\n"


def test_card_in_cache_wins_over_index(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    make_cached(cache, "acme/ft", {"README.md": "---\nlicense: apache-2.0\nbase_model: Qwen/Qwen2.5-7B\n---\n# x\n"})
    res = resolve_models([("acme/ft", "hub")], ctx(tmp_path, cache))["acme/ft"]
    assert res.source == "hf-cache" and res.license.keys == ("apache-2.0",)  # type: ignore[union-attr]
    assert res.revision == SHA and res.evidence and res.evidence.endswith("README.md:2")
    assert res.base_models == ("Qwen/Qwen2.5-7B",)
    assert res.base_chain[0].license.keys == ("apache-2.0",)  # type: ignore[union-attr]  # index pattern


def test_license_file_used_when_card_is_vague_and_conflict_reported(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    make_cached(cache, "acme/vague", {"README.md": "---\nlicense: other\n---\n", "LICENSE": LLAMA_TEXT})
    make_cached(cache, "acme/clash", {"README.md": "\ufeff---\nlicense: mit\n---\n", "LICENSE.txt": LLAMA_TEXT})
    out = resolve_models([("acme/vague", "hub"), ("acme/clash", "hub")], ctx(tmp_path, cache))
    assert out["acme/vague"].license.keys == ("llama3.1",)  # type: ignore[union-attr]
    clash = out["acme/clash"]
    assert clash.license.keys == ("mit",)  # type: ignore[union-attr]  # the card has precedence
    assert len(clash.conflicts) == 1 and "license-file" in clash.conflicts[0]


def test_pinned_revision_and_missing_snapshot(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    make_cached(cache, "acme/m", {"README.md": "---\nlicense: mit\n---\n"})
    make_cached(cache, "acme/m", {"README.md": "---\nlicense: gemma\n---\n"}, sha=OLD, ref=None)
    assert read_cached_model(cache, "acme/m").card.license == "mit"  # type: ignore[union-attr]
    assert read_cached_model(cache, "acme/m", OLD).card.license == "gemma"  # type: ignore[union-attr]
    assert read_cached_model(cache, "acme/m", "c" * 40) is None
    assert read_cached_model(cache, "acme/m", "v1.0") is None  # no refs/v1.0
    assert read_cached_model(cache, "acme/absent") is None


def test_bad_front_matter_is_not_a_crash(tmp_path: Path) -> None:
    cache = tmp_path / "hub"
    make_cached(cache, "acme/bad", {"README.md": "---\nlicense: [unclosed\n---\n"})
    res = resolve_models([("acme/bad", "hub")], ctx(tmp_path, cache))["acme/bad"]
    assert res.license is None
    assert [a.outcome for a in res.attempts if a.source == "hf-cache"] == ["missing"]


def test_cache_location_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path / "home"))
    assert hf_hub_cache() == tmp_path / "home" / "hub"
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "explicit"))
    assert hf_hub_cache() == tmp_path / "explicit"
    make_cached(tmp_path / "explicit", "acme/env", {"README.md": "---\nlicense: mit\n---\n"})
    res = resolve_models([("acme/env", "hub")], ResolveContext(root=tmp_path, vocabulary=VOCAB, index=INDEX,
                                                              offline=True))["acme/env"]
    assert res.source == "hf-cache"


def test_cached_card_datasets_reach_the_resolution(tmp_path: Path) -> None:
    """Openness counts training data a card names; a card read from the local cache counts too."""
    cache = tmp_path / "hub"
    make_cached(cache, "acme/open", {"README.md": "---\nlicense: apache-2.0\ndatasets:\n- acme/corpus\n---\n"})
    make_cached(cache, "acme/filelicence", {"README.md": "---\nlicense: other\ndatasets: acme/web\n---\n",
                                            "LICENSE": LLAMA_TEXT})
    out = resolve_models([("acme/open", "hub"), ("acme/filelicence", "hub")], ctx(tmp_path, cache))
    assert out["acme/open"].datasets == ("acme/corpus",)
    assert out["acme/filelicence"].source == "hf-cache" and out["acme/filelicence"].datasets == ("acme/web",)


def test_cached_card_datasets_make_training_data_documented(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from modelcheck.cli import main

    cache = tmp_path / "hub"
    make_cached(cache, "acme/open-7b", {"README.md": "---\nlicense: apache-2.0\ndatasets:\n- acme/corpus\n---\n"})
    project = tmp_path / "project"
    project.mkdir()
    (project / "app.py").write_text('from transformers import AutoModel\nAutoModel.from_pretrained("acme/open-7b")\n')
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    out = tmp_path / "out.json"
    assert main([str(project), "--offline", "--format", "json", "-o", str(out), "--quiet", "--exit-zero"]) == 0
    (model,) = json.loads(out.read_text())["models"]
    assert model["license"]["source"] == "hf-cache"
    assert model["openness"]["components"]["training-data"]["status"] == "documented"
