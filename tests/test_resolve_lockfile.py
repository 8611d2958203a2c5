"""modelcheck.lock: round trip, sorting, atomic writes, lock precedence, drift detection."""

from __future__ import annotations

import os
from modelcheck.record import replace
from pathlib import Path

import pytest

from hub_server import FakeHub, Reply
from modelcheck.errors import ConfigError
from modelcheck.resolve import ResolveContext, check_lock, lock_models, resolve_models
from modelcheck.resolve.lockfile import LockEntry, read_lock, render_lock, write_lock
from resolve_standin import INDEX, VOCAB


def ctx(tmp_path: Path, **kw: object) -> ResolveContext:
    base: dict[str, object] = dict(root=tmp_path, vocabulary=VOCAB, index=INDEX, offline=True,
                                   hf_cache_dir=tmp_path / "none", cache_dir=tmp_path / "mc", hub_timeout=1.0)
    base.update(kw)
    return ResolveContext(**base)  # type: ignore[arg-type]


def test_round_trip_sorted_and_stable(tmp_path: Path) -> None:
    entries = [
        LockEntry("zeta/b", "mit", source="hub", revision="a" * 40, date="2026-01-01"),
        LockEntry('Acme/"odd" name', "llama3.1 AND mit", base=("meta-llama/Llama-3.1-8B",), date="2026-01-02",
                  license_file_sha256="ab" * 32, evidence="models/x/LICENSE:1"),
    ]
    path = tmp_path / "modelcheck.lock"
    write_lock(path, entries)
    text = path.read_text()
    assert text.index("Acme") < text.index("zeta/b")
    back = read_lock(path)
    assert back['acme/"odd" name'] == entries[1] and back["zeta/b"] == entries[0]
    assert render_lock(back) == text
    assert [p.name for p in tmp_path.iterdir()] == ["modelcheck.lock"]  # no temp files left


def test_interrupted_write_leaves_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "modelcheck.lock"
    write_lock(path, [LockEntry("a/b", "mit")])
    before = path.read_text()

    def boom(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        write_lock(path, [LockEntry("a/b", "gemma")])
    assert path.read_text() == before and [p.name for p in tmp_path.iterdir()] == ["modelcheck.lock"]


def test_invalid_lock_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "modelcheck.lock"
    path.write_text("version = 1\n[models.x\n")
    with pytest.raises(ConfigError, match=r"modelcheck.lock:2:1: invalid TOML"):
        read_lock(path)
    path.write_text('version = 1\n[models."a/b"]\nkind = "hub"\n')
    with pytest.raises(ConfigError, match="needs a string 'license'"):
        read_lock(path)
    assert read_lock(tmp_path / "absent.lock") == {}


def test_lock_has_precedence_over_index_and_skips_network(tmp_path: Path) -> None:
    write_lock(tmp_path / "modelcheck.lock", [LockEntry("google/gemma-2-2b", "apache-2.0", source="hub")])
    res = resolve_models([("google/gemma-2-2b", "hub")], ctx(tmp_path))["google/gemma-2-2b"]
    assert res.source == "lockfile" and res.license.keys == ("apache-2.0",)  # type: ignore[union-attr]
    assert [a.source for a in res.attempts] == ["config", "project", "lockfile"]


def test_lock_models_writes_chain_and_keeps_dates(tmp_path: Path) -> None:
    requests = [("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "hub"), ("openai:gpt-4o", "api"), ("x/unknown", "hub")]
    plan = lock_models(requests, ctx(tmp_path), today="2026-11-27")  # type: ignore[arg-type]
    assert set(plan.entries) == {"deepseek-ai/deepseek-r1-distill-llama-8b", "meta-llama/llama-3.1-8b"}
    entry = plan.entries["deepseek-ai/deepseek-r1-distill-llama-8b"]
    assert entry.license == "mit" and entry.base == ("meta-llama/Llama-3.1-8B",) and entry.source == "bundled-index"
    assert [m for m, _ in plan.unresolved] == ["x/unknown"]
    (tmp_path / "modelcheck.lock").write_text(plan.text + '\n[models."x/unknown"]\nlicense = "gemma"\n')
    again = lock_models(requests, ctx(tmp_path), today="2027-01-01")  # type: ignore[arg-type]
    assert again.kept == ("x/unknown",) and again.entries["x/unknown"].license == "gemma"
    del again.entries["x/unknown"]
    from modelcheck.resolve.lockfile import render_lock
    assert render_lock(again.entries) == plan.text  # unchanged licences keep their date


def test_lock_records_license_file_sha(tmp_path: Path) -> None:
    from modelcheck.model import LicenseEvidence, Location

    (tmp_path / "models" / "x").mkdir(parents=True)
    (tmp_path / "models" / "x" / "LICENSE").write_text("Apache License\nVersion 2.0, January 2004\n")
    ev = LicenseEvidence("models/x", "license-file", Location("models/x/LICENSE", 1, 1))
    plan = lock_models([("models/x", "local")], ctx(tmp_path, evidence=(ev,)), today="2026-11-27")
    entry = plan.entries["models/x"]
    assert entry.license == "apache-2.0" and entry.kind == "local" and entry.license_file_sha256
    assert len(entry.license_file_sha256) == 64


def test_check_lock_reports_drift_online(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    write_lock(tmp_path / "modelcheck.lock", [
        LockEntry("acme/same", "mit"), LockEntry("acme/changed", "apache-2.0"), LockEntry("acme/gone", "mit"),
    ])
    with FakeHub() as hub:
        hub.model("acme/same", Reply(200, {"cardData": {"license": "MIT"}}))
        hub.model("acme/changed", Reply(200, {"cardData": {"license": "apache-2.0"}}),
                  Reply(200, {"cardData": {"license": "other", "license_name": "llama-3.1"}}))
        hub.model("acme/new", Reply(200, {"cardData": {"license": "gemma"}}))
        c = ctx(tmp_path, offline=False, hub_endpoint=hub.url)
        assert resolve_models([("acme/changed", "hub")], c)["acme/changed"].source == "lockfile"
        assert hub.hits("acme/changed") == 0  # the lock answers a normal run
        # the first Hub answer (apache-2.0) is now in the response cache; check_lock must bypass it
        resolve_models([("acme/changed", "hub")], replace(c, use_lock=False))
        drifts = check_lock([("acme/same", "hub"), ("acme/changed", "hub"), ("acme/gone", "hub"),
                             ("acme/new", "hub")], c)
        assert hub.hits("acme/changed") == 2
    assert drifts == [("acme/changed", "apache-2.0", "llama3.1"), ("acme/gone", "mit", None),
                      ("acme/new", None, "gemma")]
