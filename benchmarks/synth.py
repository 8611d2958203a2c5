"""Deterministic synthetic ML monorepo for benchmarks/bench.py (not shipped, not imported by modelcheck).

The mix is modelled on real ML repositories: most Python files are training / evaluation / data code
that *mentions* models (``model.train()``, ``def evaluate(model, loader)``, ``model_dir``) without
naming one; a few per cent load a named model (``from_pretrained``, ``pipeline``, sentence-transformers,
OpenAI/Ollama clients, argparse and pydantic defaults); configs (YAML/JSON/TOML), shell scripts,
Dockerfiles, Makefiles, notebooks, model cards and plain noise (Markdown, CSV, JS, binary assets)
fill the rest. The same seed always gives byte-identical files.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

MODELS = (
    "meta-llama/Llama-3.1-8B-Instruct", "mistralai/Mistral-7B-Instruct-v0.3", "Qwen/Qwen2.5-7B-Instruct",
    "google/gemma-2-9b-it", "bigscience/bloom-560m", "openai-community/gpt2", "acme/private-model",
    "BAAI/bge-small-en-v1.5", "sentence-transformers/all-MiniLM-L6-v2", "microsoft/phi-2",
)
OLLAMA = ("llama3.1:8b", "mistral", "qwen2.5:7b", "gemma3")

PY_HEAD = '''"""{title} ({n})."""

from __future__ import annotations

import logging
import math
import os
from dataclasses import dataclass, field

import torch
from torch import nn
from torch.utils.data import DataLoader

log = logging.getLogger(__name__)
'''
PY_TRAIN = '''

@dataclass
class TrainConfig{n}:
    epochs: int = {e}
    lr: float = 3e-4
    batch_size: int = 32
    model_dir: str = "checkpoints/run-{n}"
    warmup_steps: int = 100
    seed: int = {n}


def train_epoch(model: nn.Module, loader: DataLoader, optimizer, scheduler=None) -> float:
    model.train()
    total = 0.0
    for step, batch in enumerate(loader):
        inputs = {{k: v.to(model.device) for k, v in batch.items()}}
        outputs = model(**inputs)
        loss = outputs.loss
        loss.backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        optimizer.zero_grad()
        total += loss.item()
        if step % 50 == 0:
            log.info("step %d loss %.4f", step, loss.item())
    return total / max(len(loader), 1)


@torch.no_grad()
def evaluate(model: nn.Module, loader: DataLoader) -> dict[str, float]:
    model.eval()
    losses = []
    for batch in loader:
        out = model(**batch)
        losses.append(out.loss.item())
    mean = sum(losses) / max(len(losses), 1)
    return {{"loss": mean, "perplexity": math.exp(min(mean, 20))}}


def save_checkpoint(model: nn.Module, path: str) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    torch.save(model.state_dict(), path)
'''
PY_DATA = '''

def normalise_{n}(values: list[float], scale: float = 1.0) -> list[float]:
    peak = max((abs(v) for v in values), default=1.0) or 1.0
    return [v * scale / peak for v in values]


class Collator{n}:
    def __init__(self, pad_id: int = 0, max_len: int = {e}) -> None:
        self.pad_id = pad_id
        self.max_len = max_len

    def __call__(self, rows: list[dict[str, list[int]]]) -> dict[str, torch.Tensor]:
        width = min(max(len(r["input_ids"]) for r in rows), self.max_len)
        ids = [r["input_ids"][:width] + [self.pad_id] * (width - len(r["input_ids"][:width])) for r in rows]
        return {{"input_ids": torch.tensor(ids), "labels": torch.tensor(ids)}}
'''
PY_MODULE = '''

class Block{n}(nn.Module):
    def __init__(self, dim: int = {e}, heads: int = 8) -> None:
        super().__init__()
        self.attn = nn.MultiheadAttention(dim, heads, batch_first=True)
        self.mlp = nn.Sequential(nn.Linear(dim, 4 * dim), nn.GELU(), nn.Linear(4 * dim, dim))
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = self.norm1(x)
        x = x + self.attn(h, h, h, need_weights=False)[0]
        return x + self.mlp(self.norm2(x))
'''
PY_REFS = (
    '''
from transformers import AutoModelForCausalLM, AutoTokenizer

MODEL_ID = "{model}"


def load(device: str = "cuda"):
    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)
    model = AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype=torch.bfloat16).to(device)
    return model, tokenizer
''',
    '''
from transformers import pipeline

classifier = pipeline("text-classification", model="{model}")
summariser = pipeline("summarization")
''',
    '''
from sentence_transformers import SentenceTransformer

EMBEDDER = SentenceTransformer("{model}")


def embed(texts: list[str]):
    return EMBEDDER.encode(texts, normalize_embeddings=True)
''',
    '''
import argparse


def parse_args(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--model_name_or_path", default="{model}")
    parser.add_argument("--output_dir", default="out")
    return parser.parse_args(argv)
''',
    '''
from openai import OpenAI

client = OpenAI(base_url="http://localhost:11434/v1", api_key="ollama")


def ask(question: str) -> str:
    reply = client.chat.completions.create(model="{ollama}", messages=[{{"role": "user", "content": question}}])
    return reply.choices[0].message.content
''',
    '''
from pydantic import BaseModel


class ServeSettings(BaseModel):
    embedding_model: str = "{model}"
    max_tokens: int = 512
''',
)
YAML_TRAIN = """base_model: {model}
model_type: AutoModelForCausalLM
tokenizer_type: AutoTokenizer
load_in_4bit: true
adapter: lora
lora_r: 16
datasets:
  - path: acme/data-{n}
    type: alpaca
output_dir: ./outputs/run-{n}
sequence_len: 2048
micro_batch_size: 2
num_epochs: {e}
"""
YAML_HPARAMS = """experiment: exp-{n}
trainer:
  max_epochs: {e}
  precision: bf16-mixed
  accumulate_grad_batches: 4
model:
  hidden_size: 768
  num_layers: 12
  dropout: 0.1
optimizer:
  lr: 0.0003
  weight_decay: 0.01
data:
  batch_size: 32
  num_workers: 8
"""
YAML_CI = """name: ci-{n}
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - run: pip install -e .[dev]
      - run: pytest -q tests/unit/test_{n}.py
"""
YAML_K8S = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: api-{n}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:{e}
          ports:
            - containerPort: 8080
          resources:
            limits:
              memory: 2Gi
"""
SH_SERVE = "#!/usr/bin/env bash\nset -euo pipefail\nMODEL=${{MODEL:-{model}}}\nvllm serve \"$MODEL\" --port 8000 --max-model-len 8192\n"
SH_TRAIN = "#!/usr/bin/env bash\nset -e\npython train.py --config configs/run_{n}.yaml --epochs {e}\npython eval.py --checkpoint checkpoints/run-{n}/last.pt\n"
SH_NOISE = "#!/bin/sh\nset -e\nrm -rf build dist\npython -m build\necho done {n}\n"
DOCKERFILE = "FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"serve.py\", \"--port\", \"{e}\"]\n"
DOCKERFILE_MODEL = "FROM vllm/vllm-openai:latest\nENV MODEL_NAME={model}\nCMD [\"--model\", \"{model}\"]\n"
MAKEFILE = ".PHONY: test lint\ntest:\n\tpytest -q\nlint:\n\truff check src\ntrain:\n\tpython train.py --epochs {e}\n"
CARD = "---\nlicense: apache-2.0\nbase_model: {model}\ntags:\n  - text-generation\n---\n\n# Fine-tune {n}\n\nA model fine-tuned on internal data.\n"
MD = "# Notes {n}\n\nThis module trains the model and evaluates it on the held-out split.\nSee `train.py` for the model definition and `configs/` for hyper-parameters.\n"
JS = "export function add{n}(a, b) {{\n  return a + b;\n}}\n\nexport const NAME = 'widget-{n}';\n"


def _notebook(n: int, model: str | None) -> str:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [f"# Experiment {n}\n", "Train and evaluate the model."]},
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "outputs": [],
         "source": ["import torch\n", "from torch import nn\n", f"model = nn.Linear({n % 97 + 1}, 2)\n", "model.eval()"]},
    ]
    if model:
        cells.append({"cell_type": "code", "metadata": {}, "execution_count": 2, "outputs": [],
                      "source": ["from transformers import AutoModel\n", f'm = AutoModel.from_pretrained("{model}")']})
    doc = {"cells": cells, "metadata": {"kernelspec": {"language": "python", "name": "python3"}},
           "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(doc, indent=1)


def _python(rng: random.Random, n: int) -> str:
    e = rng.randint(1, 512)
    roll = rng.random()
    if roll < 0.45:
        title, body = "Training loop", PY_TRAIN + PY_DATA
    elif roll < 0.65:
        title, body = "Model blocks", PY_MODULE + PY_MODULE.replace("Block{n}", "Head{n}")
    else:
        title, body = "Data utilities", PY_DATA + PY_DATA.replace("{n}", "{n}b")
    text = PY_HEAD.format(title=title, n=n) + body.format(n=n, e=e)
    if rng.random() < 0.04:
        template = rng.choice(PY_REFS)
        text += template.format(model=rng.choice(MODELS), ollama=rng.choice(OLLAMA))
    return text


def _unique(folder: Path, n: int, name: str) -> Path:
    """``folder/svc_<n>/<name>``: files with a fixed name get a directory of their own."""
    (folder / f"svc_{n}").mkdir(exist_ok=True)
    return folder / f"svc_{n}" / name


def generate(root: Path, files: int, seed: int = 7) -> None:
    """Write ``files`` files below ``root`` (deterministic for a given seed)."""
    rng = random.Random(seed)
    for n in range(files):
        folder = root / f"pkg{n % 200:03d}" / f"sub{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        roll = rng.random()
        model = rng.choice(MODELS)
        e = rng.randint(1, 100)
        if roll < 0.50:
            (folder / f"mod_{n}.py").write_text(_python(rng, n))
        elif roll < 0.52:
            (folder / f"nb_{n}.ipynb").write_text(_notebook(n, model if rng.random() < 0.2 else None))
        elif roll < 0.64:
            kind = rng.random()
            text = (YAML_TRAIN if kind < 0.15 else YAML_HPARAMS if kind < 0.5 else YAML_CI if kind < 0.8 else YAML_K8S)
            (folder / f"cfg_{n}.yaml").write_text(text.format(model=model, n=n, e=e))
        elif roll < 0.68:
            kind = rng.random()
            text = SH_SERVE if kind < 0.1 else SH_TRAIN if kind < 0.6 else SH_NOISE
            (folder / f"run_{n}.sh").write_text(text.format(model=model, n=n, e=e))
        elif roll < 0.69:
            text = DOCKERFILE_MODEL if rng.random() < 0.2 else DOCKERFILE
            _unique(folder, n, "Dockerfile").write_text(text.format(model=model, e=e))
        elif roll < 0.70:
            _unique(folder, n, "Makefile").write_text(MAKEFILE.format(e=e))
        elif roll < 0.72:
            text = CARD.format(model=model, n=n) if rng.random() < 0.3 else MD.format(n=n)
            _unique(folder, n, "README.md").write_text(text)
        elif roll < 0.78:
            (folder / f"doc_{n}.md").write_text(MD.format(n=n))
        elif roll < 0.82:
            cfg = {"hidden_size": 768, "num_attention_heads": 12, "dropout": 0.1, "run": n}
            if rng.random() < 0.1:
                cfg["model_name_or_path"] = model
            (folder / f"train_config_{n}.json").write_text(json.dumps(cfg, indent=2))
        elif roll < 0.86:
            (folder / f"data_{n}.json").write_text(json.dumps({"id": n, "values": list(range(20))}))
        elif roll < 0.87:
            (folder / f"settings_{n}.toml").write_text(f'[app]\nname = "svc-{n}"\nport = {8000 + e}\n')
        elif roll < 0.92:
            (folder / f"widget_{n}.js").write_text(JS.format(n=n))
        elif roll < 0.96:
            (folder / f"metrics_{n}.csv").write_text("step,loss\n" + "".join(f"{i},{1 / (i + 1):.4f}\n" for i in range(40)))
        else:
            (folder / f"asset_{n}.png").write_bytes(bytes(rng.getrandbits(8) for _ in range(2048)))
