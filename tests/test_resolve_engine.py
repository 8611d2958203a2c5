"""Resolution precedence, project evidence, kinds, fail-closed reasons, explanations, speed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from modelcheck.model import LicenseEvidence, Location
from modelcheck.resolve import ResolveContext, explain_resolution, resolve_models
from modelcheck.resolve.engine import API_REASON
from modelcheck.resolve.lockfile import LockEntry
from resolve_standin import INDEX, VOCAB

LLAMA_TEXT = "LLAMA 3.1 COMMUNITY LICENSE AGREEMENT\nLlama 3.1 Version Release Date: July 23, 2024\n"


@dataclass(frozen=True)
class Clarify:  # the shape of modelcheck.config.Clarification
    model: str
    license: str
    reason: str
    location: Location
    revision: str | None = None


def ctx(tmp_path: Path, **kw: object) -> ResolveContext:
    base: dict[str, object] = dict(root=tmp_path, vocabulary=VOCAB, index=INDEX, offline=True,
                                   hf_cache_dir=tmp_path / "no-cache", lockfile=tmp_path / "none.lock")
    base.update(kw)
    return ResolveContext(**base)  # type: ignore[arg-type]


def ev(model: str, source: str, path: str, line: int = 1, **kw: object) -> LicenseEvidence:
    return LicenseEvidence(model, source, Location(path, line, 1), **kw)  # type: ignore[arg-type]


def test_config_clarification_wins(tmp_path: Path) -> None:
    clar = Clarify("acme/*", "mit", "vendor confirmed by email", Location("pyproject.toml", 12, 1))
    evidence = (ev("acme/x", "model-card", "models/x/README.md", 3, license="gemma"),)
    res = resolve_models([("acme/x", "hub")], ctx(tmp_path, clarifications=(clar,), evidence=evidence))["acme/x"]
    assert res.source == "config" and res.license.keys == ("mit",)  # type: ignore[union-attr]
    assert res.evidence == "pyproject.toml:12:1" and "vendor confirmed" in res.attempts[0].detail
    pinned = Clarify("acme/*", "mit", "", Location("pyproject.toml", 3, 1), revision="v2")
    res = resolve_models([("acme/x", "hub", "v1")], ctx(tmp_path, clarifications=(pinned,), evidence=evidence))["acme/x"]
    assert res.source == "project"


def test_project_evidence_precedence_and_conflicts(tmp_path: Path) -> None:
    (tmp_path / "models" / "x").mkdir(parents=True)
    (tmp_path / "models" / "x" / "LICENSE").write_text(LLAMA_TEXT)
    evidence = (
        ev("models/x", "license-file", "models/x/LICENSE"),
        ev("models/x", "model-card", "models/x/README.md", 2, license="apache-2.0",
           base_models=("meta-llama/Llama-3.1-8B",)),
    )
    res = resolve_models([("models/x", "local")], ctx(tmp_path, evidence=evidence))["models/x"]
    assert res.source == "project" and res.evidence == "models/x/README.md:2"
    assert res.license.keys == ("apache-2.0",)  # type: ignore[union-attr]
    assert len(res.conflicts) == 1 and "models/x/LICENSE:1" in res.conflicts[0] and "llama" in res.conflicts[0].lower()
    assert [b.model for b in res.base_chain] == ["meta-llama/Llama-3.1-8B"]


def test_file_inside_model_dir_and_gguf_metadata(tmp_path: Path) -> None:
    evidence = (
        ev("models/x", "model-card", "models/x/README.md", 2, license="other", license_name="llama-3.1"),
        ev("weights/q.gguf", "gguf", "weights/q.gguf", license="apache-2.0", base_models=("google/gemma-2-2b",)),
        ev("weights/text.gguf", "gguf", "weights/text.gguf", license=LLAMA_TEXT + "more text\n" * 30),
    )
    out = resolve_models([("models/x/model.safetensors", "local"), ("weights/q.gguf", "gguf"),
                          ("weights/text.gguf", "gguf")], ctx(tmp_path, evidence=evidence))
    assert out["models/x/model.safetensors"].license.keys == ("llama3.1",)  # type: ignore[union-attr]
    q = out["weights/q.gguf"]
    assert q.license.keys == ("apache-2.0",) and q.base_chain[0].license.keys == ("gemma",)  # type: ignore[union-attr]
    assert out["weights/text.gguf"].license.keys == ("llama3.1",)  # type: ignore[union-attr]


def test_evidence_alias_names_a_hub_id(tmp_path: Path) -> None:
    evidence = (ev("models/ft", "model-card", "models/ft/README.md", 2, license="gemma", aliases=("acme/ft",)),)
    res = resolve_models([("Acme/FT", "hub")], ctx(tmp_path, evidence=evidence))["Acme/FT"]
    assert res.source == "project" and res.license.keys == ("gemma",)  # type: ignore[union-attr]


def test_vague_project_evidence_falls_through_to_index(tmp_path: Path) -> None:
    evidence = (ev("google/gemma-2-2b", "model-card", "README.md", 2, license="other"),)
    res = resolve_models([("google/gemma-2-2b", "hub")], ctx(tmp_path, evidence=evidence))["google/gemma-2-2b"]
    assert res.source == "bundled-index"
    project = [a for a in res.attempts if a.source == "project"][0]
    assert project.outcome == "missing" and "other without license_name" in project.detail


def test_kinds(tmp_path: Path) -> None:
    evidence = (ev("mymodel:latest", "modelfile", "Modelfile", 5, license="Apache License\nVersion 2.0, January 2004\n"),)
    requests = [
        ("llama3.1:8b", "ollama"), ("mymodel:latest", "ollama"), ("phi9:latest", "ollama"),
        ("openai:gpt-4o", "api"),
        ("https://huggingface.co/google/gemma-2-2b/blob/main/README.md", "url"),
        ("https://example.com/model.bin", "url"),
        ("weights/unknown.gguf", "gguf"),
    ]
    out = resolve_models(requests, ctx(tmp_path, evidence=evidence))  # type: ignore[arg-type]
    ollama = out["llama3.1:8b"]
    assert ollama.license.keys == ("llama3.1",) and "ollama llama3.1" in ollama.attempts[-1].detail  # type: ignore[union-attr]
    assert [b.model for b in ollama.base_chain][:1] == ["meta-llama/Llama-3.1-8B-Instruct"]
    assert out["mymodel:latest"].license.keys == ("apache-2.0",)  # type: ignore[union-attr]
    assert out["phi9:latest"].license is None and "not in the bundled index" in out["phi9:latest"].reason
    api = out["openai:gpt-4o"]
    assert api.license is None and api.source == "api" and api.reason == API_REASON
    url = out["https://huggingface.co/google/gemma-2-2b/blob/main/README.md"]
    assert url.kind == "url" and url.license.keys == ("gemma",)  # type: ignore[union-attr]
    assert out["https://example.com/model.bin"].license is None
    gguf = out["weights/unknown.gguf"]
    assert gguf.license is None and "no licence evidence in the project" in gguf.reason


def test_fail_closed_reason_offline(tmp_path: Path) -> None:
    res = resolve_models([("nobody/x", "hub")], ctx(tmp_path))["nobody/x"]
    assert res.license is None and res.source is None
    assert "offline (--offline)" in res.reason and "not in the bundled index" in res.reason
    assert "lock file" not in res.reason  # sources that simply lack the model are not the reason
    tag = resolve_models([("llama3.1:70b", "hub")], ctx(tmp_path))["llama3.1:70b"]
    assert tag.kind == "ollama" and tag.license is not None


def test_unknown_licence_is_resolved_but_flagged(tmp_path: Path) -> None:
    evidence = (ev("a/b", "model-card", "README.md", 2, license="acme-special"),)
    res = resolve_models([("a/b", "hub")], ctx(tmp_path, evidence=evidence))["a/b"]
    assert res.license is not None and res.license.unknown == ("acme-special",)
    assert any("unknown licence" in line for line in explain_resolution(res))


def test_explain_lines(tmp_path: Path) -> None:
    res = resolve_models([("deepseek-ai/DeepSeek-R1-Distill-Llama-8B", "hub")], ctx(tmp_path))[
        "deepseek-ai/DeepSeek-R1-Distill-Llama-8B"]
    lines = explain_resolution(res)
    assert lines[0].startswith("deepseek-ai/DeepSeek-R1-Distill-Llama-8B: MIT") and "bundled-index" in lines[0]
    assert "  hub: skipped: offline (--offline)" in lines
    assert any(line.startswith("  base meta-llama/Llama-3.1-8B: LicenseRef-scancode-llama-3.1") for line in lines)
    assert any(line.startswith("  base conflict:") for line in lines)


def test_thousand_references_under_a_second(tmp_path: Path) -> None:
    lock = {f"lock/m{i}": LockEntry(f"lock/m{i}", "mit") for i in range(300)}
    requests = [(f"lock/m{i % 300}", "hub") for i in range(400)]
    requests += [("meta-llama/Llama-3.1-8B-Instruct", "hub"), ("Qwen/Qwen2.5-7B", "hub")] * 200
    requests += [(f"Qwen/Qwen2.5-{i}B", "hub") for i in range(200)]
    c = ctx(tmp_path, lock=lock)
    resolve_models([("mit/warmup", "hub")], c)  # builds the Licensing once, as a run does
    started = time.perf_counter()
    out = resolve_models(requests, c)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    assert len(requests) == 1000 and elapsed < 0.5, elapsed
    assert out["lock/m7"].source == "lockfile" and out["Qwen/Qwen2.5-7B"].source == "bundled-index"
