"""Dockerfile and Makefile extraction: ENV/ARG defaults, RUN (shell, heredoc), exec-form CMD."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import assert_positions, by_id, found, ids, scan

DOCKERFILE = """\
# syntax=docker/dockerfile:1.7
FROM vllm/vllm-openai:v0.6.3 AS base
ARG MODEL_NAME=Qwen/Qwen2.5-1.5B-Instruct
ENV HF_HOME=/cache \\
    SERVE_MODEL=${MODEL_NAME} \\
    OUTPUT_MODEL=me/out
ENV LEGACY_MODEL microsoft/phi-2
RUN pip install -U "huggingface_hub[cli]" && \\
    huggingface-cli download \\
        BAAI/bge-small-en-v1.5 --local-dir /models/bge
# RUN ollama pull commented:7b
RUN <<EOT
ollama serve & sleep 5
ollama pull nomic-embed-text
EOT
EXPOSE 8000
ENTRYPOINT ["python3", "-m", "vllm.entrypoints.openai.api_server", "--model", "mistralai/Mistral-7B-Instruct-v0.3"]
CMD vllm serve ${SERVE_MODEL} --port 8000
"""


def test_dockerfile(tmp_path: Path) -> None:
    result = scan(tmp_path, "docker/Dockerfile.gpu", DOCKERFILE)
    assert_positions(DOCKERFILE, result)
    assert found(result) == [
        ("Qwen/Qwen2.5-1.5B-Instruct", 3, 16, "dockerfile:ARG", None),
        ("microsoft/phi-2", 7, 18, "dockerfile:ENV", None),
        ("BAAI/bge-small-en-v1.5", 10, 9, "shell:huggingface-cli download", None),
        ("nomic-embed-text:latest", 14, 13, "shell:ollama pull", None),
        ("mistralai/Mistral-7B-Instruct-v0.3", 17, 80, "shell:--model", None),
    ]
    assert by_id(result, "nomic-embed-text:latest").kind == "ollama"


def test_dockerfile_from_lines_are_images(tmp_path: Path) -> None:
    text = "FROM ollama/ollama:0.5.7\nFROM ghcr.io/huggingface/text-generation-inference:2.0 AS tgi\nFROM python:3.12-slim\n"
    assert scan(tmp_path, "ollama.Dockerfile", text).refs == ()


def test_exec_form_split_over_lines(tmp_path: Path) -> None:
    text = 'CMD ["--model-id", \\\n     "bigscience/bloom-560m"]\n'
    result = scan(tmp_path, "Containerfile", text)
    assert_positions(text, result)
    assert found(result) == [("bigscience/bloom-560m", 2, 7, "shell:--model-id", None)]


MAKEFILE = """\
MODEL ?= meta-llama/Llama-3.2-1B-Instruct
EMBED_MODEL := BAAI/bge-m3  # the embedder
OUT_MODEL = me/merged

.PHONY: serve
serve:
\t@vllm serve $(MODEL) --port 8000
\tollama run llama3.1:8b

download:
\thuggingface-cli download $(EMBED_MODEL) \\
\t  --local-dir models/bge
"""


def test_makefile(tmp_path: Path) -> None:
    result = scan(tmp_path, "Makefile", MAKEFILE)
    assert_positions(MAKEFILE, result)
    assert found(result) == [
        ("meta-llama/Llama-3.2-1B-Instruct", 1, 10, "make:MODEL", None),
        ("BAAI/bge-m3", 2, 16, "make:EMBED_MODEL", None),
        ("llama3.1:8b", 8, 13, "shell:ollama run", None),
    ]
    assert "me/merged" not in ids(result)
