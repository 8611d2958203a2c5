"""Fuzz every parser a scanned (or user-written) file reaches: arbitrary and mutated bytes end in
a ``FileScan`` (possibly with issues), rule files in a Rule or a ``RuleFileError`` with a
location; never an exception. Bounded: ~150 examples each, the whole file runs in seconds."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gguf_bytes import gguf, kv_string, kv_string_array, kv_u32, llama_quant_kvs
from modelcheck.errors import RuleFileError
from modelcheck.extract import scan_file
from modelcheck.model import FileScan

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WORDS = ["model", "model_name", "base_model", "from_pretrained", "AutoModel", "org/name", "vllm serve", "--model",
         "ollama pull", "FROM", "ADAPTER", "LICENSE", "license", "tokenizer", "!!python/object", "&a", "*a", "<<",
         "{{ .Values.x }}", "\\u006d", "\\x00", "\x00", "\ufeff", "é", "---", "...", '"""', "'", '"', "#", "!",
         "%%bash", "hf.co/org/x:Q4", "${MODEL:-org/x}", "$(MODEL)", "\t", "\r\n", "\\", "[", "]", "{", "}", ":",
         ",", "=", "-", " ", "\n", "    "]
TEXT = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=60).map("".join)
MUTATION = st.tuples(st.integers(0, 10_000), st.binary(max_size=8), st.integers(0, 8))


def mutate(data: bytes, edits: list[tuple[int, bytes, int]]) -> bytes:
    """Overwrite, insert or delete a few bytes at chosen offsets."""
    out = bytearray(data)
    for offset, chunk, cut in edits:
        at = offset % (len(out) + 1)
        out[at:at + cut] = chunk
    return bytes(out)


def scans(tmp_path: Path, name: str, data: bytes) -> FileScan:
    path = tmp_path / name
    path.write_bytes(data)
    result = scan_file(path, name)
    assert isinstance(result, FileScan)
    for issue in result.issues:
        assert issue.location.path == name and issue.message
    return result


# -- binary headers ----------------------------------------------------------------------------
GOOD_GGUF = gguf(llama_quant_kvs())


@SETTINGS
@given(edits=st.lists(MUTATION, max_size=6), cut=st.integers(0, len(GOOD_GGUF)))
def test_gguf_mutations(tmp_path: Path, edits: list[tuple[int, bytes, int]], cut: int) -> None:
    scans(tmp_path, "m.gguf", mutate(GOOD_GGUF, edits)[: max(cut, 8)])


@SETTINGS
@given(
    counts=st.tuples(st.integers(0, 2**64 - 1), st.integers(0, 2**64 - 1)),
    version=st.sampled_from([1, 2, 3, 4, 2**24, 2**31]),
    tail=st.binary(max_size=200),
    keys=st.lists(st.sampled_from([kv_string("general.license", "mit"), kv_u32("general.base_model.count", 2**31),
                                   kv_string_array("general.tags", ["a"] * 3)]), max_size=4),
)
def test_gguf_headers(tmp_path: Path, counts: tuple[int, int], version: int, tail: bytes, keys: list[bytes]) -> None:
    head = b"GGUF" + struct.pack("<IQQ", version, *counts)
    scans(tmp_path, "h.gguf", head + b"".join(keys) + tail)


@SETTINGS
@given(length=st.integers(0, 2**64 - 1), header=st.one_of(st.binary(max_size=100), TEXT.map(str.encode)),
       meta=st.dictionaries(st.text(max_size=10), st.one_of(st.text(max_size=20), st.integers()), max_size=4))
def test_safetensors(tmp_path: Path, length: int, header: bytes, meta: dict[str, object]) -> None:
    scans(tmp_path, "w.safetensors", struct.pack("<Q", length) + header)
    body = json.dumps({"__metadata__": meta, "t": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    scans(tmp_path, "v.safetensors", struct.pack("<Q", len(body)) + body + b"\0" * 4)


# -- text formats ------------------------------------------------------------------------------
@SETTINGS
@given(body=TEXT, extra=st.binary(max_size=40))
def test_text_formats(tmp_path: Path, body: str, extra: bytes) -> None:
    data = body.encode("utf-8", "surrogatepass") + extra
    for name in ("c.yaml", "train_config.json", "s.toml", "r.sh", "Dockerfile", "Makefile", ".env", "Modelfile",
                 "a.py", "README.md"):
        scans(tmp_path, name, data)


@SETTINGS
@given(front=TEXT, bom=st.booleans())
def test_card_front_matter(tmp_path: Path, front: str, bom: bool) -> None:
    text = ("\ufeff" if bom else "") + "---\nlicense: mit\n" + front + "\n---\n# card\n"
    scans(tmp_path, "README.md", text.encode("utf-8", "surrogatepass"))


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.sampled_from(WORDS)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(
        ["cells", "cell_type", "source", "metadata", "kernelspec", "language", "code", "outputs"]), inner, max_size=4)),
    max_leaves=20,
)


@SETTINGS
@given(cells=st.lists(st.tuples(st.sampled_from(["code", "markdown", "raw", 3]), st.lists(TEXT, max_size=4)), max_size=4),
       junk=JSON_VALUES, edits=st.lists(MUTATION, max_size=3))
def test_notebooks(tmp_path: Path, cells: list[tuple[object, list[str]]], junk: object,
                   edits: list[tuple[int, bytes, int]]) -> None:
    doc = {"cells": [{"cell_type": t, "metadata": {}, "outputs": [], "source": src} for t, src in cells],
           "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(doc, indent=1).encode()
    scans(tmp_path, "a.ipynb", text)
    scans(tmp_path, "b.ipynb", mutate(text, edits))
    scans(tmp_path, "c.ipynb", json.dumps(junk).encode())


@SETTINGS
@given(lines=st.lists(st.tuples(st.sampled_from(["FROM", "ADAPTER", "LICENSE", "PARAMETER", "TEMPLATE", "from", "#"]),
                                TEXT), max_size=8))
def test_modelfiles(tmp_path: Path, lines: list[tuple[str, str]]) -> None:
    text = "\n".join(f"{instr} {arg}" for instr, arg in lines)
    scans(tmp_path, "Modelfile", text.encode("utf-8", "surrogatepass"))


# -- rule files (user-written YAML) -------------------------------------------------------------
RULE_KEYS = ["id", "title", "severity", "kind", "description", "when", "message", "fact", "rationale",
             "remediation", "url", "example", "since", "whn"]
RULE_VALUES = st.one_of(
    st.sampled_from(["my-rule", "error", "warning", "note", "condition", "builtin", "x", "", "1", "[a, b]",
                     "{equals: true}", "{all: [{project.commercial: {equals: true}}]}", "{model}", "{nope}",
                     "{any: []}", "{license.category: {in: [non-commercial]}}", "&a x", "*a", "!!python/object:os.x {}"]),
    TEXT.map(json.dumps),
)


@pytest.mark.filterwarnings("ignore")  # ruamel warns about reused anchors in a user's rule file
@SETTINGS
@given(entries=st.lists(st.tuples(st.sampled_from(RULE_KEYS), RULE_VALUES), max_size=12), raw=TEXT)
def test_rule_files(tmp_path: Path, entries: list[tuple[str, str]], raw: str) -> None:
    from modelcheck.ruleset import load_rule_file

    for text in ("\n".join(f"{k}: {v}" for k, v in entries) + "\n", raw):
        try:
            load_rule_file(text, "rules/fuzz.yaml")
        except RuleFileError as exc:
            assert exc.location is not None and exc.location.path == "rules/fuzz.yaml"
            assert exc.location.line >= 1
