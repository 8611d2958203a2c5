"""Stage 2 (extract), Python fallback: a pattern scan for files that do not parse.

A file with a syntax error (work in progress, Python 2, a template) still gets a careful scan:
known model calls (``from_pretrained``, ``pipeline``, ``hf_hub_download``, ...) are found with a
regular expression, their argument text is cut at the matching parenthesis (strings and nesting
respected, bounded), and string arguments in model positions are classified. Comments are
skipped. Positions are exact: line and 1-based column just after the opening quote.
"""

from __future__ import annotations

import re

from modelcheck.extract.ids import classify_model
from modelcheck.extract.python_walk import Candidate

MAX_ARGS = 4000  # characters of argument text examined per call

# callee -> (via, positional index of the model or None, model keywords, hint, role)
_CALLS: dict[str, tuple[str, int | None, tuple[str, ...], str, str | None]] = {
    "from_pretrained": ("from_pretrained", 0, ("pretrained_model_name_or_path", "model_id", "model_name", "repo_id"), "hub", None),
    "pipeline": ("pipeline", 1, ("model",), "hub", None),
    "hf_hub_download": ("huggingface_hub.hf_hub_download", 0, ("repo_id",), "hub", None),
    "snapshot_download": ("huggingface_hub.snapshot_download", 0, ("repo_id",), "hub", None),
    "SentenceTransformer": ("sentence_transformers.SentenceTransformer", 0, ("model_name_or_path",), "st", "embedding"),
    "CrossEncoder": ("sentence_transformers.CrossEncoder", 0, ("model_name_or_path", "model_name"), "hub", "reranker"),
    "HuggingFaceEmbeddings": ("langchain.HuggingFaceEmbeddings", None, ("model_name",), "st", "embedding"),
    "ChatOllama": ("langchain.ChatOllama", None, ("model",), "ollama", None),
    "LLM": ("vllm.LLM", 0, ("model",), "hub", None),
    "load_lora_weights": ("diffusers.load_lora_weights", 0, (), "hub", "adapter"),
    "from_single_file": ("diffusers.from_single_file", 0, (), "url", None),
}
_CALL = re.compile(r"\b(" + "|".join(_CALLS) + r")\s*\(")
_STRING = re.compile(r"""(?P<prefix>[rRbBuUfF]{0,2})(?P<q>'''|\"\"\"|'|")""")
_KW = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*=\s*$")


def scan(text: str) -> list[Candidate]:
    starts = _line_starts(text)
    out: list[Candidate] = []
    for match in _CALL.finditer(text):
        if _in_comment(text, match.start()):
            continue
        via, pos, kws, hint, role = _CALLS[match.group(1)]
        for index, keyword, value, offset in _arguments(text, match.end()):
            if keyword is None and index != pos or keyword is not None and keyword not in kws:
                continue
            found = classify_model(value, hint)
            if found is None:
                continue
            line, col = _position(starts, offset)
            out.append(Candidate(found.id, value, found.kind, line, col, via, role, found.revision, found.filename, 0))
    return out


def _arguments(text: str, start: int) -> list[tuple[int, str | None, str, int]]:
    """(positional index, keyword or None, string value, offset of its first char) per string arg."""
    found: list[tuple[int, str | None, str, int]] = []
    depth, index, i, end = 0, 0, start, min(len(text), start + MAX_ARGS)
    arg_start = start
    while i < end:
        char = text[i]
        if char == "#":
            i = text.find("\n", i) if "\n" in text[i:end] else end
            continue
        string = _STRING.match(text, i) if char in "'\"rRbBuUfF" else None
        if string and (char in "'\"" or string.group("prefix")):
            quote = string.group("q")
            close = text.find(quote, string.end())
            while close > 0 and text[close - 1] == "\\" and len(quote) == 1:
                close = text.find(quote, close + 1)
            if close < 0:
                break
            if depth == 0 and "f" not in string.group("prefix").lower():
                head = text[arg_start:i]
                kw = _KW.search(head)
                if head.strip() == "" or kw:
                    found.append((index, kw.group(1) if kw else None, text[string.end():close], string.end()))
            i = close + len(quote)
            continue
        if char in "([{":
            depth += 1
        elif char in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif char == "," and depth == 0:
            index += 1
            arg_start = i + 1
        i += 1
    return found


def _in_comment(text: str, offset: int) -> bool:
    line_start = text.rfind("\n", 0, offset) + 1
    head = text[line_start:offset]
    return "#" in head and head.count('"') % 2 == 0 and head.count("'") % 2 == 0


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _position(starts: list[int], offset: int) -> tuple[int, int]:
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1, offset - starts[lo] + 1
