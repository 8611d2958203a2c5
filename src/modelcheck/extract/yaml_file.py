"""Stage 2: YAML files (training, merging and serving configs, compose files, CI workflows,
Helm values). Multi-document; read with ruamel's round-trip loader, which builds only plain
containers (tags never construct objects); aliases are visited once and nesting and node
counts are bounded. Key rules live in ``configkeys``.
"""

from __future__ import annotations

import re
import warnings
from typing import Any, Iterator, Sequence

from modelcheck.extract.configkeys import may_have_refs, refs_from_leaves
from modelcheck.extract.leaves import MAX_DEPTH, MAX_NODES, Leaf, PathItem
from modelcheck.model import FileScan, Location, ScanIssue


class YamlError(Exception):
    """A YAML document that could not be parsed; ``line`` is 1-based."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(message)
        self.line, self.column = line, column


_TEMPLATE = re.compile(r"\{\{.*?\}\}")
MAX_FLOW_DEPTH = 200  # bracket nesting accepted before parsing
MAX_INDENT = 1000  # columns of indentation accepted before parsing


def _too_deep(text: str) -> int:
    """The 1-based line where nesting gets implausibly deep (0 when fine); checked before
    parsing, because the parser recurses and slows down on pathological nesting."""
    depth = 0
    quote = ""
    line = 1
    opens = text.count("[") + text.count("{")
    for ch in text if opens > MAX_FLOW_DEPTH else "":
        if ch == "\n":
            line += 1
        if quote:
            if ch == quote or ch == "\n":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return line
        elif ch in "]}":
            depth = max(depth - 1, 0)
    for n, raw in enumerate(text.splitlines(), start=1):
        if len(raw) - len(raw.lstrip()) > MAX_INDENT:
            return n
    return 0


_LOADER: list[Any] = []  # one reused round-trip loader per process (building one costs ~1 ms)


def load_documents(text: str) -> list[Any]:
    """Parse every document of ``text``; raises ``YamlError``."""
    deep = _too_deep(text)
    if deep:
        raise YamlError("not scanned: nesting too deep", deep, 1)
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if not _LOADER:
        yaml = YAML(typ="rt", pure=True)
        yaml.allow_duplicate_keys = False
        _LOADER.append(yaml)
    yaml = _LOADER[0]
    try:
        with warnings.catch_warnings():  # e.g. ReusedAnchorWarning: a scanned file must not print
            warnings.simplefilter("ignore")
            return list(yaml.load_all(text))
    except MarkedYAMLError as exc:
        _LOADER.clear()  # never reuse a loader an error left half-way
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        col = mark.column + 1 if mark is not None else 1
        raise YamlError(f"not valid YAML: {exc.problem or exc.__class__.__name__}", line, col) from None
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        _LOADER.clear()
        raise YamlError(f"not valid YAML: {exc.__class__.__name__}", 1, 1) from None
    except BaseException:
        _LOADER.clear()
        raise


def leaves(docs: Sequence[Any], lines: Sequence[str], line_offset: int = 0) -> Iterator[Leaf]:
    """Every string scalar of the documents, with positions (bounded walk, aliases once)."""
    from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

    seen: set[int] = set()
    budget = [MAX_NODES]

    def position(lc: Any, where: str, key: Any) -> tuple[int, int] | None:
        try:
            ln, co = getattr(lc, where)(key)
        except (KeyError, IndexError, TypeError, AttributeError):
            return None
        return int(ln) + 1 + line_offset, int(co) + 1

    def leaf(value: str, path: tuple[PathItem, ...], pos: tuple[int, int], sib: dict[str, str], doc: int) -> Leaf:
        line, col = pos
        style = "plain"
        if isinstance(value, (LiteralScalarString, FoldedScalarString)):
            style = "block"
        elif 1 <= line <= len(lines) and lines[line - 1][col - 1:col] in ("'", '"'):
            style, col = "quoted", col + 1
        return Leaf(path, str(value), line, col, style, sib, doc)

    def walk(node: Any, path: tuple[PathItem, ...], depth: int, doc: int) -> Iterator[Leaf]:
        if depth > MAX_DEPTH or budget[0] <= 0 or id(node) in seen:
            return
        seen.add(id(node))
        lc = getattr(node, "lc", None)
        if isinstance(node, dict):
            sib = {str(k).lower(): str(v) for k, v in node.items() if isinstance(v, str) and isinstance(k, str)}
            for key, value in node.items():
                budget[0] -= 1
                if not isinstance(key, (str, int)) or isinstance(key, bool):
                    continue
                sub = path + (str(key),)
                if isinstance(value, str):
                    pos = position(lc, "value", key)
                    if pos is not None:
                        yield leaf(value, sub, pos, sib, doc)
                elif isinstance(value, (dict, list)):
                    yield from walk(value, sub, depth + 1, doc)
        elif isinstance(node, list):
            for i, value in enumerate(node):
                budget[0] -= 1
                if isinstance(value, str):
                    pos = position(lc, "item", i)
                    if pos is not None:
                        yield leaf(value, path + (i,), pos, {}, doc)
                elif isinstance(value, (dict, list)):
                    yield from walk(value, path + (i,), depth + 1, doc)

    for n, doc_node in enumerate(docs):
        yield from walk(doc_node, (), 0, n)


def extract(text: str, rel: str) -> FileScan:
    if not may_have_refs(text):
        return FileScan()
    lines = text.splitlines()
    from modelcheck.extract.common import dedupe
    from modelcheck.extract.yaml_fast import fast_leaves

    fast = fast_leaves(text)  # plain configs without ruamel (same leaves, ~25x faster)
    if fast is not None:
        return FileScan(refs=dedupe(refs_from_leaves(fast, rel, lines, "yaml")))
    docs: list[Any] | None = None
    try:
        docs = load_documents(text)
    except YamlError as exc:
        error = exc
    if docs is None and "{{" in text:  # a Helm/Go template: blank the expressions (same length), retry
        try:
            docs = load_documents(_TEMPLATE.sub(lambda m: " " * len(m.group(0)), text))
        except YamlError:
            docs = None
    if docs is None:
        loc = Location(rel, error.line, error.column)
        return FileScan(issues=(ScanIssue("unparsable-file", loc, str(error)),))
    refs = refs_from_leaves(leaves(docs, lines), rel, lines, "yaml")
    return FileScan(refs=dedupe(refs))
