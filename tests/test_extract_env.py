""".env extraction: MODEL-named variables with model-looking values."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import assert_positions, found, scan

ENV = """\
# copy to .env and fill in
HF_TOKEN=hf_xxx
LLM_MODEL=phi3:medium
EMBEDDING_MODEL="BAAI/bge-small-en-v1.5"  # modelcheck: ignore[noncommercial-license]
OPENAI_MODEL=gpt-4o
export OLLAMA_MODEL=llama3
MODEL_ID=${MODEL_ID:-Qwen/Qwen2.5-7B-Instruct}
HUB_MODEL_ID=me/pushed
MODEL_DIR=./models
DATASET=tatsu-lab/alpaca
"""


def test_env_example(tmp_path: Path) -> None:
    result = scan(tmp_path, ".env.example", ENV)
    assert_positions(ENV, result)
    assert found(result) == [
        ("phi3:medium", 3, 11, "env:LLM_MODEL", None),
        ("BAAI/bge-small-en-v1.5", 4, 18, "env:EMBEDDING_MODEL", None),
        ("openai:gpt-4o", 5, 14, "env:OPENAI_MODEL", None),
        ("llama3:latest", 6, 21, "env:OLLAMA_MODEL", None),
        ("Qwen/Qwen2.5-7B-Instruct", 7, 22, "env:MODEL_ID", None),
    ]
    assert [r.kind for r in result.refs] == ["ollama", "hub", "api", "ollama", "hub"]
    assert result.refs[1].ignored == frozenset({"noncommercial-license"})


def test_env_file_names(tmp_path: Path) -> None:
    for name in (".env", "prod.env", ".env.local"):
        assert [r.id for r in scan(tmp_path, name, "MODEL=org-a/m\n").refs] == ["org-a/m"]
