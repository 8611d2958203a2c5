"""Lineage: base models followed recursively (cycle-safe, depth-limited), stacked licence keys."""

from __future__ import annotations

from pathlib import Path

from modelcheck.model import LicenseEvidence, Location
from modelcheck.resolve import ResolveContext, base_conflicts, effective_keys, resolve_models
from modelcheck.resolve.engine import MAX_DEPTH
from modelcheck.resolve.lineage import unresolved_bases
from modelcheck.resolve.lockfile import LockEntry
from resolve_standin import INDEX, VOCAB


def ctx(tmp_path: Path, lock: dict[str, LockEntry]) -> ResolveContext:
    return ResolveContext(root=tmp_path, vocabulary=VOCAB, index=INDEX, offline=True, lock=lock,
                          hf_cache_dir=tmp_path / "none")


def chain_lock(*entries: tuple[str, str, tuple[str, ...]]) -> dict[str, LockEntry]:
    return {m.lower(): LockEntry(m, lic, base=base) for m, lic, base in entries}


def test_cycle_terminates(tmp_path: Path) -> None:
    lock = chain_lock(("a/x", "mit", ("a/y",)), ("a/y", "apache-2.0", ("a/z",)), ("a/z", "gemma", ("a/x", "a/y")))
    res = resolve_models([("a/x", "hub")], ctx(tmp_path, lock))["a/x"]
    assert [b.model for b in res.base_chain] == ["a/y", "a/z"]
    assert effective_keys(res) == {"mit", "apache-2.0", "gemma"}


def test_self_reference_and_non_hub_bases_are_skipped(tmp_path: Path) -> None:
    lock = chain_lock(("a/x", "mit", ("a/x", "/home/me/ckpt", "a/y")), ("a/y", "mit", ()))
    res = resolve_models([("a/x", "hub")], ctx(tmp_path, lock))["a/x"]
    assert [b.model for b in res.base_chain] == ["a/y"]
    assert res.base_models == ("a/x", "/home/me/ckpt", "a/y")


def test_depth_limit(tmp_path: Path) -> None:
    n = MAX_DEPTH + 5
    lock = chain_lock(*[(f"d/m{i}", "mit", (f"d/m{i + 1}",)) for i in range(n)])
    res = resolve_models([("d/m0", "hub")], ctx(tmp_path, lock))["d/m0"]
    assert [b.model for b in res.base_chain] == [f"d/m{i}" for i in range(1, MAX_DEPTH + 1)]


def test_nearest_first_breadth_order_and_diamond(tmp_path: Path) -> None:
    lock = chain_lock(("m/merge", "apache-2.0", ("m/a", "m/b")), ("m/a", "mit", ("m/root",)),
                      ("m/b", "mit", ("m/root",)), ("m/root", "llama3.1", ()))
    res = resolve_models([("m/merge", "hub")], ctx(tmp_path, lock))["m/merge"]
    assert [b.model for b in res.base_chain] == ["m/a", "m/b", "m/root"]


def test_base_conflicts_for_relicensed_llama_finetune(tmp_path: Path) -> None:
    lock = chain_lock(("acme/llama-ft", "apache-2.0", ("meta-llama/Llama-3.1-8B",)),
                      ("acme/honest-ft", "llama3.1", ("meta-llama/Llama-3.1-8B",)),
                      ("acme/qwen-ft", "mit", ("Qwen/Qwen2.5-7B",)),
                      ("acme/quant", "apache-2.0", ("acme/llama-ft",)))
    out = resolve_models([("acme/llama-ft", "hub"), ("acme/honest-ft", "hub"), ("acme/qwen-ft", "hub"),
                          ("acme/quant", "hub")], ctx(tmp_path, lock))
    conflicts = base_conflicts(out["acme/llama-ft"])
    assert len(conflicts) == 1 and "meta-llama/Llama-3.1-8B is under llama3.1" in conflicts[0]
    assert base_conflicts(out["acme/honest-ft"]) == []
    assert base_conflicts(out["acme/qwen-ft"]) == []  # apache-2.0 base: permissive, no conflict
    quant = out["acme/quant"]  # a re-upload of the fine-tune still carries Llama's terms
    assert effective_keys(quant) == {"apache-2.0", "llama3.1"}
    assert any("meta-llama/Llama-3.1-8B" in c for c in base_conflicts(quant))


def test_unresolved_base_is_reported_not_dropped(tmp_path: Path) -> None:
    lock = chain_lock(("a/ft", "mit", ("nobody/base",)))
    res = resolve_models([("a/ft", "hub")], ctx(tmp_path, lock))["a/ft"]
    assert unresolved_bases(res) == ["nobody/base"] and base_conflicts(res) == []


def test_adapter_evidence_base(tmp_path: Path) -> None:
    evidence = (LicenseEvidence("adapters/lora", "config-json", Location("adapters/lora/adapter_config.json", 3, 5),
                                base_models=("meta-llama/Llama-3.1-8B-Instruct",)),)
    c = ResolveContext(root=tmp_path, vocabulary=VOCAB, index=INDEX, offline=True, lock={}, evidence=evidence,
                       hf_cache_dir=tmp_path / "none")
    res = resolve_models([("adapters/lora", "local")], c)["adapters/lora"]
    # the adapter itself declares nothing, so it carries its base's terms
    assert res.license is not None and res.license.keys == ("llama3.1",)
    assert res.source == "base-model"
    assert res.attempts[-1].source == "base-model" and "meta-llama/Llama-3.1-8B-Instruct" in res.attempts[-1].detail
    assert [b.model for b in res.base_chain] == ["meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"]
    assert effective_keys(res) == {"llama3.1"}
