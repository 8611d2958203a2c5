"""Stage 2 (extract) data: the shapes, tables and word lists behind ``ids.classify_model``.

Pure data and tiny predicates; no I/O.
"""

from __future__ import annotations

import re

HUB_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
HF_HOST = re.compile(r"^(?:https?://)?(?:www\.)?(?:huggingface\.co|hf\.co)/", re.IGNORECASE)
BARE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")
# Ollama: optional user namespace, name, optional tag.
OLLAMA_NAME = re.compile(r"^(?:[A-Za-z0-9][\w.-]{0,63}/)?[A-Za-z0-9][\w.-]{0,95}(?::[A-Za-z0-9][\w.-]{0,63})?$")
OLLAMA_TAGGED = re.compile(r"^(?:[a-z0-9][\w.-]{0,63}/)?[a-z0-9][\w.-]{0,95}:[A-Za-z0-9][\w.-]{0,63}$")

# URL path heads on huggingface.co that are not model repos.
HF_NON_REPO = frozenset(
    {"datasets", "spaces", "collections", "docs", "blog", "papers", "models", "settings", "join",
     "login", "api", "organizations", "tasks", "learn", "pricing", "posts", "chat", "new"}
)

# First segments of two-segment relative paths that are local directories, not Hub orgs.
LOCAL_DIRS = frozenset(
    {"models", "model", "saves", "checkpoints", "checkpoint", "ckpt", "ckpts", "outputs", "output",
     "data", "path", "weights", "pretrained", "pretrained_models", "local", "cache", "tmp", "runs",
     "exp", "experiments", "artifacts", "assets", "resources", "lora", "loras", "adapters"}
)
WEIGHT_EXTS = (".gguf", ".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".ggml", ".h5", ".tflite", ".mlmodel", ".pkl", ".joblib", ".nemo")
NON_MODEL_EXTS = (
    ".json", ".yaml", ".yml", ".txt", ".py", ".csv", ".tsv", ".md", ".jsonl", ".parquet", ".html",
    ".png", ".jpg", ".jpeg", ".gif", ".wav", ".mp3", ".mp4", ".pdf", ".toml", ".cfg", ".ini", ".sh",
    ".log", ".xml", ".zip", ".tar", ".gz",
)

# First segments that make an ``a/b`` string something other than a Hub id.
_NOT_ORGS = frozenset(
    {"application", "text", "image", "audio", "video", "multipart", "font", "message", "apps",
     "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "http:", "https:", "datasets",
     "spaces", "n", "y", "and", "or"}
)
_API_VERSION = re.compile(r"^v\d+(?:(?:alpha|beta)\d*)?$")
_DOMAIN = re.compile(r"\.(?:com|io|org|net|ai|co|dev|gov|edu|app|cloud)$", re.IGNORECASE)

# Legacy un-namespaced Hub ids and the namespaced repos the Hub redirects them to.
LEGACY: dict[str, str] = {
    **{n: f"openai-community/{n}" for n in ("gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl", "openai-gpt")},
    **{n: f"google-bert/{n}" for n in (
        "bert-base-uncased", "bert-base-cased", "bert-large-uncased", "bert-large-cased",
        "bert-base-multilingual-cased", "bert-base-multilingual-uncased", "bert-base-chinese")},
    **{n: f"distilbert/{n}" for n in (
        "distilbert-base-uncased", "distilbert-base-cased", "distilbert-base-multilingual-cased",
        "distilbert-base-uncased-finetuned-sst-2-english", "distilbert-base-cased-distilled-squad",
        "distilbert-base-uncased-distilled-squad", "distilgpt2", "distilroberta-base")},
    **{n: f"FacebookAI/{n}" for n in (
        "roberta-base", "roberta-large", "roberta-large-mnli", "xlm-roberta-base", "xlm-roberta-large")},
    **{n: f"google-t5/{n}" for n in ("t5-small", "t5-base", "t5-large", "t5-3b", "t5-11b")},
    "albert-base-v2": "albert/albert-base-v2",
    "xlnet-base-cased": "xlnet/xlnet-base-cased",
}

# Bare sentence-transformers model names (they live under ``sentence-transformers/``).
ST_BARE = re.compile(
    r"^(?:all-(?:MiniLM|mpnet|distilroberta|roberta)|paraphrase-|multi-qa-|msmarco-|distiluse-"
    r"|LaBSE$|gtr-t5-|sentence-t5-|clip-ViT-|average_word_embeddings_|nli-|stsb-|use-cmlm-"
    r"|quora-distilbert|facebook-dpr-|bert-base-nli-|roberta-base-nli-|distilbert-base-nli-)"
)

# Proprietary API model names -> provider (Azure OpenAI spells GPT-3.5 ``gpt-35-turbo``).
_API = [
    (re.compile(r"^(?:gpt-3\.5|gpt-35-turbo|gpt-4(?!-?all)|gpt-5|chatgpt-|o[134](?:-mini|-preview|-pro)?(?:-\d{4}-\d\d-\d\d)?$"
                r"|text-embedding-(?:ada|3)|text-davinci|davinci|babbage-0|whisper-1$|tts-1|dall-e-|gpt-image-"
                r"|omni-moderation|text-moderation|computer-use-)"), "openai"),
    (re.compile(r"^claude-"), "anthropic"),
    (re.compile(r"^(?:models/)?(?:gemini-|text-embedding-004$|embedding-001$|text-bison|chat-bison|imagen-)"), "google"),
    (re.compile(r"^(?:mistral-(?:large|medium|small|tiny|embed)(?:-latest|-\d{4})?$|codestral-latest$)"), "mistral"),
    (re.compile(r"^(?:command-(?:r|r-plus|a|light|nightly)(?:-\d\d-\d{4})?$|embed-(?:english|multilingual)-)"), "cohere"),
    (re.compile(r"^grok-"), "xai"),
    (re.compile(r"^deepseek-(?:chat|reasoner)$"), "deepseek"),
]
# ``provider/name`` or ``provider:name`` prefixes naming a proprietary API.
API_PROVIDERS: dict[str, str] = {
    "openai": "openai", "azure": "azure", "anthropic": "anthropic", "gemini": "google",
    "google": "google", "vertex_ai": "google", "google_genai": "google", "mistral": "mistral",
    "cohere": "cohere", "groq": "groq", "xai": "xai", "deepseek": "deepseek", "bedrock": "bedrock",
    "together_ai": "together", "openrouter": "openrouter", "fireworks_ai": "fireworks",
}

# Container images that look like Ollama ``name:tag``.
_IMAGES = frozenset(
    {"python", "node", "redis", "postgres", "ubuntu", "debian", "alpine", "nginx", "mysql", "mongo",
     "golang", "rust", "openjdk", "busybox", "localhost", "http", "https", "ollama", "vllm"}
)
_PLACEHOLDER_FIRST = frozenset(
    {"org", "user", "username", "user_name", "your-org", "your-username", "your_username", "yourname",
     "your-name", "your_org", "my-org", "myorg", "my-username", "namespace", "owner", "organization",
     "organisation", "repo", "model", "author", "someone", "hf-user", "<user>", "xxx", "foo", "example"}
)
_PLACEHOLDER_WORDS = re.compile(r"(?:^|[/_-])(?:your|path/to|placeholder)(?:$|[/_-])|<|>|\{|\}|\$|\.\.\.|\*", re.IGNORECASE)


def api_provider(value: str) -> str | None:
    """``"gpt-4o"`` -> ``"openai:gpt-4o"``; ``"openai/gpt-4o"`` -> same; else None."""
    v = value
    low = v.lower()
    for sep in ("/", ":"):
        head, _, rest = low.partition(sep)
        if rest and head in API_PROVIDERS:
            inner = api_provider(v[len(head) + 1:])
            if inner is not None:
                return f"{API_PROVIDERS[head]}:{inner.split(':', 1)[1]}"
            return None
    for pattern, provider in _API:
        if pattern.match(low):
            name = v[len("models/"):] if low.startswith("models/") else v
            return f"{provider}:{name}"
    return None


def is_placeholder(value: str) -> bool:
    first = value.split("/", 1)[0].lower()
    if "/" in value and first in _PLACEHOLDER_FIRST:
        return True
    return bool(_PLACEHOLDER_WORDS.search(value))


def plausible_hub(value: str, strict: bool) -> bool:
    """``org/name`` that could be a Hub repo (not a MIME type, API version, domain, file)."""
    if not HUB_ID.match(value) or "--" in value or ".." in value:  # the Hub forbids both in repo ids
        return False
    org, name = value.split("/", 1)
    if org.lower() in _NOT_ORGS or _API_VERSION.match(name) or name.lower().endswith(NON_MODEL_EXTS):
        return False
    if not any(c.isalpha() for c in org) or not any(c.isalpha() for c in name):
        return False
    if strict:
        if _DOMAIN.search(org) or len(org) < 2 or len(name) < 2:
            return False
        if org.isupper() and name.isupper() and len(org) <= 5 and len(name) <= 5:  # CPU/GPU, I/O
            return False
    return True


def plausible_ollama(value: str) -> bool:
    """``name:tag`` that is not a container image, host:port or time."""
    name, _, tag = value.partition(":")
    base = name.rsplit("/", 1)[-1]
    if base in _IMAGES or tag.isdigit() or "." in name.split("/")[0] and "/" in name:
        return False
    return any(c.isalpha() for c in base)
