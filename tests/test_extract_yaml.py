"""YAML config extraction: training, merging and serving configs, compose files, CI workflows."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import found, scan
from modelcheck.model import FileScan, ModelRef


def assert_positions(text: str, result: FileScan) -> None:
    """Every reference's line:col points at the first character of its text."""
    lines = text.splitlines()
    for ref in result.refs:
        assert lines[ref.location.line - 1][ref.location.column - 1:].startswith(ref.text), ref


def by_id(result: FileScan, model: str) -> ModelRef:
    return next(r for r in result.refs if r.id == model)


AXOLOTL = """\
# QLoRA on a small base
base_model: NousResearch/Meta-Llama-3-8B
model_type: LlamaForCausalLM
tokenizer_type: AutoTokenizer

load_in_4bit: true
adapter: qlora
lora_model_dir:

datasets:
  - path: teknium/GPT4-LLM-Cleaned
    type: alpaca
dataset_prepared_path: last_run_prepared
output_dir: ./outputs/qlora-out
hub_model_id: someone/my-qlora
chat_template: chatml
"""


def test_axolotl_base_model_only(tmp_path: Path) -> None:
    result = scan(tmp_path, "examples/llama-3/qlora.yml", AXOLOTL)
    assert_positions(AXOLOTL, result)
    assert found(result) == [("NousResearch/Meta-Llama-3-8B", 2, 13, "yaml:base_model", "base")]
    assert result.refs[0].kind == "hub"
    assert result.refs[0].location.path == "examples/llama-3/qlora.yml"


FACTORY_MERGE = """\
### model
model_name_or_path: Qwen/Qwen2.5-7B-Instruct
adapter_name_or_path: saves/qwen2.5-7b/lora/sft
template: qwen
trust_remote_code: true

### export
export_dir: saves/qwen2.5-7b-merged
export_size: 5
dataset: identity,alpaca_en_demo
"""


def test_llama_factory_model_and_local_adapter(tmp_path: Path) -> None:
    result = scan(tmp_path, "merge_lora.yaml", FACTORY_MERGE)
    assert_positions(FACTORY_MERGE, result)
    assert found(result) == [
        ("Qwen/Qwen2.5-7B-Instruct", 2, 21, "yaml:model_name_or_path", None),
        ("saves/qwen2.5-7b/lora/sft", 3, 23, "yaml:adapter_name_or_path", "adapter"),
    ]
    assert by_id(result, "saves/qwen2.5-7b/lora/sft").kind == "local"


MERGEKIT = """\
slices:
  - sources:
      - model: "upstage/SOLAR-10.7B-v1.0"
        layer_range: [0, 48]
      - model: 'NousResearch/Nous-Hermes-2-SOLAR-10.7B'
        layer_range: [0, 48]
merge_method: slerp
base_model: upstage/SOLAR-10.7B-v1.0+jondurbin/bagel-lora  # modelcheck: ignore[merge-licence]
tokenizer_source: base
dtype: bfloat16
---
# second document uses the first merge by name
models:
  - model: first-merge
  - model: mistralai/Mistral-7B-v0.1
    parameters:
      weight: 0.5
merge_method: linear
"""


def test_mergekit_multidoc_quotes_and_model_plus_lora(tmp_path: Path) -> None:
    result = scan(tmp_path, "merge.yml", MERGEKIT)
    assert_positions(MERGEKIT, result)
    assert found(result) == [
        ("upstage/SOLAR-10.7B-v1.0", 3, 17, "yaml:model", "merge"),
        ("NousResearch/Nous-Hermes-2-SOLAR-10.7B", 5, 17, "yaml:model", "merge"),
        ("upstage/SOLAR-10.7B-v1.0", 8, 13, "yaml:base_model", "base"),
        ("jondurbin/bagel-lora", 8, 38, "yaml:base_model", "adapter"),
        ("mistralai/Mistral-7B-v0.1", 15, 12, "yaml:model", "merge"),
    ]
    assert by_id(result, "jondurbin/bagel-lora").ignored == frozenset({"merge-licence"})
    assert result.refs[0].ignored == frozenset()


HELM = """\
apiVersion: apps/v1
servingEngineSpec:
  modelSpec:
    - name: llama3
      repository: vllm/vllm-openai
      tag: latest
      modelURL: meta-llama/Llama-3.1-8B-Instruct
      vllmConfig:
        extraArgs: ["--max-model-len", "4096"]
      lora:
        repository: acme/support-lora
        source: huggingface
  resources:
    limits:
      nvidia.com/gpu: 1
  podLabels:
    model: org/label-not-a-model
inference:
  model:
    name: ${SERVE_MODEL:-mistralai/Mistral-7B-Instruct-v0.3}
  modelId: google/gemma-2-9b-it
  image:
    repository: ghcr.io/huggingface/text-generation-inference
  containers:
    - name: server
      image: vllm/vllm-openai:v0.6.0
      args:
        - --model
        - "microsoft/Phi-3-mini-4k-instruct"
        - --served-model-name
        - phi3
      env:
        - name: EMBEDDING_MODEL
          value: BAAI/bge-base-en-v1.5
        - name: HF_HOME
          value: /cache
"""


def test_helm_values_models_and_decoys(tmp_path: Path) -> None:
    result = scan(tmp_path, "chart/values.yaml", HELM)
    assert_positions(HELM, result)
    got = {(r.id, r.location.line, r.location.column) for r in result.refs}
    assert got == {
        ("meta-llama/Llama-3.1-8B-Instruct", 7, 17),
        ("acme/support-lora", 11, 21),
        ("mistralai/Mistral-7B-Instruct-v0.3", 20, 26),
        ("google/gemma-2-9b-it", 21, 12),
        ("microsoft/Phi-3-mini-4k-instruct", 29, 12),
        ("BAAI/bge-base-en-v1.5", 34, 18),
    }
    assert by_id(result, "acme/support-lora").role == "adapter"
    assert by_id(result, "microsoft/Phi-3-mini-4k-instruct").via == "yaml:args:--model"


COMPOSE = """\
services:
  ollama:
    image: ollama/ollama:0.5.7
  vllm:
    image: vllm/vllm-openai:latest
    command: --model Qwen/Qwen2.5-Coder-7B-Instruct --tokenizer ${TOK:-Qwen/Qwen2.5-7B}
    environment:
      - HF_TOKEN=${HF_TOKEN}
      - LLM_MODEL=llama3.1:8b
  tgi:
    image: ghcr.io/huggingface/text-generation-inference:2.4
    command: ["--model-id", "bigcode/starcoder2-3b", "--port", "80"]
    environment:
      MODEL_ID: HuggingFaceTB/SmolLM2-1.7B-Instruct
      PUSH_MODEL_ID: me/should-not-count
"""


def test_compose_commands_and_environment(tmp_path: Path) -> None:
    result = scan(tmp_path, "docker-compose.gpu.yml", COMPOSE)
    assert_positions(COMPOSE, result)
    assert found(result) == [
        ("Qwen/Qwen2.5-Coder-7B-Instruct", 6, 22, "shell:--model", None),
        ("Qwen/Qwen2.5-7B", 6, 72, "shell:--tokenizer", "tokenizer"),
        ("llama3.1:8b", 9, 19, "yaml:environment:LLM_MODEL", None),
        ("bigcode/starcoder2-3b", 12, 30, "yaml:args:--model-id", None),
        ("HuggingFaceTB/SmolLM2-1.7B-Instruct", 14, 17, "yaml:MODEL_ID", None),
    ]
    assert by_id(result, "llama3.1:8b").kind == "ollama"


WORKFLOW = """\
name: eval
on: [push]
jobs:
  eval:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
      - run: huggingface-cli download Qwen/Qwen2.5-0.5B-Instruct --local-dir models/q
      - name: evaluate
        run: |
          MODEL=EleutherAI/pythia-160m
          # huggingface-cli download commented/out
          lm_eval --model hf \\
            --model_args pretrained=$MODEL,revision=step100000 \\
            --tasks hellaswag
          python serve.py \\
              --model_name_or_path ${MODEL}
      - name: upload
        run: huggingface-cli upload me/results ./out
      - run: >
          vllm serve
          TinyLlama/TinyLlama-1.1B-Chat-v1.0
"""


def test_workflow_run_blocks_with_offsets(tmp_path: Path) -> None:
    result = scan(tmp_path, ".github/workflows/eval.yml", WORKFLOW)
    assert_positions(WORKFLOW, result)
    assert found(result) == [
        ("Qwen/Qwen2.5-0.5B-Instruct", 9, 39, "shell:huggingface-cli download", None),
        ("EleutherAI/pythia-160m", 12, 17, "shell:--model_args pretrained", None),
        ("TinyLlama/TinyLlama-1.1B-Chat-v1.0", 23, 11, "shell:vllm serve", None),
    ]
    # pretrained=$MODEL resolved to the assignment, with the revision from model_args
    assert by_id(result, "EleutherAI/pythia-160m").revision == "step100000"


def test_ollama_context_and_env_default(tmp_path: Path) -> None:
    text = (
        "llm:\n"
        "  provider: ollama\n"
        "  model: llama3.2\n"
        "embeddings:\n"
        "  model_name: ${EMBED:sentence-transformers/all-MiniLM-L6-v2}\n"
        "chat:\n"
        "  model: gpt-4o\n"
        "legacy:\n"
        "  model: gpt2\n"
    )
    result = scan(tmp_path, "settings.yaml", text)
    assert_positions(text, result)
    assert found(result) == [
        ("llama3.2:latest", 3, 10, "yaml:model", None),
        ("sentence-transformers/all-MiniLM-L6-v2", 5, 23, "yaml:model_name", None),
        ("openai:gpt-4o", 7, 10, "yaml:model", None),  # a known API model name is an API dependency
        ("gpt2", 9, 10, "yaml:model", None),
    ]


def test_decoys_only(tmp_path: Path) -> None:
    text = (
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  labels:\n"
        "    model: meta-llama/Llama-3.1-8B\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - image: ghcr.io/huggingface/text-generation-inference:2.0\n"
        "          resources: {limits: {nvidia.com/gpu: 1}}\n"
        "datasets:\n"
        "  - path: HuggingFaceH4/ultrachat_200k\n"
        "dataset: tatsu-lab/alpaca\n"
        "output_dir: outputs/run1\n"
        "hub_model_id: me/finetuned\n"
        "export_dir: me/export\n"
        "homepage: https://github.com/vllm-project/vllm\n"
        "model: path/to/model\n"
        "base_model: <your-model>\n"
        "tokenizer: your-org/tokenizer\n"
        "ds_config: configs/zero3.json\n"
    )
    assert scan(tmp_path, "deploy.yaml", text).refs == ()


def test_unparsable_yaml_is_an_issue(tmp_path: Path) -> None:
    result = scan(tmp_path, "bad.yaml", "model: 1\nb: [unclosed\nc: 2\n")
    assert result.refs == ()
    assert [i.rule for i in result.issues] == ["unparsable-file"]
    assert result.issues[0].location.line >= 2


def test_duplicate_key_is_an_issue_not_a_crash(tmp_path: Path) -> None:
    result = scan(tmp_path, "dup.yaml", "model: a/b\nmodel: c/d\n")
    assert [i.rule for i in result.issues] == ["unparsable-file"]


def test_python_tags_do_not_build_objects(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f"x: !!python/object/apply:os.system ['touch {marker}']\nmodel: org-a/model-b\n"
    result = scan(tmp_path, "evil.yaml", text)
    assert not marker.exists()
    assert [r.id for r in result.refs] == ["org-a/model-b"]


def test_alias_bomb_is_bounded(tmp_path: Path) -> None:
    lines = ["a0: &a0 {model: x/y}"]
    for i in range(1, 40):
        lines.append(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}]")
    result = scan(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert [r.id for r in result.refs] == ["x/y"]


def test_deep_nesting_is_bounded(tmp_path: Path) -> None:
    text = "model: " + "[" * 5000 + "]" * 5000 + "\n"
    result = scan(tmp_path, "deep.yaml", text)
    assert result.refs == ()
    assert [i.rule for i in result.issues] == ["unparsable-file"]
    assert "nesting" in result.issues[0].message


def test_helm_template_expressions_are_blanked(tmp_path: Path) -> None:
    text = (
        "spec:\n"
        "  containers:\n"
        "    - name: {{ .Chart.Name }}\n"
        "      args: [\"--model\", \"mistralai/Mistral-7B-v0.1\", \"--port\", {{ .Values.port | quote }}]\n"
        "      {{- if .Values.gpu }}\n"
        "      env:\n"
        "        - {name: MODEL_ID, value: {{ .Values.modelId | default \"google/gemma-2b\" }}}\n"
        "      {{- end }}\n"
    )
    result = scan(tmp_path, "chart/templates/deployment.yaml", text)
    assert result.issues == ()
    assert_positions(text, result)
    assert [r.id for r in result.refs] == ["mistralai/Mistral-7B-v0.1"]
