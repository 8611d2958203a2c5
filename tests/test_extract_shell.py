"""Shell-script extraction: CLIs, flags, same-file variables, continuations, decoys."""

from __future__ import annotations

from pathlib import Path

from extract_helpers import assert_positions, by_id, found, ids, scan

TGI = """\
#!/usr/bin/env bash
set -euo pipefail
# model=commented/out-model
model=TheBloke/vicuna-13B-1.1-GPTQ-4bit-128g
volume=$PWD/data

docker run --gpus all --shm-size 1g -p 8080:80 -v $volume:/data \\
    ghcr.io/huggingface/text-generation-inference:1.4 \\
    --model-id $model --quantize gptq
"""


def test_tgi_variable_reported_at_assignment(tmp_path: Path) -> None:
    result = scan(tmp_path, "scripts/serve_tgi.sh", TGI)
    assert found(result) == [("TheBloke/vicuna-13B-1.1-GPTQ-4bit-128g", 4, 7, "shell:--model-id", None)]
    assert_positions(TGI, result)


VLLM = """\
export MODEL_PATH="Qwen/Qwen2.5-14B-Instruct"
python -m vllm.entrypoints.openai.api_server \\
  --model ${MODEL_PATH} \\
  --tokenizer=meta-llama/Llama-3.1-8B \\
  --served-model-name qwen-14b \\
  --speculative-model "Qwen/Qwen2.5-0.5B-Instruct" --port 8000
vllm serve mistralai/Mistral-Nemo-Instruct-2407 --max-model-len 8192 & \\
  vllm serve ${SECOND:-microsoft/Phi-3.5-mini-instruct}
"""


def test_vllm_flags_and_serve(tmp_path: Path) -> None:
    result = scan(tmp_path, "serve.sh", VLLM)
    assert_positions(VLLM, result)
    assert found(result) == [
        ("Qwen/Qwen2.5-14B-Instruct", 1, 20, "shell:--model", None),
        ("meta-llama/Llama-3.1-8B", 4, 15, "shell:--tokenizer", "tokenizer"),
        ("Qwen/Qwen2.5-0.5B-Instruct", 6, 24, "shell:--speculative-model", "draft"),
        ("mistralai/Mistral-Nemo-Instruct-2407", 7, 12, "shell:vllm serve", None),
        ("microsoft/Phi-3.5-mini-instruct", 8, 24, "shell:vllm serve", None),
    ]


DOWNLOADS = """\
huggingface-cli download meta-llama/Llama-3.2-1B-Instruct --local-dir checkpoints/llama
huggingface-cli download --revision v2 TheBloke/Mistral-7B-Instruct-v0.2-GGUF mistral-7b-instruct-v0.2.Q4_K_M.gguf
hf download HuggingFaceH4/ultrachat_200k --repo-type dataset
hf download openai/whisper-large-v3
huggingface-cli upload my-user/my-finetune ./outputs/final
tune download meta-llama/Llama-3.2-1B --output-dir /tmp/Llama-3.2-1B
litgpt download EleutherAI/pythia-160m
litgpt finetune_lora microsoft/phi-2 --data Alpaca --out_dir out/phi2
litgpt pretrain pythia-14m --tokenizer_dir EleutherAI/pythia-14m
"""


def test_download_commands(tmp_path: Path) -> None:
    result = scan(tmp_path, "download.sh", DOWNLOADS)
    assert_positions(DOWNLOADS, result)
    assert ids(result) == [
        "meta-llama/Llama-3.2-1B-Instruct",
        "TheBloke/Mistral-7B-Instruct-v0.2-GGUF",
        "openai/whisper-large-v3",
        "meta-llama/Llama-3.2-1B",
        "EleutherAI/pythia-160m",
        "microsoft/phi-2",
        "EleutherAI/pythia-14m",
    ]
    gguf = by_id(result, "TheBloke/Mistral-7B-Instruct-v0.2-GGUF")
    assert (gguf.filename, gguf.revision) == ("mistral-7b-instruct-v0.2.Q4_K_M.gguf", "v2")
    assert by_id(result, "EleutherAI/pythia-14m").role == "tokenizer"
    assert by_id(result, "microsoft/phi-2").via == "shell:litgpt finetune_lora"


LLAMA_CPP = """\
llama-server -hf ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF:Q8_0 --port 8012
./llama-cli -m ./models/qwen2.5-coder-7b-instruct-q5_k_m.gguf -p "hi"
llama-server --hf-repo bartowski/Llama-3.2-3B-Instruct-GGUF --hf-file Llama-3.2-3B-Instruct-Q4_K_M.gguf
python -m pytest -m slow
"""


def test_llama_cpp(tmp_path: Path) -> None:
    result = scan(tmp_path, "run_llama.zsh", LLAMA_CPP)
    assert_positions(LLAMA_CPP, result)
    assert found(result) == [
        ("ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF", 1, 18, "shell:-hf", None),
        ("models/qwen2.5-coder-7b-instruct-q5_k_m.gguf", 2, 16, "shell:-m", None),
        ("bartowski/Llama-3.2-3B-Instruct-GGUF", 3, 24, "shell:--hf-repo", None),
    ]
    assert by_id(result, "ggml-org/Qwen2.5-Coder-3B-Q8_0-GGUF").filename == "Q8_0"
    assert by_id(result, "models/qwen2.5-coder-7b-instruct-q5_k_m.gguf").kind == "gguf"
    assert by_id(result, "bartowski/Llama-3.2-3B-Instruct-GGUF").filename == "Llama-3.2-3B-Instruct-Q4_K_M.gguf"


OLLAMA = """\
ollama serve &
sleep 3
ollama pull nomic-embed-text
docker exec ollama ollama run llama3.2:3b "hello"
ollama pull hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M
ollama create my-assistant -f ./Modelfile
ollama cp my-assistant me/assistant
ollama push me/assistant
"""


def test_ollama_commands(tmp_path: Path) -> None:
    result = scan(tmp_path, "init_ollama.sh", OLLAMA)
    assert_positions(OLLAMA, result)
    assert [(r.id, r.kind, r.location.line) for r in result.refs] == [
        ("nomic-embed-text:latest", "ollama", 3),
        ("llama3.2:3b", "ollama", 4),
        ("bartowski/Llama-3.2-1B-Instruct-GGUF", "hub", 5),
    ]
    assert by_id(result, "bartowski/Llama-3.2-1B-Instruct-GGUF").filename == "Q4_K_M"


def test_lm_eval_model_args(tmp_path: Path) -> None:
    text = (
        "lm_eval --model hf \\\n"
        "  --model_args pretrained=EleutherAI/pythia-1b,revision=step143000,tokenizer=EleutherAI/gpt-neox-20b,"
        "peft=someone/pythia-lora,dtype=float16 \\\n"
        "  --tasks lambada_openai --output_path results/\n"
    )
    result = scan(tmp_path, "eval.sh", text)
    assert_positions(text, result)
    assert [(r.id, r.role, r.revision) for r in result.refs] == [
        ("EleutherAI/pythia-1b", None, "step143000"),
        ("EleutherAI/gpt-neox-20b", "tokenizer", None),
        ("someone/pythia-lora", "adapter", None),
    ]
    assert result.refs[0].location.line == 2


def test_trainer_flags_and_decoys(tmp_path: Path) -> None:
    text = (
        "deepspeed llava/train/train_mem.py \\\n"
        "    --deepspeed ./scripts/zero3.json \\\n"
        "    --model_name_or_path lmsys/vicuna-13b-v1.5 \\\n"
        "    --vision_tower openai/clip-vit-large-patch14-336 \\\n"
        "    --data_path ./playground/data/llava.json \\\n"
        "    --dataset liuhaotian/LLaVA-Instruct-150K \\\n"
        "    --output_dir ./checkpoints/llava-v1.5-13b \\\n"
        "    --hub_model_id me/llava --conv-mode vicuna_v1\n"
        "echo 'see https://github.com/haotian-liu/LLaVA' # vllm serve commented/model\n"
        "python train.py --model_name_or_path gpt2 --model text/plain\n"
    )
    result = scan(tmp_path, "finetune.sh", text)
    assert_positions(text, result)
    assert [(r.id, r.role) for r in result.refs] == [
        ("lmsys/vicuna-13b-v1.5", None),
        ("openai/clip-vit-large-patch14-336", "vision-tower"),
        ("gpt2", None),
    ]


def test_inline_suppression(tmp_path: Path) -> None:
    text = "vllm serve meta-llama/Llama-3.1-8B  # modelcheck: ignore[llama-attribution, eu]\nvllm serve a-b/c\n"
    result = scan(tmp_path, "s.sh", text)
    assert [r.ignored for r in result.refs] == [frozenset({"llama-attribution", "eu"}), frozenset()]


def test_unused_model_variable_is_reported(tmp_path: Path) -> None:
    text = "BASE_MODEL=mistralai/Mistral-7B-v0.1\nOUTPUT_MODEL=me/out\nSERVED_MODEL_NAME=org/alias\n"
    result = scan(tmp_path, "vars.sh", text)
    assert found(result) == [("mistralai/Mistral-7B-v0.1", 1, 12, "shell:BASE_MODEL", None)]


def test_heredoc_body_is_not_shell(tmp_path: Path) -> None:
    text = "cat > cfg.txt <<EOF\nvllm serve not/a-command\nEOF\nvllm serve real/model\n"
    assert ids(scan(tmp_path, "h.sh", text)) == ["real/model"]
