"""Recognise and normalise model ids written as strings."""

from __future__ import annotations

import posixpath as _posixpath
import re
from modelcheck.record import frozen

from modelcheck.extract import ids_tables as _t
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


# --- Context-aware classification (shared by every extractor) -------------------------------
#
# ``classify`` above is the context-free first slice; ``classify_model`` knows *where* a string
# was found (``hint``) and returns revision / filename details too.  Hints:
#   "any"     a heuristic model position (a ``model_name`` default, a ``MODEL`` key): strong
#             shapes only (org/name, name:tag, known API names, ./paths, legacy hub names)
#   "hub"     a position that only takes Hub ids or paths (``from_pretrained``): bare names are
#             legacy Hub ids
#   "adapter" a LoRA / adapter position: like "hub", but a bare name is a local directory
#   "st"      sentence-transformers: bare names mean ``sentence-transformers/<name>``
#   "ollama"  an Ollama model position: bare names and ``user/name`` are Ollama models
#   "litellm" ``provider/model`` strings (litellm, init_chat_model ``provider:model``)
#   "api-<provider>"  a proprietary client: bare names are ``<provider>:<name>``

@frozen
class Classified:
    """A recognised model string: kind, normalised id and optional revision / file."""

    kind: Kind
    id: str
    revision: str | None = None
    filename: str | None = None


def classify_model(value: str, hint: str = "any") -> Classified | None:
    """Classify ``value`` found at a position described by ``hint``; None when not a model id."""
    v = value.strip()
    if not v or len(v) > 400 or any(c.isspace() for c in v) or _t.is_placeholder(v):
        return None
    low = v.lower()
    for prefix in ("hf-hub:", "hf_hub:"):
        if low.startswith(prefix):
            rest = v[len(prefix):]
            return Classified("hub", rest) if _t.HUB_ID.match(rest) else None
    if _t.HF_HOST.match(v):
        return _hf_url(v)
    if low.startswith(("http://", "https://", "s3://", "gs://")):
        return Classified("url", v) if hint in ("hub", "url") else None
    if hint == "litellm":
        return _litellm(v)
    if hint.startswith("api-"):
        return _api_hint(v, hint[4:])
    api = _t.api_provider(v) if hint != "ollama" else None
    if api is not None:
        return Classified("api", api)
    local = _local_path(v, hint)
    if local is not None:
        return local
    if hint == "ollama":
        return _ollama(v)
    if hint == "adapter" and "/" not in v and ":" not in v:  # a bare adapter name is a local dir
        return Classified("local", normalise_local(v)) if _t.BARE.match(v) else None
    if _t.OLLAMA_TAGGED.match(v) and _t.plausible_ollama(v):
        return _ollama(v)
    if "/" in v:
        return Classified("hub", v) if _t.plausible_hub(v, strict=hint == "any") else None
    if hint == "st" or _t.ST_BARE.match(v):
        return Classified("hub", f"sentence-transformers/{v}") if _t.BARE.match(v) else None
    legacy = _t.LEGACY.get(v)
    if legacy is not None:
        return Classified("hub", legacy)
    if hint == "hub" and _t.BARE.match(v) and any(c.isalpha() for c in v) and "." not in v[-5:]:
        return Classified("hub", v)
    return None


def normalise_local(path: str) -> str:
    """A local path as written -> POSIX, relative to the project root when it is relative."""
    p = path.replace("\\", "/")
    if p.startswith(("/", "~")):
        return _posixpath.normpath(p) if p.startswith("/") else p
    return _posixpath.normpath(p)


def _local_path(v: str, hint: str) -> Classified | None:
    low = v.lower()
    pathish = v.startswith(("./", "../", "/", "~", ".\\")) or (len(v) > 2 and v[1] == ":" and v[2] in "\\/")
    segments = [s for s in v.replace("\\", "/").split("/") if s]
    if not pathish:
        pathish = len(segments) > 2 or (len(segments) == 2 and segments[0].lower() in _t.LOCAL_DIRS)
    weight = low.endswith(_t.WEIGHT_EXTS)
    if not pathish and not (weight and hint != "any" and "/" not in v and ":" not in v):
        return None
    if low.endswith(_t.NON_MODEL_EXTS) or any(w in low for w in ("nonexistent", "does_not_exist", "/dev/null")):
        return None
    norm = normalise_local(v)
    return Classified("gguf" if low.endswith(".gguf") else "local", norm)


def _hf_url(v: str) -> Classified | None:
    m = _t.HF_HOST.match(v)
    assert m is not None
    rest = v[m.end():].split("?", 1)[0].split("#", 1)[0]
    parts = rest.rstrip("/").split("/")
    if len(parts) < 2 or not parts[0] or not parts[1] or parts[0].lower() in _t.HF_NON_REPO:
        return None
    org, name = parts[0], parts[1]
    filename: str | None = None
    if ":" in name:  # hf.co/org/repo:Q4_K_M (Ollama / llama.cpp quant tag)
        name, filename = name.split(":", 1)
    revision: str | None = None
    if len(parts) >= 4 and parts[2] in ("resolve", "blob", "tree", "raw"):
        revision = parts[3]
        filename = "/".join(parts[4:]) or filename
    repo = f"{org}/{name}"
    if not _t.HUB_ID.match(repo):
        return None
    return Classified("hub", repo, revision, filename)


def _ollama(v: str) -> Classified | None:
    if not _t.OLLAMA_NAME.match(v):
        return None
    name, _, tag = v.partition(":")
    return Classified("ollama", f"{name}:{tag or 'latest'}")


def _litellm(v: str) -> Classified | None:
    for sep in ("/", ":"):
        provider, _, rest = v.partition(sep)
        p = provider.lower()
        if not rest:
            continue
        if p in ("ollama", "ollama_chat"):
            return _ollama(rest)
        if p in ("huggingface", "hf"):
            return Classified("hub", rest) if _t.HUB_ID.match(rest) else None
        if p in _t.API_PROVIDERS:
            return Classified("api", f"{_t.API_PROVIDERS[p]}:{rest}")
    return classify_model(v, "any")


def _api_hint(v: str, provider: str) -> Classified | None:
    if v.startswith("models/"):
        v = v[len("models/"):]
    if "/" in v or ":" in v:
        return classify_model(v, "any")
    if not _t.BARE.match(v):
        return None
    known = _t.api_provider(v)
    return Classified("api", known or f"{provider}:{v}")

# ---------------------------------------------------------------------------------------------
# Richer value classification for config files, command lines and weights metadata.
# ``classify`` above stays the quick test used by the Python extractor.

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


@frozen
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
    if not _HUB_ID.match(value) or "--" in value or ".." in value:  # the Hub forbids both in repo ids
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
