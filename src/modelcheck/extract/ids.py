"""Recognise and normalise model ids written as strings."""

from __future__ import annotations

import re

from modelcheck.model import Kind

_HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
_HF_URL = re.compile(r"^(?:https?://)?(?:huggingface\.co|hf\.co)/([^/\s]+/[^/\s:@]+)")


def classify(value: str) -> tuple[Kind, str] | None:
    """Return (kind, normalised id) for a string that names a model, else None."""
    value = value.strip()
    url = _HF_URL.match(value)
    if url:
        return "hub", url.group(1)
    if value.startswith(("./", "../", "/", "~")):
        return "local", value
    if _HUB_ID.match(value):
        return "hub", value
    return None


# ---------------------------------------------------------------------------------------------
# Richer value classification for config files, command lines and weights metadata.
# ``classify`` above stays the quick test used by the Python extractor.

from dataclasses import dataclass  # noqa: E402

# Canonical legacy hub ids without an organisation (they redirect to namespaced repos). Only
# these are accepted as bare values under generic keys such as ``model:``.
BARE_HUB_IDS: frozenset[str] = frozenset(
    {
        "gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "distilgpt2",
        "bert-base-uncased", "bert-base-cased", "bert-large-uncased", "bert-large-cased",
        "bert-base-multilingual-cased", "bert-base-multilingual-uncased", "bert-base-chinese",
        "distilbert-base-uncased", "distilbert-base-cased",
        "distilbert-base-uncased-finetuned-sst-2-english", "distilbert-base-multilingual-cased",
        "roberta-base", "roberta-large", "distilroberta-base",
        "xlm-roberta-base", "xlm-roberta-large",
        "t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b",
        "albert-base-v2", "albert-large-v2", "xlnet-base-cased", "openai-gpt",
        "bart-base", "bart-large", "facebook-bart-large",
    }
)
_BARE_LOWER = frozenset(x.lower() for x in BARE_HUB_IDS)

# First path segments that mean "a directory of this project", not a hub organisation.
_LOCAL_HEADS = frozenset(
    {"models", "model", "saves", "save", "checkpoints", "checkpoint", "ckpt", "ckpts", "outputs",
     "output", "out", "data", "path", "weights", "runs", "results", "artifacts", "tmp", "cache"}
)
_NOT_ORGS = frozenset(
    {"application", "text", "multipart", "apps", "batch", "extensions", "networking", "policy",
     "rbac", "storage", "autoscaling", "your-username", "your-org", "username", "user", "org",
     "organization", "path", "to", "models"}
)
_PLACEHOLDER = re.compile(r"[<>{}$*?\[\]]|^(?:your|my)[-_]|path/to|/path/|^x+/x+$|^org/(?:name|model)$", re.I)
_DOMAIN_ORG = re.compile(r"\.(?:com|io|org|net|dev|sh|k8s\.io|cloud)$", re.I)
_VERSION_NAME = re.compile(r"^v\d+(?:(?:alpha|beta)\d*)?$")
_ENV_DEFAULT = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(:-|:|-)(.*)\}$", re.S)
_OLLAMA = re.compile(r"^(?:[a-z0-9][a-z0-9._-]*/)?[a-z0-9][a-z0-9._-]*(?::[A-Za-z0-9][A-Za-z0-9._-]{0,127})?$")
_HF_BLOB = re.compile(r"^/(?:resolve|blob|tree)/([^/]+)(?:/(.+))?$")
WEIGHT_SUFFIXES: tuple[str, ...] = (".gguf", ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx")


@dataclass(frozen=True, slots=True)
class ModelId:
    """A classified model value: kind, normalised id, and optional file/revision."""

    kind: Kind
    id: str
    filename: str | None = None
    revision: str | None = None


def env_default(value: str) -> tuple[str, int]:
    """``${VAR:-x}`` / ``${VAR:x}`` / ``${VAR-x}`` -> ("x", offset of x in value); else (value, 0)."""
    m = _ENV_DEFAULT.match(value)
    if not m:
        return value, 0
    return m.group(2), m.end(1)


def is_placeholder(value: str) -> bool:
    """True for template-ish values such as ``<model>``, ``path/to/model``, ``your-org/x``."""
    return bool(_PLACEHOLDER.search(value))


def _local(value: str) -> ModelId:
    path = value[2:] if value.startswith("./") else value
    path = path.rstrip("/") or value
    kind: Kind = "gguf" if path.lower().endswith(".gguf") else "local"
    return ModelId(kind, path)


def model_id(value: str, *, bare: bool = False) -> ModelId | None:
    """Classify a config/CLI value as a model reference, or None when it does not look like one.

    ``bare`` accepts un-namespaced names from ``BARE_HUB_IDS`` (for generic keys and flags).
    Hub URLs, ``hf.co/`` and ``hf-hub:`` prefixes, LitGPT ``checkpoints/org/name``, and local
    paths (``./x``, ``/x``, ``~/x``, ``models/x``, ``*.gguf``) are understood.
    """
    value = value.strip().strip("'\"")
    if not value or len(value) > 300 or any(c.isspace() for c in value):
        return None
    if value.startswith("hf://"):
        return _hub_url(value[len("hf://"):])
    if value.startswith("hf-hub:"):
        value = value[len("hf-hub:"):]
    url = re.match(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(.*)$", value)
    if url:
        return _hub_url(url.group(1))
    if "://" in value or value.startswith(("git@", "s3:", "gs:")):
        return None
    if is_placeholder(value):
        return None
    if value.startswith(("./", "../", "/", "~")):
        return _local(value)
    parts = value.split("/")
    if len(parts) == 1:
        if value.lower().endswith(WEIGHT_SUFFIXES):
            return _local(value)
        if bare and value.lower() in _BARE_LOWER:
            return ModelId("hub", value)
        return None
    if parts[0].lower() in ("checkpoints",) and len(parts) == 3 and _HUB_ID.match("/".join(parts[1:])):
        return ModelId("hub", "/".join(parts[1:]))
    if len(parts) > 2 or parts[0].lower() in _LOCAL_HEADS or value.lower().endswith(WEIGHT_SUFFIXES):
        return _local(value)
    if not _HUB_ID.match(value):
        return None
    org, name = parts
    if org.lower() in _NOT_ORGS or _DOMAIN_ORG.search(org) or _VERSION_NAME.match(name):
        return None
    if name.lower().endswith((".yaml", ".yml", ".json", ".txt", ".py", ".sh", ".csv", ".jsonl", ".parquet", ".md")):
        return None
    return ModelId("hub", value)


def _hub_url(rest: str) -> ModelId | None:
    """``org/name[/resolve/rev/file][:quant]`` after the hub host."""
    rest = rest.split("?", 1)[0].split("#", 1)[0]
    head = rest.split("/")
    if not head or head[0] in ("datasets", "spaces", "collections", "docs", "blog", "papers"):
        return None
    if len(head) < 2:
        return None
    org, name = head[0], head[1]
    filename: str | None = None
    if ":" in name and len(head) == 2:
        name, filename = name.split(":", 1)
    hub = f"{org}/{name}"
    if not _HUB_ID.match(hub):
        return None
    revision = None
    m = _HF_BLOB.match(rest[len(hub):]) if len(head) > 2 else None
    if m:
        revision, filename = m.group(1), m.group(2)
    return ModelId("hub", hub, filename=filename or None, revision=revision)


def ollama_id(value: str) -> ModelId | None:
    """An Ollama model name: ``name[:tag]`` (tag defaults to latest) or ``hf.co/org/repo[:quant]``."""
    value = value.strip().strip("'\"")
    if re.match(r"^(?:https?://)?(?:hf\.co|huggingface\.co)/", value):
        return model_id(value)
    if not value or is_placeholder(value) or not _OLLAMA.match(value):
        return None
    if value.startswith(("-", ".")):
        return None
    name, _, tag = value.partition(":")
    return ModelId("ollama", f"{name}:{tag or 'latest'}")


def hub_id_from_url(url: str) -> str | None:
    """``https://huggingface.co/org/name`` -> ``org/name`` (None for other URLs)."""
    m = re.match(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/(.*)$", url.strip())
    if not m:
        return None
    found = _hub_url(m.group(1))
    return found.id if found else None
