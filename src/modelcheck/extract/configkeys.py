"""Stage 2: which config keys name models (shared by the YAML, JSON and TOML extractors).

A leaf is a reference when its key is a model key (``model_name_or_path``, ``base_model``,
mergekit ``model``/``source_model``, Helm ``model: {name:}``, ...) or an environment-style name
containing ``MODEL``, and its value looks like a model id. Dataset and output subtrees,
``image:`` values and k8s identifiers are not references. ``args``/``command`` lists and
``run``/``script``/``command`` strings are scanned as shell.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from modelcheck.extract import shell
from modelcheck.extract.common import env_model, is_model_name, make_ref, relocate
from modelcheck.extract.ids import WEIGHT_SUFFIXES, ModelId, env_default, model_id, ollama_id
from modelcheck.extract.ids_tables import api_provider
from modelcheck.extract.leaves import Leaf
from modelcheck.extract.shellwords import Pos, Word, word_at
from modelcheck.model import ModelRef

# lower-cased key -> role
MODEL_KEYS: dict[str, str | None] = {
    "model_name_or_path": None, "pretrained_model_name_or_path": None, "model_id": None,
    "modelid": None, "model_name": None, "modelname": None, "repo_id": None, "model": None,
    "model_path": None, "checkpoint_dir": None, "pretrained": None, "hf_model": None,
    "servedmodel": None, "served_model": None, "model_repo": None, "hf_repo": None,
    "base_model": "base", "base_model_name_or_path": "base", "_name_or_path": "base",
    "base_model_config": "base", "basemodel": "base",
    "tokenizer": "tokenizer", "tokenizer_name": "tokenizer", "tokenizer_name_or_path": "tokenizer",
    "tokenizer_source": "tokenizer", "tokenizer_config": "tokenizer", "tokenizer_path": "tokenizer",
    "adapter_name_or_path": "adapter", "lora_model_dir": "adapter", "peft_model_id": "adapter",
    "adapter": "adapter", "lora": "adapter",
    "vision_tower": "vision-tower", "mm_vision_tower": "vision-tower", "image_encoder": "vision-tower",
    "teacher": "teacher", "teacher_model": "teacher", "teacher_model_name_or_path": "teacher",
    "student": "student", "student_model": "student", "student_model_name_or_path": "student",
    "ref_model": "reference", "reward_model": "reward", "reward_model_path": "reward",
    "draft_model": "draft", "speculative_model": "draft",
    "embedding_model": "embedding", "embed_model": "embedding", "embedding_model_name": "embedding",
    "reranker_model": "reranker", "rerank_model": "reranker", "source_model": "merge",
    "storageuri": None, "storage_uri": None, "modelurl": None, "model_url": None,
}
# keys that only count under a parent key naming a model: ``model: {name: org/x}``
_CHILD_KEYS = frozenset({"name", "id", "path", "repo_id", "uri"})
# ``repository``/``repo`` name a container image unless a sibling says the source is the Hub
_REPO_KEYS = frozenset({"repository", "repo"})
_MODEL_PARENTS = re.compile(r"model|adapter|lora|tokenizer|teacher|student|embed|rerank", re.I)
_SKIP_PARENTS = re.compile(
    r"dataset|^data$|^output|^export|^save|^upload|^push|^image$|^images$|labels$|annotations$|selector|^metadata$|^hub$",
    re.I,
)
_SHELL_STRING_KEYS = frozenset({"run", "script", "command", "cmd", "entrypoint", "before_script", "after_script", "args"})
_ARGV_KEYS = frozenset({"args", "command", "entrypoint", "cmd"})
_ENV_LIST_KEYS = frozenset({"environment", "env"})
_MERGE_LISTS = frozenset({"models", "slices", "sources", "experts"})
# ``llm_hf_repo_id``, ``embedding_repo_id``: a prefixed repo-id key names a Hub repo
_REPO_ID_KEY = re.compile(r"^[a-z0-9_]*_repo_?id$")
# a sibling key that holds the file of that repo: ``llm_hf_model_file``, ``gguf_file``, ``filename``
_FILE_KEY = re.compile(r"(?:^|_)(?:file|filename|file_name)$")


# Every key and shell rule above needs one of these words somewhere in the file: documents
# without any are not parsed at all (a cheap pre-filter; parsing YAML is the slow part).
_ANY_RULE = re.compile(
    r"model|tokeniz|adapter|lora|tower|encoder|teacher|student|reward|draft|speculative|embed|rerank"
    r"|storage|pretrained|repo|checkpoint|hf|hugging|ollama|vllm|litgpt|tune|llama|lm.eval|mmproj",
    re.I,
)


def may_have_refs(text: str) -> bool:
    """False when no key or shell rule could match anything in ``text``."""
    return _ANY_RULE.search(text) is not None


def refs_from_leaves(leaves: Iterable[Leaf], rel: str, lines: Sequence[str], fmt: str) -> list[ModelRef]:
    """Apply the key rules to every leaf of a document; ``fmt`` prefixes ``via`` ("yaml", ...)."""
    out: list[ModelRef] = []
    argv_groups: dict[tuple[object, ...], list[Word]] = {}
    for leaf in leaves:
        keys = [k.lower() for k in leaf.keys]
        if any(_SKIP_PARENTS.search(k) for k in keys):
            continue
        key = keys[-1] if keys else ""
        if leaf.in_list and key in _ARGV_KEYS and leaf.style != "block":
            argv_groups.setdefault((leaf.doc,) + leaf.path[:-1], []).append(word_at(leaf.value, leaf.line, leaf.col))
            continue
        if key in _SHELL_STRING_KEYS:
            out.extend(_shell_leaf(leaf, rel, lines, fmt))
            continue
        if leaf.in_list and key in _ENV_LIST_KEYS and "=" in leaf.value:
            name, _, value = leaf.value.partition("=")
            _add(out, env_model(name.strip(), value), leaf, value, len(name) + 1, f"{fmt}:{key}:{name.strip()}", None, rel, lines)
            continue
        _key_rule(out, leaf, keys, rel, lines, fmt)
    for words in argv_groups.values():
        for ref in shell.scan_argv(words, rel, lines, via=f"{fmt}:args"):
            out.append(ref)
    return out


def _key_rule(out: list[ModelRef], leaf: Leaf, keys: list[str], rel: str, lines: Sequence[str], fmt: str) -> None:
    key = keys[-1] if keys else ""
    raw_key = leaf.key
    value, offset = env_default(leaf.value.strip())
    offset += len(leaf.value) - len(leaf.value.lstrip())
    parent = keys[-2] if len(keys) > 1 else ""
    role: str | None
    if key == "value" and "name" in leaf.siblings:
        _add(out, env_model(leaf.siblings["name"], value), leaf, value, offset, f"{fmt}:env:{leaf.siblings['name']}", None, rel, lines)
        return
    ollama = any("ollama" in k for k in keys) or any("ollama" in v.lower() for v in leaf.siblings.values())
    if key in MODEL_KEYS:
        role = MODEL_KEYS[key]
        if key == "model" and any(k in _MERGE_LISTS for k in keys[:-1]):
            role = "merge"
    elif _REPO_ID_KEY.match(key):
        role = "embedding" if "embed" in key else None
    elif key in _CHILD_KEYS and _MODEL_PARENTS.search(parent):
        role = MODEL_KEYS.get(parent)
    elif key in _REPO_KEYS and any(v.lower() in ("huggingface", "hf", "hub") for v in leaf.siblings.values()):
        role = MODEL_KEYS.get(parent, "adapter" if "adapter" in parent or "lora" in parent else None)
    else:
        if _repo_file(key, value, leaf):
            return  # the file of the repo named on a sibling key (reported with that repo)
        found = env_model(raw_key, value)
        if ollama and "model" in key and (found is None or found.kind == "hub" and "/" not in value):
            found = (ollama_id(value) if is_model_name(raw_key) else None) or found
        _add(out, found, leaf, value, offset, f"{fmt}:{raw_key}", None, rel, lines)
        return
    if "+" in value and not value.startswith(("http", "hf.co")):
        base, _, lora = value.partition("+")  # mergekit ``model+lora``
        _add(out, model_id(base, bare=True), leaf, base, offset, f"{fmt}:{raw_key}", role, rel, lines)
        _add(out, model_id(lora), leaf, lora, offset + len(base) + 1, f"{fmt}:{raw_key}", "adapter", rel, lines)
        return
    found = model_id(value, bare=True)
    if ollama and (found is None or found.kind == "hub" and "/" not in value):
        found = ollama_id(value) or found
    if found is None:
        api = api_provider(value)
        found = ModelId("api", api) if api else None
    if found is not None and found.kind == "hub" and found.filename is None:
        found = ModelId("hub", found.id, _sibling_file(leaf), found.revision)
    _add(out, found, leaf, value, offset, f"{fmt}:{raw_key}", role, rel, lines)


def _sibling_file(leaf: Leaf) -> str | None:
    """A weights file named on a sibling key of a repo key (``llm_hf_model_file: x.Q4_K_M.gguf``)."""
    for k, v in leaf.siblings.items():
        v = env_default(v.strip())[0]
        if _FILE_KEY.search(k) and "/" not in v and v.lower().endswith(WEIGHT_SUFFIXES):
            return v
    return None


def _repo_file(key: str, value: str, leaf: Leaf) -> bool:
    """True for a bare weights file name whose mapping also names a Hub repo on a repo-id key."""
    value = env_default(value.strip())[0]
    if not _FILE_KEY.search(key) or "/" in value or not value.lower().endswith(WEIGHT_SUFFIXES):
        return False
    for k, v in leaf.siblings.items():
        if k in MODEL_KEYS or _REPO_ID_KEY.match(k):
            found = model_id(env_default(v.strip())[0])
            if found is not None and found.kind == "hub":
                return True
    return False


def _add(out: list[ModelRef], found: ModelId | None, leaf: Leaf, text: str, offset: int, via: str,
         role: str | None, rel: str, lines: Sequence[str]) -> None:
    if found is None:
        return
    line, col = leaf.line, leaf.col + offset
    if leaf.style == "block":
        line, col = line + 1, 1
    line, col = relocate(lines, line, col, text)
    out.append(make_ref(found, text, rel, line, col, via, lines, role))


def _shell_leaf(leaf: Leaf, rel: str, lines: Sequence[str], fmt: str) -> list[ModelRef]:  # noqa: ARG001
    """Scan a string value as shell, mapping its lines back to the file."""
    text_lines = leaf.value.splitlines() or [""]
    origin: list[Pos] = []
    if leaf.style == "block":
        start = leaf.line + 1  # first content line (1-based)
        indent = None
        for ln in range(start, min(start + len(text_lines) + 50, len(lines) + 1)):
            src = lines[ln - 1]
            if src.strip():
                indent = len(src) - len(src.lstrip(" "))
                break
        indent = indent or 0
        origin = [(start + i, indent + 1) for i in range(len(text_lines))]
    else:
        origin = [(leaf.line, leaf.col)] + [(leaf.line + i, 1) for i in range(1, len(text_lines))]
    result = shell.scan(leaf.value, rel, lines, origin=origin, via="shell")
    fixed: list[ModelRef] = []
    for ref in result.refs:
        line, col = relocate(lines, ref.location.line, ref.location.column, ref.text)
        if (line, col) != (ref.location.line, ref.location.column):
            ref = make_ref(ModelId(ref.kind, ref.id, ref.filename, ref.revision), ref.text, rel, line, col,
                           ref.via, lines, ref.role)
        fixed.append(ref)
    return fixed
