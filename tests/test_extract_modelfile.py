"""Ollama Modelfile extraction: FROM kinds, ADAPTER, LICENSE blocks, suppressions."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import assert_positions, found, scan

HF_MODELFILE = """\
# Support bot built on a community quant
FROM hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M
ADAPTER ./adapters/support-lora.gguf   # modelcheck: ignore[adapter-licence]
PARAMETER temperature 0.2
PARAMETER stop "<|eot_id|>"
TEMPLATE \"\"\"{{ if .System }}<|start_header_id|>system
FROM not-an-instruction-inside-a-template
{{ end }}\"\"\"
SYSTEM You answer support questions.
LICENSE \"\"\"
LLAMA 3.2 COMMUNITY LICENSE AGREEMENT
Llama 3.2 Version Release Date: September 25, 2024
\"\"\"
"""


def test_hf_from_adapter_and_licence(tmp_path: Path) -> None:
    result = scan(tmp_path, "ollama/support.Modelfile", HF_MODELFILE)
    assert_positions(HF_MODELFILE, result)
    assert found(result) == [
        ("bartowski/Llama-3.2-3B-Instruct-GGUF", 2, 6, "modelfile:FROM", "base"),
        ("ollama/adapters/support-lora.gguf", 3, 9, "modelfile:ADAPTER", "adapter"),
    ]
    base, adapter = result.refs
    assert (base.kind, base.filename) == ("hub", "Q4_K_M")
    assert adapter.kind == "gguf"
    assert adapter.ignored == frozenset({"adapter-licence"})
    (evidence,) = result.evidence
    assert evidence.source == "modelfile"
    assert evidence.model == "bartowski/Llama-3.2-3B-Instruct-GGUF"
    assert evidence.location.line == 10
    assert evidence.license is None  # not an obvious SPDX id: left to the resolver's fingerprinting
    assert evidence.license_name == "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"


def test_library_tag_only_first_from_and_spdx_licence(tmp_path: Path) -> None:
    text = (
        "from llama3.1:8b\n"
        "FROM mistral\n"
        'LICENSE """\n'
        "                                 Apache License\n"
        "                           Version 2.0, January 2004\n"
        '"""\n'
        "LICENSE mit\n"
    )
    result = scan(tmp_path, "Modelfile", text)
    assert found(result) == [("llama3.1:8b", 1, 6, "modelfile:FROM", "base")]
    assert result.refs[0].kind == "ollama"
    assert [(e.license, e.model, e.location.line) for e in result.evidence] == [
        ("Apache-2.0", "llama3.1:8b", 3),
        ("mit", "llama3.1:8b", 7),
    ]


def test_local_gguf_relative_to_modelfile(tmp_path: Path) -> None:
    text = "FROM Meta-Llama-3-8B-Instruct.Q8_0.gguf\n"
    result = scan(tmp_path, "deploy/llama3/Modelfile.q8", text)
    assert [(r.id, r.kind) for r in result.refs] == [("deploy/llama3/Meta-Llama-3-8B-Instruct.Q8_0.gguf", "gguf")]
    text = "FROM llama3\n"
    assert [r.id for r in scan(tmp_path, "Modelfile", text).refs] == ["llama3:latest"]
