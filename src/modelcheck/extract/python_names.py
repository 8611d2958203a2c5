"""Stage 2 (extract), Python: does a variable / parameter / key name hold a model?

Used for the heuristic positions (argparse / click / pydantic / dataclass defaults, function
parameter defaults, module constants, dict keys, ``os.getenv("EMBEDDING_MODEL", ...)``).
Returns the classification hint and the role the name implies, or None.
"""

from __future__ import annotations

import re
from functools import lru_cache
from modelcheck.record import frozen

_EXACT = frozenset(
    {
        "model", "model_name", "model_id", "model_path", "model_name_or_path", "model_repo",
        "model_repo_id", "pretrained_model_name_or_path", "pretrained_model", "pretrained_model_name", "pretrained",
        "base_model", "base_model_name", "base_model_id", "base_model_path", "base_model_name_or_path",
        "tokenizer", "tokenizer_name", "tokenizer_name_or_path", "tokenizer_path", "tokenizer_id",
        "embedding_model", "embed_model", "embeddings_model", "embedding", "reranker", "llm",
        "checkpoint", "model_checkpoint", "teacher", "vision_tower", "adapter_name_or_path",
        "adapter_path", "adapter_id", "lora_path", "lora_weights", "peft_model_id",
        "hf_model", "hf_model_id", "ckpt", "engine", "lora", "dora", "adapter", "adapter_model",
    }
)
_SUFFIXES = ("_model", "_model_name", "_model_id", "_model_path", "_model_name_or_path", "_llm",
             "_checkpoint", "_model_repo", "_model_repo_id", "_embedding_model", "_reranker")
_PREFIXES = ("model_name", "model_id", "llm_model", "embedding_model", "embed_model", "reranker_model")
# Tokens that make the name an output, a setting about a model, or not a model at all.
_EXCLUDE = frozenset(
    {
        "output", "outputs", "out", "save", "saved", "push", "hub", "upload", "export", "new", "merged",
        "target", "trained", "finetuned", "result", "results", "dest", "destination", "dst", "served",
        "alias", "display", "cache", "dir", "type", "class", "kwargs", "args", "config", "cfg", "max",
        "min", "num", "size", "len", "list", "dict", "map", "mapping", "choices", "options", "dataset",
        "datasets", "data", "space", "prompt", "template", "format", "version", "key", "token", "url",
        "endpoint", "provider", "family", "label", "labels", "field", "fields", "dim", "dims",
        "dimension", "revision", "host", "port", "timeout", "temperature", "id2label", "loader",
        "wandb", "run", "runs", "log", "logging", "project", "metric", "metrics", "count", "index",
    }
)
_ROLES = (
    ("embed", "embedding"), ("embedding", "embedding"), ("embeddings", "embedding"),
    ("rerank", "reranker"), ("reranker", "reranker"), ("tokenizer", "tokenizer"),
    ("adapter", "adapter"), ("lora", "adapter"), ("peft", "adapter"), ("base", "base"),
    ("teacher", "teacher"), ("draft", "draft"), ("reward", "reward"), ("judge", "judge"),
    ("vision", "vision-tower"),
)
_SPLIT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


@frozen
class NameInfo:
    hint: str
    role: str | None


@lru_cache(maxsize=8192)  # the same names recur across files (the gate and the walker both ask)
def model_name_info(name: str, plural: bool = False) -> NameInfo | None:
    """Hint and role for a name such as ``EMBEDDING_MODEL`` / ``--model-name-or-path``; else None.

    ``plural``: the name holds a collection (``EMBEDDING_MODELS = [...]``), so ``models`` counts.
    """
    norm = _SPLIT.sub("_", _CAMEL.sub("_", name.strip().lstrip("-")).lower()).strip("_")
    if plural:
        if not norm.endswith(("models", "checkpoints", "adapters", "llms")):
            return None
        norm = norm[:-1]
    if norm.startswith(("self_", "cls_")):
        norm = norm.split("_", 1)[1]
    if not norm or len(norm) > 60:
        return None
    tokens = norm.split("_")
    if _EXCLUDE.intersection(tokens):
        return None
    if not (norm in _EXACT or norm.endswith(_SUFFIXES) or norm.startswith(_PREFIXES)
            or (norm.startswith("default_") and norm[8:] in _EXACT)):
        return None
    hint = "ollama" if "ollama" in tokens else "any"
    return NameInfo(hint, role_for(tokens))


def role_for(tokens: list[str]) -> str | None:
    for token, role in _ROLES:
        if token in tokens:
            return role
    return None


def role_for_name(name: str) -> str | None:
    """Role implied by an assignment target (``teacher = AutoModel.from_pretrained(...)``)."""
    tokens = _SPLIT.sub("_", _CAMEL.sub("_", name).lower()).strip("_").split("_")
    role = role_for(tokens)
    return role if role in ("teacher", "draft", "reward", "judge", "embedding", "reranker") else None


def option_name(strings: list[str]) -> str | None:
    """argparse/click destination name: the first long option, else the first option string."""
    longs = [s for s in strings if s.startswith("--")]
    pick = longs[0] if longs else (strings[0] if strings else None)
    if pick is None or (pick.startswith("-") and not pick.startswith("--") and not longs):
        return None
    return pick.lstrip("-").replace("-", "_")
