"""Stage 2 (extract), Jupyter notebooks (``.ipynb``): scan code cells as Python.

Only ``code`` cells are read; markdown and *outputs* are never scanned (outputs are log text,
e.g. "No model was supplied, defaulted to ..."). Notebooks whose kernel language is not Python
are skipped. IPython syntax is blanked before parsing: line magics (``%pip``), shell escapes
(``!pip ...``, ``x = !ls``), help lines (``obj?``) and non-Python cell magics (``%%bash``,
``%%writefile`` ...). Shell escapes that download a model (``!huggingface-cli download org/x``,
``!hf download``, ``!ollama pull tag``) are still reported.

Positions: every reference points into the ``.ipynb`` file itself, so editors and GitHub
annotations land on the right spot. ``line`` is the line of the JSON file that stores the source
line (nbformat writes one JSON string per source line), and ``column`` is the 1-based column in
that JSON line of the id's first character, counted in the escaped JSON text (after ``\\"`` etc.).
All code cells are concatenated in order and parsed as one module, so a constant defined in one
cell is followed into later cells; when that does not parse, each cell is scanned on its own.
"""

from __future__ import annotations

import ast
import json
import re
from json import decoder as _decoder
from typing import Callable

from modelcheck.extract import python
from modelcheck.extract.ids import classify_model
from modelcheck.model import FileScan, Location, ModelRef, ScanIssue

MAX_DEPTH = 64
# The standard library's (C-accelerated) JSON string scanner: (text, index after quote) -> (value, end).
scanstring: Callable[[str, int], tuple[str, int]] = getattr(_decoder, "scanstring")
_SKIP_CELL_MAGICS = ("bash", "sh", "script", "writefile", "file", "html", "javascript", "js", "latex",
                     "markdown", "perl", "ruby", "svg", "sql", "system", "cmd", "powershell", "R")
_MAGIC_LINE = re.compile(r"^\s*(?:[!%]|\w+\s*=\s*[!%])|^\s*[\w.]+\?{1,2}\s*$")
_SHELL_MODEL = re.compile(
    r"(?:(?:huggingface-cli|hf)\s+download|ollama\s+(?:pull|run)"
    r"|--(?:model[_-]name[_-]or[_-]path|model[_-]id|model|base[_-]model|tokenizer[_-]name))[\s=]+(['\"]?)([^\s'\"\\]+)\1"
)


class _Pos(str):
    """A JSON string value that remembers the offset just after its opening quote."""

    start: int


class _JsonError(ValueError):
    pass


def extract(text: str, rel: str) -> FileScan:
    try:
        json.loads(text)  # validate (strictly, with the standard parser) before walking positions
        doc = _Parser(text).parse()
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", 1)
        return FileScan(issues=(ScanIssue("unparsable-file", Location(rel, line), f"not a valid notebook: {exc.__class__.__name__}"),))
    if not isinstance(doc, dict) or not isinstance(doc.get("cells"), list):
        return FileScan(issues=(ScanIssue("unparsable-file", Location(rel), "not a notebook: no cells"),))
    if not _is_python(doc):
        return FileScan()
    files = _LineIndex(text)
    cells: list[list[tuple[str, list[int]]]] = []  # per cell: lines with raw offset per character
    shell: list[ModelRef] = []
    for cell in doc["cells"]:
        if isinstance(cell, dict) and cell.get("cell_type") == "code":
            lines = _cell_lines(text, cell.get("source"))
            shell.extend(_shell_refs(lines, rel, files))
            cells.append(_blank_ipython(lines))
    combined = [line for cell_lines in cells for line in cell_lines]
    source = "\n".join(code for code, _ in combined)
    try:
        ast.parse(source)
        parts = [(source, combined)]
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        parts = [("\n".join(code for code, _ in c), c) for c in cells]
    refs: list[ModelRef] = list(shell)
    issues: list[ScanIssue] = []
    for code, lines in parts:
        scan = python.extract(code, rel, _mapper(lines, files))
        refs.extend(scan.refs)
        issues.extend(scan.issues)
    return FileScan(refs=tuple(refs), issues=tuple(issues))


def _is_python(doc: dict[str, object]) -> bool:
    meta = doc.get("metadata")
    if not isinstance(meta, dict):
        return True
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        section = meta.get(key)
        if isinstance(section, dict) and isinstance(section.get(field), str):
            return str(section[field]).lower() in ("python", "python3", "ipython")
    return True


def _cell_lines(text: str, source: object) -> list[tuple[str, list[int]]]:
    """The cell's source split in lines, each with the raw file offset of every character."""
    pieces = source if isinstance(source, list) else [source] if isinstance(source, str) else []
    chars: list[str] = []
    offsets: list[int] = []
    for piece in pieces:
        if isinstance(piece, _Pos):
            chars.extend(piece)
            offsets.extend(_raw_offsets(text, piece.start, len(piece)))
    lines: list[tuple[str, list[int]]] = []
    current: list[str] = []
    current_offsets: list[int] = []
    for char, offset in zip(chars, offsets):
        if char == "\n":
            lines.append(("".join(current), current_offsets + [offset]))
            current, current_offsets = [], []
        else:
            current.append(char)
            current_offsets.append(offset)
    if current:
        lines.append(("".join(current), current_offsets))
    return lines


def _raw_offsets(text: str, start: int, count: int) -> list[int]:
    offsets: list[int] = []
    i = start
    while len(offsets) < count and i < len(text):
        offsets.append(i)
        if text[i] != "\\":
            i += 1
        elif text[i + 1:i + 2] == "u":
            high = 0xD800 <= int(text[i + 2:i + 6] or "0", 16) <= 0xDBFF
            i += 12 if high and text[i + 6:i + 8] == "\\u" else 6
        else:
            i += 2
    return offsets


def _blank_ipython(lines: list[tuple[str, list[int]]]) -> list[tuple[str, list[int]]]:
    if lines and lines[0][0].startswith("%%"):
        magic = lines[0][0][2:].split(maxsplit=1)[0] if lines[0][0][2:].strip() else ""
        if magic in _SKIP_CELL_MAGICS:
            return [("", offs) for _, offs in lines]
        lines = [("", lines[0][1])] + lines[1:]
    out: list[tuple[str, list[int]]] = []
    continued = False
    for code, offs in lines:
        blank = continued or bool(_MAGIC_LINE.match(code))
        continued = blank and code.rstrip().endswith("\\")
        out.append(("" if blank else code, offs))
    return out


def _shell_refs(lines: list[tuple[str, list[int]]], rel: str, files: _LineIndex) -> list[ModelRef]:
    refs: list[ModelRef] = []
    continued = False
    for code, offsets in lines:
        shell = continued or code.lstrip().startswith("!")
        continued = shell and code.rstrip().endswith("\\")
        if not shell or "repo-type dataset" in code or "repo-type=dataset" in code:
            continue
        for match in _SHELL_MODEL.finditer(code):
            hint = "ollama" if "ollama" in match.group(0) else "hub" if "download" in match.group(0) else "any"
            found = classify_model(match.group(2), hint)
            if found is None or not offsets:
                continue
            line, col = files.position(offsets[min(match.start(2), len(offsets) - 1)])
            words = re.split(r"[\s=]+", match.group(0))
            verb = words[0] if words[0].startswith("--") else " ".join(words[:2])
            refs.append(ModelRef(found.id, match.group(2), found.kind, Location(rel, line, col),
                                 f"notebook.shell:{verb}", revision=found.revision, filename=found.filename))
    return refs


def _mapper(lines: list[tuple[str, list[int]]], files: _LineIndex) -> python.Mapper:
    def where(line: int, col: int) -> tuple[int, int]:
        if not 1 <= line <= len(lines) or not lines[line - 1][1]:
            return 1, 1
        offsets = lines[line - 1][1]
        return files.position(offsets[min(max(col - 1, 0), len(offsets) - 1)])

    return where


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1, offset - self.starts[lo] + 1


class _Parser:
    """A small JSON reader that keeps the position of every string (bounded nesting)."""

    _NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def parse(self) -> object:
        value = self._value(0)
        return value

    def _skip(self) -> None:
        match = self._SPACE.match(self.text, self.i)
        self.i = match.end() if match else self.i

    def _value(self, depth: int) -> object:
        if depth > MAX_DEPTH:
            raise _JsonError("nesting too deep")
        self._skip()
        char = self.text[self.i:self.i + 1]
        if char == '"':
            value, end = scanstring(self.text, self.i + 1)
            pos = _Pos(value)
            pos.start = self.i + 1
            self.i = end
            return pos
        if char in "{[":
            return self._container(char, depth)
        for word, result in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return result
        match = self._NUMBER.match(self.text, self.i)
        if match is None:
            raise _JsonError(f"unexpected character at offset {self.i}")
        self.i = match.end()
        return match.group()

    def _container(self, opening: str, depth: int) -> object:
        closing = "}" if opening == "{" else "]"
        items: list[object] = []
        mapping: dict[str, object] = {}
        self.i += 1
        self._skip()
        if self.text[self.i:self.i + 1] == closing:
            self.i += 1
            return mapping if opening == "{" else items
        while True:
            if opening == "{":
                key = self._value(depth + 1)
                self._skip()
                self.i += 1  # ':'
                mapping[str(key)] = self._value(depth + 1)
            else:
                items.append(self._value(depth + 1))
            self._skip()
            char = self.text[self.i:self.i + 1]
            self.i += 1
            if char == closing:
                return mapping if opening == "{" else items
            if char != ",":
                raise _JsonError(f"expected , or {closing}")
