"""Stage 2 (extract), Markdown code blocks: opt-in (``--include-docs``), off by default.

Code in documentation is an example, not a dependency, so modelcheck does not scan it unless
asked. When asked, each fenced block whose info string names a language modelcheck reads
(python, bash/sh/shell/console, yaml, toml, json, dockerfile, modelfile) is scanned by that
language's extractor; lines are those of the Markdown file.
"""

from __future__ import annotations

import importlib
import re

from modelcheck.record import replace
from modelcheck.model import FileScan, ModelRef

ENV_FLAG = "MODELCHECK_SCAN_DOCS"  # set by the CLI's --include-docs; inherited by worker processes

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\s`]*)[^\n]*$")
_LANGUAGES = {
    "python": "python", "py": "python", "python3": "python",
    "bash": "shell_file", "sh": "shell_file", "shell": "shell_file", "console": "shell_file", "zsh": "shell_file",
    "yaml": "yaml_file", "yml": "yaml_file", "toml": "toml_file", "json": "json_file",
    "dockerfile": "dockerfile", "docker": "dockerfile", "modelfile": "modelfile",
}


def blocks(text: str) -> list[tuple[str, int, str]]:
    """``(extractor module, first line of the code (1-based), code)`` for each fenced block."""
    out: list[tuple[str, int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, module = opening.group("fence"), _LANGUAGES.get(opening.group("info").lower())
        j = i + 1
        while j < len(lines) and not lines[j].lstrip().startswith(fence):
            j += 1
        if module is not None:
            out.append((module, i + 2, "\n".join(lines[i + 1:j]) + "\n"))
        i = j + 1
    return out


def _shift(ref: ModelRef, offset: int) -> ModelRef:
    location = replace(ref.location, line=ref.location.line + offset)
    return replace(ref, location=location, via=f"markdown:{ref.via}")


def extract(text: str, rel: str) -> FileScan:
    """References in the file's code blocks (a broken example is not a broken file: no issues)."""
    refs: list[ModelRef] = []
    for module, first, code in blocks(text):
        found: FileScan = importlib.import_module(f"modelcheck.extract.{module}").extract(code, rel)
        refs.extend(_shift(ref, first - 1) for ref in found.refs)
    return FileScan(refs=tuple(refs))
