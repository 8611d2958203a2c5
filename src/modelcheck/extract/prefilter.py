"""Stage 2 gate: a cheap test on a file's raw bytes, run before any decode or parse.

``may_match(extractor_name, data)`` is False only when the extractor could not find anything in
``data``: no reference, no licence evidence, no suppression comment. Each extractor's trigger words
are the words its rules need to see *somewhere* in the file (a call name, a key containing
``model``, a shell program, ...), matched case-insensitively on ASCII-lowered bytes; non-ASCII
files are NFKC-normalised first (Python identifiers are), so the gate never drops a file for a
spelling the extractor would accept. Out of scope: names split over adjacent literals or written
with escape sequences inside identifiers' strings are caught conservatively (any ``\\x``/``\\u``/octal
escape lets the file through), not by understanding them.

Python gets a second, positional test for its weak trigger words (``model`` appears in most ML
code): a heuristic reference needs the model-like *name* in a binding position (``name =``,
``name: T =``, ``"name":``, ``"--name",``, ``names.append(``) whose value is not plainly a
non-string (``None``, a number, a call other than ``getenv``/``get``/``Field``...). Tests in
``tests/test_prefilter.py`` tie these lists to the extractors' own tables and check the gate on
every fixture and on generated code.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from functools import lru_cache
from typing import Callable

from modelcheck.extract.prefilter_yaml import word_offsets, yaml_may_match
from modelcheck.extract.runwords import WORD, RunWords

# Words whose presence anywhere sends a Python file to the parser (call, class and library names).
PY_STRONG: tuple[bytes, ...] = (
    b"modelcheck", b"from_pretrained", b"hf_hub", b"hf-hub:", b"snapshot_download", b"huggingface.co/",
    b"huggingfaceembed", b"huggingfaceinstruct", b"huggingfacebge", b"huggingfacehub", b"huggingfaceendpoint",
    b"huggingfaceinference", b"huggingfacellm", b"chathuggingface", b"sentencetransformer", b"sparseencoder",
    b"crossencoder", b"inferenceclient", b"ollama", b"openai", b"anthropic", b"groq", b"mistral", b"cohere",
    b"genai", b"generativeai", b"vllm", b"litellm", b"llama_cpp", b"llamacpp", b"ctransformers", b"hfapimodel",
    b"transformersmodel", b"flagmodel", b"flagreranker", b"flagllmreranker", b"torch.hub", b"hub.load",
    b"load_state_dict_from_url", b"download_url_to_file", b"create_model", b"get_tokenizer", b"init_chat_model",
    b"mlx_lm", b"load_lora_weights", b"load_textual_inversion", b"load_ip_adapter", b"from_single_file",
    b"load_adapter", b"from_model_id", b"engineargs", b"fastembed",
)
# strong words with other characters are tested on the whole text when one of these runs is present
# (every such word has a run containing ``hub`` or ``huggingface``; ``tests/test_prefilter.py``)
_PY_STRONG_PLAIN = frozenset(w for w in PY_STRONG if WORD.fullmatch(w))
_PY_STRONG_PUNCT = tuple(w for w in PY_STRONG if not WORD.fullmatch(w))
_PY_STRONG_PUNCT_KEYS = frozenset({b"hub", b"huggingface"})
# Calls named by short, common words: only as a call or an import alias (``pipeline("task")``,
# ``pipeline as pl``, the pattern scan's ``LLM(``).
_PY_CALLS: tuple[tuple[bytes, re.Pattern[bytes]], ...] = (
    (b"pipeline", re.compile(rb"pipeline\s*\(|pipeline\s+as\b")),
    (b"llm", re.compile(rb"\bllm\s*\(|\bllm\s+as\b")),
)
# Roots of every model-like name (``python_names``): a heuristic position needs one of them.
PY_NAME_ROOTS: tuple[bytes, ...] = (
    b"model", b"llm", b"tokenizer", b"embed", b"rerank", b"checkpoint", b"teacher", b"tower", b"adapter",
    b"lora", b"peft", b"pretrained", b"ckpt", b"engine", b"dora",
)
_PY_WORDS = RunWords((*_PY_STRONG_PLAIN, *_PY_STRONG_PUNCT_KEYS, *(w for w, _ in _PY_CALLS), *PY_NAME_ROOTS))
# Calls through which a folded value can still be a string (``python_values``, ``_field_default``).
_STRINGY_CALLS = b"get|getenv|format|strip|lower|upper|str|field|option|argument|query|body|form|param"
_VALUE = (  # whitespace inside the lookahead: a backtracking ``\s*`` before it would defeat it
    rb"(?![\s\\]*(?:(?:none|true|false)\b|-?\.?\d"
    rb"|(?:[a-z_]\w*\s*\.\s*)*(?!(?:" + _STRINGY_CALLS + rb")\s*\()[a-z_]\w*\s*\())"
)
_PY_TAIL = re.compile(  # (?=(x*))\1 is an atomic x*: no backtracking into the rest of the name
    rb"(?=(?P<rest>[\w-]*))(?P=rest)(?:"
    rb"[\"']+\s*[,:)]"  # "name": / get("NAME", ...) / Option("org/x-model")
    rb"|(?P<bind>[\s\\]*=(?!=)" + _VALUE +  # name = value, name=value
    rb"|[\s\\]*:(?![:=])\s*(?:[\w.|\"' ]|\[[^\n=]*\]){0,200}=(?!=)" + _VALUE + rb")"  # name: T = value
    rb"|\s*\.\s*(?:append|extend|add|insert)\s*\("  # names.append(...)
    rb"|\s*(?:,[\w\s,.]*)?\)?\s+in\s*[\[({])"  # for name in [...]: (loop variables are bound)
)
# ``model=model`` / ``tokenizer=self.tokenizer``: a value that is the same name folds only through
# that name's own binding, which is a heuristic position the gate checks by itself.
_SAME_NAME = re.compile(rb"[ \t]*(?:self\.|cls\.)?([A-Za-z_]\w*)[ \t]*(?=[,)\]}\n\r;#]|$)")
# ``model, tok = "org/x", "t"``: tuple targets bound element by element (not a call on the right).
# A fast pass finds lines with a comma before ``=``; the strict pattern then matches at their start.
# Only lines holding a root can bind a model name, so only their starts are tested.
_COMMA_ASSIGN = re.compile(rb"[^\n=,]*,[^\n=]*=(?!=)")
_TUPLE_ASSIGN = re.compile(
    rb"[ \t]*[(\[]?[ \t]*[\w.]+(?:[ \t]*,[ \t]*[\w.]+)+[ \t]*,?[ \t]*[)\]]?[ \t]*=(?!=)(?![ \t]*[\w.]+[ \t]*\()"
)
_ESCAPE = re.compile(rb"\\(?:[xu0-7]|n\{)")

# Config files (YAML / JSON / TOML, ``configkeys``) and shell-like files (``shell``): every key,
# flag and program rule contains one of these.
CONFIG_WORDS: tuple[bytes, ...] = (
    b"model", b"tokeniz", b"adapter", b"lora", b"tower", b"encoder", b"teacher", b"student", b"reward",
    b"draft", b"speculative", b"embed", b"rerank", b"storage", b"pretrained", b"repo", b"checkpoint",
    b"hf", b"hugging", b"ollama", b"vllm", b"litgpt", b"tune", b"llama", b"lm_eval", b"lm-eval",
    b"mmproj", b"name_or_path", b"architectures", b"peft", b"_class_name", b"gguf", b"-m", b"modelcheck",
)
_CONFIG_WORDS_NO_M = tuple(w for w in CONFIG_WORDS if w != b"-m")
CARD_WORDS: tuple[bytes, ...] = (b"license", b"base_model")


def _lowered(data: bytes) -> bytes:
    if data.isascii():
        return data.lower()
    text = unicodedata.normalize("NFKC", data.decode("utf-8", "replace")).lower()
    return text.encode("utf-8", "replace")


def _any(words: tuple[bytes, ...], low: bytes) -> bool:
    return any(w in low for w in words)


def python_may_match(data: bytes) -> bool:
    low = _lowered(data)
    present = _PY_WORDS.present(low)  # the gate's plain words that occur in the file
    if not present.isdisjoint(_PY_STRONG_PLAIN):
        return True
    if not present.isdisjoint(_PY_STRONG_PUNCT_KEYS) and _any(_PY_STRONG_PUNCT, low):
        return True
    if (b"\\" in low and _ESCAPE.search(low)) or any(word in present and rx.search(low) for word, rx in _PY_CALLS):
        return True
    exact = len(low) == len(data)  # ASCII: offsets in ``low`` are offsets in ``data``
    seen = False
    for root in PY_NAME_ROOTS:
        if root not in present:
            continue
        seen = True
        for match in _positional(root).finditer(low):
            name = _name_at(data, match.start(), match.end()) if exact else None
            if name is None or (_is_model_name(name) and not _same_name(data, match, name)):
                return True
    if seen:
        for start in _line_starts_with(low, [r for r in PY_NAME_ROOTS if r in present]):
            if _COMMA_ASSIGN.match(low, start) is None:
                continue
            targets = _TUPLE_ASSIGN.match(low, start)
            if targets is not None and _any(PY_NAME_ROOTS, targets.group(0)):
                return True
    return False


def compile_patterns() -> None:
    """Compile every lazily compiled pattern now (before worker processes are forked)."""
    for root in PY_NAME_ROOTS:
        _positional(root)


def _line_starts_with(low: bytes, words: list[bytes]) -> list[int]:
    """Start offsets of the lines holding one of ``words``, in order."""
    return sorted({low.rfind(b"\n", 0, at) + 1 for at in word_offsets(low, words)})


@lru_cache(maxsize=None)
def _positional(root: bytes) -> re.Pattern[bytes]:
    """``root`` + the tail, compiled on first use (~1 ms each; most runs see few roots)."""
    return re.compile(re.escape(root) + _PY_TAIL.pattern)


def _same_name(data: bytes, match: re.Match[bytes], name: str) -> bool:
    """True for a binding whose value is the bound name itself (``model=model``)."""
    if match.group("bind") is None:
        return False
    value = _SAME_NAME.match(data, match.end())
    return value is not None and value.group(1).decode("ascii", "replace") == name


def _name_at(data: bytes, start: int, end: int) -> str | None:
    """The identifier or string around a root at ``start`` (None when unsure: keep the file)."""
    tail = start
    while tail < end and (data[tail:tail + 1].isalnum() or data[tail:tail + 1] in b"_-"):
        tail += 1
    if data[tail:tail + 1] in (b'"', b"'"):  # a string: from its opening quote
        quote = data[tail:tail + 1]
        line_start = data.rfind(b"\n", 0, start) + 1
        opening = data.rfind(quote, line_start, start)
        if opening < 0:
            return None
        return data[opening + 1:tail].decode("ascii", "replace")
    head = start
    while head > 0 and (data[head - 1:head].isalnum() or data[head - 1:head] == b"_"):
        head -= 1
    tail = start
    while tail < len(data) and (data[tail:tail + 1].isalnum() or data[tail:tail + 1] == b"_"):
        tail += 1
    return data[head:tail].decode("ascii", "replace")


def _is_model_name(name: str) -> bool:
    """The Python extractor's own name test (``python_names``); True when it is not available."""
    test = _name_test()
    return test is None or bool(test(name, False) or test(name, True))


@lru_cache(maxsize=1)
def _name_test() -> Callable[[str, bool], object] | None:
    try:
        names = importlib.import_module("modelcheck.extract.python_names")
    except ImportError:
        return None
    test: Callable[[str, bool], object] = names.model_name_info
    return test


# words of the notebook extractor's shell-escape rule (``!huggingface-cli download``, ``!ollama pull``)
NOTEBOOK_SHELL_WORDS: tuple[bytes, ...] = (b"download", b"ollama", b"--model", b"--base", b"--tokenizer")


def notebook_may_match(data: bytes) -> bool:
    """Code cells are JSON strings: the Python gate runs on the text with ``\\"`` unescaped;
    any ``\\u`` escape (which could spell a letter) lets the file through, and so does a file
    that is not valid JSON (the extractor reports it)."""
    low = _lowered(data)
    if _any(NOTEBOOK_SHELL_WORDS, low) or b"\\u" in low:
        return True
    return python_may_match(data.replace(b'\\"', b'"')) or not _valid_json(data)


def _valid_json(data: bytes) -> bool:
    """A broken notebook is still reported (``unparsable-file``); JSON checks are cheap."""
    import json

    try:
        json.loads(data)
    except (ValueError, RecursionError):
        return False
    return True


def _config_words(low: bytes) -> tuple[bytes, ...]:
    """CONFIG_WORDS, without ``-m`` unless a llama.cpp ``main``/``server`` binary could take it."""
    return CONFIG_WORDS if b"main" in low or b"server" in low else _CONFIG_WORDS_NO_M


def config_may_match(data: bytes) -> bool:
    low = _lowered(data)
    return _any(_config_words(low), low)


def yaml_file_may_match(data: bytes) -> bool:
    low = _lowered(data)
    words = _config_words(low)
    return _any(words, low) and yaml_may_match(data, words)


def env_may_match(data: bytes) -> bool:
    low = _lowered(data)
    return b"model" in low or b"modelcheck" in low


def card_may_match(data: bytes) -> bool:
    low = _lowered(data)
    return b"---" in low and _any(CARD_WORDS, low)


def _always(data: bytes) -> bool:
    return True


# extractor function name (see ``modelcheck.extract``) -> its gate; unknown names always pass.
GATES: dict[str, Callable[[bytes], bool]] = {
    "_python": python_may_match,
    "_notebook": notebook_may_match,
    "extract_notebook": notebook_may_match,
    "extract_yaml_file": yaml_file_may_match,
    "extract_json_file": config_may_match,
    "extract_toml_file": config_may_match,
    "extract_shell_file": config_may_match,
    "extract_dockerfile": config_may_match,
    "extract_makefile": config_may_match,
    "extract_envfile": env_may_match,
    "extract_card": card_may_match,
}


def may_match(extractor_name: str, data: bytes) -> bool:
    """False only when the named extractor would find nothing in ``data`` (see the module docstring)."""
    return GATES.get(extractor_name, _always)(data)
