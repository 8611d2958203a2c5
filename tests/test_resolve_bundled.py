"""Resolution against the shipped vocabulary and index (the real data files)."""

from __future__ import annotations

import time
from pathlib import Path

from modelcheck.data_index import load_index, load_vocabulary
from modelcheck.licenses import parse_license
from modelcheck.resolve import ResolveContext, resolve_models
from modelcheck.resolve.fingerprint import fingerprint_keys


def test_every_fingerprint_key_is_in_the_vocabulary() -> None:
    vocab = load_vocabulary()
    missing = [k for k in fingerprint_keys() if vocab.lookup(k) is None]
    assert missing == []


def test_vocabulary_builds_a_licensing_without_collisions() -> None:
    vocab = load_vocabulary()
    for entry in vocab.entries:
        lic = parse_license(entry.key, vocab)
        assert lic.keys == (entry.key,), entry.key
        assert lic.unknown == ()
        if not entry.vague:
            assert parse_license(lic.spdx, vocab).keys == (entry.key,), entry.key  # round trip


def test_thousand_index_references_cold_under_a_second(tmp_path: Path) -> None:
    ids = [hit.model_id for hit in load_index().models]
    requests = [(ids[i % len(ids)], "hub") for i in range(1000)]
    ctx = ResolveContext(root=tmp_path, offline=True, hf_cache_dir=tmp_path / "none")
    started = time.perf_counter()
    out = resolve_models(requests, ctx)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 1.0
    assert all(r.license is not None for r in out.values())
