"""Notebook extractor: code cells only, positions point into the .ipynb JSON text."""

from __future__ import annotations

import json
from pathlib import Path

from modelcheck.extract import is_candidate, scan_file

FIXTURES = Path(__file__).parent / "fixtures" / "discovery" / "python"


def where(path: Path, needle: str) -> tuple[int, int]:
    text = path.read_text(encoding="utf-8")
    start = text.index(needle)
    return text.count("\n", 0, start) + 1, start - (text.rfind("\n", 0, start) + 1) + 1


def test_notebook_is_registered() -> None:
    assert is_candidate(Path("analysis.ipynb"))


def test_code_cells_scanned_with_json_file_positions() -> None:
    path = FIXTURES / "demo_notebook.ipynb"
    s = scan_file(path, "demo_notebook.ipynb")
    refs = {r.id: r for r in s.refs}
    assert set(refs) == {
        "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",  # !huggingface-cli download
        "HuggingFaceTB/SmolLM2-135M-Instruct",  # constant in one cell, used in the next
        "distilbert/distilbert-base-uncased-finetuned-sst-2-english",  # bare pipeline("text-classification")
        "Qwen/Qwen2.5-0.5B",
        "google/gemma-2-2b-it",  # %%time cell, source stored as one JSON string
    }
    for model_id, needle in (
        ("HuggingFaceTB/SmolLM2-135M-Instruct", "HuggingFaceTB/SmolLM2-135M-Instruct"),
        ("Qwen/Qwen2.5-0.5B", "Qwen/Qwen2.5-0.5B"),
        ("google/gemma-2-2b-it", "google/gemma-2-2b-it"),
        ("TheBloke/Mistral-7B-Instruct-v0.2-GGUF", "TheBloke/"),
        ("distilbert/distilbert-base-uncased-finetuned-sst-2-english", "text-classification\\"),
    ):
        ref = refs[model_id]
        assert (ref.location.line, ref.location.column) == where(path, needle), model_id
    assert refs["TheBloke/Mistral-7B-Instruct-v0.2-GGUF"].via == "notebook.shell:huggingface-cli download"
    assert s.issues == ()


def test_markdown_outputs_and_bash_cells_are_not_scanned() -> None:
    ids = {r.id for r in scan_file(FIXTURES / "demo_notebook.ipynb", "n.ipynb").refs}
    assert "meta-llama/Llama-2-7b-hf" not in ids  # markdown prose
    assert "not-python/cell-magic" not in ids  # %%bash cell
    # the output cell's log line names the default model too, but it is reported once, from the code
    assert sum(1 for r in scan_file(FIXTURES / "demo_notebook.ipynb", "n.ipynb").refs if r.id.startswith("distilbert/")) == 1


def test_a_broken_cell_does_not_hide_the_others() -> None:
    path = FIXTURES / "broken_cells.ipynb"
    s = scan_file(path, "broken_cells.ipynb")
    assert [r.id for r in s.refs] == ["google-bert/bert-base-uncased"]
    assert [i.rule for i in s.issues] == ["unparsable-file"]
    assert s.issues[0].location.line == where(path, "def broken(:")[0]


def test_non_python_kernel_and_invalid_json(tmp_path: Path) -> None:
    r_nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": ["library(x) # acme/model-x\n"]}],
            "metadata": {"kernelspec": {"language": "R", "name": "ir"}}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "r.ipynb").write_text(json.dumps(r_nb), encoding="utf-8")
    assert scan_file(tmp_path / "r.ipynb", "r.ipynb").refs == ()
    (tmp_path / "bad.ipynb").write_text('{"cells": [\n  {"cell_type": "code",\n', encoding="utf-8")
    s = scan_file(tmp_path / "bad.ipynb", "bad.ipynb")
    assert [i.rule for i in s.issues] == ["unparsable-file"] and s.refs == ()


def test_minified_notebook_single_line(tmp_path: Path) -> None:
    src = ["from transformers import AutoModel\n", 'x = "é\\"\\t"; m = AutoModel.from_pretrained("acme/tiny-model")\n']
    nb = {"cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": src}], "metadata": {},
          "nbformat": 4, "nbformat_minor": 5}
    text = json.dumps(nb)  # one line; ensure_ascii writes é as \\u00e9, quotes and tabs escaped
    (tmp_path / "min.ipynb").write_text(text, encoding="utf-8")
    ref = scan_file(tmp_path / "min.ipynb", "min.ipynb").refs[0]
    assert ref.id == "acme/tiny-model" and "\\u00e9" in text
    assert ref.location.line == 1 and ref.location.column == text.index("acme/tiny-") + 1
