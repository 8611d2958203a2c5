"""Recognise and normalise model ids written as strings."""

from __future__ import annotations

import posixpath as _posixpath
import re
from dataclasses import dataclass

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

@dataclass(frozen=True, slots=True)
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
    local = _local(v, hint)
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


def _local(v: str, hint: str) -> Classified | None:
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
