"""The byte gate (``extract.prefilter``) never drops a file an extractor would find something in.

Checked three ways: on every fixture file, on a generated ML tree (benchmarks/synth.py), and on
an enumeration of Python / config snippets built from the extractors' own tables; plus the lists
are tied to those tables so a new call name or key cannot silently miss the gate.
"""

from __future__ import annotations

import re

import itertools
import json
from pathlib import Path

import pytest

from conftest import synth_tree
from modelcheck.extract import configkeys, extractors_for, prefilter, python_calls, python_fallback, python_names, shell
from modelcheck.extract import read_bytes, scan_file
from modelcheck.model import FileScan

TESTS = Path(__file__).parent


def _found(scan: FileScan) -> bool:
    """Something the gate must not lose: a reference, evidence, or a suppression issue."""
    return bool(scan.refs or scan.evidence or [i for i in scan.issues if i.rule != "unparsable-file"])


def _check_file(path: Path, rel: str) -> int:
    """Assert the gate keeps ``path`` for every extractor that finds something; count those."""
    data = read_bytes(path)
    text = data.decode("utf-8", "replace")
    kept = 0
    for extractor in extractors_for(path):
        if _found(extractor(text, path, rel)):
            assert prefilter.may_match(extractor.__name__, data), f"gate drops {rel} for {extractor.__name__}"
            kept += 1
    return kept


def test_gate_keeps_every_fixture_with_a_reference() -> None:
    files = [p for p in (TESTS / "fixtures").rglob("*") if p.is_file() and extractors_for(p)]
    assert len(files) >= 10
    assert sum(_check_file(p, p.relative_to(TESTS).as_posix()) for p in files) >= 6


def test_gate_on_a_generated_ml_tree(tmp_path: Path) -> None:
    synth_tree(tmp_path, 600, seed=11)
    files = [p for p in tmp_path.rglob("*") if p.is_file() and extractors_for(p)]
    kept = sum(_check_file(p, p.relative_to(tmp_path).as_posix()) for p in files)
    dropped = sum(
        1 for p in files for e in extractors_for(p) if not prefilter.may_match(e.__name__, read_bytes(p))
    )
    assert kept >= 20  # the tree has references ...
    assert dropped > len(files) // 2  # ... and the gate skips most files (model-heavy code without a model)


# -- Python: snippets from the extractor's name, call and value forms ---------------------------
NAMES = ["model", "model_name", "MODEL_ID", "embedding_models", "modelName", "model_dir", "output_model",
         "tokenizer", "EMBED_MODEL", "llm", "x", "base_model_name_or_path", "teacher", "ckpt", "draft_llm"]
VALUES = ['"org/name-x"', "'gpt2'", "None", "5", "X", 'os.getenv("A", "org/y")', "build()", '"acme/" + "m-1"',
          'f"{X}"', '["org/a", "org/b"]', "cfg.get('k', 'llama3:8b')", "Field(default='org/f')"]
FORMS = [
    "{n} = {v}", "{n}: str = {v}", "def f({n}={v}):\n    pass", "def f(*, {n}: str = {v}):\n    pass",
    "f({n}={v})", "d = {{'{n}': {v}}}", "os.getenv('{n}', {v})", "os.environ.get(\"{n}\", {v})",
    "parser.add_argument('--{n}', default={v})", "parser.add_argument('-m', dest='{n}', default={v})",
    "{n}.append({v})", "self.{n} = {v}", "class C(BaseModel):\n    {n}: str = {v}",
    "@dataclass\nclass D:\n    {n}: str = {v}", "typer.Option({v}, '--{n}')", "click.option('--{n}', default={v})",
]


def _py_refs(source: str) -> bool:
    from modelcheck.extract import python

    return bool(python.extract(source, "snippet.py").refs)


def test_python_gate_on_enumerated_snippets() -> None:
    checked = found = 0
    prelude = "import os\nX = 'org/const'\n"
    for name, value, form in itertools.product(NAMES, VALUES, FORMS):
        source = prelude + form.format(n=name, v=value) + "\n"
        checked += 1
        if _py_refs(source):
            found += 1
            assert prefilter.python_may_match(source.encode()), source
    assert checked == len(NAMES) * len(VALUES) * len(FORMS)
    assert found > 300  # the enumeration does exercise the heuristics


@pytest.mark.parametrize(
    "source",
    [
        "model = nn.Linear(3, 2)\nmodel.eval()\n", "def train(model: nn.Module, loader):\n    model.train()\n",
        "model = None\n", "outputs = model(**batch)\n", "model_dir: str = 'checkpoints/run'\n",
        "x = 1\n", "model.to(device)\n", "if model == 'a':\n    pass\n",
    ],
)
def test_python_gate_skips_code_that_only_uses_a_model(source: str) -> None:
    assert not _py_refs(source)
    assert not prefilter.python_may_match(source.encode())


def test_every_call_name_passes_the_python_gate() -> None:
    names = set(python_calls._BY_NAME) | set(python_calls._METHODS) | set(python_calls.OPENAI_STYLE)
    names |= set(python_calls.CLIENTS) | set(python_fallback._CALLS)
    names |= {f"ollama.{f}" for f in python_calls.OLLAMA_FUNCS}
    names |= {"from_pretrained", "hf_hub_download", "snapshot_download", "hf_hub_url", "pipeline", "vllm.LLM",
              "EngineArgs", "llama_cpp.Llama", "torch.hub.load", "load_state_dict_from_url", "create_model",
              "open_clip.get_tokenizer", "init_chat_model", "litellm.completion", "mlx_lm.load", "modelcheck"}
    missing = [n for n in sorted(names) if not prefilter.python_may_match(f"{n}(a)\n".encode())]
    assert missing == []


def test_every_strong_word_with_punctuation_has_a_key_run() -> None:
    """The gate tests such words on the whole text only when a run holding a key is present."""
    for word in prefilter._PY_STRONG_PUNCT:
        runs = re.findall(rb"[a-z0-9_]+", word)
        assert any(key in run for run in runs for key in prefilter._PY_STRONG_PUNCT_KEYS), word
        assert prefilter.python_may_match(b"x = " + word + b"('a')\n")


def test_tuple_assignments_on_any_line_pass_the_gate() -> None:
    for source in ("model, tok = 'org/x', 't'\n", "import os\nmodel, tok = 'org/x', 't'\n",
                   "a = 1\r\nb = 2\r\n(base_model, x) = ('org/x', 1)\r\n"):
        assert prefilter.python_may_match(source.encode()), source
    assert not prefilter.python_may_match(b"a, b = 1, 2\nx = model\n")


def test_every_model_name_contains_a_root() -> None:
    words = set(python_names._EXACT) | set(python_names._SUFFIXES) | set(python_names._PREFIXES)
    roots = [r.decode() for r in prefilter.PY_NAME_ROOTS]
    assert [w for w in sorted(words) if not any(r in w for r in roots)] == []


def test_escapes_and_unicode_names_are_let_through() -> None:
    assert prefilter.python_may_match(b'os.getenv("\\x6dODEL", "org/x")\n')
    source = "ｍodel_name = 'facebook/opt-125m'\n"
    assert _py_refs(source)  # NFKC: the parser sees model_name
    assert prefilter.python_may_match(source.encode())


# -- config, shell, notebook, card -----------------------------------------------------------------
def test_every_config_key_and_shell_flag_passes_the_config_gate() -> None:
    for key in configkeys.MODEL_KEYS:
        assert prefilter.config_may_match(f"{key}: org/x\n".encode()), key
    for flag in list(shell.FLAGS) + list(shell._HF_FLAGS) + list(shell._HF_FILE_FLAGS):
        assert prefilter.config_may_match(f"run {flag} org/x\n".encode()), flag
    for line in ("huggingface-cli download org/x", "hf download org/x", "vllm serve org/x", "ollama pull llama3",
                 "tune download org/x", "litgpt finetune org/x", "main -m models/x.bin", "server -m w.gguf",
                 "lm_eval --model_args pretrained=org/x", "MY_MODEL=org/x"):
        assert prefilter.config_may_match(line.encode()), line
    assert not prefilter.config_may_match(b"python -m pytest -q\nrm -rf build\n")


@pytest.mark.parametrize(
    ("text", "parse"),
    [
        ("model:\n  hidden_size: 768\n  dropout: 0.1\n  use_cache: true\noptim:\n  lr: 3e-4\n", False),
        ("model:\n  name: org/x\n", True),
        ("models:\n- org/a\n- org/b\n", True),
        ("model:\n  org/x\n", True),  # a plain scalar on the next line
        ("model: org/x\n", True),
        ("run: |\n  # model: x\n  vllm serve org/x\n", True),
        ("# model: org/x is what we use\nsteps: 3\n", False),
        ("model: &m\n  layers: 2\nother: *m\n", True),
        ('"model":\n  layers: 2\n', True),
        ("model:\n  layers: 2\n---\nmodel: org/x\n", True),
    ],
)
def test_yaml_gate(text: str, parse: bool, tmp_path: Path) -> None:
    assert prefilter.yaml_file_may_match(text.encode()) is parse
    path = tmp_path / "c.yaml"
    path.write_text(text)
    if not parse:  # what the gate skips really has nothing
        from modelcheck.extract import yaml_file

        assert yaml_file.extract(text, "c.yaml") == FileScan()
        assert scan_file(path, "c.yaml") == FileScan()


def test_notebook_gate(tmp_path: Path) -> None:
    def nb(*lines: str) -> bytes:
        cell = {"cell_type": "code", "metadata": {}, "outputs": [], "source": list(lines)}
        doc = {"cells": [cell], "metadata": {"kernelspec": {"language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
        return json.dumps(doc, indent=1).encode()

    assert not prefilter.notebook_may_match(nb("model = nn.Linear(2, 2)\n", "model.eval()"))
    assert prefilter.notebook_may_match(nb('model_name = "org/x"\n'))
    assert prefilter.notebook_may_match(nb("!huggingface-cli download org/x\n"))
    assert prefilter.notebook_may_match(b'{"cells": [')  # broken JSON: the extractor reports it


def test_card_and_env_gates() -> None:
    assert prefilter.card_may_match(b"---\nlicense: mit\n---\n# x\n")
    assert not prefilter.card_may_match(b"# Project\n\nNo front matter, no licence.\n")
    assert prefilter.may_match("extract_envfile", b"LLM_MODEL=llama3:8b\n")
    assert not prefilter.may_match("extract_envfile", b"PORT=8000\n")
    assert prefilter.may_match("no-such-extractor", b"")  # unknown extractors always run
