"""Regressions found by the held-out discovery evaluation (docs/discovery-eval.md).

Each fixture is written here from the pattern, not copied from the evaluated repositories.
"""

from __future__ import annotations

from pathlib import Path

from extract_helpers import assert_positions, found, scan

from modelcheck.extract.ids import model_id

SETTINGS = """\
llm:
  mode: llamacpp
  tokenizer: acme-labs/chat-7b-instruct
llamacpp:
  llm_hf_repo_id: ${APP_HF_REPO:acme-labs/chat-7b-instruct-GGUF}
  llm_hf_model_file: ${APP_HF_FILE:chat-7b-instruct.Q5_K_M.gguf}
embedding_section:
  embedding_repo_id: acme-labs/embedder-small
local:
  model_file: weights/local-only.gguf
ollama:
  llm_model: qwen2.5
  embedding_model: nomic-embed-text
  api_base: http://localhost:11434
other:
  llm_model: qwen2.5
openai:
  api_base: https://api.openai.com/v1
  model: gpt-4o-mini
"""


def test_repo_id_keys_pair_with_their_file_and_ollama_sections(tmp_path: Path) -> None:
    result = scan(tmp_path, "settings.yaml", SETTINGS)
    assert_positions(SETTINGS, result)
    assert [(r.id, r.kind, r.location.line) for r in result.refs] == [
        ("acme-labs/chat-7b-instruct", "hub", 3),
        ("acme-labs/chat-7b-instruct-GGUF", "hub", 5),
        ("acme-labs/embedder-small", "hub", 8),
        ("weights/local-only.gguf", "gguf", 10),  # a file with a path and no repo beside it
        ("qwen2.5:latest", "ollama", 12),
        ("nomic-embed-text:latest", "ollama", 13),
        ("openai:gpt-4o-mini", "api", 19),
    ]
    gguf_repo = result.refs[1]
    assert gguf_repo.filename == "chat-7b-instruct.Q5_K_M.gguf"
    assert gguf_repo.via == "yaml:llm_hf_repo_id"
    assert result.refs[2].role == "embedding"


def test_repo_id_key_for_a_dataset_is_not_a_model(tmp_path: Path) -> None:
    text = "eval:\n  dataset_repo_id: acme-labs/questions\n  hf_repo_id: acme-labs/judge-1b\n"
    assert [r.id for r in scan(tmp_path, "eval.yaml", text).refs] == ["acme-labs/judge-1b"]


def test_router_provider_model_list_gives_api_models_not_aliases(tmp_path: Path) -> None:
    text = (
        "providers:\n"
        "  - name: upstream\n"
        "    type: openai\n"
        "    models:\n"
        "      - id: gpt-4o-mini\n"
        "        aliases:\n"
        "          - mini\n"
        "      - id: claude-3-5-haiku-latest\n"
    )
    result = scan(tmp_path, "router.yaml", text)
    assert_positions(text, result)
    assert [(r.id, r.kind, r.location.line) for r in result.refs] == [
        ("openai:gpt-4o-mini", "api", 5),
        ("anthropic:claude-3-5-haiku-latest", "api", 8),
    ]


def test_api_model_in_toml_and_json_settings(tmp_path: Path) -> None:
    toml = scan(tmp_path, "app.toml", '[chat]\nmodel = "gpt-4o"\n')
    assert found(toml) == [("openai:gpt-4o", 2, 10, "toml:model", None)]
    js = scan(tmp_path, "app_config.json", '{"chat": {"model": "gpt-4o"}}\n')
    assert [(r.id, r.kind) for r in js.refs] == [("openai:gpt-4o", "api")]


VLLM_DOCKER = """\
#!/bin/bash
IMG=vllm/vllm-openai:v0.8.5
docker run --gpus all -v ~/.cache/huggingface:/root/.cache/huggingface \\
    --ipc=host -p 8000:8000 --name server \\
    $IMG \\
    acme-labs/chat-7b-instruct \\
    --max-model-len 4096
docker run --rm -e HF_TOKEN=x ghcr.io/example/vllm-openai:latest acme-labs/coder-1b
docker run --rm ubuntu:22.04 acme-labs/not-a-model
docker run --rm vllm/vllm-openai:latest --model acme-labs/flagged-7b
"""


def test_docker_run_vllm_image_takes_the_model_as_first_argument(tmp_path: Path) -> None:
    result = scan(tmp_path, "serve.sh", VLLM_DOCKER)
    assert_positions(VLLM_DOCKER, result)
    assert found(result) == [
        ("acme-labs/chat-7b-instruct", 6, 5, "shell:docker run vllm", None),
        ("acme-labs/coder-1b", 8, 66, "shell:docker run vllm", None),
        ("acme-labs/flagged-7b", 10, 49, "shell:--model", None),
    ]


def test_fastembed_default_model(tmp_path: Path) -> None:
    text = (
        "from langchain_community.embeddings import FastEmbedEmbeddings\n"
        "\n"
        "default = FastEmbedEmbeddings()\n"
        'chosen = FastEmbedEmbeddings(model_name="BAAI/bge-base-en-v1.5")\n'
    )
    result = scan(tmp_path, "rag.py", text)
    assert [(r.id, r.location.line, r.role) for r in result.refs] == [
        ("BAAI/bge-small-en-v1.5", 3, "embedding"),
        ("BAAI/bge-base-en-v1.5", 4, "embedding"),
    ]


def test_remote_code_auto_map_values_are_not_models(tmp_path: Path) -> None:
    text = (
        "def moe_config(cfg):\n"
        "    cfg['auto_map'] = {\n"
        "        'AutoConfig': 'acme-labs/moe-base--configuration_moe.MoeConfig',\n"
        "        'AutoModel': 'acme-labs/moe-base--modeling_moe.MoeModel',\n"
        "    }\n"
        "    return cfg\n"
    )
    assert scan(tmp_path, "moe.py", text).refs == ()
    yaml = "model: acme-labs/moe-base--modeling_moe.MoeModel\n"
    assert scan(tmp_path, "x.yaml", yaml).refs == ()
    # the Hub forbids "--" and ".." in repo ids
    assert model_id("acme-labs/moe-base--modeling_moe.MoeModel") is None
    assert model_id("acme-labs/a..b") is None
    assert model_id("acme-labs/a-b.c") is not None


def test_local_output_dir_read_back_is_not_a_dependency() -> None:
    from modelcheck.extract.python import extract

    code = '''from transformers import AutoConfig, AutoModel


def convert(checkpoint_path: str, output_path: str = "./output") -> None:
    AutoModel.from_pretrained("./checkpoints/base").save_pretrained(output_path)
    config = AutoConfig.from_pretrained(output_path)
    config.save_pretrained(output_path)
'''
    ids = [r.id for r in extract(code, "convert.py").refs]
    assert ids == ["checkpoints/base"]  # not "output"
